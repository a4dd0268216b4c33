import { defaultedPod, isPodLevelRequestsSet, isSupportedPodLevelResource, podRequestsOf, ResourcePod } from '../../accounting/pod-resources';
import { KubernetesFeature } from '../../model/kubernetes-feature';
import { HpaMetricJson, ModelContainer, PodModel } from '../../model/pod-model';
import { cachedNanos, formatAmount, quantityNanos } from '../../model/quantity';
import { PodRule } from '../rule';
import { RuleSeverity } from '../rule-severity';
import { andList, runningContainerNamed, runningContainers, who } from './rule-helpers';

function isUtilization(m: HpaMetricJson): boolean {
  const target = m.type === 'Resource' ? m.resource?.target : m.containerResource?.target;
  return target?.type === 'Utilization';
}

/**
 * The container's request for the resource in nanos, a limit alone standing for it (API defaulting copies the limit
 * into the request), as `defaultedResources(c.spec).requests.get(resource)` has it before rounding, without building
 * both lists: the ContainerResource path, which the autoscaling mixin adds to most autoscaled workloads, stays cheap.
 * Every quantity of the container is still parsed (cached by text), so a malformed one throws as before and the rule
 * yields to PP-INVALID-QUANTITY.
 */
function request(c: ModelContainer, resource: string): bigint | undefined {
  const requests = c.spec.resources?.requests;
  const limits = c.spec.resources?.limits;
  let value: bigint | undefined;
  if (requests) {
    for (const name in requests) {
      const q = requests[name];
      const v = cachedNanos(q) ?? quantityNanos(q, () => `container '${c.name}' resources.requests.${name}`);
      if (name === resource) value = v;
    }
  }
  if (limits) {
    for (const name in limits) {
      const q = limits[name];
      const v = cachedNanos(q) ?? quantityNanos(q, () => `container '${c.name}' resources.limits.${name}`);
      if (name === resource && value === undefined) value = v;
    }
  }
  // the scheduler's amount (`SetDefaults_ResourceList` rounds up to milli, then milli-CPU or units) is zero exactly
  // when the quantity is: both roundings go away from zero, so the nanos are compared as they are
  return value;
}

function missing(c: ModelContainer, resource: string, r: bigint | undefined): string | undefined {
  if (r === undefined) return `${who(c)} has no ${resource} request`;
  if (r === 0n) return `${who(c)} requests ${formatAmount(resource, 0)} ${resource}`;
  return undefined;
}

/**
 * The pod as the HPA controller reads it: from the API server, so defaulted (`defaultedPod`: container requests from
 * limits; with pod-level limits, `defaultPodRequests` fills in pod-level requests). replica_calculator.go
 * `calculateRequests` takes `calculatePodLevelRequests` when the PodLevelResources gate is on and component-helpers
 * `IsPodLevelRequestsSet` holds for that pod, so a pod with only pod-level limits takes it too.
 */
interface HpaPodView {
  readonly pod: ResourcePod;
  /** `PodRequests(pod, PodResourcesOptions{})` (overhead included) when the pod-level path is taken, else undefined. */
  readonly podRequests?: ReadonlyMap<string, bigint>;
}

function hpaPodView(pod: PodModel): HpaPodView {
  const d = defaultedPod(pod.spec);
  const on = KubernetesFeature.POD_LEVEL_RESOURCES.isEnabled(pod.target.version, pod.target.featureGates);
  return { pod: d, podRequests: on && isPodLevelRequestsSet(d) ? podRequestsOf(d) : undefined };
}

/**
 * The defaulted request of a container (rounded up to milli, as `MilliValue()` reads it: zero exactly when the quantity
 * is), undefined when it has none.
 */
function defaultedRequest(view: HpaPodView, c: ModelContainer, resource: string): bigint | undefined {
  const list = c.list === 'initContainers' ? view.pod.initContainers : view.pod.containers;
  return list[c.index].requests?.get(resource);
}

/**
 * Utilisation is usage divided by the request: a request that is missing makes it undefined. kubernetes
 * `pkg/controller/podautoscaler/replica_calculator.go` `calculateRequests`: for a ContainerResource metric the named
 * container (`calculatePodRequestsFromContainers`, "missing request for %s in container %s of Pod %s"); for a pod-level
 * Resource metric, when the PodLevelResources gate is on and the stored (defaulted) pod has pod-level requests
 * (component-helpers `IsPodLevelRequestsSet`), the pod's `PodRequests` (`calculatePodLevelRequests`, "missing pod-level
 * request", and a total of 0 fails `GetResourceUtilizationRatio`); otherwise every regular container and native sidecar.
 */
export const hpaNoRequest: PodRule = {
  id: 'PP-HPA-NO-REQUEST',
  severity: RuleSeverity.ERROR,
  cause: 'An HPA scales on utilisation of a resource that the pod, or a container it measures, does not request.',
  explanation: 'Utilisation is a percentage of the request. For a `ContainerResource` metric the HPA controller needs the '
    + 'named container\'s request. For a pod-level `Resource` metric it needs the request of every regular container and '
    + 'native sidecar, unless the pod has pod-level requests (Kubernetes 1.34+, or 1.32-1.33 with the PodLevelResources '
    + 'gate): `spec.resources.requests`, which the API server also fills in when only pod-level `spec.resources.limits` are '
    + 'set. Then it divides by the pod\'s request (`spec.resources.requests`, else the sum over the containers, plus '
    + '`spec.overhead`), and only a pod request that is missing or 0 stops it. Without a request the controller reports '
    + '"missing request" and never scales; a request of 0 for the measured container, or for the pod in all, leaves nothing to '
    + 'divide by (one container\'s 0 among others is just part of the sum). A container with only a limit is fine: the API '
    + 'server copies the limit into the request. Set the request (e.g. `resources.cpu.request`), or scale on `AverageValue` '
    + 'instead of `Utilization`.',
  source: 'kubernetes pkg/controller/podautoscaler/replica_calculator.go calculateRequests, calculatePodRequestsFromContainers, '
    + 'calculatePodLevelRequests; pkg/controller/podautoscaler/metrics/utilization.go GetResourceUtilizationRatio; '
    + 'component-helpers resource/helpers.go IsPodLevelRequestsSet, PodRequests',
  check: (pod: PodModel) => {
    const out: string[] = [];
    if (pod.hpas.length === 0) return out; // nothing to check
    // only a pod-level Resource metric needs the defaulted pod: built for the first one, so the ContainerResource path
    // (the autoscaling mixin's) stays as cheap as before
    let view: HpaPodView | undefined;
    for (const h of pod.hpas) {
      for (const m of h.metrics) {
        if (!isUtilization(m)) continue;
        if (m.type === 'ContainerResource' && m.containerResource) {
          // a named container takes precedence over pod-level requests (calculateRequests: `container == ""`)
          const { name: resource, container } = m.containerResource;
          const c = runningContainerNamed(pod, container);
          const why = c && missing(c, resource, request(c, resource));
          if (why) {
            out.push(`HPA '${h.name}' scales on ${m.containerResource.target.averageUtilization ?? ''}% ${resource} utilisation of `
              + `container '${container}', but ${why}: utilisation is a percentage of the request, so it is undefined and the HPA `
              + `never scales. Set a ${resource} request on '${container}' (or a limit, which becomes the request).`);
          }
        } else if (m.type === 'Resource' && m.resource) {
          const resource = m.resource.name;
          const v = view ??= hpaPodView(pod);
          if (v.podRequests) {
            // calculatePodLevelRequests: "missing pod-level request" when PodRequests has no entry; a total of 0 makes
            // metrics/utilization.go GetResourceUtilizationRatio fail (requestsTotal == 0). One container's 0 does not.
            const total = v.podRequests.get(resource);
            if (total !== undefined && total !== 0n) continue;
            const supported = isSupportedPodLevelResource(resource);
            out.push(`HPA '${h.name}' scales on the pod's ${m.resource.target.averageUtilization ?? ''}% ${resource} utilisation, but `
              + `${total === undefined ? `the pod has no ${resource} request` : `the pod's ${resource} request is 0`}: with pod-level `
              + `requests the HPA divides by the pod's request (${supported ? `spec.resources.requests.${resource}, else ` : ''}the sum over `
              + 'its containers and native sidecars, plus spec.overhead), so utilisation is undefined and the HPA never scales. '
              + `Set ${supported ? `spec.resources.requests.${resource}` : `a ${resource} request on the containers`}, or use a `
              + 'ContainerResource metric on the app container.');
            continue;
          }
          // calculatePodRequestsFromContainers: a container without the request fails ("missing request for %s in
          // container %s"); the others add up, and only a total of 0 fails (GetResourceUtilizationRatio)
          const running = runningContainers(pod);
          const lacking = running.filter(c => defaultedRequest(v, c, resource) === undefined);
          if (lacking.length > 0) {
            out.push(`HPA '${h.name}' scales on the pod's ${m.resource.target.averageUtilization ?? ''}% ${resource} utilisation, but `
              + `${andList(lacking.map(who))} ${lacking.length === 1 ? 'has' : 'have'} no ${resource} request: the pod's request is the sum over `
              + 'its containers and native sidecars, and the HPA controller stops at a container without one ("missing request"), so it '
              + `never scales. Set a ${resource} request on every container and native sidecar, or use a ContainerResource `
              + 'metric on the app container.');
            continue;
          }
          if (running.some(c => defaultedRequest(v, c, resource) !== 0n)) continue;
          out.push(`HPA '${h.name}' scales on the pod's ${m.resource.target.averageUtilization ?? ''}% ${resource} utilisation, but `
            + `${running.length === 1 ? `${who(running[0])} requests` : `its containers and native sidecars (${andList(running.map(c => `'${c.name}'`))}) request`} `
            + `${formatAmount(resource, 0)} ${resource}${running.length === 1 ? '' : ' in all'}: utilisation is a percentage of that sum, so it is `
            + `undefined and the HPA never scales. Set a ${resource} request above 0, or use a ContainerResource metric on the app container.`);
        }
      }
    }
    return out;
  },
};
