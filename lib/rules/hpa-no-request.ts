import { KubernetesFeature } from '../kubernetes-feature';
import { HpaMetricJson, ModelContainer, PodModel } from '../pod-model';
import { toAmounts } from '../pod-resources';
import { cachedNanos, formatAmount, quantityNanos } from '../quantity';
import { PodRule, RuleSeverity } from '../rule';
import { runningContainers, who } from './rule-helpers';

function isUtilization(m: HpaMetricJson): boolean {
  const target = m.type === 'Resource' ? m.resource?.target : m.containerResource?.target;
  return target?.type === 'Utilization';
}

/**
 * The container's request for the resource in nanos, a limit alone standing for it (API defaulting copies the limit
 * into the request), as `defaultedResources(c.spec).requests.get(resource)` has it before rounding, without building
 * both lists: every quantity of the
 * container is still parsed (cached by text), so a malformed one throws as before and the rule yields to
 * PP-INVALID-QUANTITY.
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

function missing(c: ModelContainer, resource: string): string | undefined {
  const r = request(c, resource);
  if (r === undefined) return `${who(c)} has no ${resource} request`;
  if (r === 0n) return `${who(c)} requests ${formatAmount(resource, 0)} ${resource}`;
  return undefined;
}

/**
 * Utilisation is usage divided by the request: a container without a request for the metric's resource
 * makes it undefined. kubernetes `pkg/controller/podautoscaler/replica_calculator.go`
 * `calculatePodRequestsFromContainers` ("missing request for %s in container %s of Pod %s"): for a
 * ContainerResource metric the named container, for a pod-level Resource metric every regular container and
 * native sidecar, unless pod-level requests are set (`calculatePodLevelRequests`).
 */
export const hpaNoRequest: PodRule = {
  id: 'PP-HPA-NO-REQUEST',
  severity: RuleSeverity.ERROR,
  cause: 'An HPA scales on utilisation of a resource that a container it measures does not request.',
  explanation: 'Utilisation is a percentage of the request. For a `ContainerResource` metric the HPA controller needs the '
    + 'named container\'s request; for a pod-level `Resource` metric it needs the request of every regular container and '
    + 'native sidecar (unless pod-level `spec.resources.requests` are set). Without it the controller reports "missing '
    + 'request" and never scales; a request of 0 makes the percentage meaningless. A container with only a limit is fine: '
    + 'the API server copies the limit into the request. Set the request (e.g. `resources.cpu.request`), or scale on '
    + '`AverageValue` instead of `Utilization`.',
  source: 'kubernetes pkg/controller/podautoscaler/replica_calculator.go calculatePodRequestsFromContainers, calculatePodLevelRequests',
  check: (pod: PodModel) => {
    const out: string[] = [];
    if (pod.hpas.length === 0) return out; // nothing to check
    const running = runningContainers(pod);
    // pod-level requests matter only to a pod-level Resource metric: read them for the first one
    let podLevel: { readonly on: boolean; readonly amounts: ReadonlyMap<string, bigint> } | undefined;
    for (const h of pod.hpas) {
      for (const m of h.metrics) {
        if (!isUtilization(m)) continue;
        if (m.type === 'ContainerResource' && m.containerResource) {
          const { name: resource, container } = m.containerResource;
          const c = running.find(x => x.name === container);
          const why = c && missing(c, resource);
          if (why) {
            out.push(`HPA '${h.name}' scales on ${m.containerResource.target.averageUtilization ?? ''}% ${resource} utilisation of `
              + `container '${container}', but ${why}: utilisation is a percentage of the request, so it is undefined and the HPA `
              + `never scales. Set a ${resource} request on '${container}' (or a limit, which becomes the request).`);
          }
        } else if (m.type === 'Resource' && m.resource) {
          const resource = m.resource.name;
          podLevel ??= {
            on: KubernetesFeature.POD_LEVEL_RESOURCES.isEnabled(pod.target.version, pod.target.featureGates),
            amounts: toAmounts(pod.spec.resources?.requests, 'spec.resources.requests'),
          };
          if (podLevel.on && podLevel.amounts.has(resource)) continue;
          const lacking = running.filter(c => missing(c, resource) !== undefined);
          if (lacking.length === 0) continue;
          const names = lacking.map(who);
          const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
          out.push(`HPA '${h.name}' scales on the pod's ${m.resource.target.averageUtilization ?? ''}% ${resource} utilisation, but `
            + `${list} ${lacking.length === 1 ? 'has' : 'have'} no ${resource} request (or a request of 0): the pod's request is the sum over `
            + 'its containers and sidecars, so utilisation is undefined '
            + `and the HPA never scales. Set a ${resource} request on every container and native sidecar, or use a ContainerResource `
            + 'metric on the app container.');
        }
      }
    }
    return out;
  },
};
