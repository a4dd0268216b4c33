import { preStopSleep, shutdownTimeline, StopTiming } from '../../model/pod-lifecycle';
import { PodModel } from '../../model/pod-model';
import { PodRule } from '../rule';
import { RuleSeverity } from '../rule-severity';
import { who } from './rule-helpers';
import { DEFAULT_GRACE, sleepOverGrace } from './sleep-seconds';

export { preStopSleep };

/**
 * terminationGracePeriodSeconds too short for the preStop sleeps. The grace period is one budget for the whole pod,
 * counted from the moment termination begins; the kubelet (`kuberuntime_container.go` `killContainer`:
 * `executePreStopHook`, then `waitForTurn`; KEP-753) starts every container's preStop hook at once, so the sleeps
 * overlap: a container gets SIGTERM when its own hook has returned and, for a native sidecar, once the regular
 * containers and the sidecars declared after it have exited (`shutdownTimeline`, the model the lifecycle picture
 * draws).
 */
export const gracePeriod: PodRule = {
  id: 'PP-GRACE-PERIOD',
  severity: RuleSeverity.WARNING,
  cause: 'A container gets SIGTERM only when terminationGracePeriodSeconds is already spent, because of the preStop sleeps.',
  explanation: 'On shutdown the kubelet starts every running container\'s preStop hook at once (native sidecars too). A regular '
    + 'container gets SIGTERM when its own hook returns; a native sidecar when its own hook has returned and the regular '
    + 'containers and the sidecars declared after it have exited, so sidecars stop in reverse order. The sleeps overlap: '
    + 'an app sleeping 10s and a sidecar sleeping 20s are done at 20s, not 30s. All of it must fit in '
    + '`terminationGracePeriodSeconds` (default 30), counted from the start: a container that gets SIGTERM at or after it '
    + 'has only the kubelet\'s 2-second minimum before SIGKILL, no time to drain or flush (a log shipper loses the last '
    + 'lines). Raise terminationGracePeriodSeconds above the latest SIGTERM, or shorten the sleeps. (A `sleep` action '
    + 'longer than the grace period is rejected by the API server: PP-SLEEP-SECONDS.)',
  source: 'kubernetes pkg/kubelet/kuberuntime/kuberuntime_container.go killContainer (executePreStopHook, waitForTurn, then '
    + 'at least minimumGracePeriodInSeconds = 2 from kuberuntime_manager.go); kuberuntime_termination_order.go '
    + 'newTerminationOrdering; KEP-753 sidecar containers',
  check: (pod: PodModel) => {
    // without a preStop hook every container gets SIGTERM when termination begins: nothing can outlast the grace period
    if (!pod.containers.some(c => c.spec.lifecycle?.preStop)) return [];
    const grace = pod.spec.terminationGracePeriodSeconds ?? DEFAULT_GRACE;
    if (sleepOverGrace(pod).length > 0) return []; // the API server rejects it: PP-SLEEP-SECONDS says so
    const timeline = shutdownTimeline(pod);
    const last = timeline.reduce<StopTiming | undefined>((best, t) => (!best || t.sigterm >= best.sigterm ? t : best), undefined); // the last to stop
    if (!last || last.sigterm === 0) return []; // no preStop sleep
    if (last.sigterm < grace) return [];
    const set = pod.spec.terminationGracePeriodSeconds === undefined ? ' (the default)' : '';
    const why = last.heldBy === last.container
      ? `its preStop hook sleeps ${last.sigterm}s`
      : `its own preStop sleeps ${last.preStop}s, but it waits for ${who(last.heldBy)} to exit, whose preStop sleeps ${last.sigterm}s`;
    return [`terminationGracePeriodSeconds is ${grace}s${set}, but ${who(last.container)} gets SIGTERM only ${last.sigterm}s after `
      + `termination begins (${why}; every preStop hook starts at once, and a native sidecar gets SIGTERM after the regular `
      + 'containers and the sidecars declared after it have exited): the kubelet sends SIGKILL before it has shut down. '
      + `Set terminationGracePeriodSeconds above ${last.sigterm} (e.g. ${last.sigterm + 15}), or shorten the preStop sleeps.`];
  },
};
