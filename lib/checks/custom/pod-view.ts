import { ContainerJson, ModelContainer, PodModel, QuantityValue } from '../../model/pod-model';

/**
 * A read-only, public view of the pod model that the built-in rules read, for the rules of a `RulePack`: plain structs
 * (jsii data types), so a rule written in any jsii language receives the same data, and a test can build one as a
 * literal. The internal model (`lib/model/pod-model.ts`) stays free to change.
 */

/** How Kubernetes runs a container. */
export enum PodContainerRole {
  /** A plain init container: runs to completion, in order, before the next one starts. */
  INIT = 'init',
  /** A native sidecar: an init container with `restartPolicy: Always`, running for the pod's life. */
  SIDECAR = 'sidecar',
  /** A regular container (`spec.containers`). */
  MAIN = 'main',
}

/** Which mixin of this library added a container. */
export enum ContainerPattern {
  /** `WithNativeSidecar` (and presets built on it). */
  NATIVE_SIDECAR = 'native-sidecar',
  /** `WithClassicSidecar`. */
  CLASSIC_SIDECAR = 'classic-sidecar',
  /** `WithWaitFor`. */
  WAIT_FOR = 'wait-for',
  /** `WithInitStep`. */
  INIT_STEP = 'init-step',
  /** `WithAmbassador`. */
  AMBASSADOR = 'ambassador',
  /** `WithAdapter`. */
  ADAPTER = 'adapter',
}

/** One port a container declares. */
export interface ContainerPortView {
  /** `containerPort`. */
  readonly number: number;
  /**
   * The port's name.
   * @default - none
   */
  readonly name?: string;
  /**
   * `TCP`, `UDP` or `SCTP`.
   * @default 'TCP'
   */
  readonly protocol?: string;
  /**
   * `hostPort`.
   * @default - none
   */
  readonly hostPort?: number;
}

/** One volume mount of a container. */
export interface VolumeMountView {
  /** The volume's name. */
  readonly name: string;
  /** Where it is mounted. */
  readonly mountPath: string;
  /** Whether the mount is read-only. */
  readonly readOnly: boolean;
}

/**
 * One container of the pod, as the rules read it. Quantities are given as written in the pod spec (`'128Mi'`, `'50m'`),
 * after cdk8s-plus's defaults at synth.
 */
export interface ContainerView {
  /** The container's name. */
  readonly name: string;
  /** How Kubernetes runs it. */
  readonly role: PodContainerRole;
  /**
   * The mixin that added it.
   * @default - none: written by hand, or read from a manifest (the CLI never knows the pattern)
   */
  readonly pattern?: ContainerPattern;
  /** The API server's field path of the container, e.g. `spec.initContainers[0]`: quote it in a finding. */
  readonly fieldPath: string;
  /**
   * The image, e.g. `fluent/fluent-bit:3.2.2`.
   * @default - none
   */
  readonly image?: string;
  /** The ports it declares (empty when none). */
  readonly ports: ContainerPortView[];
  /** Whether it has a startupProbe. */
  readonly hasStartupProbe: boolean;
  /** Whether it has a readinessProbe. */
  readonly hasReadinessProbe: boolean;
  /** Whether it has a livenessProbe. */
  readonly hasLivenessProbe: boolean;
  /**
   * `resources.requests.cpu`.
   * @default - none
   */
  readonly cpuRequest?: string;
  /**
   * `resources.limits.cpu`.
   * @default - none
   */
  readonly cpuLimit?: string;
  /**
   * `resources.requests.memory`.
   * @default - none
   */
  readonly memoryRequest?: string;
  /**
   * `resources.limits.memory`.
   * @default - none
   */
  readonly memoryLimit?: string;
  /** `command` (empty when the image's entrypoint runs). */
  readonly command: string[];
  /** `args` (empty when none). */
  readonly args: string[];
  /** Names of the environment variables it sets (`env`; `envFrom` sources are not listed). */
  readonly envNames: string[];
  /** Its volume mounts (empty when none). */
  readonly volumeMounts: VolumeMountView[];
}

/** One pod, as the rules of a `RulePack` read it: the same pod the built-in rules check. */
export interface PodView {
  /** The workload's kind: Deployment, StatefulSet, DaemonSet, Job, CronJob, Pod, ReplicaSet... */
  readonly kind: string;
  /** The workload's `metadata.name`. */
  readonly name: string;
  /**
   * The workload's namespace.
   * @default - none given
   */
  readonly namespace?: string;
  /** Where it was found: the construct path at synth, `file#doc` in the CLI. */
  readonly source: string;
  /**
   * Pods the workload asks for.
   * @default - not known: a DaemonSet, or a workload an HPA scales
   */
  readonly replicas?: number;
  /** The Kubernetes minor version checked against, e.g. `1.33`. */
  readonly kubernetesVersion: string;
  /** Every container: init containers (plain and sidecar) in list order, then the regular containers in list order. */
  readonly containers: ContainerView[];
  /** Names of the pod's volumes. */
  readonly volumeNames: string[];
}

const VIEWS = new WeakMap<PodModel, PodView>();

/** The view of a model, built once per model (every rule of every pack reads the same one). Internal. */
export function podViewOf(model: PodModel): PodView {
  let view = VIEWS.get(model);
  if (view === undefined) {
    view = deepFreeze({
      kind: model.kind,
      name: model.name,
      ...(model.namespace !== undefined ? { namespace: model.namespace } : {}),
      source: model.source,
      ...(model.replicas !== undefined ? { replicas: model.replicas } : {}),
      kubernetesVersion: model.target.version,
      containers: model.containers.map(containerViewOf),
      volumeNames: (model.spec.volumes ?? []).map(v => v.name),
    });
    VIEWS.set(model, view);
  }
  return view;
}

function containerViewOf(c: ModelContainer): ContainerView {
  const s: ContainerJson = c.spec;
  const quantity = (q: QuantityValue | undefined): string | undefined => (q === undefined ? undefined : String(q));
  const fields: { [key: string]: unknown } = {
    name: c.name,
    role: c.role as PodContainerRole,
    ...(c.pattern !== undefined ? { pattern: c.pattern as ContainerPattern } : {}),
    fieldPath: `spec.${c.list}[${c.index}]`,
    ...(typeof s.image === 'string' ? { image: s.image } : {}),
    ports: (s.ports ?? []).map(p => ({
      number: p.containerPort,
      ...(p.name !== undefined ? { name: p.name } : {}),
      ...(p.protocol !== undefined ? { protocol: p.protocol } : {}),
      ...(p.hostPort !== undefined ? { hostPort: p.hostPort } : {}),
    })),
    hasStartupProbe: s.startupProbe !== undefined && s.startupProbe !== null,
    hasReadinessProbe: s.readinessProbe !== undefined && s.readinessProbe !== null,
    hasLivenessProbe: s.livenessProbe !== undefined && s.livenessProbe !== null,
    cpuRequest: quantity(s.resources?.requests?.cpu),
    cpuLimit: quantity(s.resources?.limits?.cpu),
    memoryRequest: quantity(s.resources?.requests?.memory),
    memoryLimit: quantity(s.resources?.limits?.memory),
    command: [...(s.command ?? [])],
    args: [...(s.args ?? [])],
    envNames: (s.env ?? []).map(e => e.name),
    volumeMounts: (s.volumeMounts ?? []).map(m => ({ name: m.name, mountPath: m.mountPath, readOnly: m.readOnly === true })),
  };
  for (const k of Object.keys(fields)) if (fields[k] === undefined) delete fields[k];
  return fields as unknown as ContainerView;
}

function deepFreeze<T>(o: T): T {
  if (typeof o === 'object' && o !== null && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o as object)) deepFreeze(v);
  }
  return o;
}
