import { IConstruct } from 'constructs';
import { NEWEST_VERSION, OLDEST_VERSION, parseMinorVersion } from './minor-version';
import { RuntimeClassLookup } from './pod-model';
import { podFixedProblem, runtimeClassLookupOf, runtimeClassNameProblem } from './runtime-class';
import { knownVersions, unknownGateProblem, unknownVersionProblem } from './target-problems';

/**
 * A RuntimeClass of the cluster (node.k8s.io/v1), as the RuntimeClass admission plugin reads it: its pod overhead.
 */
export interface RuntimeClassOverhead {
  /**
   * `overhead.podFixed`: what a pod of this RuntimeClass uses beyond its containers (the sandbox, a VM), e.g.
   * `{ cpu: '250m', memory: '120Mi' }`. Admission sets it as the pod's `spec.overhead`, which the scheduler, the
   * kubelet and quota add to the pod's requests and limits.
   * @default - the RuntimeClass has no overhead
   */
  readonly podFixed?: { [resource: string]: string };
}

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

  /**
   * RuntimeClasses of the cluster, by name, with their overhead, e.g. `{ kata: { podFixed: { cpu: '250m', memory:
   * '120Mi' } } }`. A pod whose `runtimeClassName` names one is counted with that overhead, as the RuntimeClass
   * admission plugin sets it, and PP-POD-OVERHEAD compares an overhead the pod writes with it. A RuntimeClass object
   * of the App itself (an L1 `KubeRuntimeClass`, an `Include`d one) takes precedence over one of the same name here:
   * applying it is what defines the class. A pod naming a RuntimeClass declared nowhere is not checked against one.
   * @default - none: the overhead of a RuntimeClass the App does not hold is unknown
   */
  readonly runtimeClasses?: { [name: string]: RuntimeClassOverhead };
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
   * @throws if the version is not of the form MAJOR.MINOR or is outside OLDEST_VERSION to NEWEST_VERSION, a
   * feature gate is not one this library reads or is not true or false, or a RuntimeClass's name is not a DNS-1123
   * subdomain, or its `podFixed` names a resource the API server refuses or holds a quantity that is malformed or negative
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
    const runtimeClasses: { [name: string]: RuntimeClassOverhead } = {};
    for (const [name, rc] of Object.entries(props.runtimeClasses ?? {})) {
      const nameError = runtimeClassNameProblem(name);
      if (nameError) throw new Error(`KubernetesTarget: RuntimeClass name '${name}' is not valid: ${nameError}.`);
      if (typeof rc !== 'object' || rc === null || Array.isArray(rc)) {
        throw new Error(`KubernetesTarget: runtimeClasses['${name}'] (${JSON.stringify(rc)}) must be an object such as `
          + '{ podFixed: { cpu: \'250m\', memory: \'120Mi\' } }.');
      }
      if (rc.podFixed === undefined) {
        runtimeClasses[name] = Object.freeze({});
        continue;
      }
      const podFixedError = podFixedProblem(rc.podFixed, `runtimeClasses['${name}'].podFixed`, true);
      if (podFixedError) throw new Error(`KubernetesTarget: ${podFixedError}.`);
      runtimeClasses[name] = Object.freeze({ podFixed: Object.freeze({ ...rc.podFixed }) });
    }
    anySet = true;
    const path = scope.node.path;
    TARGETS.set(scope, new KubernetesTarget(`${v.major}.${v.minor}`, Object.freeze(gates), Object.freeze(runtimeClasses),
      `KubernetesTarget of ${path === '' ? 'the App' : path}`));
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

  private static readonly FALLBACK = new KubernetesTarget(KubernetesTarget.DEFAULT_VERSION, {}, {}, 'KubernetesTarget');

  private readonly runtimeClassLookup?: RuntimeClassLookup;

  private constructor(
    /** Kubernetes minor version, e.g. `1.30`. */
    public readonly version: string,
    /** Feature gates set explicitly. */
    public readonly featureGates: { [gate: string]: boolean },
    /** RuntimeClasses declared, by name, with their overhead. */
    public readonly runtimeClasses: { [name: string]: RuntimeClassOverhead },
    source: string,
  ) {
    const names = Object.keys(runtimeClasses);
    if (names.length > 0) {
      this.runtimeClassLookup = runtimeClassLookupOf(names.map(name => ({ name, source, podFixed: runtimeClasses[name].podFixed })));
    }
  }

  /**
   * @internal The declared RuntimeClasses as the pod model looks them up; undefined when none is declared.
   */
  public _runtimeClassLookup(): RuntimeClassLookup | undefined {
    return this.runtimeClassLookup;
  }
}

const TARGETS = new WeakMap<IConstruct, KubernetesTarget>();
/** Whether `KubernetesTarget.set` was ever called. */
let anySet = false;

