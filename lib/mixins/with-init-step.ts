import { IConstruct, IMixin } from 'constructs';
import { applyContainerPattern, ContainerPatternSpec, newMixinId, PATTERN_DEFAULT_RESOURCES, patternContainerProps, requireName } from './container-pattern';
import { propsProblem, supportsWorkloadOrScope } from './mixin-scope';
import { PatternContainerProps } from './pattern-container-props';

/**
 * Props of an init step.
 */
export interface WithInitStepProps extends PatternContainerProps {}

/**
 * Adds a one-shot init container: a database migration, configuration fetched into a shared emptyDir
 * (mount it here with `volumeMounts` and into the app with `appVolumeMounts`), permissions fixed on a volume.
 * It must exit 0 before the next init container and the app start. It may not have probes, lifecycle hooks,
 * a restart policy or a `portNumber` (which cdk8s-plus would turn into a startupProbe): applying it with any of them
 * throws, naming the workload, and changes nothing. Use `WithNativeSidecar` for a long-running helper.
 *
 * Resources default to 50m CPU and 64Mi memory requested, 128Mi memory limit.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/pods/init-containers/
 */
export class WithInitStep implements IMixin {
  private readonly props: WithInitStepProps;
  private readonly spec: ContainerPatternSpec;

  /**
   * Throws nothing: a problem with the props is thrown by `applyTo`, naming the construct the mixin was applied to.
   * @param props the init container: a name, an image and any cdk8s-plus container props but probes, lifecycle hooks, restartPolicy and ports
   */
  constructor(props: WithInitStepProps) {
    this.props = props;
    const container = patternContainerProps(props, PATTERN_DEFAULT_RESOURCES);
    this.spec = {
      id: newMixinId(),
      mixin: 'WithInitStep',
      pattern: 'init-step',
      container,
      init: true,
      appVolumeMounts: props.appVolumeMounts,
      problem: propsProblem(() => checkInitStepProps(props)),
    };
  }

  /** The init container's name. */
  public get name(): string {
    return this.props.name;
  }

  /**
   * True for a cdk8s-plus Pod, Deployment, StatefulSet, DaemonSet, Job or CronJob, and for a scope outside any workload
   * (a Chart, an App): applied to a scope, the mixin joins every workload below it and fails if there is none.
   */
  public supports(construct: IConstruct): boolean {
    return supportsWorkloadOrScope(construct);
  }

  /**
   * Adds the init container to the workload; does nothing if this mixin already added it there.
   * @throws if 'name' is missing or invalid, a forbidden field is set, a container of that name exists, or the construct
   *   is a scope that holds no workload; each error names the construct the mixin was applied to
   */
  public applyTo(construct: IConstruct): void {
    applyContainerPattern(construct, this.spec);
  }
}

/** Throws when the name is missing or invalid, or a field a plain init container may not have is set. */
function checkInitStepProps(props: WithInitStepProps): void {
  requireName('WithInitStep', props.name);
  for (const field of ['readiness', 'liveness', 'startup', 'lifecycle', 'restartPolicy'] as const) {
    if (props[field] !== undefined) {
      throw new Error(`WithInitStep '${props.name}': '${field}' is not allowed on a plain init container `
        + '(the API server rejects probes and lifecycle hooks on init containers without restartPolicy=Always). '
        + 'Use WithNativeSidecar for a helper that keeps running.');
    }
  }
  if (props.portNumber !== undefined || props.port !== undefined) {
    const field = props.portNumber !== undefined ? 'portNumber' : 'port';
    throw new Error(`WithInitStep '${props.name}': '${field}' (${props.portNumber ?? props.port}) is not allowed on a one-shot init step: `
      + 'cdk8s-plus turns it into a TCP startupProbe, which the API server rejects on init containers without restartPolicy=Always, '
      + 'and a step that must exit before the app starts has no port to serve. Use WithNativeSidecar for a helper that listens on a port.');
  }
}
