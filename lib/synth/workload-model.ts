import { ApiObject, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-30';
import { IConstruct } from 'constructs';
import { hpaMetricsJson, podSpecOf, toJsonValue } from './cdk8s-plus-reads';
import { WorkloadState } from './workload-state';
import { HpaIndex } from '../manifest/manifest-model';
import { KubernetesTarget } from '../model/kubernetes-target';
import { buildPodModel, HpaMetricJson, HpaModel, PatternLookup, PodMetadataJson, PodModel, PodSpecJson, RuntimeClassLookup } from '../model/pod-model';

export { podSpecOf, toJsonValue };

/**
 * The adapter from cdk8s-plus objects to the pod model, used at synth and by the public `of(workload)` methods.
 *
 * The pod spec comes from `cdk8s-plus-reads.ts` (the one module that reads cdk8s-plus internals); the rest (kind,
 * name, replicas, HPAs, the patterns the mixins added) from public fields.
 */

/** True for every cdk8s-plus construct that holds a pod template: Pod, Deployment, StatefulSet, DaemonSet, Job, CronJob. */
export function isPodWorkload(c: IConstruct): c is kplus.AbstractPod {
  const x = c as unknown as { [k: string]: unknown };
  return typeof x.addInitContainer === 'function'
    && typeof x.addContainer === 'function'
    && typeof x.addVolume === 'function'
    && 'initContainers' in x // the getter copies the list: test for it, do not call it
    && ApiObject.isApiObject(c.node.defaultChild);
}

/**
 * Throws the error every public `of(workload)`-style entry point gives for anything but a cdk8s-plus workload,
 * naming the entry point (`PodReport.of`) and the construct by its path.
 */
export function requirePodWorkload(c: unknown, api: string): asserts c is kplus.AbstractPod {
  if (c !== null && typeof c === 'object' && isPodWorkload(c as IConstruct)) return;
  const path = (c as IConstruct | undefined)?.node?.path;
  const what = path === undefined ? String(c) : path || '<root>';
  throw new Error(`${api}: ${what} is not a cdk8s-plus Pod, Deployment, StatefulSet, DaemonSet, Job or CronJob.`);
}

/** The pod spec of a cdk8s-plus workload, for the public `of(workload)` methods (`api` names the method in errors). */
export function podSpecOfWorkload(workload: kplus.AbstractPod, api: string): PodSpecJson {
  requirePodWorkload(workload, api);
  return podSpecOf(workload);
}

/** The Kubernetes kind a cdk8s-plus workload synthesizes to. */
export function workloadKind(w: kplus.AbstractPod): string {
  return ApiObject.of(w).kind;
}

/** True for workloads an HPA can scale (Deployment, StatefulSet). */
export function isScalableWorkload(c: IConstruct): c is kplus.Deployment | kplus.StatefulSet {
  const x = c as unknown as { [k: string]: unknown };
  return isPodWorkload(c) && typeof x.markHasAutoscaler === 'function' && typeof x.toScalingTarget === 'function';
}

/** True for a cdk8s-plus HorizontalPodAutoscaler. */
export function isHpa(c: IConstruct): c is kplus.HorizontalPodAutoscaler {
  const x = c as unknown as { [k: string]: unknown };
  const api = c.node.defaultChild;
  return ApiObject.isApiObject(api) && api.kind === 'HorizontalPodAutoscaler' && x.target !== undefined && typeof x.maxReplicas === 'number';
}

/**
 * The cdk8s-plus HPAs that target the workload, found by one walk of its chart: for the public `of(workload)` methods,
 * which look at one workload. The checks at synth index every HPA of the app in the one walk they make per pass.
 */
export function hpasTargeting(w: kplus.AbstractPod): kplus.HorizontalPodAutoscaler[] {
  if ((w as { hasAutoscaler?: boolean }).hasAutoscaler !== true) return [];
  const out: kplus.HorizontalPodAutoscaler[] = [];
  for (const c of chartOf(w).node.findAll()) {
    if (isHpa(c) && (c.target as unknown) === w) out.push(c);
  }
  return out;
}

function chartOf(c: IConstruct): IConstruct {
  try {
    return Chart.of(c);
  } catch {
    return c.node.root;
  }
}

function hpaModel(h: kplus.HorizontalPodAutoscaler, w: kplus.AbstractPod, workloadPath: () => string): HpaModel {
  return new HpaOfWorkload(h, w, workloadPath, hpaMetricsJson(h));
}

/** An HPA of a workload, whose `source` (a construct path) is computed when first read: the checks never read it. */
class HpaOfWorkload implements HpaModel {
  public readonly name: string;
  public readonly minReplicas?: number;
  public readonly maxReplicas: number;
  private path: string | undefined = undefined;

  constructor(
    private readonly hpa: kplus.HorizontalPodAutoscaler,
    private readonly workload: kplus.AbstractPod,
    private readonly workloadPath: () => string,
    public readonly metrics: HpaMetricJson[],
  ) {
    this.name = hpa.name;
    this.minReplicas = hpa.minReplicas;
    this.maxReplicas = hpa.maxReplicas;
  }

  public get source(): string {
    // the usual HPA is the workload's child: its path is the workload's, which the pod model may already know
    return this.path ??= this.hpa.node.scope === this.workload ? `${this.workloadPath()}/${this.hpa.node.id}` : this.hpa.node.path;
  }
}

/**
 * The replicas synth writes for the workload: cdk8s-plus writes none for an autoscaled Deployment or StatefulSet and
 * defaults a Deployment to 2 and a StatefulSet to 1 (`deployment.ts`, `stateful-set.ts`; the equivalence test in
 * test/cdk8s-plus-reads.test.ts compares them with the synthesized YAML).
 */
function replicasOf(w: kplus.AbstractPod, kind: string, scaled: boolean): number | undefined {
  const replicas = (w as { replicas?: number }).replicas;
  switch (kind) {
    case 'Deployment': return scaled ? undefined : (replicas ?? 2);
    case 'StatefulSet': return scaled ? undefined : (replicas ?? 1);
    case 'Job':
    case 'CronJob':
    case 'Pod': return 1;
    default: return undefined;
  }
}

/** The pattern of each container a mixin added to the workload. */
function patternLookup(w: kplus.AbstractPod): PatternLookup | undefined {
  const state = WorkloadState.peek(w);
  return state?.hasPatterns ? { get: name => state.patternOf(name) } : undefined;
}

/**
 * Builds the pod model of a cdk8s-plus workload: a fresh model on every call, whose sources are computed when first
 * read. `spec` is the pod spec when the caller has it (the render of a workload with JSON patches), else
 * `podSpecOf(w)`; `hpas` the HPAs that target the workload when the caller indexed them, else they are searched for;
 * `runtimeClasses` the RuntimeClasses the checks at synth found in the App and on the target, else those declared on its
 * `KubernetesTarget` (a cdk8s-plus workload names a RuntimeClass only through a JSON patch, which only the checks at
 * synth read); `pdbIndex` the PodDisruptionBudgets among the app's API objects, matched against the pod template's labels.
 */
export function podModelOfWorkload(w: kplus.AbstractPod, spec?: PodSpecJson, hpasOfWorkload?: readonly kplus.HorizontalPodAutoscaler[],
  runtimeClasses?: RuntimeClassLookup, pdbIndex?: HpaIndex): PodModel {
  const kind = workloadKind(w);
  const target = KubernetesTarget.of(w);
  // the construct path is computed by walking the scopes: only a report or an HPA's source asks for it
  let path: string | undefined;
  const source = () => path ??= w.node.path;
  const targeting = hpasOfWorkload ?? hpasTargeting(w);
  const hpas = targeting.length === 0 ? NO_HPAS : targeting.map(h => hpaModel(h, w, source));
  return buildPodModel({
    kind,
    name: w.name,
    namespace: w.metadata.namespace,
    source,
    replicas: replicasOf(w, kind, hpas.length > 0 || (w as { hasAutoscaler?: boolean }).hasAutoscaler === true),
    spec: spec ?? podSpecOf(w),
    hpas,
    // one object per scope that sets it, shared by its workloads (`version` and `featureGates` are read-only)
    target,
    runtimeClasses: runtimeClasses ?? target._runtimeClassLookup(),
    patterns: patternLookup(w),
    // read only by the rules about injected sidecars: resolved the first time one asks
    podMetadata: () => podMetadataOf(w),
    pdbs: pdbIndex?.hasPdbs ? pdbIndex.pdbsSelecting(podMetadataOf(w).labels ?? {}, w.metadata.namespace) : undefined,
  });
}

/** The pod template's labels and annotations (a Pod's own metadata), as synth writes them. */
function podMetadataOf(w: kplus.AbstractPod): PodMetadataJson {
  const json = w.podMetadata.toJson() as { labels?: { [key: string]: string }; annotations?: { [key: string]: string } };
  return { labels: json.labels, annotations: json.annotations };
}

/** No HPA, shared (frozen: nothing writes a model's list). */
const NO_HPAS = Object.freeze([]) as unknown as HpaModel[];
