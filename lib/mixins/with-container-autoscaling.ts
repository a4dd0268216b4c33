import * as kplus from 'cdk8s-plus-30';
import { IConstruct, IMixin } from 'constructs';
import { isContainerName, newMixinId } from './container-pattern';
import { cannotJoin, enterScope, propsProblem, supportsWorkloadOrScope, throwPropsProblem } from './mixin-scope';
import { registerPodChecks } from '../synth/pod-checks-registration';
import { isPodWorkload, isScalableWorkload } from '../synth/workload-model';
import { WorkloadState } from '../synth/workload-state';

/**
 * Props of container autoscaling.
 */
export interface WithContainerAutoscalingProps {
  /** The container whose utilisation drives scaling (autoscaling/v2 `ContainerResource.container`). */
  readonly container: string;

  /**
   * Fewest replicas.
   * @default 1
   */
  readonly minReplicas?: number;

  /** Most replicas. */
  readonly maxReplicas: number;

  /**
   * Target average CPU utilisation of the container, in percent of its CPU request.
   * @default - 70 when `memoryUtilization` is not set either, else no CPU metric
   */
  readonly cpuUtilization?: number;

  /**
   * Target average memory utilisation of the container, in percent of its memory request.
   * @default - no memory metric
   */
  readonly memoryUtilization?: number;

  /**
   * Name of the HorizontalPodAutoscaler.
   * @default - the workload's name followed by `-hpa`, e.g. `web-app-hpa`
   */
  readonly hpaName?: string;
}

/**
 * Creates an autoscaling/v2 HorizontalPodAutoscaler for a Deployment or StatefulSet whose metrics are
 * `ContainerResource` metrics on one named container, so a near-idle sidecar does not dilute the app's
 * utilisation. The checks verify that the container exists and requests the resource.
 *
 * Needs Kubernetes 1.27 or later (1.20-1.26 with the `HPAContainerMetrics` feature gate).
 *
 * @see https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#container-resource-metrics
 */
export class WithContainerAutoscaling implements IMixin {
  private readonly id = newMixinId();
  /** What is wrong with the props, thrown by `applyTo` (naming the construct). */
  private readonly problem: string | undefined;

  /**
   * Throws nothing: a problem with the props is thrown by `applyTo`, naming the construct the mixin was applied to.
   * @param props the container to scale on, the replica bounds and the utilisation targets
   */
  constructor(private readonly props: WithContainerAutoscalingProps) {
    this.problem = propsProblem(() => checkAutoscalingProps(props));
  }

  /**
   * True for every cdk8s-plus workload, and for a scope outside any workload (a Chart, an App), like the container
   * mixins; `applyTo` refuses a workload that is not a Deployment or a StatefulSet.
   */
  public supports(construct: IConstruct): boolean {
    return supportsWorkloadOrScope(construct);
  }

  /**
   * Creates the HPA for the workload; does nothing if this mixin already created one there.
   * @throws if 'container' is not a container name, the bounds or targets are out of range, the workload is not a
   *   Deployment or StatefulSet, it already has an HPA, or the construct is a scope that holds no workload; each error
   *   names the construct the mixin was applied to
   */
  public applyTo(construct: IConstruct): void {
    throwPropsProblem(this.problem, construct);
    if (!isPodWorkload(construct)) {
      enterScope(this, construct, `WithContainerAutoscaling '${this.props.container}'`);
      return;
    }
    const joining = cannotJoin('WithContainerAutoscaling', this.props.container, construct);
    if (!isScalableWorkload(construct)) {
      throw new Error(`${joining}: only a Deployment or a StatefulSet `
        + 'can be scaled by a HorizontalPodAutoscaler. Apply the mixin to the Deployments and StatefulSets only.');
    }
    const state = WorkloadState.of(construct);
    if (state.autoscaledBy === this.id) return;
    const w = construct;
    if (w.hasAutoscaler) {
      throw new Error(`${joining}: it already has a `
        + 'HorizontalPodAutoscaler, and two HPAs on one workload fight over its replicas. '
        + 'Put every metric in one HPA (cpuUtilization and memoryUtilization of the same WithContainerAutoscaling).');
    }
    const { container, cpuUtilization, memoryUtilization } = this.props;
    const cpu = cpuUtilization ?? (memoryUtilization === undefined ? 70 : undefined);
    const cpuMetric = cpu === undefined ? undefined
      : kplus.Metric.containerCpu({ container: containerRef(container), target: kplus.MetricTarget.averageUtilization(cpu) });
    const memoryMetric = memoryUtilization === undefined ? undefined
      : kplus.Metric.containerMemory({ container: containerRef(container), target: kplus.MetricTarget.averageUtilization(memoryUtilization) });
    const metrics = cpuMetric && memoryMetric ? [cpuMetric, memoryMetric] : [(cpuMetric ?? memoryMetric)!];
    new kplus.HorizontalPodAutoscaler(w, `hpa-${container}`, {
      target: w,
      minReplicas: this.props.minReplicas ?? 1,
      maxReplicas: this.props.maxReplicas,
      metrics,
      metadata: { name: this.props.hpaName ?? `${w.name}-hpa` },
    });
    registerPodChecks(w);
    state.autoscaledBy = this.id;
  }
}

/** Throws when 'container' is not a container name, or the replica bounds or the utilisation targets are out of range. */
function checkAutoscalingProps(props: WithContainerAutoscalingProps): void {
  if (!props.container || String(props.container).trim() === '') {
    throw new Error("WithContainerAutoscaling: 'container' is required: name the container whose utilisation drives scaling, e.g. { container: 'app' }.");
  }
  if (!isContainerName(props.container)) {
    throw new Error(`WithContainerAutoscaling: 'container' (${JSON.stringify(props.container)}) is not a container name: `
      + "use the name of one of the workload's containers, e.g. 'app'.");
  }
  const min = props.minReplicas ?? 1;
  if (!Number.isInteger(min) || min < 1) {
    throw new Error(`WithContainerAutoscaling '${props.container}': 'minReplicas' (${props.minReplicas}) must be a whole number, at least 1.`);
  }
  if (!Number.isInteger(props.maxReplicas) || props.maxReplicas < min) {
    throw new Error(`WithContainerAutoscaling '${props.container}': 'maxReplicas' (${props.maxReplicas}) must be a whole number, at least minReplicas (${min}).`);
  }
  requirePercentage(props, 'cpuUtilization');
  requirePercentage(props, 'memoryUtilization');
}

/** Throws unless the utilisation target is unset or a whole percentage, at least 1. */
function requirePercentage(props: WithContainerAutoscalingProps, field: 'cpuUtilization' | 'memoryUtilization'): void {
  const v = props[field];
  if (v !== undefined && (!Number.isInteger(v) || v < 1)) {
    throw new Error(`WithContainerAutoscaling '${props.container}': '${field}' (${v}) must be a whole percentage, at least 1.`);
  }
}

/** cdk8s-plus's container metrics take a Container object but only read its name. */
function containerRef(name: string): kplus.Container {
  return { name } as kplus.Container;
}
