import { IConstruct } from 'constructs';
import { NEWEST_VERSION, OLDEST_VERSION, parseMinorVersion } from './minor-version';
import { knownVersions, unknownGateProblem, unknownVersionProblem } from './target-problems';

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
  public static readonly OLDEST_VERSION: string = OLDEST_VERSION;

  /** The newest version the checks know: the newest whose API schemas ship with the package (`schemas/`). */
  public static readonly NEWEST_VERSION: string = NEWEST_VERSION;

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

