/**
 * Fixtures of the rule tests: pod models built directly with buildPodModel (as the manifest adapter does),
 * containers as Kubernetes JSON, and a helper that runs one rule the way the checks do.
 */
import { Finding, PodRule, runRules } from '../../lib/checks/rule';
import {
  ContainerJson, HpaMetricJson, HpaModel, LabelSelectorJson, PatternKind, PdbModel, PodModel, PodSpecJson, RuntimeClassModel, buildPodModel,
} from '../../lib/model/pod-model';
import { runtimeClassLookupOf } from '../../lib/model/runtime-class';

/** A container with a pinned image and modest resources; `extra` overrides or adds fields. */
export function container(name: string, extra: Partial<ContainerJson> = {}): ContainerJson {
  return {
    name,
    image: `mycompany/${name}:1.0.0`,
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
    ...extra,
  };
}

/** A native sidecar: an init container with restartPolicy Always. */
export function sidecar(name: string, extra: Partial<ContainerJson> = {}): ContainerJson {
  return container(name, { restartPolicy: 'Always', ...extra });
}

export interface PodOptions {
  readonly kind?: string;
  readonly name?: string;
  readonly version?: string;
  readonly featureGates?: { [gate: string]: boolean };
  readonly hpas?: HpaModel[];
  /** Pods the workload asks for (`PodModel.replicas`). */
  readonly replicas?: number;
  readonly patterns?: { [container: string]: PatternKind };
  /** A StatefulSet's volumeClaimTemplates names. */
  readonly volumeClaimTemplates?: string[];
  /** The pod template's annotations. */
  readonly annotations?: { [key: string]: string };
  /** The pod template's labels. */
  readonly labels?: { [key: string]: string };
  /** The workload's spec.selector. */
  readonly selector?: LabelSelectorJson;
  /** The PodDisruptionBudgets that select the pod. */
  readonly pdbs?: PdbModel[];
  /** The RuntimeClasses the input declares (the pod's is admitted with its overhead). */
  readonly runtimeClasses?: RuntimeClassModel[];
}

/** A pod model of `spec` (a Deployment 'web' on Kubernetes 1.30 unless told otherwise). */
export function pod(spec: Partial<PodSpecJson>, o: PodOptions = {}): PodModel {
  return buildPodModel({
    kind: o.kind ?? 'Deployment',
    name: o.name ?? 'web',
    source: `test/${o.name ?? 'web'}`,
    spec: { containers: [], ...spec } as PodSpecJson,
    replicas: o.replicas,
    volumeClaimTemplates: o.volumeClaimTemplates,
    hpas: o.hpas,
    target: { version: o.version ?? '1.30', featureGates: o.featureGates ?? {} },
    patterns: o.patterns ? new Map(Object.entries(o.patterns)) : undefined,
    podMetadata: { labels: o.labels, annotations: o.annotations },
    selector: o.selector,
    pdbs: o.pdbs,
    runtimeClasses: o.runtimeClasses ? runtimeClassLookupOf(o.runtimeClasses) : undefined,
  });
}

/** An autoscaling/v2 HPA with these metrics. */
export function hpa(metrics: HpaMetricJson[], name = 'web-hpa'): HpaModel {
  return { name, source: `test/${name}`, minReplicas: 1, maxReplicas: 10, metrics };
}

/** A ContainerResource metric at `utilization` percent. */
export function containerMetric(containerName: string, resource = 'cpu', utilization = 70): HpaMetricJson {
  return { type: 'ContainerResource', containerResource: { name: resource, container: containerName, target: { type: 'Utilization', averageUtilization: utilization } } };
}

/** A pod-level Resource metric at `utilization` percent. */
export function podMetric(resource = 'cpu', utilization = 70): HpaMetricJson {
  return { type: 'Resource', resource: { name: resource, target: { type: 'Utilization', averageUtilization: utilization } } };
}

/** The findings of one rule, as the checks report them. */
export function run(rule: PodRule, model: PodModel): Finding[] {
  return runRules([rule], model);
}

/** The messages of one rule's findings. */
export function messages(rule: PodRule, model: PodModel): string[] {
  return run(rule, model).map(f => f.message);
}
