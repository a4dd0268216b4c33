import * as kplus from 'cdk8s-plus-30';
import { PatternContainerProps } from './pattern-container-props';

/**
 * The fields of `PatternContainerProps`, every one optional: what application code passes to a team's pattern (a
 * subclass of a mixin, or a preset) to override the team's defaults field by field. Declared field for field, since
 * jsii has no `Partial<>`; a test keeps the two lists equal.
 */
export interface PatternContainerOverrides {
  /**
   * Name of the container: a lowercase RFC 1123 label of at most 63 characters (`log-shipper`), unique among the
   * pod's containers and init containers. Cannot be updated.
   *
   * @default - the team pattern's name
   */
  readonly name?: string;

  /**
   * Container image, e.g. `grafana/promtail:3.4.0` (pin a tag or a digest: the checks warn on `:latest`).
   *
   * @default - the team pattern's image
   */
  readonly image?: string;

  /**
   * Number of a port to expose, as `portNumber` (kept from cdk8s-plus's container props).
   *
   * @deprecated - use `portNumber`.
   * @default - only the ports in `ports` are exposed
   */
  readonly port?: number;

  /**
   * Number of a port to expose on the pod's IP address, 1-65535. cdk8s-plus adds it to `ports` and, unless `startup`
   * is set, a TCP startupProbe on it. `WithInitStep` refuses it.
   *
   * @default - only the ports in `ports` are exposed
   */
  readonly portNumber?: number;

  /**
   * Ports to expose from this container. Unlike `portNumber`, they add no startupProbe.
   *
   * @default - only the port in `portNumber` is exposed
   */
  readonly ports?: kplus.ContainerPort[];

  /**
   * Entrypoint array, not run in a shell. `$(VAR_NAME)` is expanded from the container's environment.
   *
   * @see https://kubernetes.io/docs/tasks/inject-data-application/define-command-argument-container/#running-a-command-in-a-shell
   * @default - the image's ENTRYPOINT
   */
  readonly command?: string[];

  /**
   * Arguments to the entrypoint. `$(VAR_NAME)` is expanded from the container's environment.
   *
   * @see https://kubernetes.io/docs/tasks/inject-data-application/define-command-argument-container/#running-a-command-in-a-shell
   * @default - the image's CMD when `command` is not set, else no arguments
   */
  readonly args?: string[];

  /**
   * Working directory of the container.
   *
   * @default - the container runtime's default, which the image may set
   */
  readonly workingDir?: string;

  /**
   * Environment variables to set in the container.
   *
   * @default - no environment variables
   */
  readonly envVariables?: { [name: string]: kplus.EnvValue };

  /**
   * Sources to populate environment variables from. A key in several sources takes the value of the last one;
   * `envVariables` takes precedence over all of them.
   *
   * @default - no sources
   */
  readonly envFrom?: kplus.EnvFrom[];

  /**
   * Pod volumes to mount into this container's filesystem (each volume is declared once in the pod).
   *
   * @default - no volume mounts
   */
  readonly volumeMounts?: kplus.VolumeMount[];

  /**
   * Image pull policy of the container.
   *
   * @default kplus.ImagePullPolicy.ALWAYS
   */
  readonly imagePullPolicy?: kplus.ImagePullPolicy;

  /**
   * When the container is ready to serve traffic. `WithInitStep` refuses it.
   *
   * @see https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/
   * @default - no readiness probe
   */
  readonly readiness?: kplus.Probe;

  /**
   * Periodic probe of liveness: the container is restarted when it fails. `WithInitStep` refuses it.
   *
   * @see https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/
   * @default - no liveness probe
   */
  readonly liveness?: kplus.Probe;

  /**
   * Startup probe: no other probe runs until it passes, and the containers after a native sidecar wait for it.
   * `WithInitStep` refuses it.
   *
   * @see https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/
   * @default - a TCP probe on `portNumber` when it is set, else no startup probe
   */
  readonly startup?: kplus.Probe;

  /**
   * postStart and preStop hooks. `WithInitStep` refuses them.
   *
   * @see https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/
   * @default - no hooks
   */
  readonly lifecycle?: kplus.ContainerLifecycle;

  /**
   * CPU and memory requests and limits.
   *
   * @see https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
   * @default - 50m CPU and 64Mi memory requested, 128Mi memory limit, no CPU limit (not cdk8s-plus's 1000m/512Mi)
   */
  readonly resources?: kplus.ContainerResources;

  /**
   * Security options of the container. Fields left out keep cdk8s-plus's secure defaults.
   *
   * @see https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
   * @default - cdk8s-plus's defaults: runAsNonRoot, not privileged, read-only root filesystem, no privilege escalation
   */
  readonly securityContext?: kplus.ContainerSecurityContextProps;

  /**
   * Restart policy of an init container. `Always` makes it a native sidecar, and `WithNativeSidecar` sets it whatever
   * this says; `WithInitStep` refuses the field, and the API server rejects it on a regular container.
   *
   * @see https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/
   * @default - none: the pod's restart policy applies
   */
  readonly restartPolicy?: kplus.ContainerRestartPolicy;

  /**
   * Volume mounts added to every app container of the workload (the regular containers present when the
   * mixin is applied that no mixin added; the mixin is refused on a workload without one),
   * e.g. the emptyDir an init step fills with configuration. The volume is declared once in the pod.
   * @default - none
   */
  readonly appVolumeMounts?: kplus.VolumeMount[];
}

/**
 * Builds the props of a team's pattern from its defaults and the overrides application code gives, field by field:
 * a field the overrides set (not `undefined`) replaces the default's whole value (an array or `resources` is replaced,
 * not merged), every other field keeps the default.
 *
 * @example
 * export class WithAcmeLogShipper extends WithNativeSidecar {
 *   constructor(overrides: PatternContainerOverrides = {}) {
 *     super(PatternOverrides.merge({ name: 'log-shipper', image: 'fluent/fluent-bit:3.2.2', ... }, overrides));
 *   }
 * }
 */
export class PatternOverrides {
  /**
   * The defaults with the overrides' set fields on top.
   * @param defaults the team's props: a name, an image and any other field
   * @param overrides the fields application code sets
   */
  public static merge(defaults: PatternContainerProps, overrides: PatternContainerOverrides = {}): PatternContainerProps {
    const out: { [key: string]: unknown } = { ...defaults };
    for (const [key, value] of Object.entries(overrides ?? {})) {
      if (value !== undefined) out[key] = value;
    }
    return out as unknown as PatternContainerProps;
  }

  private constructor() {}
}
