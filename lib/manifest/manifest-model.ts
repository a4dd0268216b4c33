import { InputError, ManifestObject, typeName } from './manifest-reader';
import { splitApiVersion } from '../model/api-version';
import { KubeObject } from '../model/kube-object';
import { selectorMatches } from '../model/label-selector';
import {
  buildPodModel, HpaMetricJson, HpaModel, LabelSelectorJson, PdbModel, PodMetadataJson, PodModel, PodSpecJson, ResourceList,
  RuntimeClassLookup, RuntimeClassModel, TargetModel,
} from '../model/pod-model';
import { podFixedProblem, runtimeClassLookupOf } from '../model/runtime-class';

/**
 * The adapter from Kubernetes objects read from manifests to the pod model, used by the CLI.
 *
 * Finds the pod template of every workload kind, attaches the HPAs that target it (indexed once per run by
 * scaleTargetRef kind + name + namespace) and the replicas the workload asks for, as the API server defaults them.
 * Quantities stay as the JSON holds them. Internal module (not exported from the package entry point).
 */

/** `autoscaling.DefaultCPUUtilization`, kubernetes pkg/apis/autoscaling/annotations.go. */
const DEFAULT_CPU_UTILIZATION = 80;

/** Where each workload kind keeps its pod spec, and the API groups that serve it. */
const POD_SPEC_PATHS: { readonly [kind: string]: { readonly groups: readonly string[]; readonly path: readonly string[] } } = {
  Pod: { groups: [''], path: ['spec'] },
  Deployment: { groups: ['apps', 'extensions'], path: ['spec', 'template', 'spec'] },
  StatefulSet: { groups: ['apps'], path: ['spec', 'template', 'spec'] },
  DaemonSet: { groups: ['apps', 'extensions'], path: ['spec', 'template', 'spec'] },
  ReplicaSet: { groups: ['apps', 'extensions'], path: ['spec', 'template', 'spec'] },
  ReplicationController: { groups: [''], path: ['spec', 'template', 'spec'] },
  Job: { groups: ['batch'], path: ['spec', 'template', 'spec'] },
  CronJob: { groups: ['batch'], path: ['spec', 'jobTemplate', 'spec', 'template', 'spec'] },
};

/** The field path of the pod spec in an object of this kind (`spec.template.spec`), or undefined if it holds no pod. */
export function podSpecPathOf(o: KubeObject): readonly string[] | undefined {
  const entry = podSpecEntry(o.kind);
  if (!entry || !entry.groups.includes(splitApiVersion(o.apiVersion).group)) return undefined;
  return entry.path;
}

function podSpecEntry(kind: string): { readonly groups: readonly string[]; readonly path: readonly string[] } | undefined {
  return Object.prototype.hasOwnProperty.call(POD_SPEC_PATHS, kind) ? POD_SPEC_PATHS[kind] : undefined;
}

/** True for objects that hold a pod template (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob). */
export function isWorkloadObject(o: KubeObject): boolean {
  return podSpecPathOf(o) !== undefined;
}

/** True for HorizontalPodAutoscalers of autoscaling/v2, v2beta2 and v1. */
export function isHpaObject(o: KubeObject): boolean {
  return o.kind === 'HorizontalPodAutoscaler' && ['autoscaling/v2', 'autoscaling/v2beta2', 'autoscaling/v1'].includes(o.apiVersion);
}

/** A manifest whose shape the adapter cannot read (no pod template, containers not a list...). */
export class ManifestShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ManifestShapeError';
  }
}

/**
 * HPAs indexed by the workload they target, built once per run and looked up per workload; the same pass keeps the
 * policy/v1 PodDisruptionBudgets, which select pods by label rather than name a workload (`pdbsSelecting`).
 */
export class HpaIndex {
  /** Indexes every HPA and every PodDisruptionBudget among `objects`. */
  public static of(objects: readonly ManifestObject[]): HpaIndex {
    const index = new HpaIndex();
    for (const m of objects) {
      if (m.object.kind === 'PodDisruptionBudget' && m.object.apiVersion === 'policy/v1') {
        const spec = (isMap(m.object.spec) ? m.object.spec : {}) as { selector?: unknown; minAvailable?: unknown; maxUnavailable?: unknown };
        const count = (v: unknown) => (typeof v === 'number' || typeof v === 'string' ? v : undefined);
        if (isMap(spec.selector)) {
          index.pdbs.push({
            namespace: typeof m.object.metadata?.namespace === 'string' ? m.object.metadata.namespace : '',
            selector: spec.selector as LabelSelectorJson,
            model: {
              name: m.object.metadata?.name ?? '',
              source: `${m.source} ${objectLabel(m.object)}`,
              minAvailable: count(spec.minAvailable),
              maxUnavailable: count(spec.maxUnavailable),
            },
          });
        }
        continue;
      }
      if (!isHpaObject(m.object)) continue;
      const ref = scaleTargetOf(m.object);
      if (!ref) continue;
      const key = targetKey(ref.kind, ref.name, m.object.metadata?.namespace);
      const list = index.byTarget.get(key) ?? [];
      list.push(hpaModelOf(m));
      index.byTarget.set(key, list);
    }
    return index;
  }

  private readonly byTarget = new Map<string, HpaModel[]>();
  private readonly pdbs: Array<{ namespace: string; selector: LabelSelectorJson; model: PdbModel }> = [];

  private constructor() {}

  /** HPAs whose scaleTargetRef names this kind, name and namespace (HPAs scale targets in their own namespace). */
  public targeting(kind: string, name: string, namespace: string | undefined): HpaModel[] {
    return this.byTarget.get(targetKey(kind, name, namespace)) ?? [];
  }

  /**
   * PodDisruptionBudgets of this namespace whose selector selects these pod labels (an empty selector selects every
   * pod of the namespace in policy/v1).
   */
  public pdbsSelecting(labels: { [key: string]: string }, namespace: string | undefined): PdbModel[] {
    if (this.pdbs.length === 0) return [];
    const ns = namespace ?? '';
    return this.pdbs.filter(p => p.namespace === ns && selectorMatches(p.selector, labels)).map(p => p.model);
  }

  /** Whether any PodDisruptionBudget was indexed. */
  public get hasPdbs(): boolean {
    return this.pdbs.length > 0;
  }
}

/**
 * Where a RuntimeClass keeps its overhead, by apiVersion: node.k8s.io/v1 and v1beta1 at the top level
 * (staging/src/k8s.io/api/node/v1/types.go and v1beta1/types.go: `RuntimeClass.Overhead`), v1alpha1 under `spec`
 * (v1alpha1/types.go: `RuntimeClassSpec.Overhead`).
 */
const RUNTIME_CLASS_OVERHEAD: { readonly [apiVersion: string]: readonly string[] } = {
  'node.k8s.io/v1': ['overhead'],
  'node.k8s.io/v1beta1': ['overhead'],
  'node.k8s.io/v1alpha1': ['spec', 'overhead'],
};

/** True for RuntimeClass objects of node.k8s.io v1, v1beta1 and v1alpha1. */
export function isRuntimeClassObject(o: KubeObject): boolean {
  return o.kind === 'RuntimeClass' && Object.prototype.hasOwnProperty.call(RUNTIME_CLASS_OVERHEAD, o.apiVersion);
}

/**
 * The RuntimeClasses of the input (cluster-scoped: indexed by name alone), built once per run: the pods that name one
 * are admitted with its overhead (`admitRuntimeClass`). A RuntimeClass the API server would refuse (a malformed or
 * negative quantity, a resource name it does not accept in `overhead.podFixed`) is left out and reported in `problems`:
 * applied, it would not exist, and its pods would be rejected (`pod rejected: RuntimeClass "kata" not found`). Of two
 * RuntimeClasses of the same name, the later one in the input wins, as `kubectl apply` leaves it.
 */
export class RuntimeClassIndex {
  /** Indexes every RuntimeClass among `objects`. */
  public static of(objects: readonly ManifestObject[]): RuntimeClassIndex {
    let found: RuntimeClassModel[] | undefined;
    const problems: InputError[] = [];
    for (const m of objects) {
      if (m.object.kind !== 'RuntimeClass' || !isRuntimeClassObject(m.object)) continue;
      const name = m.object.metadata?.name;
      if (typeof name !== 'string' || name === '') continue; // the schema validation reports it
      const source = `${m.source} ${objectLabel(m.object)}`;
      let holder: unknown = m.object;
      for (const key of RUNTIME_CLASS_OVERHEAD[m.object.apiVersion]) holder = isMap(holder) ? holder[key] : undefined;
      let podFixed: ResourceList | undefined;
      if (isMap(holder)) {
        const raw = holder.podFixed ?? {};
        const problem = podFixedProblem(raw, 'overhead.podFixed');
        if (problem) {
          problems.push({
            file: m.file,
            doc: m.doc,
            source,
            message: 'cannot be used as a RuntimeClass (the API server refuses it, so the pods that name it are checked as if '
              + `it were not in the input): ${problem}. Fix its overhead.`,
          });
          continue;
        }
        podFixed = raw as ResourceList;
      }
      (found ??= []).push({ name, source, podFixed });
    }
    return new RuntimeClassIndex(found === undefined ? undefined : runtimeClassLookupOf(found), problems);
  }

  private constructor(
    /** The RuntimeClasses found, by name; undefined when there are none. */
    public readonly lookup: RuntimeClassLookup | undefined,
    /** The RuntimeClasses left out, and why. */
    public readonly problems: readonly InputError[],
  ) {}
}

/**
 * An HPA's `spec.scaleTargetRef` kind and name, when both are strings (anything else is the schema's to report).
 * @internal
 */
export function scaleTargetOf(hpa: KubeObject): { readonly kind: string; readonly name: string } | undefined {
  const ref = (hpa.spec as { scaleTargetRef?: { kind?: unknown; name?: unknown } } | undefined)?.scaleTargetRef;
  return ref && typeof ref.kind === 'string' && typeof ref.name === 'string' ? { kind: ref.kind, name: ref.name } : undefined;
}

/** Objects without a namespace match each other only (they land in whatever namespace `kubectl -n` applies). */
function targetKey(kind: string, name: string, namespace: unknown): string {
  return `${typeof namespace === 'string' ? namespace : ''}\u0000${kind}\u0000${name}`;
}

/**
 * The HPA as the pod model holds it: autoscaling/v2 metrics, defaulted as the API server does.
 * v2beta2 has the same shape. v1's `targetCPUUtilizationPercentage` becomes a cpu `Resource` Utilization metric
 * (kubernetes pkg/apis/autoscaling/v1/conversion.go, `Convert_v1_HorizontalPodAutoscaler_To_autoscaling_HorizontalPodAutoscaler`).
 * No metric at all means cpu at `autoscaling.DefaultCPUUtilization` (80%): pkg/apis/autoscaling/v2/defaults.go,
 * `SetDefaults_HorizontalPodAutoscaler`, and the same in the v1 conversion.
 */
export function hpaModelOf(m: ManifestObject): HpaModel {
  const o = m.object;
  const spec = (isMap(o.spec) ? o.spec : {}) as {
    minReplicas?: unknown; maxReplicas?: unknown; metrics?: unknown; targetCPUUtilizationPercentage?: unknown; behavior?: unknown;
  };
  const cpu = (pct: number): HpaMetricJson => ({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: pct } } });
  let metrics: HpaMetricJson[];
  if (o.apiVersion === 'autoscaling/v1') {
    metrics = [cpu(typeof spec.targetCPUUtilizationPercentage === 'number' ? spec.targetCPUUtilizationPercentage : DEFAULT_CPU_UTILIZATION)];
  } else {
    metrics = Array.isArray(spec.metrics) ? (spec.metrics.filter(isMap) as HpaMetricJson[]) : [];
    if (metrics.length === 0) metrics = [cpu(DEFAULT_CPU_UTILIZATION)];
  }
  return {
    name: o.metadata?.name ?? '',
    source: `${m.source} ${o.kind}/${o.metadata?.name ?? ''}`,
    minReplicas: typeof spec.minReplicas === 'number' ? spec.minReplicas : undefined,
    maxReplicas: typeof spec.maxReplicas === 'number' ? spec.maxReplicas : 0,
    metrics,
    ...tolerancesOf(spec.behavior),
  };
}

/** `tolerances` of an HpaModel: the `tolerance` of `behavior.scaleUp` and `behavior.scaleDown`, when either is set. */
function tolerancesOf(behavior: unknown): Pick<HpaModel, 'tolerances'> {
  if (!isMap(behavior)) return {};
  const of = (rules: unknown) => (isMap(rules) && rules.tolerance !== undefined && rules.tolerance !== null ? rules.tolerance : undefined);
  const scaleUp = of(behavior.scaleUp);
  const scaleDown = of(behavior.scaleDown);
  if (scaleUp === undefined && scaleDown === undefined) return {};
  return { tolerances: { ...(scaleUp !== undefined ? { scaleUp } : {}), ...(scaleDown !== undefined ? { scaleDown } : {}) } };
}

/**
 * Pods the workload asks for, as the API server defaults the field: Deployment, StatefulSet, ReplicaSet and
 * ReplicationController `replicas` default to 1, Job (and a CronJob's job) `parallelism` defaults to 1, a Pod is 1,
 * a DaemonSet has none (one per node); none either when an HPA scales the workload.
 * Defaults: pkg/apis/apps/v1/defaults.go, pkg/apis/batch/v1/defaults.go, pkg/apis/core/v1/defaults.go.
 */
export function replicasOf(o: KubeObject, scaledByHpa: boolean): number | undefined {
  const spec = isMap(o.spec) ? o.spec : {};
  const num = (v: unknown, dflt: number): number => (typeof v === 'number' ? v : dflt);
  switch (o.kind) {
    case 'Pod': return 1;
    case 'DaemonSet': return undefined;
    case 'Job': return num(spec.parallelism, 1);
    case 'CronJob': {
      const jobSpec = isMap(spec.jobTemplate) && isMap(spec.jobTemplate.spec) ? spec.jobTemplate.spec : {};
      return num(jobSpec.parallelism, 1);
    }
    default: return scaledByHpa ? undefined : num(spec.replicas, 1);
  }
}

/**
 * The names of a StatefulSet's `spec.volumeClaimTemplates`, which the StatefulSet controller adds to every pod it
 * creates as persistentVolumeClaim volumes of the same names (kubernetes pkg/controller/statefulset/stateful_set_utils.go
 * `updateStorage`, called by `newStatefulSetPod`), so the template's mounts may name them. Undefined for other kinds and
 * when there are none; entries without a string name are left to the schema validation.
 */
export function volumeClaimTemplateNames(o: KubeObject): string[] | undefined {
  if (o.kind !== 'StatefulSet' || !isMap(o.spec) || !Array.isArray(o.spec.volumeClaimTemplates)) return undefined;
  const names: string[] = [];
  for (const t of o.spec.volumeClaimTemplates) {
    const name = isMap(t) && isMap(t.metadata) ? t.metadata.name : undefined;
    if (typeof name === 'string' && name !== '') names.push(name);
  }
  return names.length > 0 ? names : undefined;
}

/** A readable label for an object: `Deployment/web`. */
export function objectLabel(o: KubeObject): string {
  return `${o.kind}/${o.metadata?.name ?? '(no name)'}`;
}

/**
 * The pod model of one workload object. `runtimeClasses` are the RuntimeClasses the input declares (its objects, and
 * at synth those of `KubernetesTarget`): the pod's is admitted (`admitRuntimeClass`).
 * @throws ManifestShapeError when the object has no pod template, or one the rules cannot read
 */
export function podModelOfManifest(m: ManifestObject, hpas: HpaIndex, target: TargetModel, runtimeClasses?: RuntimeClassLookup): PodModel {
  const o = m.object;
  const podSpec = podSpecIn(o);
  const name = o.metadata?.name ?? '';
  const namespace = typeof o.metadata?.namespace === 'string' ? o.metadata.namespace : undefined;
  const targeting = hpas.targeting(o.kind, name, namespace);
  return buildPodModel({
    kind: o.kind,
    name,
    namespace,
    source: `${m.source} ${objectLabel(o)}`,
    replicas: replicasOf(o, targeting.length > 0),
    spec: podSpec,
    volumeClaimTemplates: volumeClaimTemplateNames(o),
    hpas: targeting,
    target,
    podMetadata: () => podMetadataIn(o),
    pdbs: hpas.hasPdbs ? hpas.pdbsSelecting(podMetadataIn(o).labels ?? {}, namespace) : undefined,
    selector: SELECTING_KINDS.has(o.kind) && isMap(o.spec) && isMap(o.spec.selector) ? o.spec.selector as LabelSelectorJson : undefined,
    runtimeClasses,
  });
}

/** The kinds whose `spec.selector` must select their own pod template (apps/v1 validation). */
const SELECTING_KINDS: ReadonlySet<string> = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet']);

/**
 * The pod's labels and annotations: the metadata beside the pod spec (`spec.template.metadata`, a Pod's `metadata`),
 * string values only (anything else is the schema validation's to report).
 */
export function podMetadataIn(o: KubeObject): PodMetadataJson {
  const path = podSpecPathOf(o);
  if (!path) return {};
  let holder: unknown = o;
  for (const key of path.slice(0, -1)) holder = isMap(holder) ? holder[key] : undefined;
  const meta = isMap(holder) ? holder.metadata : undefined;
  if (!isMap(meta)) return {};
  const strings = (v: unknown): { [key: string]: string } | undefined => {
    if (!isMap(v)) return undefined;
    const out: { [key: string]: string } = {};
    for (const [k, x] of Object.entries(v)) if (typeof x === 'string') out[k] = x;
    return out;
  };
  return { labels: strings(meta.labels), annotations: strings(meta.annotations) };
}

/**
 * The pod spec of a workload object (`spec.template.spec`, `spec.jobTemplate.spec.template.spec`, a Pod's `spec`),
 * checked for the shape the rules rely on.
 * @throws ManifestShapeError when the object has no pod template, or one the rules cannot read
 */
export function podSpecIn(o: KubeObject): PodSpecJson {
  const path = podSpecPathOf(o);
  if (!path) throw new ManifestShapeError(`${o.apiVersion} ${o.kind} holds no pod template`);
  let spec: unknown = o;
  for (const key of path) {
    spec = isMap(spec) ? spec[key] : undefined;
    if (spec === undefined || spec === null) throw new ManifestShapeError(`${objectLabel(o)} has no pod spec at ${path.join('.')}`);
  }
  checkPodSpecShape(spec, path.join('.'));
  // No containers at all is invalid (the schema validation says so), but the rest of the pod can still be checked.
  return (Array.isArray((spec as PodSpecJson).containers) ? spec : { ...(spec as object), containers: [] }) as PodSpecJson;
}

/**
 * The shape the rules rely on: lists that are lists, containers that are maps with a name.
 * Anything finer (types of every field) is the schema validation's job.
 */
function checkPodSpecShape(spec: unknown, at: string): void {
  if (!isMap(spec)) throw new ManifestShapeError(`${at} must be a map, not ${typeName(spec)}`);
  for (const list of ['initContainers', 'containers', 'volumes']) {
    const value = spec[list];
    if (value === undefined || value === null) continue;
    if (!Array.isArray(value)) throw new ManifestShapeError(`${at}.${list} must be a list, not ${typeName(value)}`);
    value.forEach((item, i) => {
      const where = `${at}.${list}[${i}]`;
      if (!isMap(item)) throw new ManifestShapeError(`${where} must be a map, not ${typeName(item)}`);
      // A missing or empty name is the invalid-name rule's (and the schema's) to report; a name that is not text is not.
      if (item.name !== undefined && item.name !== null && typeof item.name !== 'string') {
        throw new ManifestShapeError(`${where}.name must be a string, not ${typeName(item.name)}`);
      }
      if (list !== 'volumes') checkContainerShape(item, where);
    });
  }
  for (const field of ['resources', 'overhead']) {
    if (spec[field] !== undefined && spec[field] !== null && !isMap(spec[field])) {
      throw new ManifestShapeError(`${at}.${field} must be a map, not ${typeName(spec[field])}`);
    }
  }
}

function checkContainerShape(c: { [k: string]: unknown }, at: string): void {
  for (const field of ['ports', 'env', 'volumeMounts', 'command', 'args']) {
    const v = c[field];
    if (v === undefined || v === null) continue;
    if (!Array.isArray(v)) throw new ManifestShapeError(`${at}.${field} must be a list, not ${typeName(v)}`);
    if (field === 'ports' || field === 'env' || field === 'volumeMounts') {
      v.forEach((x, i) => {
        if (!isMap(x)) throw new ManifestShapeError(`${at}.${field}[${i}] must be a map, not ${typeName(x)}`);
      });
    }
  }
  for (const field of ['resources', 'livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle']) {
    const v = c[field];
    if (v !== undefined && v !== null && !isMap(v)) throw new ManifestShapeError(`${at}.${field} must be a map, not ${typeName(v)}`);
  }
  const res = c.resources;
  if (isMap(res)) {
    for (const field of ['requests', 'limits']) {
      const v = res[field];
      if (v !== undefined && v !== null && !isMap(v)) throw new ManifestShapeError(`${at}.resources.${field} must be a map, not ${typeName(v)}`);
    }
  }
}

function isMap(v: unknown): v is { [k: string]: unknown } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

