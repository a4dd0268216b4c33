import { PdbModel, PodModel } from '../../model/pod-model';
import { PodRule } from '../rule';
import { RuleSeverity } from '../rule-severity';

/** Pods the budget lets be evicted out of `pods` healthy ones, or undefined when it cannot say (a malformed value). */
function evictable(pdb: PdbModel, pods: number): number | undefined {
  const scaled = (v: number | string): number | undefined => {
    if (typeof v === 'number') return v;
    const m = /^(\d+)%$/.exec(v);
    if (m) return Math.ceil((pods * Number(m[1])) / 100); // both round up: getExpectedPodCount scales minAvailable and maxUnavailable with GetScaledValueFromIntOrPercent(..., true)
    return /^\d+$/.test(v) ? Number(v) : undefined;
  };
  if (pdb.minAvailable !== undefined) {
    const min = scaled(pdb.minAvailable);
    return min === undefined ? undefined : Math.max(0, pods - min);
  }
  if (pdb.maxUnavailable !== undefined) return scaled(pdb.maxUnavailable);
  return undefined;
}

function budget(pdb: PdbModel): string {
  return pdb.minAvailable !== undefined ? `minAvailable ${pdb.minAvailable}` : `maxUnavailable ${pdb.maxUnavailable}`;
}

/**
 * A PodDisruptionBudget that, at the HPA's minReplicas, lets no pod be evicted: kube-linter's
 * `pdb-min-available` / Polaris' PDB checks. The disruption controller (kubernetes pkg/controller/disruption/disruption.go)
 * allows `currentHealthy - desiredHealthy` disruptions, with percentages rounded up.
 */
export const pdbHpaMin: PodRule = {
  id: 'PP-PDB-HPA-MIN',
  severity: RuleSeverity.WARNING,
  cause: 'A PodDisruptionBudget allows no eviction when the HPA has scaled the workload down to its minReplicas.',
  explanation: 'An HPA may keep the workload at `minReplicas` for hours. If a PodDisruptionBudget that selects its pods '
    + 'then requires all of them to stay (`minAvailable` at or above minReplicas, a percentage that rounds up to it, or '
    + '`maxUnavailable: 0`), the Eviction API refuses every eviction: node drains for upgrades and cluster-autoscaler '
    + 'scale-downs hang. Lower minAvailable below minReplicas, use `maxUnavailable: 1`, or raise minReplicas.',
  source: 'kubernetes pkg/controller/disruption/disruption.go (disruptionsAllowed = currentHealthy - desiredHealthy); '
    + 'https://kubernetes.io/docs/tasks/run-application/configure-pdb/; kube-linter pdb-min-available',
  check: (pod: PodModel) => {
    if (pod.pdbs.length === 0 || pod.hpas.length === 0) return [];
    const out: string[] = [];
    for (const h of pod.hpas) {
      const min = h.minReplicas ?? 1;
      for (const p of pod.pdbs) {
        if (evictable(p, min) !== 0) continue;
        out.push(`PodDisruptionBudget '${p.name}' (${budget(p)}) allows no eviction when HPA '${h.name}' has scaled ${pod.kind} `
          + `'${pod.name}' down to its minReplicas ${min}: node drains and cluster-autoscaler scale-downs wait until it scales up. `
          + `Set ${p.minAvailable !== undefined ? `minAvailable below ${min}` : 'maxUnavailable to 1'}, use maxUnavailable: 1, `
          + `or raise minReplicas to ${min + 1}.`);
      }
    }
    return out;
  },
};
