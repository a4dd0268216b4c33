import { ContainerJson, isRestartableInitContainer, PodSpecJson, ResourceList } from './pod-model';
import { parseQuantity, Quantity, roundUpToMilli, schedulerAmount } from './quantity';

/**
 * The scheduler's arithmetic over a pod spec, ported from k8s.io/component-helpers/resource/helpers.go
 * (`PodRequests`, `AggregateContainerRequests`, `PodLimits`, `AggregateContainerLimits`, `addResourceList`,
 * `maxResourceList`, `IsSupportedPodLevelResource`), after the API server's defaulting
 * (pkg/apis/core/v1/defaults.go `SetDefaults_Pod`, `SetDefaults_ResourceList`).
 *
 * Amounts are bigints in the scheduler's units: CPU in millicores, everything else in units (bytes, counts).
 */
export type Amounts = Map<string, bigint>;

/**
 * A container's resources after the API server's defaulting: every quantity rounded up to milli precision
 * (`SetDefaults_ResourceList`), and every limit without a request copied into the request (`SetDefaults_Pod`,
 * `TestSetDefaultRequestsPod`). An explicit request of 0 is kept.
 */
export interface DefaultedResources {
  readonly requests: Amounts;
  readonly limits: Amounts;
}

export function defaultedResources(c: ContainerJson, where = `container '${c.name}'`): DefaultedResources {
  const limits = toAmounts(c.resources?.limits, `${where} resources.limits`);
  const requests = toAmounts(c.resources?.requests, `${where} resources.requests`);
  for (const [name, amount] of limits) {
    if (!requests.has(name)) requests.set(name, amount);
  }
  return { requests, limits };
}

/** Parses a ResourceList (rounding each quantity up to milli) into scheduler amounts. */
export function toAmounts(list: ResourceList | undefined, where: string): Amounts {
  const out: Amounts = new Map();
  if (!list) return out;
  for (const name of Object.keys(list)) {
    const q: Quantity = roundUpToMilli(parseQuantity(list[name], `${where}.${name}`));
    out.set(name, schedulerAmount(name, q));
  }
  return out;
}

/** helpers.go `addResourceList`: adds `add` into `into`. */
export function addAmounts(into: Amounts, add: Amounts): void {
  for (const [name, v] of add) into.set(name, (into.get(name) ?? 0n) + v);
}

/** helpers.go `maxResourceList`: sets each resource of `into` to the larger of the two. */
export function maxAmounts(into: Amounts, other: Amounts): void {
  for (const [name, v] of other) {
    const cur = into.get(name);
    if (cur === undefined || v > cur) into.set(name, v);
  }
}

/**
 * helpers.go `IsSupportedPodLevelResource`: the resources pod-level `spec.resources` may set.
 * cpu and memory (KEP-2837), and hugepages-* since pod-level hugepages (1.34).
 */
export function isSupportedPodLevelResource(name: string): boolean {
  return name === 'cpu' || name === 'memory' || name.startsWith('hugepages-');
}

type Pick = (r: DefaultedResources) => Amounts;

/**
 * helpers.go `AggregateContainerRequests` / `AggregateContainerLimits`: the sum over regular containers and
 * native sidecars, or the largest init phase, whichever is larger per resource, where
 * `InitContainerUse(i) = sum(sidecars declared before i) + init_i` and for a sidecar j the phase is
 * `sum(sidecars up to and including j)` (KEP-753, "Exposing Pod Resource Requirements").
 */
export function aggregateContainers(spec: PodSpecJson, pick: Pick): Amounts {
  const total: Amounts = new Map();
  (spec.containers ?? []).forEach((c, i) => addAmounts(total, pick(defaultedResources(c, `spec.containers[${i}] '${c.name}'`))));
  const sidecars: Amounts = new Map();
  const initPhases: Amounts = new Map();
  (spec.initContainers ?? []).forEach((c, i) => {
    const own = pick(defaultedResources(c, `spec.initContainers[${i}] '${c.name}'`));
    if (isRestartableInitContainer(c)) {
      addAmounts(total, own);
      addAmounts(sidecars, own);
      maxAmounts(initPhases, sidecars);
    } else {
      const phase: Amounts = new Map();
      addAmounts(phase, own);
      addAmounts(phase, sidecars);
      maxAmounts(initPhases, phase);
    }
  });
  maxAmounts(total, initPhases);
  return total;
}

/**
 * helpers.go `PodRequests`: the aggregate container requests, with pod-level requests replacing the
 * resources they set (when pod-level resources are in use), plus pod overhead.
 * Pod-level defaulting (defaults.go `defaultPodRequests`): a pod-level limit without a pod-level request
 * defaults the request to the aggregate container request when there is one, else to the limit.
 */
export function podRequests(spec: PodSpecJson): Amounts {
  const reqs = aggregateContainers(spec, r => r.requests);
  const pod = podLevel(spec);
  if (pod) {
    const aggregate = new Map(reqs);
    for (const [name, limit] of pod.limits) {
      if (!isSupportedPodLevelResource(name) || pod.requests.has(name)) continue;
      const agg = aggregate.get(name);
      reqs.set(name, agg !== undefined && agg !== 0n ? agg : limit);
    }
    for (const [name, q] of pod.requests) {
      if (isSupportedPodLevelResource(name)) reqs.set(name, q);
    }
  }
  addAmounts(reqs, toAmounts(spec.overhead, 'spec.overhead'));
  return reqs;
}

/**
 * helpers.go `PodLimits`: the aggregate container limits, with pod-level limits replacing the resources they
 * set, plus pod overhead added to the resources that have a limit.
 */
export function podLimits(spec: PodSpecJson): Amounts {
  const limits = aggregateContainers(spec, r => r.limits);
  const pod = podLevel(spec);
  if (pod) {
    for (const [name, q] of pod.limits) {
      if (isSupportedPodLevelResource(name)) limits.set(name, q);
    }
  }
  for (const [name, v] of toAmounts(spec.overhead, 'spec.overhead')) {
    const cur = limits.get(name);
    if (cur !== undefined) limits.set(name, cur + v);
  }
  return limits;
}

function podLevel(spec: PodSpecJson): { requests: Amounts; limits: Amounts } | undefined {
  const r = spec.resources;
  if (!r || (!r.requests && !r.limits)) return undefined;
  return {
    requests: toAmounts(r.requests, 'spec.resources.requests'),
    limits: toAmounts(r.limits, 'spec.resources.limits'),
  };
}

/** Amounts as the public `{ [resource]: number }` shape. */
export function amountsToRecord(a: Amounts): { [resource: string]: number } {
  const out: { [resource: string]: number } = {};
  for (const name of [...a.keys()].sort()) out[name] = Number(a.get(name));
  return out;
}
