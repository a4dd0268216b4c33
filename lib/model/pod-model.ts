/**
 * The one pod model behind the rules, the accounting, the report and the CLI.
 *
 * Plain data with Kubernetes semantics, in the vocabulary of the Kubernetes JSON API
 * (the shape `kubectl get -o json` prints). Two adapters build it: `workload-model.ts`
 * from cdk8s-plus objects at synth, and `manifest-model.ts` from existing manifests.
 * Nothing here is exported from the package entry point: it is internal plumbing.
 */

/** A quantity as it appears in JSON: `"500m"`, `"1Gi"`, `2`. */
export type QuantityValue = string | number;

export type ResourceList = { [resource: string]: QuantityValue };

export interface ResourceRequirementsJson {
  readonly requests?: ResourceList;
  readonly limits?: ResourceList;
  readonly claims?: Array<{ name: string }>;
}

export interface ContainerPortJson {
  readonly containerPort: number;
  readonly hostPort?: number;
  readonly hostIP?: string;
  readonly name?: string;
  readonly protocol?: string;
}

export interface ActionJson {
  readonly exec?: { command?: string[] };
  readonly httpGet?: { path?: string; port: number | string; host?: string; scheme?: string };
  readonly tcpSocket?: { port: number | string; host?: string };
  readonly grpc?: { port: number; service?: string };
  readonly sleep?: { seconds: number };
}

export interface ProbeJson extends ActionJson {
  readonly initialDelaySeconds?: number;
  readonly periodSeconds?: number;
  readonly timeoutSeconds?: number;
  readonly successThreshold?: number;
  readonly failureThreshold?: number;
  readonly terminationGracePeriodSeconds?: number;
}

export interface LifecycleJson {
  readonly postStart?: ActionJson;
  readonly preStop?: ActionJson;
  readonly stopSignal?: string;
}

export interface VolumeMountJson {
  readonly name: string;
  readonly mountPath: string;
  readonly readOnly?: boolean;
  readonly subPath?: string;
  readonly subPathExpr?: string;
  readonly mountPropagation?: string;
}

export interface EnvVarJson {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: unknown;
}

export interface ContainerJson {
  readonly name: string;
  readonly image?: string;
  readonly command?: string[];
  readonly args?: string[];
  readonly workingDir?: string;
  readonly ports?: ContainerPortJson[];
  readonly env?: EnvVarJson[];
  readonly resources?: ResourceRequirementsJson;
  readonly restartPolicy?: string;
  readonly volumeMounts?: VolumeMountJson[];
  readonly livenessProbe?: ProbeJson;
  readonly readinessProbe?: ProbeJson;
  readonly startupProbe?: ProbeJson;
  readonly lifecycle?: LifecycleJson;
  readonly imagePullPolicy?: string;
  readonly securityContext?: unknown;
  readonly [field: string]: unknown;
}

export interface VolumeJson {
  readonly name: string;
  readonly emptyDir?: { medium?: string; sizeLimit?: QuantityValue };
  readonly [source: string]: unknown;
}

export interface PodSpecJson {
  readonly containers: ContainerJson[];
  readonly initContainers?: ContainerJson[];
  readonly volumes?: VolumeJson[];
  readonly overhead?: ResourceList;
  readonly runtimeClassName?: string;
  readonly resources?: ResourceRequirementsJson;
  readonly restartPolicy?: string;
  readonly terminationGracePeriodSeconds?: number;
  readonly shareProcessNamespace?: boolean;
  readonly hostNetwork?: boolean;
  readonly os?: { name: string };
  readonly [field: string]: unknown;
}

/** How Kubernetes runs a container: plain init container, native sidecar, or regular container. */
export type ContainerRole = 'init' | 'sidecar' | 'main';

/**
 * What a container is for, when a mixin of this library added it.
 * Containers written by hand have no pattern.
 */
export type PatternKind =
  | 'native-sidecar'
  | 'classic-sidecar'
  | 'wait-for'
  | 'init-step'
  | 'ambassador'
  | 'adapter';

export interface ModelContainer {
  readonly name: string;
  /** Kubernetes' view: an init container with `restartPolicy: Always` is a sidecar. */
  readonly role: ContainerRole;
  /** The list it sits in: `initContainers` or `containers`. */
  readonly list: 'initContainers' | 'containers';
  /** Index within that list. */
  readonly index: number;
  /** The mixin pattern that added it, if any. */
  readonly pattern?: PatternKind;
  readonly spec: ContainerJson;
}

/** An autoscaling/v2 HorizontalPodAutoscaler that targets the pod's workload. */
export interface HpaModel {
  readonly name: string;
  /** Where it was found: construct path, or `file#doc`. */
  readonly source: string;
  readonly minReplicas?: number;
  readonly maxReplicas: number;
  /** autoscaling/v2 `MetricSpec` objects as JSON. */
  readonly metrics: HpaMetricJson[];
  /**
   * `spec.behavior.scaleUp.tolerance` and `spec.behavior.scaleDown.tolerance` as written (quantities), when set
   * (HPAConfigurableTolerance, KEP-4951). Undefined when neither is.
   */
  readonly tolerances?: { readonly scaleUp?: unknown; readonly scaleDown?: unknown };
}

export interface HpaMetricJson {
  readonly type: string;
  readonly resource?: { name: string; target: { type: string; averageUtilization?: number; averageValue?: QuantityValue } };
  readonly containerResource?: {
    name: string;
    container: string;
    target: { type: string; averageUtilization?: number; averageValue?: QuantityValue };
  };
  readonly [field: string]: unknown;
}

/**
 * A node.k8s.io RuntimeClass the input declares (a RuntimeClass object among the manifests, or one declared on
 * `KubernetesTarget`): what the RuntimeClass admission plugin reads of it, `overhead.podFixed`
 * (staging/src/k8s.io/api/node/v1/types.go `RuntimeClass.Overhead`, `Overhead.PodFixed`).
 */
export interface RuntimeClassModel {
  readonly name: string;
  /** Where it is declared: `file#doc RuntimeClass/kata`, `<construct path> RuntimeClass/kata`, or `KubernetesTarget of <scope>`. */
  readonly source: string;
  /**
   * `overhead.podFixed` as written; `{}` for an `overhead` without `podFixed`; undefined when the RuntimeClass has no
   * `overhead` (the admission plugin's `runtimeClass.Overhead == nil`).
   */
  readonly podFixed?: ResourceList;
}

/** The RuntimeClasses the input declares, by name (a `Map` will do). */
export interface RuntimeClassLookup {
  get(name: string): RuntimeClassModel | undefined;
}

/**
 * What the RuntimeClass admission plugin does with the pod's RuntimeClass, when the input declares it
 * (kubernetes plugin/pkg/admission/runtimeclass/admission.go `Admit` → `setOverhead`).
 */
export interface RuntimeClassAdmission {
  /** The RuntimeClass `spec.runtimeClassName` names. */
  readonly runtimeClass: RuntimeClassModel;
  /**
   * True when the pod spec writes no overhead and the RuntimeClass has a non-empty `overhead.podFixed`: `setOverhead`
   * sets `spec.overhead` to it, and the model's `spec.overhead` holds it.
   */
  readonly overheadSet: boolean;
}

export interface TargetModel {
  /** Kubernetes minor version, `1.30`. */
  readonly version: string;
  readonly featureGates: { [gate: string]: boolean };
}

/**
 * The pod's own labels and annotations: a workload's pod template `metadata` (`spec.template.metadata`), a Pod's
 * `metadata`. What a mutating admission webhook (a service-mesh injector) sees of the pod; the namespace's labels are
 * not part of the input.
 */
export interface PodMetadataJson {
  readonly labels?: { [key: string]: string };
  readonly annotations?: { [key: string]: string };
}

/** A policy/v1 PodDisruptionBudget that selects the pod. */
export interface PdbModel {
  readonly name: string;
  /** Where it was found: `file#doc`. */
  readonly source: string;
  /** `spec.minAvailable`: a count or a percentage (`"50%"`). */
  readonly minAvailable?: number | string;
  /** `spec.maxUnavailable`: a count or a percentage. */
  readonly maxUnavailable?: number | string;
}

/** A `metav1.LabelSelector` as JSON. */
export interface LabelSelectorJson {
  readonly matchLabels?: { [key: string]: string };
  readonly matchExpressions?: ReadonlyArray<{ readonly key: string; readonly operator: string; readonly values?: readonly string[] }>;
}

export interface PodModel {
  /** Workload kind: Deployment, StatefulSet, DaemonSet, Job, CronJob, Pod, ReplicaSet... */
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  /** Where it was found: construct path, or `file#doc`. */
  readonly source: string;
  /**
   * Pods the workload asks for: replicas, Job parallelism, 1 for a Pod.
   * Undefined for a DaemonSet (one per node) and for a workload scaled by an HPA (see `hpas`).
   */
  readonly replicas?: number;
  readonly spec: PodSpecJson;
  /**
   * Names of the volumes the workload's controller adds to every pod it creates, beside the template's `volumes`: a
   * StatefulSet's `volumeClaimTemplates` (kubernetes pkg/controller/statefulset/stateful_set_utils.go `updateStorage`
   * gives each pod a persistentVolumeClaim volume named after each claim template). Empty or undefined for other kinds.
   */
  readonly volumeClaimTemplates?: readonly string[];
  /** Init containers (plain and sidecar) in list order, then regular containers in list order. */
  readonly containers: ModelContainer[];
  readonly hpas: HpaModel[];
  readonly target: TargetModel;
  /** The pod's labels and annotations (`PodMetadataJson`); empty when it has none. */
  readonly podMetadata: PodMetadataJson;
  /**
   * The workload's `spec.selector`, as written, for the kinds whose pods it must select (Deployment, ReplicaSet,
   * StatefulSet, DaemonSet). Undefined when the input has none or the adapter does not read it (cdk8s-plus writes a
   * selector that matches by construction).
   */
  readonly selector?: LabelSelectorJson;
  /** The PodDisruptionBudgets that select the pod (in the same namespace); empty when the adapter has none. */
  readonly pdbs: readonly PdbModel[];
  /**
   * The pod's RuntimeClass and what its admission did, when `spec.runtimeClassName` names a RuntimeClass the input
   * declares; undefined when it names none, or one the input does not declare (the cluster's, unknown here). When
   * `overheadSet`, `spec.overhead` is not the template's: it is the RuntimeClass's `overhead.podFixed`, as the pod is
   * stored once admitted, so every count (requests, limits, the pod's memory cgroup limit, quota) includes it exactly as
   * Kubernetes does. The rules that quote `spec.overhead` as written read `overheadSet` first.
   */
  readonly runtimeClass?: RuntimeClassAdmission;
}

/** The pattern of a container by name, when a mixin added it (a `Map` will do). */
export interface PatternLookup {
  get(containerName: string): PatternKind | undefined;
}

export interface PodModelInput {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  /** The source, or a function computing it the first time the model's `source` is read. */
  readonly source: string | (() => string);
  readonly replicas?: number;
  readonly spec: PodSpecJson;
  /** Names of a StatefulSet's `volumeClaimTemplates` (see `PodModel.volumeClaimTemplates`). */
  readonly volumeClaimTemplates?: readonly string[];
  readonly hpas?: HpaModel[];
  readonly target: TargetModel;
  /** Pattern of each container that a mixin added, by container name. */
  readonly patterns?: PatternLookup;
  /** The pod's labels and annotations, or a function computing them the first time the model's `podMetadata` is read. */
  readonly podMetadata?: PodMetadataJson | (() => PodMetadataJson);
  /** The workload's `spec.selector` (see `PodModel.selector`). */
  readonly selector?: LabelSelectorJson;
  /** The PodDisruptionBudgets that select the pod. */
  readonly pdbs?: readonly PdbModel[];
  /** The RuntimeClasses the input declares: the pod's is admitted as `admitRuntimeClass` says. */
  readonly runtimeClasses?: RuntimeClassLookup;
  /**
   * For a model rebuilt from another model's spec, which is already admitted: that model's `runtimeClass`, taken as it
   * is (`runtimeClasses` is then not read).
   */
  readonly admitted?: RuntimeClassAdmission;
}

/**
 * The pod spec once the RuntimeClass admission plugin has admitted it, and what it did: kubernetes
 * plugin/pkg/admission/runtimeclass/admission.go `setOverhead`. A pod naming a RuntimeClass with an `overhead` gets
 * `spec.overhead = overhead.podFixed` when it writes none (`len(pod.Spec.Overhead) == 0`: an empty map counts as
 * none); a pod that writes one keeps it (equal: admitted as is; different: `Validate` rejects the pod, which is
 * PP-POD-OVERHEAD's finding, and the pod never runs). A RuntimeClass without `overhead` sets nothing. Undefined
 * `runtimeClass` when the pod names no RuntimeClass, or one `runtimeClasses` does not hold.
 */
export function admitRuntimeClass(spec: PodSpecJson, runtimeClasses: RuntimeClassLookup | undefined):
{ readonly spec: PodSpecJson; readonly runtimeClass?: RuntimeClassAdmission } {
  const name = spec.runtimeClassName;
  if (runtimeClasses === undefined || typeof name !== 'string' || name === '') return { spec };
  const rc = runtimeClasses.get(name);
  if (rc === undefined) return { spec };
  const written = spec.overhead;
  const writesNone = written === undefined || written === null || Object.keys(written).length === 0;
  const podFixed = rc.podFixed;
  if (writesNone && podFixed !== undefined && podFixed !== null && Object.keys(podFixed).length > 0) {
    return { spec: { ...spec, overhead: podFixed }, runtimeClass: { runtimeClass: rc, overheadSet: true } };
  }
  return { spec, runtimeClass: { runtimeClass: rc, overheadSet: false } };
}

/** `isRestartableInitContainer` in k8s.io/component-helpers/resource/helpers.go. */
export function isRestartableInitContainer(c: ContainerJson): boolean {
  return c.restartPolicy === 'Always';
}

export function buildPodModel(given: PodModelInput): PodModel {
  let input = given;
  if (given.admitted === undefined && given.runtimeClasses !== undefined) {
    const admitted = admitRuntimeClass(given.spec, given.runtimeClasses);
    if (admitted.runtimeClass) input = { ...given, spec: admitted.spec, admitted: admitted.runtimeClass };
  }
  const containers: ModelContainer[] = [];
  const patterns = input.patterns;
  const init = input.spec.initContainers ?? [];
  for (let index = 0; index < init.length; index++) {
    const spec = init[index];
    containers.push({
      name: spec.name,
      role: isRestartableInitContainer(spec) ? 'sidecar' : 'init',
      list: 'initContainers',
      index,
      pattern: patterns?.get(spec.name),
      spec,
    });
  }
  const regular = input.spec.containers ?? [];
  for (let index = 0; index < regular.length; index++) {
    const spec = regular[index];
    containers.push({ name: spec.name, role: 'main', list: 'containers', index, pattern: patterns?.get(spec.name), spec });
  }
  return new BuiltPodModel(input, containers);
}

/**
 * The model `buildPodModel` returns: plain fields, and a `source` that the workload adapter may give as a function,
 * called the first time it is read (a construct path walks the scopes, and the checks never read it).
 */
class BuiltPodModel implements PodModel {
  public readonly kind: string;
  public readonly name: string;
  public readonly namespace?: string;
  public readonly replicas?: number;
  public readonly spec: PodSpecJson;
  public readonly volumeClaimTemplates?: readonly string[];
  public readonly hpas: HpaModel[];
  public readonly target: TargetModel;
  public readonly selector?: LabelSelectorJson;
  public readonly pdbs: readonly PdbModel[];
  public readonly runtimeClass?: RuntimeClassAdmission;
  private sourceOrFn: string | (() => string);
  private metadataOrFn: PodMetadataJson | (() => PodMetadataJson) | undefined;

  constructor(input: PodModelInput, public readonly containers: ModelContainer[]) {
    this.kind = input.kind;
    this.name = input.name;
    this.namespace = input.namespace;
    this.sourceOrFn = input.source;
    this.replicas = input.replicas;
    this.spec = input.spec;
    this.volumeClaimTemplates = input.volumeClaimTemplates;
    this.hpas = input.hpas ?? [];
    this.target = input.target;
    this.metadataOrFn = input.podMetadata;
    this.selector = input.selector;
    this.pdbs = input.pdbs ?? NO_PDBS;
    this.runtimeClass = input.admitted;
  }

  public get podMetadata(): PodMetadataJson {
    const m = this.metadataOrFn;
    if (typeof m !== 'function') return m ?? NO_METADATA;
    const value = m();
    this.metadataOrFn = value;
    return value;
  }

  public get source(): string {
    const s = this.sourceOrFn;
    if (typeof s === 'string') return s;
    const value = s();
    this.sourceOrFn = value;
    return value;
  }
}

const NO_METADATA: PodMetadataJson = Object.freeze({});
const NO_PDBS: readonly PdbModel[] = Object.freeze([]);

/** `spec.initContainers[1]` / `spec.containers[0]`: the API server's field path of a container. */
export function fieldPath(c: ModelContainer): string {
  return `spec.${c.list}[${c.index}]`;
}
