import { compareMinor, parseMinorVersion } from './minor-version';
/**
 * A Kubernetes feature whose availability depends on the cluster version and on a feature gate.
 *
 * Versions are the upstream graduation points (kubernetes `pkg/features/kube_features.go`,
 * `defaultVersionedKubernetesFeatureGates`): alpha (gate off by default), beta (gate on by default),
 * GA (gate locked on, `LockToDefault: true`: a cluster cannot turn it off, so a `false` here is ignored).
 */
export class KubernetesFeature {
  /**
   * Native sidecar containers: init containers with `restartPolicy: Always` (KEP-753).
   * Alpha 1.28, beta 1.29, GA 1.33.
   * @see https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/
   */
  public static readonly SIDECAR_CONTAINERS = new KubernetesFeature('SidecarContainers', 'native sidecar containers', '1.28', '1.29', '1.33');

  /**
   * HPA `ContainerResource` metrics (KEP-1610). Alpha 1.20, beta 1.27, GA 1.30.
   * @see https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#container-resource-metrics
   */
  public static readonly HPA_CONTAINER_METRICS = new KubernetesFeature('HPAContainerMetrics', 'HPA ContainerResource metrics', '1.20', '1.27', '1.30');

  /**
   * Pod-level `spec.resources` (KEP-2837). Alpha 1.32, beta 1.34.
   * @see https://kubernetes.io/docs/tasks/configure-pod-container/assign-pod-level-resources/
   */
  public static readonly POD_LEVEL_RESOURCES = new KubernetesFeature('PodLevelResources', 'pod-level resources', '1.32', '1.34');

  /**
   * `restartPolicy` (and `restartPolicyRules`) on regular containers, and `Never`/`OnFailure` on init containers.
   * Alpha 1.34, beta 1.35.
   * @see https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#container-restart-rules
   */
  public static readonly CONTAINER_RESTART_RULES = new KubernetesFeature('ContainerRestartRules', 'container restart rules', '1.34', '1.35');

  /**
   * The `sleep` action of lifecycle hooks (`lifecycle.preStop.sleep.seconds`, KEP-3960).
   * Alpha 1.29, beta 1.30, GA 1.34.
   * @see https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/#hook-handler-implementations
   */
  public static readonly POD_LIFECYCLE_SLEEP_ACTION = new KubernetesFeature('PodLifecycleSleepAction', 'sleep actions in lifecycle hooks', '1.29', '1.30', '1.34');

  /**
   * A `sleep` action of 0 seconds (KEP-4818). Alpha 1.32, beta 1.33, GA 1.34.
   * @see https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/#hook-handler-implementations
   */
  public static readonly POD_LIFECYCLE_SLEEP_ACTION_ALLOW_ZERO = new KubernetesFeature('PodLifecycleSleepActionAllowZero', 'sleep actions of 0 seconds', '1.32', '1.33', '1.34');

  /**
   * The `RestartAllContainers` action of container `restartPolicyRules`, which also allows restart rules on native
   * sidecars (KEP-5532). Alpha 1.35, beta 1.36.
   * @see https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#container-restart-rules
   */
  public static readonly RESTART_ALL_CONTAINERS = new KubernetesFeature('RestartAllContainersOnContainerExits', 'RestartAllContainers restart rule actions', '1.35', '1.36');

  /**
   * A container's `lifecycle.stopSignal` (KEP-4960). Alpha 1.33, still alpha in 1.36 (the KEP plans beta for 1.38):
   * off unless the gate is set.
   * @see https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/#stop-signals
   */
  public static readonly CONTAINER_STOP_SIGNALS = new KubernetesFeature('ContainerStopSignals', 'container stop signals (lifecycle.stopSignal)', '1.33');

  /**
   * A per-HPA `spec.behavior.scaleUp.tolerance` / `scaleDown.tolerance` (KEP-4951). Alpha 1.33, beta 1.35.
   * @see https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#tolerance
   */
  public static readonly HPA_CONFIGURABLE_TOLERANCE = new KubernetesFeature('HPAConfigurableTolerance', 'per-HPA scaling tolerances', '1.33', '1.35');

  /** Every feature this library knows about. */
  public static all(): KubernetesFeature[] {
    return [
      KubernetesFeature.SIDECAR_CONTAINERS, KubernetesFeature.HPA_CONTAINER_METRICS, KubernetesFeature.POD_LEVEL_RESOURCES,
      KubernetesFeature.CONTAINER_RESTART_RULES, KubernetesFeature.POD_LIFECYCLE_SLEEP_ACTION,
      KubernetesFeature.POD_LIFECYCLE_SLEEP_ACTION_ALLOW_ZERO, KubernetesFeature.RESTART_ALL_CONTAINERS,
      KubernetesFeature.CONTAINER_STOP_SIGNALS, KubernetesFeature.HPA_CONFIGURABLE_TOLERANCE,
    ];
  }

  private constructor(
    /** The feature gate's name, e.g. `SidecarContainers`. */
    public readonly gate: string,
    /** What the feature is, in words. */
    public readonly description: string,
    /** First minor version with the feature (alpha, gate off by default). */
    public readonly alpha: string,
    /**
     * First minor version where the gate is on by default (beta).
     * @default - still alpha in the newest version this library knows: on only where the gate is set
     */
    public readonly beta?: string,
    /**
     * First minor version where the feature is GA and the gate is locked on.
     * @default - not GA yet
     */
    public readonly ga?: string,
  ) {}

  /**
   * Whether a cluster of this version, with these feature gates, has the feature enabled.
   * @param version Kubernetes minor version, e.g. `1.30`
   * @param featureGates gates explicitly set on the cluster
   */
  public isEnabled(version: string, featureGates: { [gate: string]: boolean } = {}): boolean {
    const v = parseMinorVersion(version);
    if (compareMinor(v, parseMinorVersion(this.alpha)) < 0) return false;
    if (this.ga && compareMinor(v, parseMinorVersion(this.ga)) >= 0) return true;
    const explicit = featureGates[this.gate];
    if (explicit !== undefined) return explicit;
    return this.beta !== undefined && compareMinor(v, parseMinorVersion(this.beta)) >= 0;
  }

  /**
   * A sentence saying what this version needs to have the feature, e.g.
   * "native sidecar containers need Kubernetes 1.29 or later, or 1.28 with the SidecarContainers feature gate", or for a
   * feature still alpha "container stop signals (lifecycle.stopSignal) need Kubernetes 1.33 or later with the
   * ContainerStopSignals feature gate (alpha, off by default)".
   */
  public requirement(): string {
    if (this.beta === undefined) {
      return `${this.description} need Kubernetes ${this.alpha} or later with the ${this.gate} feature gate (alpha, off by default)`;
    }
    const lastGated = previousMinor(this.beta);
    const gated = this.alpha === lastGated ? this.alpha : `${this.alpha}-${lastGated}`;
    return `${this.description} need Kubernetes ${this.beta} or later, or ${gated} with the ${this.gate} feature gate`;
  }
}


function previousMinor(version: string): string {
  const v = parseMinorVersion(version);
  return `${v.major}.${v.minor - 1}`;
}
