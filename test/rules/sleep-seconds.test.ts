// PP-SLEEP-SECONDS follows kubernetes pkg/apis/core/validation/validation.go validateSleepAction (read at 000f2605):
// `sleep.Seconds > *gracePeriod` is rejected (equal is accepted); 0 only with AllowPodLifecycleSleepActionZeroValue
// (feature gate PodLifecycleSleepActionAllowZero: alpha 1.32, beta 1.33, GA 1.34, KEP-4818).
import { container, messages, pod, run, sidecar } from './rule-fixtures';
import { RuleSeverity } from '../../lib/checks/rule-severity';
import { sleepSeconds } from '../../lib/checks/rules/sleep-seconds';

const preStop = (seconds: number) => ({ lifecycle: { preStop: { sleep: { seconds } } } });

describe('PP-SLEEP-SECONDS', () => {
  test('fails when a preStop sleep is longer than the default grace period', () => {
    const findings = run(sleepSeconds, pod({ initContainers: [sidecar('proxy', preStop(45))], containers: [container('app')] }, { version: '1.34' }));
    expect(findings.map(f => [f.ruleId, f.severity])).toEqual([['PP-SLEEP-SECONDS', RuleSeverity.ERROR]]);
    expect(findings[0].message).toEqual("the preStop sleep of native sidecar 'proxy' is 45s, which the API server rejects with "
      + 'terminationGracePeriodSeconds 30, the default (spec.initContainers[0].lifecycle.preStop.sleep: Invalid value: 45: must be '
      + 'non-negative and less than terminationGracePeriodSeconds (30)). Set terminationGracePeriodSeconds to at least 45 '
      + '(e.g. 60), or sleep at most 30s.');
  });

  test('fails on a zero sleep before 1.33, with the older message', () => {
    expect(messages(sleepSeconds, pod({ terminationGracePeriodSeconds: 10, containers: [container('app', { lifecycle: { postStart: { sleep: { seconds: 0 } } } })] }, { version: '1.31' })))
      .toEqual(["the postStart sleep of container 'app' is 0s, which the API server rejects with terminationGracePeriodSeconds 10 "
        + '(spec.containers[0].lifecycle.postStart.sleep: Invalid value: 0: must be greater than 0 and less than '
        + 'terminationGracePeriodSeconds (10). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.). '
        + 'Remove the hook, sleep at least 1s, or target Kubernetes 1.33 or later (sleep actions of 0 seconds need Kubernetes '
        + '1.33 or later, or 1.32 with the PodLifecycleSleepActionAllowZero feature gate).']);
  });

  test('passes a sleep equal to the grace period, and a zero sleep from 1.33', () => {
    expect(run(sleepSeconds, pod({ terminationGracePeriodSeconds: 20, containers: [container('app', preStop(20))] }))).toEqual([]);
    expect(run(sleepSeconds, pod({ containers: [container('app', preStop(0))] }, { version: '1.33' }))).toEqual([]);
    expect(run(sleepSeconds, pod({ containers: [container('app', preStop(0))] }, { version: '1.32', featureGates: { PodLifecycleSleepActionAllowZero: true } }))).toEqual([]);
  });

  test('does not apply without a sleep action, or where the target has none (PP-FEATURE-VERSION says so)', () => {
    expect(run(sleepSeconds, pod({ terminationGracePeriodSeconds: 1, containers: [container('app', { lifecycle: { preStop: { exec: { command: ['sleep', '60'] } } } })] }))).toEqual([]);
    expect(run(sleepSeconds, pod({ containers: [container('app', preStop(45))] }, { version: '1.29' }))).toEqual([]);
  });
});
