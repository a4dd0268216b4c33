import { defaultedPod, NanoList, ResourcePod } from './pod-resources';
import { QosClass } from './qos-class';
import { PodSpecJson } from '../model/pod-model';

/** The QoS class of a pod, computed as the API server does (the enum, public, is in `qos-class.ts`). Internal. */

/** qos.go `supportedQoSComputeResources`: only cpu and memory decide the class. */
const QOS_RESOURCES = ['cpu', 'memory'];

/** qos.go `processResourceList`: adds the positive cpu and memory quantities of `list` into `into`. */
function processResourceList(into: NanoList, list: NanoList | undefined): void {
  for (const [name, v] of list ?? []) {
    if (!QOS_RESOURCES.includes(name) || v <= 0n) continue;
    into.set(name, (into.get(name) ?? 0n) + v);
  }
}

/** qos.go `getQOSResources`: the cpu and memory entries of `list` with a positive quantity. */
function qosResources(list: NanoList | undefined): Set<string> {
  const out = new Set<string>();
  for (const [name, v] of list ?? []) if (QOS_RESOURCES.includes(name) && v > 0n) out.add(name);
  return out;
}

/**
 * pkg/apis/core/v1/helper/qos/qos.go `ComputePodQOS`, with the PodLevelResources gate on: when `spec.resources` is set
 * (`collectPodLevelResources`) only the pod-level requests and limits count; otherwise every container and init
 * container does (`collectContainerLevelResources`). Only cpu and memory with a positive quantity count.
 * BestEffort: nothing counted. Guaranteed: every source limits both cpu and memory and the summed requests equal the
 * summed limits, resource by resource. Burstable otherwise. Works on the pod as given; `qosClassOf` defaults it first.
 */
export function computePodQos(pod: ResourcePod): QosClass {
  const requests: NanoList = new Map();
  const limits: NanoList = new Map();
  let isGuaranteed = true;
  if (pod.resources) {
    const r = pod.resources;
    if ((r.requests?.size ?? 0) > 0) processResourceList(requests, r.requests);
    if ((r.limits?.size ?? 0) > 0) {
      processResourceList(limits, r.limits);
      const found = qosResources(r.limits);
      if (!found.has('memory') || !found.has('cpu')) isGuaranteed = false;
    } else {
      isGuaranteed = false; // no pod-level limits: not Guaranteed
    }
  } else {
    for (const c of [...pod.containers, ...pod.initContainers]) {
      processResourceList(requests, c.requests);
      processResourceList(limits, c.limits);
      const found = qosResources(c.limits);
      if (!found.has('memory') || !found.has('cpu')) isGuaranteed = false;
    }
  }
  if (requests.size === 0 && limits.size === 0) return QosClass.BEST_EFFORT;
  if (isGuaranteed) {
    for (const [name, req] of requests) {
      if (limits.get(name) !== req) {
        isGuaranteed = false;
        break;
      }
    }
  }
  return isGuaranteed && requests.size === limits.size ? QosClass.GUARANTEED : QosClass.BURSTABLE;
}

/**
 * The QoS class the API server records in `status.qosClass`: `ComputePodQOS` on the defaulted pod (a limit without a
 * request becomes the request, so limits alone give Guaranteed; pod-level requests are defaulted).
 */
export function qosClassOf(spec: PodSpecJson): QosClass {
  return computePodQos(defaultedPod(spec));
}
