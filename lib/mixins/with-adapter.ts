import { IConstruct, IMixin } from 'constructs';
import { applyContainerPattern, ContainerPatternSpec, regularContainerSpec, requireName } from './container-pattern';
import { propsProblem, supportsWorkloadOrScope } from './mixin-scope';
import { PatternContainerProps } from './pattern-container-props';

/**
 * Props of an adapter.
 */
export interface WithAdapterProps extends PatternContainerProps {}

/**
 * Adds an adapter: a regular container that translates the app's output (logs, metrics, status)
 * into the format the platform expects, e.g. a JMX exporter serving Prometheus metrics on its own port.
 * The app and the adapter share the pod's network namespace, so the adapter reads the app on localhost.
 *
 * Like a classic sidecar it is refused on a Job or CronJob (or a bare Pod whose restartPolicy is Never or
 * OnFailure), where it would keep the Job from completing; use `WithNativeSidecar` there.
 *
 * Resources default to 50m CPU and 64Mi memory requested, 128Mi memory limit.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/pods/#how-pods-manage-multiple-containers
 */
export class WithAdapter implements IMixin {
  private readonly props: WithAdapterProps;
  private readonly spec: ContainerPatternSpec;

  /**
   * Throws nothing: a problem with the props is thrown by `applyTo`, naming the construct the mixin was applied to.
   * @param props the adapter container: a name, an image and any cdk8s-plus container props
   */
  constructor(props: WithAdapterProps) {
    this.props = props;
    this.spec = { ...regularContainerSpec('WithAdapter', 'adapter', props), problem: propsProblem(() => requireName('WithAdapter', props.name)) };
  }

  /** The adapter container's name. */
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
   * Adds the adapter container to the workload; does nothing if this mixin already added it there. Refused on a Job, a CronJob or a run-to-completion Pod.
   * @throws if 'name' is missing or invalid, a container of that name exists, or the construct is a scope that holds no
   *   workload; each error names the construct the mixin was applied to
   */
  public applyTo(construct: IConstruct): void {
    applyContainerPattern(construct, this.spec);
  }
}
