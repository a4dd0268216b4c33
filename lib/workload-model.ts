import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-30';
import { toJson_PodSpec } from 'cdk8s-plus-30/lib/imports/k8s';
import { IConstruct } from 'constructs';
import { KubernetesTarget } from './kubernetes-target';
import { buildPodModel, HpaMetricJson, HpaModel, PatternKind, PodModel, PodSpecJson } from './pod-model';

/**
 * The adapter from cdk8s-plus objects to the pod model, used at synth.
 *
 * It renders the pod spec with cdk8s-plus's own `AbstractPod._toPodSpec` (the base one, which has no
 * side effects; `Workload._toPodSpec` adds topology spread constraints every time it runs) and turns
 * cdk8s's `Quantity`/`IntOrString` objects into their JSON values, so the model is exactly what the
 * synthesized YAML holds (`test/workload-model.test.ts` proves it against the YAML).
 */

/** True for every cdk8s-plus construct that holds a pod template: Pod, Deployment, StatefulSet, DaemonSet, Job, CronJob. */
export function isPodWorkload(c: IConstruct): c is kplus.AbstractPod {
  const x = c as any;
  return typeof x.addInitContainer === 'function'
    && typeof x.addContainer === 'function'
    && typeof x.addVolume === 'function'
    && Array.isArray(x.initContainers)
    && x.apiObject !== undefined;
}

/** The Kubernetes kind a cdk8s-plus workload synthesizes to. */
export function workloadKind(w: kplus.AbstractPod): string {
  return (w as any).apiObject?.kind ?? 'Pod';
}

/** True for workloads an HPA can scale (Deployment, StatefulSet). */
export function isScalableWorkload(c: IConstruct): boolean {
  const x = c as any;
  return isPodWorkload(c) && typeof x.markHasAutoscaler === 'function' && typeof x.toScalingTarget === 'function';
}

function isHpa(c: IConstruct): c is kplus.HorizontalPodAutoscaler {
  const x = c as any;
  return x.apiObject?.kind === 'HorizontalPodAutoscaler' && x.target !== undefined && typeof x.maxReplicas === 'number';
}

/** Pattern of each container added by a mixin, per workload (see `pattern-mixin.ts`). */
const PATTERNS = new WeakMap<kplus.AbstractPod, Map<string, PatternKind>>();

export function recordPattern(w: kplus.AbstractPod, containerName: string, kind: PatternKind): void {
  let m = PATTERNS.get(w);
  if (!m) {
    m = new Map();
    PATTERNS.set(w, m);
  }
  m.set(containerName, kind);
}

export function patternsOf(w: kplus.AbstractPod): ReadonlyMap<string, PatternKind> {
  return PATTERNS.get(w) ?? new Map();
}

/** HPAs of a chart indexed by the workload they target: built once per chart, never searched per workload. */
const HPA_INDEX = new WeakMap<IConstruct, Map<IConstruct, kplus.HorizontalPodAutoscaler[]>>();

export function hpasTargeting(w: kplus.AbstractPod): kplus.HorizontalPodAutoscaler[] {
  const root = chartOf(w);
  let index = HPA_INDEX.get(root);
  if (!index) {
    index = new Map();
    for (const c of root.node.findAll()) {
      if (!isHpa(c)) continue;
      const target = c.target as unknown as IConstruct;
      const list = index.get(target) ?? [];
      list.push(c);
      index.set(target, list);
    }
    HPA_INDEX.set(root, index);
  }
  return index.get(w) ?? [];
}

/** Forget the chart's HPA index (an HPA was added after the index was built). */
export function invalidateHpaIndex(scope: IConstruct): void {
  HPA_INDEX.delete(chartOf(scope));
}

function chartOf(c: IConstruct): IConstruct {
  try {
    return Chart.of(c);
  } catch {
    return c.node.root;
  }
}

/** Deep copy turning cdk8s value objects (`Quantity`, `IntOrString`) into JSON and dropping undefined. */
export function toJsonValue(v: any): any {
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) {
    const out = [];
    for (const x of v) {
      const j = toJsonValue(x);
      if (j !== undefined) out.push(j);
    }
    return out;
  }
  if (typeof v !== 'object') return v;
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null && 'value' in v) return v.value;
  const out: any = {};
  for (const k of Object.keys(v)) {
    const j = toJsonValue(v[k]);
    if (j !== undefined) out[k] = j;
  }
  return out;
}

/**
 * The pod spec of a cdk8s-plus workload as JSON, without cdk8s-plus's scheduling side effects.
 * `toJson_PodSpec` is the generated k8s import's own TypeScript-to-JSON mapping, the one synth applies
 * (it renames e.g. `setHostnameAsFqdn` to `setHostnameAsFQDN` and `hostPid` to `hostPID`).
 */
export function podSpecOf(w: kplus.AbstractPod): PodSpecJson {
  const base = (kplus.AbstractPod.prototype as any)._toPodSpec;
  return toJsonValue(toJson_PodSpec(base.call(w))) as PodSpecJson;
}

function hpaModel(h: kplus.HorizontalPodAutoscaler): HpaModel {
  return {
    name: h.name,
    source: h.node.path,
    minReplicas: h.minReplicas,
    maxReplicas: h.maxReplicas,
    metrics: toJsonValue((h.metrics ?? []).map(m => (m as any)._toKube())) as HpaMetricJson[],
  };
}

function replicasOf(w: kplus.AbstractPod, kind: string, scaled: boolean): number | undefined {
  const x = w as any;
  switch (kind) {
    case 'Deployment': return scaled ? undefined : (x.replicas ?? 2);
    case 'StatefulSet': return scaled ? undefined : (x.replicas ?? 1);
    case 'Job':
    case 'CronJob':
    case 'Pod': return 1;
    default: return undefined;
  }
}

/** Builds the pod model of a cdk8s-plus workload. */
export function podModelOfWorkload(w: kplus.AbstractPod): PodModel {
  const kind = workloadKind(w);
  const target = KubernetesTarget.of(w);
  const hpas = hpasTargeting(w).map(hpaModel);
  return buildPodModel({
    kind,
    name: w.name,
    namespace: w.metadata.namespace,
    source: w.node.path,
    replicas: replicasOf(w, kind, hpas.length > 0 || (w as any).hasAutoscaler === true),
    spec: podSpecOf(w),
    hpas,
    target: { version: target.version, featureGates: target.featureGates },
    patterns: patternsOf(w),
  });
}
