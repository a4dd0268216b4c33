import { ApiObject, ApiObjectMetadataDefinition } from 'cdk8s';
import * as kplus from 'cdk8s-plus-30';
import { ContainerJson, EnvVarJson, HpaMetricJson, PodSpecJson, QuantityValue, ResourceRequirementsJson } from '../model/pod-model';

/**
 * Every read of cdk8s and cdk8s-plus internals, in one module.
 *
 * The checks build the pod model from the cdk8s-plus objects instead of rendering every pod (a render per workload and
 * per validation pass would cost more than the whole budget: docs/decisions/02-performance.md). cdk8s-plus keeps part of
 * what synth writes only in private fields (probes, lifecycle hooks, the containers' own lists) or behind `@internal`
 * `_toKube()` methods; this module reads them and returns the JSON synth writes for the pod template, minus the
 * scheduling fields `Workload._toPodSpec` adds (affinity, tolerations, topology spread, nodeName), which no rule reads.
 *
 * `test/cdk8s-plus-reads.test.ts` proves, on randomized workloads, that the model built from these reads equals the model
 * built from the synthesized YAML, and `npm run test:compat` runs that test against the newest cdk8s, cdk8s-plus-30 and
 * constructs releases, so an upstream change that makes the reads disagree with what synth writes fails CI.
 * Nothing else in lib/ reads another library's private fields. Internal.
 */

/** A cdk8s-plus object seen through its private fields (only this module does so). */
type Internals = { [field: string]: any };

function internals(o: object): Internals {
  return o as Internals;
}

/** Whether JSON patches were added to the API object (`apiObject.addJsonPatch`): then only its render says what synth writes. */
export function hasJsonPatches(api: ApiObject): boolean {
  const patches: unknown = internals(api).patches;
  return !Array.isArray(patches) || patches.length > 0;
}

/**
 * Whether the workload spreads its pods (`spread: true`): cdk8s-plus's `Workload._toPodSpec` then adds its spread terms
 * again at every render, so the checks must never render such a workload (it would change what synth writes).
 */
export function spreadsPods(w: kplus.AbstractPod): boolean {
  return internals(w).spread === true;
}

/**
 * Whether the metadata carries the annotation, from cdk8s's own record of it (the annotations given in props and by
 * `addAnnotation`); a cdk8s that keeps them elsewhere is read through its public `toJson()`.
 */
export function hasAnnotation(meta: ApiObjectMetadataDefinition, key: string): boolean {
  const annotations: unknown = internals(meta).annotations;
  if (annotations !== null && typeof annotations === 'object') return (annotations as { [k: string]: unknown })[key] !== undefined;
  return meta.toJson().annotations?.[key] !== undefined;
}

/** The HPA's metrics as autoscaling/v2 JSON (cdk8s-plus keeps each `Metric`'s k8s spec behind `_toKube`). */
export function hpaMetricsJson(h: kplus.HorizontalPodAutoscaler): HpaMetricJson[] {
  const metrics = h.metrics ?? [];
  const json: HpaMetricJson[] = [];
  for (const m of metrics) json.push(metricJson(internals(m)._toKube()));
  return json;
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
  const x = internals(w);
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
  const dns = internals(w.dns)._toKube();
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
  const podSecurity = undefinedIfEmpty(internals(w.securityContext)._toKube());
  if (podSecurity !== undefined) spec.securityContext = toJsonValue(podSecurity);
  if (w.serviceAccount?.name !== undefined) spec.serviceAccountName = w.serviceAccount.name;
  if (dns.hostnameAsFQDN !== undefined) spec.setHostnameAsFQDN = dns.hostnameAsFQDN;
  if (w.shareProcessNamespace !== undefined) spec.shareProcessNamespace = w.shareProcessNamespace;
  if (dns.subdomain !== undefined) spec.subdomain = dns.subdomain;
  const grace = w.terminationGracePeriod?.toSeconds();
  if (grace !== undefined) spec.terminationGracePeriodSeconds = grace;
  if (volumes.size > 0) spec.volumes = [...volumes.values()].map(v => toApiJson(internals(v)._toKube(), JSON_KEYS));
  return spec as PodSpecJson;
}

/**
 * One container as JSON, read from the cdk8s-plus `Container`: the same values as `Container._toKube()`
 * through `toJson_Container`, built directly (no intermediate k8s objects, no undefined keys to strip).
 */
function containerJson(c: kplus.Container): ContainerJson {
  const x = internals(c);
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
  const x = internals(p);
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
  const x = internals(env);
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
    if ((o as { [k: string]: unknown })[k]) return o;
  }
  return undefined;
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

