import { ContainerJson, isRestartableInitContainer, PodSpecJson, ResourceList } from '../model/pod-model';
import { quantityNanos, roundNanosUpToMilli, schedulerAmountOfNanos } from '../model/quantity';

/**
 * The scheduler's arithmetic over a pod spec, after the API server's defaulting.
 *
 * - k8s.io/component-helpers/resource/helpers.go: `PodRequests`, `PodLimits`, `AggregateContainerRequests`,
 *   `AggregateContainerLimits`, `aggregateContainerResourcesByFn`, `addResourceList`, `maxResourceList`,
 *   `IsSupportedPodLevelResource`, `IsPodLevelResourcesSet`, `IsPodLevelRequestsSet`, `IsPodLevelLimitsSet`.
 * - pkg/apis/core/v1/defaults.go: `SetDefaults_Pod` (a limit without a request becomes the request; with pod-level
 *   resources, `defaultHugePagePodLimits` then `defaultPodRequests`) and `SetDefaults_ResourceList` (every quantity
 *   rounded up to milli), in the order the generated `SetObjectDefaults_Pod` calls them: `SetDefaults_Pod` first, on
 *   the quantities as written, then the rounding of every resource list.
 *
 * Arithmetic is exact: quantities are whole numbers of nanos (bigint), summed and compared exactly as
 * `resource.Quantity` does; only the final scheduler amounts are rounded (`MilliValue` for cpu, `Value` otherwise).
 * Status-dependent paths (in-place resize, `UseStatusResources`, DRA claim status) have no meaning for a spec and are
 * not ported.
 */

/** Scheduler amounts: cpu in millicores, everything else in units (bytes, counts). */
export type Amounts = Map<string, bigint>;

/** An exact `v1.ResourceList`: resource name to nanos. */
export type NanoList = Map<string, bigint>;

/** A container's resources as the helpers see them (`v1.Container.Resources` plus `RestartPolicy`). */
export interface ResourceContainer {
  readonly name: string;
  /** helpers.go `isRestartableInitContainer` (only meaningful in `initContainers`). */
  readonly restartable: boolean;
  readonly requests?: NanoList;
  readonly limits?: NanoList;
}

/** The resource-bearing part of a pod: containers, `spec.overhead`, `spec.resources`. */
export interface ResourcePod {
  readonly initContainers: ResourceContainer[];
  readonly containers: ResourceContainer[];
  readonly overhead?: NanoList;
  /** `spec.resources`, present (even empty) when the spec sets it, as a non-nil pointer in Go. */
  readonly resources?: { readonly requests?: NanoList; readonly limits?: NanoList };
}

/** helpers.go `PodResourcesOptions`: the options that apply to a spec. */
export interface PodResourcesOptions {
  /** Leave pod overhead out. */
  readonly excludeOverhead?: boolean;
  /** Ignore pod-level resources. */
  readonly skipPodLevelResources?: boolean;
  /** Ignore container-level resources (requests only, as upstream). */
  readonly skipContainerLevelResources?: boolean;
  /** helpers.go `ContainerFn`: called with each container's list, and each init phase's combined list. */
  readonly containerFn?: (list: NanoList, type: 'containers' | 'initContainers') => void;
}

const EMPTY: NanoList = new Map();
const MILLI = 1_000_000n;

/** Parses a ResourceList into exact nanos, naming the quantity on error (`where` is only called then). */
export function parseResourceList(list: ResourceList | undefined, where: string | (() => string)): NanoList | undefined {
  if (!list) return undefined;
  const out: NanoList = new Map();
  for (const name of Object.keys(list)) {
    out.set(name, quantityNanos(list[name], () => `${typeof where === 'string' ? where : where()}.${name}`));
  }
  return out;
}

function parseContainer(c: ContainerJson, where: () => string): ResourceContainer {
  return {
    name: c.name,
    restartable: isRestartableInitContainer(c),
    requests: parseResourceList(c.resources?.requests, () => `${where()} resources.requests`),
    limits: parseResourceList(c.resources?.limits, () => `${where()} resources.limits`),
  };
}

/** The pod's resources exactly as written (no defaulting). */
export function parseResourcePod(spec: PodSpecJson): ResourcePod {
  const r = spec.resources;
  return {
    initContainers: (spec.initContainers ?? []).map((c, i) => parseContainer(c, () => `spec.initContainers[${i}] '${c.name}'`)),
    containers: (spec.containers ?? []).map((c, i) => parseContainer(c, () => `spec.containers[${i}] '${c.name}'`)),
    overhead: parseResourceList(spec.overhead, 'spec.overhead'),
    resources: r === undefined || r === null ? undefined : {
      requests: parseResourceList(r.requests, 'spec.resources.requests'),
      limits: parseResourceList(r.limits, 'spec.resources.limits'),
    },
  };
}

/** defaults.go `SetDefaults_Pod` for one container: each limit without a request is copied into the request. */
function defaultContainerRequests(c: ResourceContainer): ResourceContainer {
  if (!c.limits) return c;
  let missing = false;
  for (const name of c.limits.keys()) if (!c.requests?.has(name)) missing = true;
  if (!missing) return c;
  const requests: NanoList = new Map(c.requests ?? EMPTY);
  for (const [name, v] of c.limits) if (!requests.has(name)) requests.set(name, v);
  return { ...c, requests };
}

/** defaults.go `SetDefaults_ResourceList`: every quantity rounded up to milli precision. */
function roundList(list: NanoList | undefined): NanoList | undefined {
  if (!list) return undefined;
  let exact = true;
  for (const v of list.values()) if (v % MILLI !== 0n) exact = false;
  if (exact) return list; // lists are never mutated once built, so an already-milli list is shared
  const out: NanoList = new Map();
  for (const [name, v] of list) out.set(name, roundNanosUpToMilli(v));
  return out;
}

function roundContainer(c: ResourceContainer): ResourceContainer {
  const requests = roundList(c.requests);
  const limits = roundList(c.limits);
  return requests === c.requests && limits === c.limits ? c : { ...c, requests, limits };
}

/** pkg/apis/core/v1/helper/helpers.go `IsHugePageResourceName`. */
export function isHugePageResourceName(name: string): boolean {
  return name.startsWith('hugepages-');
}

/**
 * pkg/apis/core/v1/helper/helpers.go `IsOvercommitAllowed`: a native resource (no domain, or a `kubernetes.io/`
 * one: `IsNativeResource`) that is not hugepages.
 */
export function isOvercommitAllowed(name: string): boolean {
  const native = !name.includes('/') || name.includes('kubernetes.io/');
  return native && !isHugePageResourceName(name);
}

/** helpers.go `IsSupportedPodLevelResource`: cpu, memory and `hugepages-*`. */
export function isSupportedPodLevelResource(name: string): boolean {
  return name === 'cpu' || name === 'memory' || isHugePageResourceName(name);
}

function hasSupported(list: NanoList | undefined): boolean {
  for (const name of (list ?? EMPTY).keys()) if (isSupportedPodLevelResource(name)) return true;
  return false;
}

/** helpers.go `IsPodLevelResourcesSet`: pod-level requests or limits name a supported resource. */
export function isPodLevelResourcesSet(pod: ResourcePod): boolean {
  return hasSupported(pod.resources?.requests) || hasSupported(pod.resources?.limits);
}

/** helpers.go `IsPodLevelRequestsSet`. */
export function isPodLevelRequestsSet(pod: ResourcePod): boolean {
  return hasSupported(pod.resources?.requests);
}

/** helpers.go `IsPodLevelLimitsSet`. */
export function isPodLevelLimitsSet(pod: ResourcePod): boolean {
  return hasSupported(pod.resources?.limits);
}

/**
 * defaults.go `defaultHugePagePodLimits`: with pod-level resources partly set, a hugepage that containers limit and
 * the pod neither limits nor requests gets the aggregate container limit as its pod-level limit.
 */
function defaultHugePagePodLimits(pod: ResourcePod): ResourcePod {
  const r = pod.resources;
  if (!r) return pod;
  if ((r.limits?.size ?? 0) === 0 && (r.requests?.size ?? 0) === 0) return pod;
  const podLims: NanoList = new Map(r.limits ?? EMPTY);
  for (const [name, v] of aggregateContainerLimits(pod)) {
    if (!isSupportedPodLevelResource(name) || !isHugePageResourceName(name)) continue;
    if (r.requests?.has(name)) continue; // no pod-level hugepage limit defaulting when there is a hugepage request
    if (!podLims.has(name)) podLims.set(name, v);
  }
  return podLims.size > 0 ? { ...pod, resources: { ...r, limits: podLims } } : pod;
}

/**
 * defaults.go `defaultPodRequests`: only when pod-level limits are set. A supported, overcommittable resource the
 * containers request (cpu, memory) defaults to the aggregate container request; any other supported resource with a
 * pod-level limit defaults to that limit.
 */
function defaultPodRequests(pod: ResourcePod): ResourcePod {
  const r = pod.resources;
  if (!r || (r.limits?.size ?? 0) === 0) return pod;
  const podReqs: NanoList = new Map(r.requests ?? EMPTY);
  for (const [name, v] of aggregateContainerRequests(pod)) {
    if (!podReqs.has(name) && isSupportedPodLevelResource(name) && isOvercommitAllowed(name)) podReqs.set(name, v);
  }
  for (const [name, v] of r.limits ?? EMPTY) {
    if (!podReqs.has(name) && isSupportedPodLevelResource(name)) podReqs.set(name, v);
  }
  return podReqs.size > 0 ? { ...pod, resources: { ...r, requests: podReqs } } : pod;
}

/**
 * The pod as the API server stores it (`SetObjectDefaults_Pod`): `SetDefaults_Pod` (container requests from limits,
 * then `defaultHugePagePodLimits` and `defaultPodRequests`, the PodLevelResources gate on), then
 * `SetDefaults_ResourceList` on every container's lists, `spec.overhead` and `spec.resources`.
 * `defaultPodLimits` (1.37 cycle, gate PodLevelResourcesFixDefaulting) is not applied: no version up to 1.36 has it
 * (docs/decisions/05-accounting.md, decision 6).
 */
export function setDefaultsPod(pod: ResourcePod): ResourcePod {
  let p: ResourcePod = {
    ...pod,
    initContainers: pod.initContainers.map(defaultContainerRequests),
    containers: pod.containers.map(defaultContainerRequests),
  };
  p = defaultPodRequests(defaultHugePagePodLimits(p));
  return {
    initContainers: p.initContainers.map(roundContainer),
    containers: p.containers.map(roundContainer),
    overhead: roundList(p.overhead),
    resources: p.resources && { requests: roundList(p.resources.requests), limits: roundList(p.resources.limits) },
  };
}

/** The defaulted resource view of a pod spec: what the scheduler, the kubelet and quota see. */
export function defaultedPod(spec: PodSpecJson): ResourcePod {
  return setDefaultsPod(parseResourcePod(spec));
}

/** helpers.go `addResourceList`: adds `add` into `into`. */
export function addNanos(into: NanoList, add: NanoList | undefined): void {
  if (!add) return;
  for (const [name, v] of add) into.set(name, (into.get(name) ?? 0n) + v);
}

/** helpers.go `maxResourceList`: sets each resource of `into` to the larger of the two. */
export function maxNanos(into: NanoList, other: NanoList): void {
  for (const [name, v] of other) {
    const cur = into.get(name);
    if (cur === undefined || v > cur) into.set(name, v);
  }
}

/**
 * helpers.go `aggregateContainerResourcesByFn`: regular containers and native sidecars add up; each init phase is
 * `InitContainerUse(i) = sum(sidecars declared before i) + init_i`, and for a sidecar j `sum(sidecars up to j)`;
 * the result is the larger of the two per resource (KEP-753, "Exposing Pod Resource Requirements").
 */
function aggregateByFn(pod: ResourcePod, get: (c: ResourceContainer) => NanoList | undefined, opts: PodResourcesOptions): NanoList {
  const result: NanoList = new Map();
  for (const c of pod.containers) {
    const own = get(c) ?? EMPTY;
    opts.containerFn?.(own, 'containers');
    addNanos(result, own);
  }
  const restartable: NanoList = new Map();
  const initPhases: NanoList = new Map();
  for (const c of pod.initContainers) {
    let phase: NanoList;
    if (c.restartable) {
      addNanos(result, get(c));
      addNanos(restartable, get(c));
      phase = restartable;
    } else {
      phase = new Map();
      addNanos(phase, get(c));
      addNanos(phase, restartable);
    }
    opts.containerFn?.(phase, 'initContainers');
    maxNanos(initPhases, phase);
  }
  maxNanos(result, initPhases);
  return result;
}

/** helpers.go `AggregateContainerRequests` (spec path: `UseStatusResources` false, no DRA claim status). */
export function aggregateContainerRequests(pod: ResourcePod, opts: PodResourcesOptions = {}): NanoList {
  return aggregateByFn(pod, c => c.requests, opts);
}

/** helpers.go `AggregateContainerLimits` (spec path). */
export function aggregateContainerLimits(pod: ResourcePod, opts: PodResourcesOptions = {}): NanoList {
  return aggregateByFn(pod, c => c.limits, opts);
}

/**
 * helpers.go `PodRequests`: the aggregate container requests; when pod-level requests name a supported resource,
 * every supported pod-level request replaces the aggregate for that resource; then pod overhead is added.
 */
export function podRequestsOf(pod: ResourcePod, opts: PodResourcesOptions = {}): NanoList {
  const reqs: NanoList = opts.skipContainerLevelResources ? new Map() : aggregateContainerRequests(pod, opts);
  if (!opts.skipPodLevelResources && isPodLevelRequestsSet(pod)) {
    for (const [name, v] of pod.resources?.requests ?? EMPTY) if (isSupportedPodLevelResource(name)) reqs.set(name, v);
  }
  if (!opts.excludeOverhead) addNanos(reqs, pod.overhead);
  return reqs;
}

/**
 * helpers.go `PodLimits`: the aggregate container limits; when pod-level resources are set, every supported pod-level
 * limit replaces the aggregate; then pod overhead is added to the non-zero limits only.
 */
export function podLimitsOf(pod: ResourcePod, opts: PodResourcesOptions = {}): NanoList {
  const limits = aggregateContainerLimits(pod, opts);
  if (!opts.skipPodLevelResources && isPodLevelResourcesSet(pod)) {
    for (const [name, v] of pod.resources?.limits ?? EMPTY) if (isSupportedPodLevelResource(name)) limits.set(name, v);
  }
  if (!opts.excludeOverhead) {
    for (const [name, v] of pod.overhead ?? EMPTY) {
      const cur = limits.get(name);
      if (cur !== undefined && cur !== 0n) limits.set(name, cur + v);
    }
  }
  return limits;
}

/** Exact lists to scheduler amounts: `MilliValue()` for cpu, `Value()` for the rest (rounded up). */
export function toSchedulerAmounts(list: NanoList): Amounts {
  const out: Amounts = new Map();
  for (const [name, v] of list) out.set(name, schedulerAmountOfNanos(name, v));
  return out;
}

/** What the scheduler reserves for one pod: `PodRequests` of the defaulted pod, in scheduler amounts. */
export function podRequests(spec: PodSpecJson): Amounts {
  return toSchedulerAmounts(podRequestsOf(defaultedPod(spec)));
}

/** `PodLimits` of the defaulted pod, in scheduler amounts: the sum of the limits that are set (a container without one adds nothing). */
export function podLimits(spec: PodSpecJson): Amounts {
  return toSchedulerAmounts(podLimitsOf(defaultedPod(spec)));
}

/**
 * A container's resources after the API server's defaulting: every limit without a request copied into the
 * request (`SetDefaults_Pod`, `TestSetDefaultRequestsPod`) and every quantity rounded up to milli precision
 * (`SetDefaults_ResourceList`). An explicit request of 0 is kept. Amounts in scheduler units.
 */
export interface DefaultedResources {
  readonly requests: Amounts;
  readonly limits: Amounts;
}

export function defaultedResources(c: ContainerJson, where = `container '${c.name}'`): DefaultedResources {
  const d = roundContainer(defaultContainerRequests(parseContainer(c, () => where)));
  return { requests: toSchedulerAmounts(d.requests ?? EMPTY), limits: toSchedulerAmounts(d.limits ?? EMPTY) };
}

/** Amounts as the public `{ [resource]: number }` shape, sorted by resource name. */
export function amountsToRecord(a: Amounts): { [resource: string]: number } {
  const out: { [resource: string]: number } = {};
  for (const name of [...a.keys()].sort()) out[name] = Number(a.get(name));
  return out;
}
