import { fieldPath, ModelContainer, PodModel } from '../../model/pod-model';
import { PodRule } from '../rule';
import { RuleSeverity } from '../rule-severity';

/**
 * A `WithInitStep` init container in a workload that runs more than one pod at a time: a database migration there runs
 * once per pod, several at once (the seed article's warning about migrations in init containers).
 */
export const initStepReplicas: PodRule = {
  id: 'PP-INIT-STEP-REPLICAS',
  severity: RuleSeverity.WARNING,
  cause: 'An init step (`WithInitStep`) is in a workload with more than one replica, or one scaled by an HPA.',
  explanation: 'An init container runs in every pod, each time the pod starts: a workload of 3 replicas runs its init '
    + 'step 3 times, at the same time when the pods start together (a rollout, a scale-up, a node drain). A database '
    + 'migration run that way races with itself and with the old pods still serving. Run migrations once per release in '
    + 'a Job (or a CronJob, a Helm or Argo CD hook), or make the step take a leader lock (e.g. a PostgreSQL advisory '
    + 'lock) so one pod migrates and the others wait. A step that is safe to repeat (configuration fetched into an '
    + 'emptyDir, a permissions fix) is fine: acknowledge the warning with the reason. The rule looks only at init '
    + 'containers added by `WithInitStep`: wait-for loops (`WithWaitFor`) are meant to run in every pod, and most '
    + 'hand-written init containers are per-pod setup, so warning on every init container would be noise (which is '
    + 'also why the CLI, which reads manifests without the mixins, does not report it). A DaemonSet is left out: its '
    + 'pods are one per node, and an init step there is per-node setup by design.',
  check: (pod: PodModel) => {
    if (pod.kind === 'DaemonSet') return [];
    const steps = pod.containers.filter(c => c.pattern === 'init-step' && c.role === 'init');
    if (steps.length === 0) return [];
    const scale = scaleOf(pod);
    return scale === undefined ? [] : steps.map(c => message(pod, c, scale));
  },
};

/** How many pods may run the step at once, in words (`3 replicas`, `up to 10 replicas (HPA 'web-hpa')`); undefined at most 1. */
function scaleOf(pod: PodModel): string | undefined {
  const unit = pod.kind === 'Job' || pod.kind === 'CronJob' || pod.kind === 'Pod' ? 'pods' : 'replicas';
  const scaling = pod.hpas.filter(h => h.maxReplicas > 1);
  if (scaling.length > 0) {
    const max = Math.max(...scaling.map(h => h.maxReplicas));
    return `up to ${max} ${unit} (HPA ${scaling.map(h => `'${h.name}'`).join(', ')})`;
  }
  return pod.replicas !== undefined && pod.replicas > 1 ? `${pod.replicas} ${unit}` : undefined;
}

function message(pod: PodModel, c: ModelContainer, scale: string): string {
  return `init step '${c.name}' (${fieldPath(c)}) runs in every pod of ${pod.kind} '${pod.name}', ${scale}: once per pod, `
    + 'several at once when pods start together, so a database migration there races with itself. Run migrations once '
    + 'in a Job (or a Helm or Argo CD hook), or take a leader lock (e.g. a PostgreSQL advisory lock) in the step; if the '
    + 'step is safe to repeat, acknowledge it: PodChecks.acknowledge(scope, \'PP-INIT-STEP-REPLICAS\', reason).';
}
