import * as kplus from 'cdk8s-plus-30';
import { IConstruct, IMixin } from 'constructs';
import { applyContainerPattern, ContainerPatternSpec, newMixinId, PATTERN_DEFAULT_RESOURCES, patternContainerProps, requireName } from './container-pattern';
import { propsProblem, supportsWorkloadOrScope } from './mixin-scope';
import { PatternContainerProps } from './pattern-container-props';

/**
 * Props of a native sidecar. `restartPolicy` is ignored: a native sidecar always has `restartPolicy: Always`.
 */
export interface WithNativeSidecarProps extends PatternContainerProps {}

/**
 * Adds a native sidecar: an init container with `restartPolicy: Always` that starts before the
 * init containers declared after it and the app containers, keeps running for the pod's life,
 * may have startup/readiness/liveness probes and lifecycle hooks, stops after the app containers,
 * and does not keep a Job from completing.
 *
 * Kubernetes starts init containers strictly in list order, sidecar or not: the sidecar starts after the
 * init containers added before it have finished, and the next one starts once the sidecar has started
 * (once its `startupProbe` passes, when it has one). Mixins keep the order in which they are applied.
 *
 * Needs Kubernetes 1.29 or later (1.28 with the `SidecarContainers` feature gate): the checks refuse it
 * on an older `KubernetesTarget`.
 *
 * The container's `restartPolicy` is always `Always`, whatever the props say: that is what makes an init
 * container a sidecar (a `restartPolicy` passed in the props is overridden).
 *
 * Resources default to 50m CPU and 64Mi memory requested, 128Mi memory limit.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/
 */
export class WithNativeSidecar implements IMixin {
  private readonly props: WithNativeSidecarProps;
  private readonly spec: ContainerPatternSpec;

  /**
   * Throws nothing: a problem with the props is thrown by `applyTo`, naming the construct the mixin was applied to.
   * @param props the sidecar container: a name, an image and any cdk8s-plus container props, probes and lifecycle hooks included
   */
  constructor(props: WithNativeSidecarProps) {
    this.props = props;
    this.spec = {
      id: newMixinId(),
      mixin: 'WithNativeSidecar',
      pattern: 'native-sidecar',
      container: patternContainerProps(props, PATTERN_DEFAULT_RESOURCES, undefined, { restartPolicy: kplus.ContainerRestartPolicy.ALWAYS }),
      init: true,
      appVolumeMounts: props.appVolumeMounts,
      problem: propsProblem(() => requireName('WithNativeSidecar', props.name)),
    };
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
   * Adds the sidecar (an init container with `restartPolicy: Always`) to the workload; does nothing if this mixin already added it there.
   * @throws if 'name' is missing or invalid, a container of that name exists, or the construct is a scope that holds no
   *   workload; each error names the construct the mixin was applied to
   */
  public applyTo(construct: IConstruct): void {
    applyContainerPattern(construct, this.spec);
  }
}
