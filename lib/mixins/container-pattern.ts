import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-30';
import { IConstruct } from 'constructs';
import { cannotJoin, enterScope, throwPropsProblem } from './mixin-scope';
import { PatternContainerProps } from './pattern-container-props';
import { isDns1123Label } from '../model/names';
import { PatternKind } from '../model/pod-model';
import { completingWhat } from '../model/run-to-completion';
import { hasAnnotation } from '../synth/cdk8s-plus-reads';
import { registerPodChecks } from '../synth/pod-checks-registration';
import { isPodWorkload, workloadKind } from '../synth/workload-model';
import { WorkloadState } from '../synth/workload-state';

/** The annotation `kubectl logs` and `kubectl exec` read to pick a container when none is named. */
export const DEFAULT_CONTAINER_ANNOTATION = 'kubectl.kubernetes.io/default-container';

/**
 * Resources a pattern container gets when its props set none, instead of cdk8s-plus's
 * 1000m/512Mi request and 1500m/2048Mi limit, which would make every sidecar cost as much as the app.
 * No CPU limit: CFS throttling of a proxy or log shipper slows the app it serves.
 */
export const PATTERN_DEFAULT_RESOURCES: kplus.ContainerResources = Object.freeze({
  cpu: Object.freeze({ request: kplus.Cpu.millis(50) }),
  memory: Object.freeze({ request: Size.mebibytes(64), limit: Size.mebibytes(128) }),
});

// Both are frozen (the Cpu and Size values are immutable): the pod model shares one JSON rendering of a frozen
// resources object between every container that has it (`resourcesJson` in cdk8s-plus-reads.ts).

/** Default resources of a wait-for init container: it runs `nc`/`wget`/`nslookup` in a loop. */
export const WAIT_FOR_DEFAULT_RESOURCES: kplus.ContainerResources = Object.freeze({
  cpu: Object.freeze({ request: kplus.Cpu.millis(10) }),
  memory: Object.freeze({ request: Size.mebibytes(16), limit: Size.mebibytes(32) }),
});

export type { PatternContainerProps };

export interface ContainerPatternSpec {
  /** Identity of the mixin instance (`newMixinId()`): applying the same instance again to a workload does nothing. */
  readonly id: number;
  /** The mixin's class name, for messages. */
  readonly mixin: string;
  readonly pattern: PatternKind;
  /** The container's props, resources already defaulted. */
  readonly container: kplus.ContainerProps;
  readonly init: boolean;
  readonly appVolumeMounts?: kplus.VolumeMount[];
  /** Refuse a workload the pattern must not join (throw with the reason). */
  readonly refuse?: (w: kplus.AbstractPod) => string | undefined;
  /**
   * Checks run before anything changes: the reason to refuse the workload, if any, which is thrown after
   * `cannotJoin`, so a refused mixin leaves the workload as it was. `app` holds the app containers.
   */
  readonly check?: (w: kplus.AbstractPod, app: kplus.Container[]) => string | undefined;
  /** Work done after the container is added, e.g. env injected into the app containers (`app`). */
  readonly after?: (w: kplus.AbstractPod, added: kplus.Container, app: kplus.Container[]) => void;
  /**
   * Props set by the user that act on the app containers (besides `appVolumeMounts`), e.g. `appUrlEnv`:
   * the pattern is refused on a workload that has no app container yet, rather than silently doing nothing.
   */
  readonly appFields?: string[];
  /**
   * What is wrong with the mixin's props (`propsProblem`), found by the constructor and thrown by `applyTo`, naming the
   * construct it was applied to: the mixin then changes nothing.
   */
  readonly problem?: string;
}

/**
 * True for a name the API server accepts for a container: a lowercase RFC 1123 label of at most 63 characters
 * (`isDns1123Label`, which agrees with `dns1123LabelErrors`, the port of apimachinery `IsDNS1123Label` that
 * PP-INVALID-NAME reports with).
 */
export function isContainerName(name: unknown): boolean {
  return typeof name === 'string' && isDns1123Label(name);
}

/**
 * Throws the error every container mixin gives when `name` is missing or empty, or is not a name the API server
 * accepts for a container (a lowercase RFC 1123 label of at most 63 characters). The mixins run it inside
 * `propsProblem`, so the error is thrown when the mixin is applied, naming where.
 */
export function requireName(mixin: string, name: string | undefined): string {
  if (name === undefined || name === null || String(name).trim() === '') {
    throw new Error(`${mixin}: 'name' is required: give the container a name, e.g. { name: 'log-shipper', image: ... }.`);
  }
  if (!isContainerName(name)) {
    throw new Error(`${mixin}: 'name' (${JSON.stringify(name)}) is not a valid container name: use at most 63 lowercase letters, `
      + "digits and '-', starting and ending with a letter or digit, e.g. 'log-shipper'.");
  }
  return name;
}

/**
 * The container props of a one-container pattern, in one copy: the mixin's props without the keys that are the
 * mixin's own (`appVolumeMounts`, ...), `resources` set to the pattern default when the props leave them out, and
 * `extra` on top (e.g. the native sidecar's `restartPolicy`).
 */
export function patternContainerProps(props: PatternContainerProps, defaults: kplus.ContainerResources,
  own: readonly string[] = NO_KEYS, extra?: Partial<kplus.ContainerProps>): kplus.ContainerProps {
  const out: { [key: string]: unknown } = {};
  for (const [k, v] of Object.entries(props)) {
    if (k !== 'appVolumeMounts' && !own.includes(k)) out[k] = v;
  }
  if (!out.resources) out.resources = defaults;
  return { ...out, ...extra } as kplus.ContainerProps;
}

const NO_KEYS: readonly string[] = [];

/**
 * The spec of a pattern that adds one long-running regular container (adapter, classic sidecar, ambassador): the
 * pattern's default resources, the app mounts, and the refusal on a workload that runs to completion (`refuseJob`).
 * `own` names the mixin's own props that are not container props.
 */
export function regularContainerSpec(mixin: string, pattern: PatternKind, props: PatternContainerProps,
  own?: readonly string[]): ContainerPatternSpec {
  const container = patternContainerProps(props, PATTERN_DEFAULT_RESOURCES, own);
  return {
    id: newMixinId(),
    mixin,
    pattern,
    container,
    init: false,
    appVolumeMounts: props.appVolumeMounts,
    refuse: w => refuseJob(mixin, container.name!, w),
  };
}

/**
 * Applies a one-container pattern to a workload: the shared body of every container mixin's `applyTo`.
 * Idempotent per mixin instance: `spec.id` is recorded as the one that added the container, and applying the same
 * instance again to the same workload does nothing. A construct that is not a workload is a scope the mixin was
 * applied to (`mixin-scope.ts`): it must hold a workload. A mixin whose props have a problem throws it first, naming
 * the construct, and changes nothing.
 */
export function applyContainerPattern(target: IConstruct, spec: ContainerPatternSpec): void {
  throwPropsProblem(spec.problem, target);
  if (!isPodWorkload(target)) {
    enterScope(spec, target, `${spec.mixin} '${spec.container.name}'`);
    return;
  }
  const w = target;
  const name = spec.container.name!;
  const state = WorkloadState.of(w);
  if (state.addedBy(name) === spec.id) return;
  const reason = spec.refuse?.(w);
  if (reason) throw new Error(reason);
  const regular: readonly kplus.Container[] = w.containers;
  const init: readonly kplus.Container[] = w.initContainers;
  if (hasContainerNamed(regular, name) || hasContainerNamed(init, name)) {
    throw new Error(`${spec.mixin}: ${workloadKind(w)} '${w.node.path}' already has a container named '${name}'. `
      + 'Container names must be unique across containers and initContainers: give this one another name.');
  }
  const appMounts = spec.appVolumeMounts ?? NO_MOUNTS;
  if (appMounts.length > 0 || (spec.container.volumeMounts?.length ?? 0) > 0) checkVolumeNames(spec, w, init, regular);
  const app = appContainers(regular, state);
  if (app.length === 0 && (appMounts.length > 0 || (spec.appFields?.length ?? 0) > 0)) {
    const appFields = [...(appMounts.length > 0 ? ['appVolumeMounts'] : []), ...(spec.appFields ?? [])];
    throw new Error(`${spec.mixin} '${name}' cannot apply ${appFields.map(f => `'${f}'`).join(' and ')} to ${workloadKind(w)} '${w.node.path}': `
      + 'it has no app container yet (only containers present when the mixin is applied are app containers). '
      + 'Add the app containers first, then apply the mixin.');
  }
  for (let i = 0; i < appMounts.length; i++) {
    for (let j = 0; j < app.length; j++) {
      const problem = mountProblem(app[j], appMounts[i]);
      if (problem) throw new Error(`${cannotJoin(spec.mixin, name, w)}: ${problem}`);
    }
  }
  const refused = spec.check?.(w, app);
  if (refused) throw new Error(`${cannotJoin(spec.mixin, name, w)}: ${refused}`);
  // Nothing changes above this line: a refused mixin leaves the workload as it was.
  const props = ownCopy(spec.container);
  const added = spec.init ? w.addInitContainer(props) : w.addContainer(props);
  state.recordPattern(name, spec.pattern, spec.id);
  for (let i = 0; i < appMounts.length; i++) {
    for (let j = 0; j < app.length; j++) mountOnce(app[j], appMounts[i]);
  }
  spec.after?.(w, added, app);
  if (app.length > 0 && !state.defaultContainerDecided) {
    state.defaultContainerDecided = true;
    if (!hasAnnotation(w.podMetadata, DEFAULT_CONTAINER_ANNOTATION)) {
      w.podMetadata.addAnnotation(DEFAULT_CONTAINER_ANNOTATION, app[0].name);
    }
  }
  registerPodChecks(w);
}

/**
 * The app containers: the regular containers no mixin added, in a list of their own (adding the pattern's container
 * grows `regular`).
 */
function appContainers(regular: readonly kplus.Container[], state: WorkloadState): kplus.Container[] {
  if (!state.hasPatterns) return [...regular];
  const app: kplus.Container[] = [];
  for (let i = 0; i < regular.length; i++) {
    if (state.patternOf(regular[i].name) === undefined) app.push(regular[i]);
  }
  return app;
}

const NO_MOUNTS: readonly kplus.VolumeMount[] = [];

let lastMixinId = 0;

/** A new identity for a mixin instance (a number, so the record of what it added does not keep the instance alive). */
export function newMixinId(): number {
  return ++lastMixinId;
}

/**
 * The props of one container: cdk8s-plus keeps the props' `volumeMounts` array, `envVariables` object and `envFrom`
 * array as the container's own (`mount()` and `env.addVariable()` write into them), so a mixin instance applied to
 * several workloads gives each container copies of its own.
 */
function ownCopy(p: kplus.ContainerProps): kplus.ContainerProps {
  if (p.volumeMounts === undefined && p.envVariables === undefined && p.envFrom === undefined) return p;
  const copy: { -readonly [K in keyof kplus.ContainerProps]: kplus.ContainerProps[K] } = { ...p };
  if (p.volumeMounts) copy.volumeMounts = [...p.volumeMounts];
  if (p.envVariables) copy.envVariables = { ...p.envVariables };
  if (p.envFrom) copy.envFrom = [...p.envFrom];
  return copy;
}

/**
 * Refuses a volume whose name another Volume object of the pod already has: cdk8s-plus would only find out
 * while rendering (`Invalid mount configuration. At least two different volumes have the same name`), and the
 * API server refuses duplicate volume names (kubernetes `pkg/apis/core/validation/validation.go` `ValidateVolumes`).
 */
function checkVolumeNames(spec: ContainerPatternSpec, w: kplus.AbstractPod, init: readonly kplus.Container[],
  regular: readonly kplus.Container[]): void {
  // searched in place, nothing built: every mixin with a volume goes through here, and a pod has a handful of mounts
  const own = spec.container.volumeMounts ?? NO_MOUNTS;
  const app = spec.appVolumeMounts ?? NO_MOUNTS;
  const count = own.length + app.length;
  for (let i = 0; i < count; i++) {
    const m = i < own.length ? own[i] : app[i - own.length];
    const name = m.volume.name;
    let other = volumeOfPod(w, name) ?? mountedVolume(init, name) ?? mountedVolume(regular, name);
    for (let j = 0; other === undefined && j < i; j++) {
      const earlier = j < own.length ? own[j] : app[j - own.length];
      if (earlier.volume.name === name) other = earlier.volume;
    }
    if (other !== undefined && other !== m.volume) {
      throw new Error(`${spec.mixin} '${spec.container.name}': volume '${name}' (${m.volume.node.path}) is not the volume named `
        + `'${name}' that ${workloadKind(w)} '${w.node.path}' already has (${other.node.path}): `
        + 'a pod cannot hold two volumes with one name. Mount the same Volume object, or give this one another name.');
    }
  }
}

/** The pod's own volume of that name. */
function volumeOfPod(w: kplus.AbstractPod, name: string): kplus.Volume | undefined {
  return w.volumes.find(v => v.name === name);
}

/** The volume of that name the first of these containers to mount one mounts. */
function mountedVolume(containers: readonly kplus.Container[], name: string): kplus.Volume | undefined {
  for (let i = 0; i < containers.length; i++) {
    const mounts = containers[i].mounts;
    for (let j = 0; j < mounts.length; j++) {
      if (mounts[j].volume.name === name) return mounts[j].volume;
    }
  }
  return undefined;
}

function hasContainerNamed(containers: readonly kplus.Container[], name: string): boolean {
  for (let i = 0; i < containers.length; i++) {
    if (containers[i].name === name) return true;
  }
  return false;
}

/** The mount of `c` at that path, if any. */
function mountAt(c: kplus.Container, path: string): kplus.VolumeMount | undefined {
  const mounts = c.mounts;
  for (let i = 0; i < mounts.length; i++) {
    if (mounts[i].path === path) return mounts[i];
  }
  return undefined;
}

/** Why `c` cannot take the mount: it already mounts another volume at the mount's path (mountPath is unique within a container). */
function mountProblem(c: kplus.Container, m: kplus.VolumeMount): string | undefined {
  const same = mountAt(c, m.path);
  if (same && same.volume.name !== m.volume.name) {
    return `container '${c.name}' already mounts volume '${same.volume.name}' at ${m.path}: `
      + `cannot also mount '${m.volume.name}' there (mountPath must be unique within a container).`;
  }
  return undefined;
}

/** Mounts the volume into `c` unless `c` already mounts it at that path (`mountProblem` ran before). */
function mountOnce(c: kplus.Container, m: kplus.VolumeMount): void {
  if (mountAt(c, m.path) !== undefined) return;
  c.mount(m.path, m.volume, { readOnly: m.readOnly, subPath: m.subPath, subPathExpr: m.subPathExpr, propagation: m.propagation });
}

/**
 * The refusal every long-running regular-container pattern gives on a workload that runs to completion:
 * a Job, a CronJob, or a bare Pod whose restartPolicy is Never or OnFailure.
 */
export function refuseJob(mixin: string, name: string, w: kplus.AbstractPod): string | undefined {
  const what = completingWhat(workloadKind(w), w.restartPolicy);
  if (what === undefined) return undefined;
  return `${cannotJoin(mixin, name, w)}: it is a long-running regular container `
    + `and would keep ${what} from completing. `
    + 'Use WithNativeSidecar (an init container with restartPolicy: Always, which does not block completion) instead.';
}
