import * as kplus from 'cdk8s-plus-30';
import { amountsToRecord, podLimits } from './accounting/pod-resources';
import { PodSpecJson } from './model/pod-model';
import { toJsonValue } from './synth/cdk8s-plus-reads';
import { podSpecOfWorkload } from './synth/workload-model';

/**
 * The limits of one pod as Kubernetes aggregates them (k8s.io/component-helpers `resource.PodLimits`), after the
 * API server's defaulting: the same phases as the requests, with pod-level limits replacing what they set and pod
 * overhead added to every non-zero limit. Only the limits that are set are summed: a resource missing here is limited
 * by no container, and a resource present may still be unlimited in a container that sets no limit for it.
 *
 * Amounts: `cpu` in millicores; memory, storage and hugepages in bytes; extended resources in units.
 */
export class EffectiveLimits {
  /**
   * The effective limits of a cdk8s-plus workload's pod.
   * @throws if the workload holds no pod template or a quantity is malformed
   */
  public static of(workload: kplus.AbstractPod): { [resource: string]: number } {
    return amountsToRecord(podLimits(podSpecOfWorkload(workload, 'EffectiveLimits.of')));
  }

  /**
   * The effective limits of a pod spec (typed or plain JSON).
   * @throws if a quantity is malformed, naming it
   */
  public static ofPodSpec(podSpec: kplus.k8s.PodSpec): { [resource: string]: number } {
    return amountsToRecord(podLimits(toJsonValue(podSpec) as PodSpecJson));
  }

  private constructor() {}
}
