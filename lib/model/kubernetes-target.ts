import { IConstruct } from 'constructs';
import { closestName, closestVersion } from './closest-match';
import { KubernetesFeature, MinorVersion, parseMinorVersion } from './kubernetes-feature';

/**
 * The cluster the manifests are written for.
 */
export interface KubernetesTargetProps {
  /**
   * Kubernetes minor version, e.g. `1.28`: from `KubernetesTarget.OLDEST_VERSION` (1.20) to
   * `KubernetesTarget.NEWEST_VERSION` (1.36).
   * @default '1.30'
   */
  readonly version?: string;

  /**
   * Feature gates set explicitly on the cluster, e.g. `{ SidecarContainers: true }` on 1.28. Only the gates this
   * library reads (those of `KubernetesFeature.all()`) may be named.
   * @default - every gate at its upstream default for the version
   */
  readonly featureGates?: { [gate: string]: boolean };
}

/**
 * The Kubernetes version and feature gates the manifests in a scope are checked against.
 *
 * Set it once on an App or a Chart; every workload below inherits the nearest setting.
 *
 * @example
 * KubernetesTarget.set(app, { version: '1.28', featureGates: { SidecarContainers: true } });
 */
export class KubernetesTarget {
  /** The version assumed when none is set. */
  public static readonly DEFAULT_VERSION = '1.30';

  /** The oldest version the checks know: the oldest graduation point of `KubernetesFeature.all()` (HPAContainerMetrics alpha). */
  public static readonly OLDEST_VERSION = '1.20';

  /** The newest version the checks know: the newest whose API schemas ship with the package (`schemas/`). */
  public static readonly NEWEST_VERSION = '1.36';

  /**
   * Sets the target for `scope` and everything below it; setting it again on the same scope replaces it.
   * @throws if the version is not of the form MAJOR.MINOR or is outside OLDEST_VERSION to NEWEST_VERSION, or a
   * feature gate is not one this library reads or is not true or false
   */
  public static set(scope: IConstruct, props: KubernetesTargetProps): void {
    const version = props.version ?? KubernetesTarget.DEFAULT_VERSION;
    const v = parseMinorVersion(version);
    const versionError = unknownVersionProblem(v, knownVersions());
    if (versionError) throw new Error(`KubernetesTarget: ${versionError}.`);
    const gates = { ...(props.featureGates ?? {}) };
    for (const [gate, on] of Object.entries(gates)) {
      const gateError = unknownGateProblem(gate);
      if (gateError) throw new Error(`KubernetesTarget: ${gateError}.`);
      if (typeof on !== 'boolean') {
        throw new Error(`KubernetesTarget: feature gate '${gate}' (${JSON.stringify(on)}) must be true or false.`);
      }
    }
    anySet = true;
    TARGETS.set(scope, new KubernetesTarget(`${v.major}.${v.minor}`, Object.freeze(gates)));
  }

  /**
   * The target in force for `scope`: the nearest one set on it or on a scope above it,
   * else version 1.30 with default feature gates.
   */
  public static of(scope: IConstruct): KubernetesTarget {
    if (!anySet) return KubernetesTarget.FALLBACK; // nothing set anywhere: no need to walk the scopes
    const scopes = scope.node.scopes;
    for (let i = scopes.length - 1; i >= 0; i--) {
      const t = TARGETS.get(scopes[i]);
      if (t) return t;
    }
    return KubernetesTarget.FALLBACK;
  }

  private static readonly FALLBACK = new KubernetesTarget(KubernetesTarget.DEFAULT_VERSION, {});

  private constructor(
    /** Kubernetes minor version, e.g. `1.30`. */
    public readonly version: string,
    /** Feature gates set explicitly. */
    public readonly featureGates: { [gate: string]: boolean },
  ) {}
}

const TARGETS = new WeakMap<IConstruct, KubernetesTarget>();
/** Whether `KubernetesTarget.set` was ever called. */
let anySet = false;

/**
 * The versions the checks know, in order: `KubernetesTarget.OLDEST_VERSION` to `KubernetesTarget.NEWEST_VERSION`.
 * @internal
 */
export function knownVersions(): MinorVersion[] {
  const oldest = parseMinorVersion(KubernetesTarget.OLDEST_VERSION);
  const newest = parseMinorVersion(KubernetesTarget.NEWEST_VERSION);
  const out: MinorVersion[] = [];
  for (let minor = oldest.minor; minor <= newest.minor; minor++) out.push({ major: oldest.major, minor });
  return out;
}

/**
 * Why `version` is not one of `known` (sorted), naming the nearest known version, or undefined when it is one:
 * "Kubernetes 1.99 is not a version cdk8s-pod-patterns knows (1.20 to 1.36): did you mean 1.36?".
 * @internal
 */
export function unknownVersionProblem(version: MinorVersion, known: readonly MinorVersion[]): string | undefined {
  if (known.some(k => k.major === version.major && k.minor === version.minor)) return undefined;
  const nearest = closestVersion(version, known);
  return `Kubernetes ${version.major}.${version.minor} is not a version cdk8s-pod-patterns knows (${describeVersions(known)}): `
    + `did you mean ${nearest.major}.${nearest.minor}?`;
}

/**
 * Why `gate` is not a feature gate this library reads, naming the nearest one when one is close, or undefined
 * when it is one: "feature gate 'SidecarContainer' is not one cdk8s-pod-patterns reads: did you mean 'SidecarContainers'?
 * (it reads SidecarContainers, HPAContainerMetrics, PodLevelResources, ContainerRestartRules, PodLifecycleSleepAction, PodLifecycleSleepActionAllowZero)".
 * @internal
 */
export function unknownGateProblem(gate: string): string | undefined {
  const gates = KubernetesFeature.all().map(f => f.gate);
  if (gates.includes(gate)) return undefined;
  const nearest = closestName(gate, gates);
  return `feature gate '${gate}' is not one cdk8s-pod-patterns reads${nearest ? `: did you mean '${nearest}'?` : ''}`
    + ` (it reads ${gates.join(', ')})`;
}

/**
 * `1.20 to 1.36`, `1.20 to 1.36, 1.38`, `none`: sorted versions (`1.30` or parsed), runs of consecutive minors joined.
 * @internal
 */
export function describeVersions(versions: ReadonlyArray<string | MinorVersion>): string {
  const parsed = versions.map(v => (typeof v === 'string' ? parseMinorVersion(v) : v));
  const text = (v: MinorVersion): string => `${v.major}.${v.minor}`;
  const runs: string[] = [];
  let start = 0;
  for (let i = 1; i <= parsed.length; i++) {
    const prev = parsed[i - 1];
    if (i < parsed.length && parsed[i].major === prev.major && parsed[i].minor === prev.minor + 1) continue;
    runs.push(i - 1 === start ? text(parsed[start]) : `${text(parsed[start])} to ${text(prev)}`);
    start = i;
  }
  return runs.length > 0 ? runs.join(', ') : 'none';
}
