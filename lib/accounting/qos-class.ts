/**
 * A pod's Quality of Service class, which decides which pods the kubelet evicts first under node pressure.
 * @see https://kubernetes.io/docs/concepts/workloads/pods/pod-qos/
 */
export enum QosClass {
  /** Every container (or the pod-level resources) sets cpu and memory limits equal to its requests. */
  GUARANTEED = 'Guaranteed',
  /** Some cpu or memory request or limit is set, but the pod is not Guaranteed. */
  BURSTABLE = 'Burstable',
  /** No container sets a cpu or memory request or limit. */
  BEST_EFFORT = 'BestEffort',
}
