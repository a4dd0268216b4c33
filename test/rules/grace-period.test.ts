import { container, messages, pod, run, sidecar } from './rule-fixtures';
import { RuleSeverity } from '../../lib/checks/rule-severity';
import { gracePeriod, preStopSleep } from '../../lib/checks/rules/grace-period';

const sleeps = (seconds: number) => ({ lifecycle: { preStop: { sleep: { seconds } } } });
const execSleep = (cmd: string[]) => ({ lifecycle: { preStop: { exec: { command: cmd } } } });

describe('PP-GRACE-PERIOD', () => {
  test('warns when the app\'s preStop plus the sidecars\' exceed the default 30s, with the sum', () => {
    const findings = run(gracePeriod, pod({
      initContainers: [sidecar('proxy', sleeps(10)), sidecar('log-shipper', execSleep(['sh', '-c', 'sleep 5 && kill 1']))],
      containers: [container('app', sleeps(20))],
    }));
    expect(findings.map(f => [f.ruleId, f.severity])).toEqual([['PP-GRACE-PERIOD', RuleSeverity.WARNING]]);
    const m = findings[0].message;
    expect(m).toContain('terminationGracePeriodSeconds is 30s (the default), but the preStop sleeps add up to 35s');
    expect(m).toContain("'app' 20s + native sidecar 'proxy' 10s + native sidecar 'log-shipper' 5s");
    expect(m).toContain('above 35');
  });

  test('counts only the longest regular container (they stop in parallel)', () => {
    expect(run(gracePeriod, pod({ containers: [container('a', sleeps(20)), container('b', sleeps(20))] }))).toEqual([]);
    expect(run(gracePeriod, pod({ terminationGracePeriodSeconds: 20, containers: [container('a', sleeps(20)), container('b', sleeps(5))] })))
      .toHaveLength(1);
  });

  test('passes when the grace period covers the sleeps', () => {
    expect(run(gracePeriod, pod({
      terminationGracePeriodSeconds: 60,
      initContainers: [sidecar('proxy', sleeps(10))],
      containers: [container('app', sleeps(20))],
    }))).toEqual([]);
  });

  test('uses the pod\'s own terminationGracePeriodSeconds', () => {
    const [m] = messages(gracePeriod, pod({ terminationGracePeriodSeconds: 10, containers: [container('app', execSleep(['/bin/sleep', '15']))] }));
    expect(m).toContain('terminationGracePeriodSeconds is 10s, but the preStop sleeps add up to 15s');
  });

  test('does not apply without preStop sleeps', () => {
    expect(run(gracePeriod, pod({ terminationGracePeriodSeconds: 1, initContainers: [sidecar('s')], containers: [container('app')] }))).toEqual([]);
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
