import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-30';
import { IConstruct } from 'constructs';
import { KubernetesTarget } from './kubernetes-target';
import {
  buildPodModel, ContainerJson, EnvVarJson, HpaMetricJson, HpaModel, PatternLookup, PodModel, PodSpecJson, QuantityValue, ResourceRequirementsJson,
} from './pod-model';
import { WorkloadState } from './workload-state';

/**
 * The adapter from cdk8s-plus objects to the pod model, used at synth.
 *
 * The pod spec is read from the cdk8s-plus objects themselves (containers, init containers, volumes and their
 * public fields; probes, lifecycle hooks, env, security contexts and volume sources through their own small
 * `_toKube`), not by rendering the whole pod with `AbstractPod._toPodSpec` and mapping it with
 * `toJson_PodSpec`: that second render of every pod, inside a validation that cdk8s runs once per synth pass,
 * was most of what the checks cost (see docs/benchmarks.md). The JSON is exactly what synth writes for the
 * pod template, minus the scheduling fields `Workload._toPodSpec` adds (affinity, tolerations, topology spread,
 * nodeName); `test/workload-model.test.ts` proves it against the synthesized YAML.
 */

/** True for every cdk8s-plus construct that holds a pod template: Pod, Deployment, StatefulSet, DaemonSet, Job, CronJob. */
export function isPodWorkload(c: IConstruct): c is kplus.AbstractPod {
  const x = c as any;
  return typeof x.addInitContainer === 'function'
    && typeof x.addContainer === 'function'
    && typeof x.addVolume === 'function'
    && 'initContainers' in x // the getter copies the list: test for it, do not call it
    && x.apiObject !== undefined;
}

/**
 * Throws the error every public `of(workload)`-style entry point gives for anything but a cdk8s-plus workload,
 * naming the entry point (`PodReport.of`) and the construct by its path.
 */
export function requirePodWorkload(c: unknown, api: string): asserts c is kplus.AbstractPod {
  if (c !== null && typeof c === 'object' && isPodWorkload(c as IConstruct)) return;
  const path = (c as IConstruct | undefined)?.node?.path;
  const what = path === undefined ? String(c) : path || '<root>';
  throw new Error(`${api}: ${what} is not a cdk8s-plus Pod, Deployment, StatefulSet, DaemonSet, Job or CronJob.`);
}

/** The pod spec of a cdk8s-plus workload, for the public `of(workload)` methods (`api` names the method in errors). */
export function podSpecOfWorkload(workload: kplus.AbstractPod, api: string): PodSpecJson {
  requirePodWorkload(workload, api);
  return podSpecOf(workload);
}

/** The Kubernetes kind a cdk8s-plus workload synthesizes to. */
export function workloadKind(w: kplus.AbstractPod): string {
  return (w as any).apiObject?.kind ?? 'Pod';
}

/** True for workloads an HPA can scale (Deployment, StatefulSet). */
export function isScalableWorkload(c: IConstruct): boolean {
  const x = c as any;
  return isPodWorkload(c) && typeof x.markHasAutoscaler === 'function' && typeof x.toScalingTarget === 'function';
}

function isHpa(c: IConstruct): c is kplus.HorizontalPodAutoscaler {
  const x = c as any;
  return x.apiObject?.kind === 'HorizontalPodAutoscaler' && x.target !== undefined && typeof x.maxReplicas === 'number';
}

/**
 * HPAs of a chart indexed by the workload they target: built once per chart, never searched per workload, and only
 * for workloads cdk8s-plus marked as autoscaled (`hasAutoscaler`, set by every `HorizontalPodAutoscaler` on its
 * target), so a chart without HPAs is never walked. An index is rebuilt when an HPA was added since (`invalidateHpaIndex`, called by `WithContainerAutoscaling`), or, once,
 * when a Deployment or StatefulSet marked as autoscaled (cdk8s-plus's HPA calls `markHasAutoscaler`) has no HPA in it:
 * an HPA written by hand after a synth.
 */
const HPA_INDEX = new WeakMap<IConstruct, { readonly generation: number; readonly byTarget: Map<IConstruct, kplus.HorizontalPodAutoscaler[]> }>();

/** Bumped by every `invalidateHpaIndex`: an index built before is stale. Costs nothing per HPA added. */
let hpaGeneration = 0;

/**
 * The HPAs that target the workload. A workload whose only HPA is the one `WithContainerAutoscaling` created (the
 * mixin counted every `markHasAutoscaler` since: see `countAutoscalerMarks`) gets it without any search; any other
 * autoscaled workload is looked up in the chart's index, which one walk of the chart builds.
 */
export function hpasTargeting(w: kplus.AbstractPod): kplus.HorizontalPodAutoscaler[] {
  // cdk8s-plus's HorizontalPodAutoscaler marks its target (`markHasAutoscaler`): an unmarked workload has none
  if ((w as any).hasAutoscaler !== true) return [];
  const own = onlyOwnHpa(w);
  if (own) return [own];
  const root = chartOf(w);
  let index = HPA_INDEX.get(root);
  const missing = index !== undefined && !index.byTarget.has(w);
  if (!index || index.generation !== hpaGeneration || missing) {
    const byTarget = new Map<IConstruct, kplus.HorizontalPodAutoscaler[]>();
    for (const c of root.node.findAll()) {
      if (!isHpa(c)) continue;
      const target = c.target as unknown as IConstruct;
      const list = byTarget.get(target);
      // one HPA per workload is the rule: an array of exactly that size (`concat` allocates the exact length; a pushed
      // array keeps room for 17, and `[...list, c]` for 20)
      byTarget.set(target, list ? list.concat(c) : [c]);
    }
    // autoscaled by an HPA outside this chart: remember it has none here, so the tree is not walked again for it
    if (!byTarget.has(w)) byTarget.set(w, []);
    index = { generation: hpaGeneration, byTarget };
    HPA_INDEX.set(root, index);
  }
  return index.byTarget.get(w) ?? [];
}

/**
 * The HPA `WithContainerAutoscaling` created, when it is still in the tree and no other HPA marked the workload since
 * the mixin began counting (before it created its own, on a workload that had none): then it is the only one.
 */
function onlyOwnHpa(w: kplus.AbstractPod): kplus.HorizontalPodAutoscaler | undefined {
  const state = WorkloadState.peek(w);
  const hpa = state?.ownHpa;
  if (hpa === undefined || state!.autoscalerMarks !== 1 || !isHpa(hpa)) return undefined;
  // removed with `tryRemoveChild` since: cdk8s would not synthesize it
  return hpa.node.scope?.node.tryFindChild(hpa.node.id) === hpa ? hpa : undefined;
}

/**
 * Counts, from now on, every `markHasAutoscaler` call on a Deployment or StatefulSet that no HPA targets yet: cdk8s-plus
 * keeps only a flag (`hasAutoscaler`), and the count is what tells whether an HPA written by hand joined the one
 * `WithContainerAutoscaling` creates. The counting method sits on the workload itself, shadowing its class's, and is
 * one function shared by every workload. Does nothing when the workload is already marked.
 */
export function countAutoscalerMarks(w: kplus.AbstractPod): void {
  const x = w as any;
  const state = WorkloadState.of(w);
  if (state.autoscalerMarks !== undefined || x.hasAutoscaler === true || typeof x.markHasAutoscaler !== 'function') return;
  state.autoscalerMarks = 0;
  Object.defineProperty(w, 'markHasAutoscaler', { value: countingMarkHasAutoscaler, configurable: true, writable: true, enumerable: false });
}

function countingMarkHasAutoscaler(this: kplus.Deployment): void {
  const state = WorkloadState.peek(this);
  if (state?.autoscalerMarks !== undefined) state.autoscalerMarks++;
  Object.getPrototypeOf(this).markHasAutoscaler.call(this);
}

/** Marks every chart's HPA index stale (an HPA was added after it was built). */
export function invalidateHpaIndex(): void {
  hpaGeneration++;
}

function chartOf(c: IConstruct): IConstruct {
  try {
    return Chart.of(c);
  } catch {
    return c.node.root;
  }
}

/** Deep copy turning cdk8s value objects (`Quantity`, `IntOrString`) into JSON and dropping undefined. */
export function toJsonValue(v: any): any {
  return toApiJson(v, undefined);
}

/**
 * The keys whose JSON name is not the TypeScript name in the generated k8s imports (`toJson_*` in
 * cdk8s-plus-30/lib/imports/k8s.js); no other TypeScript key maps to two JSON names, so renaming by key alone
 * is exact. Used for the few sub-objects read through their own `_toKube` (volume sources).
 */
const JSON_KEYS: ReadonlyMap<string, string> = new Map<string, string>([
  ['clientIp', 'clientIP'], ['clusterIp', 'clusterIP'], ['datasetUuid', 'datasetUUID'], ['diskUri', 'diskURI'],
  ['downwardApi', 'downwardAPI'], ['externalId', 'externalID'], ['hostIp', 'hostIP'], ['hostIpc', 'hostIPC'], ['hostPid', 'hostPID'],
  ['insecureSkipTlsVerify', 'insecureSkipTLSVerify'], ['loadBalancerIp', 'loadBalancerIP'], ['nodeId', 'nodeID'],
  ['nonResourceUrLs', 'nonResourceURLs'], ['pdId', 'pdID'], ['podCidr', 'podCIDR'], ['podCidRs', 'podCIDRs'], ['providerId', 'providerID'],
  ['scaleIo', 'scaleIO'], ['setHostnameAsFqdn', 'setHostnameAsFQDN'], ['storagePolicyId', 'storagePolicyID'],
  ['targetCpuUtilizationPercentage', 'targetCPUUtilizationPercentage'], ['targetWwNs', 'targetWWNs'], ['volumeId', 'volumeID'],
]);

/** `toJsonValue`, renaming keys with `renames` when given. */
function toApiJson(v: any, renames: ReadonlyMap<string, string> | undefined): any {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    const out = [];
    for (const x of v) {
      const j = toApiJson(x, renames);
      if (j !== undefined) out.push(j);
    }
    return out;
  }
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null && 'value' in v) return v.value;
  const out: any = {};
  for (const k of Object.keys(v)) {
    const j = toApiJson(v[k], renames);
    if (j !== undefined) out[renames?.get(k) ?? k] = j;
  }
  return out;
}

/**
 * The pod spec of a cdk8s-plus workload as JSON, as synth writes it (the keys of the Kubernetes JSON API, quantities
 * as strings), without the scheduling fields and without cdk8s-plus's render side effects. Throws the errors
 * cdk8s-plus's render throws (no container, `restartPolicy` on a regular container, two volumes with one name).
 */
export function podSpecOf(w: kplus.AbstractPod): PodSpecJson {
  const x = w as any;
  const regular: kplus.Container[] = x._containers ?? w.containers;
  const init: kplus.Container[] = x._initContainers ?? w.initContainers;
  if (regular.length === 0) throw new Error('PodSpec must have at least 1 container');
  // cdk8s-plus's order: volumes of the containers' mounts, then of the init containers' mounts, then the pod's own
  const volumes = new Map<string, kplus.Volume>();
  const addVolume = (v: kplus.Volume) => {
    const existing = volumes.get(v.name);
    if (existing && existing !== v) {
      throw new Error(`Invalid mount configuration. At least two different volumes have the same name: ${v.name}`);
    }
    volumes.set(v.name, v);
  };
  const containers: ContainerJson[] = [];
  for (const c of regular) {
    if (c.restartPolicy) {
      throw new Error(`Invalid container spec: ${c.name} has non-empty restartPolicy field. The field can only be specified for initContainers`);
    }
    for (const m of c.mounts) addVolume(m.volume);
    containers.push(containerJson(c));
  }
  const initContainers: ContainerJson[] = [];
  for (const c of init) {
    for (const m of c.mounts) addVolume(m.volume);
    initContainers.push(containerJson(c));
  }
  // cdk8s-plus's own Map and list (the public getters copy them)
  const own: Map<string, kplus.Volume> | undefined = x._volumes;
  for (const v of own instanceof Map ? own.values() : w.volumes) addVolume(v);

  const spec: any = {};
  if (w.automountServiceAccountToken !== undefined) spec.automountServiceAccountToken = w.automountServiceAccountToken;
  spec.containers = containers;
  const dns = (w.dns as any)._toKube();
  const dnsConfig = undefinedIfEmpty(dns.config);
  if (dnsConfig !== undefined) spec.dnsConfig = toJsonValue(dnsConfig);
  if (dns.policy !== undefined) spec.dnsPolicy = dns.policy;
  if (w.enableServiceLinks !== undefined) spec.enableServiceLinks = w.enableServiceLinks;
  const hostAliases: kplus.HostAlias[] = x._hostAliases ?? w.hostAliases;
  if (hostAliases.length > 0) spec.hostAliases = toJsonValue(hostAliases);
  if (w.hostNetwork !== undefined) spec.hostNetwork = w.hostNetwork;
  if (dns.hostname !== undefined) spec.hostname = dns.hostname;
  if (w.dockerRegistryAuth) spec.imagePullSecrets = [{ name: w.dockerRegistryAuth.name }];
  if (initContainers.length > 0) spec.initContainers = initContainers;
  if (w.restartPolicy !== undefined) spec.restartPolicy = w.restartPolicy;
  const podSecurity = undefinedIfEmpty((w.securityContext as any)._toKube());
  if (podSecurity !== undefined) spec.securityContext = toJsonValue(podSecurity);
  if (w.serviceAccount?.name !== undefined) spec.serviceAccountName = w.serviceAccount.name;
  if (dns.hostnameAsFQDN !== undefined) spec.setHostnameAsFQDN = dns.hostnameAsFQDN;
  if (w.shareProcessNamespace !== undefined) spec.shareProcessNamespace = w.shareProcessNamespace;
  if (dns.subdomain !== undefined) spec.subdomain = dns.subdomain;
  const grace = w.terminationGracePeriod?.toSeconds();
  if (grace !== undefined) spec.terminationGracePeriodSeconds = grace;
  if (volumes.size > 0) spec.volumes = [...volumes.values()].map(v => toApiJson((v as any)._toKube(), JSON_KEYS));
  return spec as PodSpecJson;
}

/**
 * One container as JSON, read from the cdk8s-plus `Container`: the same values as `Container._toKube()`
 * through `toJson_Container`, built directly (no intermediate k8s objects, no undefined keys to strip).
 */
function containerJson(c: kplus.Container): ContainerJson {
  const x = c as any;
  const out: any = {};
  if (x._args !== undefined) out.args = [...x._args];
  if (x._command !== undefined) out.command = [...x._command];
  const env = envJson(c.env);
  if (env.env) out.env = env.env;
  if (env.envFrom) out.envFrom = env.envFrom;
  if (c.image !== undefined) out.image = c.image;
  if (c.imagePullPolicy !== undefined) out.imagePullPolicy = c.imagePullPolicy;
  const lifecycle = x._lifecycle;
  if (lifecycle) {
    const l: any = {};
    if (lifecycle.postStart) l.postStart = toJsonValue(lifecycle.postStart._toKube(c));
    if (lifecycle.preStop) l.preStop = toJsonValue(lifecycle.preStop._toKube(c));
    out.lifecycle = l;
  }
  if (x._liveness) out.livenessProbe = probeJson(x._liveness, c);
  out.name = c.name;
  const ports: kplus.ContainerPort[] = x._ports ?? c.ports;
  if (ports.length > 0) {
    out.ports = ports.map(p => {
      const j: any = { containerPort: p.number };
      if (p.hostIp !== undefined) j.hostIP = p.hostIp;
      if (p.hostPort !== undefined) j.hostPort = p.hostPort;
      if (p.name !== undefined) j.name = p.name;
      if (p.protocol !== undefined) j.protocol = String(p.protocol);
      return j;
    });
  }
  if (x._readiness) out.readinessProbe = probeJson(x._readiness, c);
  const resources = resourcesJson(c.resources);
  if (resources) out.resources = resources;
  if (c.restartPolicy !== undefined) out.restartPolicy = c.restartPolicy;
  out.securityContext = securityContextJson(c.securityContext);
  if (x._startup) out.startupProbe = probeJson(x._startup, c);
  if (c.mounts.length > 0) {
    out.volumeMounts = c.mounts.map(m => {
      const j: any = { mountPath: m.path };
      if (m.propagation !== undefined) j.mountPropagation = m.propagation;
      j.name = m.volume.name;
      if (m.readOnly !== undefined) j.readOnly = m.readOnly;
      if (m.subPath !== undefined) j.subPath = m.subPath;
      if (m.subPathExpr !== undefined) j.subPathExpr = m.subPathExpr;
      return j;
    });
  }
  if (c.workingDir !== undefined) out.workingDir = c.workingDir;
  return out as ContainerJson;
}

/**
 * `Probe._toKube(container)` as JSON, read from the probe's options: the same keys and values (cdk8s-plus-30
 * `probe.js` and `_action.js`: failureThreshold defaults to 3, the port to the container's `portNumber`, then 80, the
 * scheme to HTTP) without the intermediate k8s objects and the generic copy, since every container with a port has one.
 * A probe of another shape goes through its own `_toKube`.
 */
function probeJson(p: kplus.Probe, c: kplus.Container): unknown {
  const x = p as any;
  const o = x.probeOptions;
  if (o === null || typeof o !== 'object' || !('httpGetOptions' in x) || !('tcpSocketOptions' in x) || !('commandOptions' in x)) {
    return toJsonValue(x._toKube(c));
  }
  const out: any = { failureThreshold: o.failureThreshold ?? 3 };
  if (o.initialDelaySeconds) out.initialDelaySeconds = o.initialDelaySeconds.toSeconds();
  if (o.periodSeconds) out.periodSeconds = o.periodSeconds.toSeconds();
  if (o.successThreshold !== undefined && o.successThreshold !== null) out.successThreshold = o.successThreshold;
  if (o.timeoutSeconds) out.timeoutSeconds = o.timeoutSeconds.toSeconds();
  const command = x.commandOptions;
  const http = x.httpGetOptions;
  const tcp = x.tcpSocketOptions;
  if (command) out.exec = { command: toJsonValue(command.command) };
  if (http) {
    const h: any = { path: http.path, port: http.port ?? c.portNumber ?? 80, scheme: http.scheme ?? 'HTTP' };
    if (http.host !== undefined && http.host !== null) h.host = http.host;
    out.httpGet = h;
  }
  if (tcp) {
    const t: any = { port: tcp.port ?? c.portNumber ?? 80 };
    if (tcp.host !== undefined && tcp.host !== null) t.host = tcp.host;
    out.tcpSocket = t;
  }
  return out;
}

/** `ContainerSecurityContext._toKube()`, keys in JSON order, undefined ones left out. */
function securityContextJson(sc: kplus.ContainerSecurityContext): { [k: string]: unknown } {
  const out: { [k: string]: unknown } = {};
  if (sc.allowPrivilegeEscalation !== undefined) out.allowPrivilegeEscalation = sc.allowPrivilegeEscalation;
  if (sc.capabilities !== undefined) out.capabilities = toJsonValue(sc.capabilities);
  if (sc.privileged !== undefined) out.privileged = sc.privileged;
  if (sc.readOnlyRootFilesystem !== undefined) out.readOnlyRootFilesystem = sc.readOnlyRootFilesystem;
  if (sc.group !== undefined) out.runAsGroup = sc.group;
  if (sc.ensureNonRoot !== undefined) out.runAsNonRoot = sc.ensureNonRoot;
  if (sc.user !== undefined) out.runAsUser = sc.user;
  if (sc.seccompProfile !== undefined) out.seccompProfile = toJsonValue(sc.seccompProfile);
  return out;
}

/** `Env._toKube()`: variables in insertion order, `envFrom` sources; each left out when empty. */
function envJson(env: kplus.Env): { env?: EnvVarJson[]; envFrom?: unknown[] } {
  const x = env as any;
  const variables: { [name: string]: kplus.EnvValue } = x._variables ?? env.variables;
  const sources: any[] = x._sources ?? env.sources;
  if (sources.length === 0 && isEmptyObject(variables)) return NO_ENV; // most containers: nothing to build
  const out: { env?: EnvVarJson[]; envFrom?: unknown[] } = {};
  const names = Object.keys(variables);
  if (names.length > 0) {
    out.env = names.map(name => {
      const v = variables[name];
      const j: any = { name };
      if (v.value !== undefined) j.value = v.value;
      if (v.valueFrom !== undefined) j.valueFrom = toJsonValue(v.valueFrom);
      return j;
    });
  }
  if (sources.length > 0) out.envFrom = sources.map(s => toJsonValue(s._toKube()));
  return out;
}

const NO_ENV: { env?: EnvVarJson[]; envFrom?: unknown[] } = Object.freeze({});

function isEmptyObject(o: object): boolean {
  for (const _ in o) return false;
  return true;
}

/**
 * `Container._toKube()`'s resources: CPU as given, memory in Mi, ephemeral storage in Gi; absent when none is set.
 * A frozen resources object (the patterns' defaults, which most pattern containers have) is rendered once and its
 * frozen JSON shared: its fields cannot change, and `Cpu` and `Size` values are immutable.
 */
function resourcesJson(r: kplus.ContainerResources | undefined): ResourceRequirementsJson | undefined {
  if (!r) return undefined;
  if (!Object.isFrozen(r) || (r.cpu && !Object.isFrozen(r.cpu)) || (r.memory && !Object.isFrozen(r.memory))
    || (r.ephemeralStorage && !Object.isFrozen(r.ephemeralStorage))) {
    return renderResources(r);
  }
  let json = FROZEN_RESOURCES.get(r);
  if (json === undefined) {
    const rendered = renderResources(r);
    json = rendered === undefined ? NO_RESOURCES : deepFreeze(rendered);
    FROZEN_RESOURCES.set(r, json);
  }
  return json === NO_RESOURCES ? undefined : json;
}

const FROZEN_RESOURCES = new WeakMap<kplus.ContainerResources, ResourceRequirementsJson>();
const NO_RESOURCES: ResourceRequirementsJson = Object.freeze({});

function renderResources(r: kplus.ContainerResources): ResourceRequirementsJson | undefined {
  let limits: { [k: string]: string } | undefined;
  let requests: { [k: string]: string } | undefined;
  if (r.cpu?.limit?.amount) (limits ??= {}).cpu = r.cpu.limit.amount;
  if (r.memory?.limit) (limits ??= {}).memory = `${r.memory.limit.toMebibytes()}Mi`;
  if (r.ephemeralStorage?.limit) (limits ??= {})['ephemeral-storage'] = `${r.ephemeralStorage.limit.toGibibytes()}Gi`;
  if (r.cpu?.request?.amount) (requests ??= {}).cpu = r.cpu.request.amount;
  if (r.memory?.request) (requests ??= {}).memory = `${r.memory.request.toMebibytes()}Mi`;
  if (r.ephemeralStorage?.request) (requests ??= {})['ephemeral-storage'] = `${r.ephemeralStorage.request.toGibibytes()}Gi`;
  if (!limits && !requests) return undefined;
  const out: { limits?: { [k: string]: string }; requests?: { [k: string]: string } } = {};
  if (limits) out.limits = limits;
  if (requests) out.requests = requests;
  return out as ResourceRequirementsJson;
}

function deepFreeze<T extends object>(o: T): T {
  for (const v of Object.values(o)) {
    if (v !== null && typeof v === 'object') deepFreeze(v);
  }
  return Object.freeze(o);
}

/** cdk8s-plus's `undefinedIfEmpty` for objects: undefined when no key or no truthy value. */
function undefinedIfEmpty<T extends object>(o: T | undefined): T | undefined {
  if (!o) return undefined;
  for (const k of Object.keys(o)) {
    if ((o as any)[k]) return o;
  }
  return undefined;
}

function hpaModel(h: kplus.HorizontalPodAutoscaler, w: kplus.AbstractPod, workloadPath: () => string): HpaModel {
  const metrics = h.metrics ?? [];
  const json: HpaMetricJson[] = [];
  for (let i = 0; i < metrics.length; i++) json.push(metricJson((metrics[i] as any)._toKube()));
  return new HpaOfWorkload(h, w, workloadPath, json);
}

/** An HPA of a workload, whose `source` (a construct path) is computed when first read: the checks never read it. */
class HpaOfWorkload implements HpaModel {
  public readonly name: string;
  public readonly minReplicas?: number;
  public readonly maxReplicas: number;
  private path: string | undefined = undefined;

  constructor(
    private readonly hpa: kplus.HorizontalPodAutoscaler,
    private readonly workload: kplus.AbstractPod,
    private readonly workloadPath: () => string,
    public readonly metrics: HpaMetricJson[],
  ) {
    this.name = hpa.name;
    this.minReplicas = hpa.minReplicas;
    this.maxReplicas = hpa.maxReplicas;
  }

  public get source(): string {
    // the usual HPA is the workload's child: its path is the workload's, which the pod model may already know
    return this.path ??= this.hpa.node.scope === this.workload ? `${this.workloadPath()}/${this.hpa.node.id}` : this.hpa.node.path;
  }
}

/**
 * One `Metric._toKube()` (cdk8s-plus keeps the k8s `MetricSpecV2` it was built with) as JSON. The container and pod
 * resource metrics, which are what HPAs of pods use, are copied field by field; any other goes through the generic copy.
 */
function metricJson(m: any): HpaMetricJson {
  const cr = m.containerResource;
  if (m.type === 'ContainerResource' && cr && cr.target && m.resource === undefined) {
    return { type: m.type, containerResource: { container: cr.container, name: cr.name, target: metricTargetJson(cr.target) } };
  }
  const r = m.resource;
  if (m.type === 'Resource' && r && r.target && cr === undefined) {
    return { type: m.type, resource: { name: r.name, target: metricTargetJson(r.target) } };
  }
  return toJsonValue(m) as HpaMetricJson;
}

/** A k8s `MetricTargetV2` as JSON: the quantities (`k8s.Quantity`) as their values, unset fields left out. */
function metricTargetJson(t: any): { type: string; averageUtilization?: number; averageValue?: QuantityValue; value?: QuantityValue } {
  const out: { type: string; averageUtilization?: number; averageValue?: QuantityValue; value?: QuantityValue } = { type: t.type };
  if (t.averageUtilization !== undefined && t.averageUtilization !== null) out.averageUtilization = t.averageUtilization;
  if (t.averageValue !== undefined && t.averageValue !== null) out.averageValue = toJsonValue(t.averageValue);
  if (t.value !== undefined && t.value !== null) out.value = toJsonValue(t.value);
  return out;
}

function replicasOf(w: kplus.AbstractPod, kind: string, scaled: boolean): number | undefined {
  const x = w as any;
  switch (kind) {
    case 'Deployment': return scaled ? undefined : (x.replicas ?? 2);
    case 'StatefulSet': return scaled ? undefined : (x.replicas ?? 1);
    case 'Job':
    case 'CronJob':
    case 'Pod': return 1;
    default: return undefined;
  }
}

/** The pattern of each container a mixin added to the workload. */
function patternLookup(w: kplus.AbstractPod): PatternLookup | undefined {
  const state = WorkloadState.peek(w);
  return state?.hasPatterns ? { get: name => state.patternOf(name) } : undefined;
}

/**
 * Builds the pod model of a cdk8s-plus workload: a fresh model on every call (with no HPA, its list is one shared,
 * frozen empty list), whose sources are computed when first read. The pod spec is `spec` when given (the checks at
 * `app.synth()` give the one synth writes: `workload-render.ts`), else `podSpecOf(w)`.
 */
export function podModelOfWorkload(w: kplus.AbstractPod, spec?: PodSpecJson): PodModel {
  const kind = workloadKind(w);
  // the construct path is computed by walking the scopes: only a report or an HPA's source asks for it
  let path: string | undefined;
  const source = () => path ??= w.node.path;
  const targeting = hpasTargeting(w);
  const hpas = targeting.length === 0 ? NO_HPAS : targeting.map(h => hpaModel(h, w, source));
  return buildPodModel({
    kind,
    name: w.name,
    namespace: w.metadata.namespace,
    source,
    replicas: replicasOf(w, kind, hpas.length > 0 || (w as any).hasAutoscaler === true),
    spec: spec ?? podSpecOf(w),
    hpas,
    // one object per scope that sets it, shared by its workloads (`version` and `featureGates` are read-only)
    target: KubernetesTarget.of(w),
    patterns: patternLookup(w),
  });
}

/** No HPA, shared (frozen: nothing writes a model's list). */
const NO_HPAS = Object.freeze([]) as unknown as HpaModel[];
