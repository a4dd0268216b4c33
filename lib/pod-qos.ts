import * as kplus from 'cdk8s-plus-30';
import { qosClassOf } from './accounting/qos';
import { QosClass } from './accounting/qos-class';
import { PodSpecJson } from './model/pod-model';
import { toJsonValue } from './synth/cdk8s-plus-reads';
import { podSpecOfWorkload } from './synth/workload-model';

/**
 * The QoS class Kubernetes gives a pod (`status.qosClass`), computed from the spec as the API server does.
 * @see https://kubernetes.io/docs/concepts/workloads/pods/pod-qos/
 */
export class PodQos {
  /**
   * The QoS class of a cdk8s-plus workload's pods.
   * @throws if the workload holds no pod template or a quantity is malformed
   */
  public static of(workload: kplus.AbstractPod): QosClass {
    return qosClassOf(podSpecOfWorkload(workload, 'PodQos.of'));
  }

  /**
   * The QoS class of a pod spec (typed or plain JSON).
   * @throws if a quantity is malformed, naming it
   */
  public static ofPodSpec(podSpec: kplus.k8s.PodSpec): QosClass {
    return qosClassOf(toJsonValue(podSpec) as PodSpecJson);
  }

  private constructor() {}
}
