import { ActionJson, ModelContainer, PodModel } from '../../model/pod-model';
import { PodRule } from '../rule';
import { RuleSeverity } from '../rule-severity';

/** The API default of `terminationGracePeriodSeconds` (`k8s.io/api/core/v1` DefaultTerminationGracePeriodSeconds). */
const DEFAULT_GRACE = 30;

/**
 * The seconds a preStop hook sleeps: `sleep.seconds`, or the largest `sleep N` (N whole seconds, optionally with
 * an `s`) in an exec command such as `["sh", "-c", "sleep 10 && nginx -s quit"]`. 0 when it does not sleep.
 * @internal
 */
export function preStopSleep(a: ActionJson | undefined): number {
  if (!a) return 0;
  if (a.sleep && typeof a.sleep.seconds === 'number') return a.sleep.seconds;
  const command = (a.exec?.command ?? []).join(' ');
  let best = 0;
  for (const m of command.matchAll(/(?:^|[\s;&|(/])sleep\s+(\d+)s?(?=$|[\s;&|)])/g)) best = Math.max(best, Number(m[1]));
  return best;
}

function sleepOf(c: ModelContainer): number {
  return preStopSleep(c.spec.lifecycle?.preStop);
}

/**
 * terminationGracePeriodSeconds too short for the preStop sleeps. The grace period is one budget for the
 * whole pod: the regular containers run their preStop hooks in parallel, then the native sidecars are stopped
 * one after another in reverse order (KEP-753), each running its own preStop hook; when the budget is spent the
 * kubelet sends SIGKILL.
 */
export const gracePeriod: PodRule = {
  id: 'PP-GRACE-PERIOD',
  severity: RuleSeverity.WARNING,
  cause: 'terminationGracePeriodSeconds does not cover the preStop sleeps of the app plus those of its native sidecars.',
  explanation: 'On shutdown the kubelet runs the regular containers\' preStop hooks (in parallel) before sending them '
    + 'SIGTERM, and only once they have exited stops the native sidecars, in reverse order, each after its own preStop hook. '
    + 'All of it must fit in `terminationGracePeriodSeconds` (default 30): the longest regular preStop sleep plus the sum of '
    + 'the sidecars\' sleeps. When it does not, the last containers get SIGKILL with no time to drain or flush (a log '
    + 'shipper loses the last lines). Raise terminationGracePeriodSeconds above the total, or shorten the sleeps.',
  source: 'KEP-753 sidecar containers (termination order); k8s.io/api core/v1 types.go terminationGracePeriodSeconds',
  check: (pod: PodModel) => {
    const grace = pod.spec.terminationGracePeriodSeconds ?? DEFAULT_GRACE;
    if (!pod.containers.some(c => c.role !== 'init' && sleepOf(c) > 0)) return []; // no preStop sleep: nothing to add up
    const mains = pod.containers.filter(c => c.role === 'main' && sleepOf(c) > 0);
    const sidecars = pod.containers.filter(c => c.role === 'sidecar' && sleepOf(c) > 0);
    const longest = mains.reduce<ModelContainer | undefined>((best, c) => (!best || sleepOf(c) > sleepOf(best) ? c : best), undefined);
    const total = (longest ? sleepOf(longest) : 0) + sidecars.reduce((s, c) => s + sleepOf(c), 0);
    if (total < grace) return [];
    const parts = [
      ...(longest ? [`'${longest.name}' ${sleepOf(longest)}s`] : []),
      ...sidecars.map(c => `native sidecar '${c.name}' ${sleepOf(c)}s`),
    ];
    const set = pod.spec.terminationGracePeriodSeconds === undefined ? ' (the default)' : '';
    return [`terminationGracePeriodSeconds is ${grace}s${set}, but the preStop sleeps add up to ${total}s (${parts.join(' + ')}; `
      + 'regular containers stop first, then the native sidecars one after another): the kubelet sends SIGKILL before '
      + `${sidecars.length > 0 ? 'the sidecars have' : 'the app has'} shut down. Set terminationGracePeriodSeconds above ${total} `
      + `(e.g. ${total + 15}), or shorten the preStop sleeps.`];
  },
};
