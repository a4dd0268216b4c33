import * as kplus from 'cdk8s-plus-30';
import { amountsToRecord, podRequests } from './accounting/pod-resources';
import { PodSpecJson } from './model/pod-model';
import { toJsonValue } from './synth/cdk8s-plus-reads';
import { podSpecOfWorkload } from './synth/workload-model';

/**
 * What the scheduler reserves for one pod, as Kubernetes computes it (k8s.io/component-helpers
 * `resource.PodRequests`): native sidecars add to the regular containers and to every later init phase,
 * plain init containers count one at a time, pod-level requests replace what they set, pod overhead is added.
 * The API server's defaulting is applied first (pkg/apis/core/v1/defaults.go): a limit without a request becomes
 * the request, pod-level requests are defaulted (`defaultPodRequests`), quantities are rounded up to milli precision.
 *
 * Amounts: `cpu` in millicores (`MilliValue`); memory, storage and hugepages in bytes and extended resources in
 * units (`Value`, rounded up).
 *
 * @example
 * // app 500m + three native sidecars of 100m: the scheduler reserves 800m
 * EffectiveRequests.of(deployment).cpu === 800
 */
export class EffectiveRequests {
  /**
   * The effective requests of a cdk8s-plus workload's pod (one replica).
   * @throws if the workload holds no pod template or a quantity is malformed
   */
  public static of(workload: kplus.AbstractPod): { [resource: string]: number } {
    return amountsToRecord(podRequests(podSpecOfWorkload(workload, 'EffectiveRequests.of')));
  }

  /**
   * The effective requests of a pod spec: the cdk8s-plus `k8s.PodSpec` type, or the same shape as plain JSON
   * (quantities as strings such as `'500m'`).
   * @throws if a quantity is malformed, naming it
   */
  public static ofPodSpec(podSpec: kplus.k8s.PodSpec): { [resource: string]: number } {
    return amountsToRecord(podRequests(toJsonValue(podSpec) as PodSpecJson));
  }

  private constructor() {}
}
