import {
  PodReportContainer, PodReportData, PodReportFinding, PodReportHeadroom, PodReportMount, PodReportOverhead, PodReportPort, PodReportQuota,
  PodReportRole, PodReportScaling, PodReportVolume,
} from './pod-report-types';
import { memoryHeadroom } from '../accounting/memory-backed-volumes';
import { Amounts, amountsToRecord, defaultedPod, NanoList, podLimitsOf, podRequestsOf, ResourcePod, toSchedulerAmounts } from '../accounting/pod-resources';
import { computePodQos } from '../accounting/qos';
import { withInjectedSidecars } from '../model/injected-sidecars';
import { describeAction, describeGate, shutdownSteps, startupSteps } from '../model/pod-lifecycle';
import { ContainerRole, ModelContainer, PodModel } from '../model/pod-model';

/**
 * The facts of a pod report, computed from the pod model (internal; `PodReport` wraps them).
 * Requests and limits: `pod-resources.ts` (component-helpers `PodRequests`/`PodLimits`); QoS: `qos-class.ts`;
 * memory headroom: `memory-backed-volumes.ts`. The findings are the caller's: those of the checks that already ran
 * (`PodChecks`' `findingsOf`, or the CLI's own run), so no rule runs a second time for the report.
 * The pod's quantities are parsed and defaulted once, here, for the requests, limits, QoS and container rows.
 * @throws QuantityError when a quantity is malformed (PP-INVALID-QUANTITY)
 */
export function reportDataOf(written: PodModel, findings: readonly PodReportFinding[]): PodReportData {
  // an injected proxy whose requests the annotations state is counted (lib/model/injected-sidecars.ts)
  const { model, injectedBy } = withInjectedSidecars(written);
  const pod = defaultedPod(model.spec);
  const requests = toSchedulerAmounts(podRequestsOf(pod));
  const limits = toSchedulerAmounts(podLimitsOf(pod));
  return {
    kind: model.kind,
    name: model.name,
    namespace: model.namespace,
    source: model.source,
    containers: containersOf(model, pod, injectedBy),
    requests: amountsToRecord(requests),
    limits: amountsToRecord(limits),
    ...overheadOf(model, pod),
    qosClass: computePodQos(pod),
    quota: quotaOf(model, requests, limits),
    ports: portsOf(model),
    volumes: volumesOf(model),
    memoryHeadroom: headroomOf(model),
    findings: findings.map(f => ({ ruleId: f.ruleId, severity: f.severity, message: f.message })),
  };
}

/**
 * The overhead in the counts, and where it comes from: the model's `spec.overhead` is the admitted one, so a pod whose
 * RuntimeClass set it says which (`PodModel.runtimeClass`). Nothing when the pod has none.
 */
function overheadOf(model: PodModel, pod: ResourcePod): { overhead?: PodReportOverhead } {
  if (pod.overhead === undefined || pod.overhead.size === 0) return {};
  const resources = amountsToRecord(toSchedulerAmounts(pod.overhead));
  const admission = model.runtimeClass;
  if (!admission?.overheadSet) return { overhead: { resources } };
  return { overhead: { resources, runtimeClass: admission.runtimeClass.name, declaredIn: admission.runtimeClass.source } };
}

const ROLE: Record<ContainerRole, PodReportRole> = { init: PodReportRole.INIT, sidecar: PodReportRole.SIDECAR, main: PodReportRole.MAIN };

/** Containers in start order, with the step that starts and the step that stops each; resources from the defaulted `pod`. */
function containersOf(model: PodModel, pod: ResourcePod, injectedBy: ReadonlyMap<string, string>): PodReportContainer[] {
  const stopStep = new Map<ModelContainer, number>();
  for (const s of shutdownSteps(model)) for (const c of s.containers) stopStep.set(c, s.step);
  const out: PodReportContainer[] = [];
  for (const step of startupSteps(model)) {
    for (const c of step.containers) {
      const r = (c.list === 'initContainers' ? pod.initContainers : pod.containers)[c.index];
      const probe = c.role !== 'init' && c.spec.startupProbe ? describeAction(c.spec.startupProbe) : undefined;
      out.push({
        name: c.name,
        role: ROLE[c.role],
        pattern: c.pattern,
        injectedBy: injectedBy.get(c.name),
        image: c.spec.image,
        startStep: step.step,
        startsAfter: describeGate(step.after),
        startupProbe: probe,
        stopStep: stopStep.get(c),
        requests: schedulerRecord(r.requests),
        limits: schedulerRecord(r.limits),
      });
    }
  }
  return out;
}

/** A defaulted container list in scheduler amounts, as the public record. */
function schedulerRecord(list: NanoList | undefined): { [resource: string]: number } {
  return amountsToRecord(toSchedulerAmounts(list ?? new Map()));
}

/**
 * `memory-backed-volumes.ts` rows, with byte counts as numbers. `memoryHeadroom` defaults the pod again from the spec,
 * but only for a pod with a memory-backed emptyDir: it returns at once for any other.
 */
function headroomOf(model: PodModel): PodReportHeadroom[] {
  const num = (v: bigint | undefined) => (v === undefined ? undefined : Number(v));
  return memoryHeadroom(model.spec).map(r => ({
    container: r.container,
    memoryLimit: num(r.memoryLimit),
    limitSource: r.limitSource,
    volumes: r.volumes.map(v => ({ name: v.name, sizeLimit: num(v.sizeLimit), size: num(v.size) })),
    remaining: num(r.remaining),
  }));
}

/**
 * What a namespace ResourceQuota counts: quota's pod evaluator charges each pod its `PodRequests`/`PodLimits`
 * (kubernetes pkg/quota/v1/evaluator/core/pods.go `PodUsageFunc`), so the workload costs that times its pods.
 */
function quotaOf(model: PodModel, requests: Amounts, limits: Amounts): PodReportQuota {
  const perPod = {
    minRequests: amountsToRecord(requests),
    maxRequests: amountsToRecord(requests),
    minLimits: amountsToRecord(limits),
    maxLimits: amountsToRecord(limits),
  };
  if (model.kind === 'DaemonSet') {
    return { scaling: PodReportScaling.PER_NODE, description: 'per node', ...perPod };
  }
  if (model.hpas.length > 0) {
    const min = Math.min(...model.hpas.map(h => h.minReplicas ?? 1));
    const max = Math.max(...model.hpas.map(h => h.maxReplicas));
    const names = model.hpas.map(h => h.name).join(', ');
    return {
      scaling: PodReportScaling.AUTOSCALED,
      description: `${min}..${max} replicas (HPA ${names})`,
      minReplicas: min,
      maxReplicas: max,
      minRequests: times(requests, min),
      maxRequests: times(requests, max),
      minLimits: times(limits, min),
      maxLimits: times(limits, max),
    };
  }
  const n = model.replicas ?? 1;
  return {
    scaling: PodReportScaling.FIXED,
    description: `${n} ${REPLICATED.has(model.kind) ? 'replica' : 'pod'}${n === 1 ? '' : 's'}`,
    minReplicas: n,
    maxReplicas: n,
    minRequests: times(requests, n),
    maxRequests: times(requests, n),
    minLimits: times(limits, n),
    maxLimits: times(limits, n),
  };
}

/** Kinds whose pods are counted as replicas; a Pod, Job or CronJob run counts pods. */
const REPLICATED = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController']);

function times(a: Amounts, n: number): { [resource: string]: number } {
  const out: Amounts = new Map();
  for (const [k, v] of a) out.set(k, v * BigInt(n));
  return amountsToRecord(out);
}

function portsOf(model: PodModel): PodReportPort[] {
  const out: PodReportPort[] = [];
  for (const c of model.containers) {
    for (const p of c.spec.ports ?? []) {
      out.push({ container: c.name, port: p.containerPort, protocol: p.protocol ?? 'TCP', name: p.name });
    }
  }
  return out;
}

/** Volumes in declaration order with the containers (in start order) that mount them; unmounted volumes are left out. */
function volumesOf(model: PodModel): PodReportVolume[] {
  const out: PodReportVolume[] = [];
  for (const v of model.spec.volumes ?? []) {
    const mounts: PodReportMount[] = [];
    for (const c of model.containers) {
      for (const m of c.spec.volumeMounts ?? []) {
        if (m.name === v.name) mounts.push({ container: c.name, path: m.mountPath, readOnly: m.readOnly === true });
      }
    }
    if (mounts.length === 0) continue;
    const source = Object.keys(v).filter(k => k !== 'name').sort()[0] ?? 'unknown';
    out.push({
      name: v.name,
      source,
      memoryBacked: v.emptyDir?.medium === 'Memory',
      shared: new Set(mounts.map(m => m.container)).size > 1,
      mounts,
    });
  }
  return out;
}
