import { IConstruct, IMixin } from 'constructs';
import { applyContainerPattern, ContainerPatternSpec, regularContainerSpec, requireName } from './container-pattern';
import { propsProblem, supportsWorkloadOrScope } from './mixin-scope';
import { PatternContainerProps } from './pattern-container-props';

/**
 * Props of a classic sidecar.
 */
export interface WithClassicSidecarProps extends PatternContainerProps {}

/**
 * Adds a classic sidecar: a second regular container that starts in parallel with the app, with no
 * ordering guarantee, and may be stopped before the app on shutdown. Works on every Kubernetes version.
 *
 * Refused on a Job or CronJob: the Job controller waits for every regular container to exit, so a
 * long-running helper keeps the Job from ever completing; likewise on a bare Pod whose restartPolicy is
 * Never or OnFailure. Use `WithNativeSidecar` there.
 *
 * Resources default to 50m CPU and 64Mi memory requested, 128Mi memory limit.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/pods/#how-pods-manage-multiple-containers
 */
export class WithClassicSidecar implements IMixin {
  private readonly props: WithClassicSidecarProps;
  private readonly spec: ContainerPatternSpec;

  /**
   * Throws nothing: a problem with the props is thrown by `applyTo`, naming the construct the mixin was applied to.
   * @param props the sidecar container: a name, an image and any cdk8s-plus container props
   */
  constructor(props: WithClassicSidecarProps) {
    this.props = props;
    this.spec = { ...regularContainerSpec('WithClassicSidecar', 'classic-sidecar', props), problem: propsProblem(() => requireName('WithClassicSidecar', props.name)) };
  }

  /** The sidecar container's name. */
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
   * Adds the sidecar container to the workload; does nothing if this mixin already added it there. Refused on a Job, a CronJob or a run-to-completion Pod.
   * @throws if 'name' is missing or invalid, a container of that name exists, or the construct is a scope that holds no
   *   workload; each error names the construct the mixin was applied to
   */
  public applyTo(construct: IConstruct): void {
    applyContainerPattern(construct, this.spec);
  }
}
