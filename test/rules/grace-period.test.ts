// PP-GRACE-PERIOD follows kubernetes pkg/kubelet/kuberuntime/kuberuntime_container.go killContainer
// (executePreStopHook, then waitForTurn) and kuberuntime_termination_order.go newTerminationOrdering (KEP-753):
// every preStop hook starts at once; a sidecar gets SIGTERM after its own preStop and after the regular containers
// and the sidecars declared after it have exited.
import { container, messages, pod, run, sidecar } from './rule-fixtures';
import { RuleSeverity } from '../../lib/checks/rule-severity';
import { gracePeriod } from '../../lib/checks/rules/grace-period';
import { preStopSleep } from '../../lib/model/pod-lifecycle';

const sleeps = (seconds: number) => ({ lifecycle: { preStop: { sleep: { seconds } } } });
const execSleep = (cmd: string[]) => ({ lifecycle: { preStop: { exec: { command: cmd } } } });

describe('PP-GRACE-PERIOD', () => {
  test('passes when the app sleeps 10s and its sidecar 20s within the default 30s (the hooks overlap)', () => {
    expect(run(gracePeriod, pod({
      initContainers: [sidecar('proxy', sleeps(20))],
      containers: [container('app', sleeps(10))],
    }))).toEqual([]);
  });

  test('warns when a sidecar waits on an app whose exec preStop sleeps past the grace period', () => {
    const findings = run(gracePeriod, pod({
      initContainers: [sidecar('proxy', sleeps(10)), sidecar('log-shipper', execSleep(['sh', '-c', 'sleep 5 && kill 1']))],
      containers: [container('app', execSleep(['sh', '-c', 'sleep 35']))],
    }));
    expect(findings.map(f => [f.ruleId, f.severity])).toEqual([['PP-GRACE-PERIOD', RuleSeverity.WARNING]]);
    expect(findings[0].message).toEqual("terminationGracePeriodSeconds is 30s (the default), but native sidecar 'proxy' gets "
      + "SIGTERM only 35s after termination begins (its own preStop sleeps 10s, but it waits for container 'app' to exit, "
      + 'whose preStop sleeps 35s; every preStop hook starts at once, and a native sidecar gets SIGTERM after the regular '
      + 'containers and the sidecars declared after it have exited): the kubelet sends SIGKILL before it has shut down. '
      + 'Set terminationGracePeriodSeconds above 35 (e.g. 50), or shorten the preStop sleeps.');
  });

  test('warns when a sleep action equals the grace period (accepted by the API server, no time left after SIGTERM)', () => {
    expect(messages(gracePeriod, pod({ terminationGracePeriodSeconds: 20, initContainers: [sidecar('proxy', sleeps(20))], containers: [container('app')] })))
      .toEqual(["terminationGracePeriodSeconds is 20s, but native sidecar 'proxy' gets SIGTERM only 20s after termination begins "
        + '(its preStop hook sleeps 20s; every preStop hook starts at once, and a native sidecar gets SIGTERM after the regular '
        + 'containers and the sidecars declared after it have exited): the kubelet sends SIGKILL before it has shut down. '
        + 'Set terminationGracePeriodSeconds above 20 (e.g. 35), or shorten the preStop sleeps.']);
  });

  test('regular containers stop in parallel: only the longest counts', () => {
    expect(run(gracePeriod, pod({ containers: [container('a', sleeps(20)), container('b', sleeps(20))] }))).toEqual([]);
    expect(messages(gracePeriod, pod({ terminationGracePeriodSeconds: 20, containers: [container('a', execSleep(['sleep', '25'])), container('b', sleeps(5))] })))
      .toHaveLength(1);
  });

  test('leaves a sleep action longer than the grace period to PP-SLEEP-SECONDS (the API server rejects it)', () => {
    expect(run(gracePeriod, pod({ containers: [container('app', sleeps(40))] }))).toEqual([]);
  });

  test('does not apply without preStop sleeps', () => {
    expect(run(gracePeriod, pod({ terminationGracePeriodSeconds: 0, initContainers: [sidecar('s')], containers: [container('app')] }))).toEqual([]);
  });

  test.each([
    [{ sleep: { seconds: 7 } }, 7],
    [{ exec: { command: ['sleep', '12'] } }, 12],
    [{ exec: { command: ['sh', '-c', 'nginx -s quit; sleep 3s'] } }, 3],
    [{ exec: { command: ['sh', '-c', 'usleep 500000'] } }, 0],
    [{ httpGet: { path: '/drain', port: 8080 } }, 0],
  ])('preStopSleep(%j) is %d', (action, seconds) => {
    expect(preStopSleep(action)).toEqual(seconds);
  });
});
