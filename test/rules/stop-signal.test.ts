// PP-STOP-SIGNAL follows kubernetes pkg/apis/core/validation/validation.go validateStopSignal (VALIDATION-RULES 3.9:
// "may not be set for containers with empty `spec.os.name`"; supportedStopSignalsWindows = SIGKILL, SIGTERM;
// supportedStopSignalsLinux as KEP-4960's README copies it from kubernetes/kubernetes#130556). ContainerStopSignals is
// alpha from 1.33 and still alpha in 1.36 (pkg/features/kube_features.go; KEP-4960 kep.yaml plans beta for v1.38).
import { container, messages, pod, run, sidecar } from './rule-fixtures';
import { RuleSeverity } from '../../lib/checks/rule-severity';
import { stopSignal } from '../../lib/checks/rules/stop-signal';

const ON = { version: '1.33', featureGates: { ContainerStopSignals: true } };
const withSignal = (name: string, signal: unknown) => container(name, { lifecycle: { stopSignal: signal as string } });

describe('PP-STOP-SIGNAL', () => {
  test('fails for a stopSignal in a pod without spec.os.name, with the API server\'s message', () => {
    const findings = run(stopSignal, pod({ containers: [withSignal('app', 'SIGQUIT')] }, ON));
    expect(findings.map(f => [f.ruleId, f.severity])).toEqual([['PP-STOP-SIGNAL', RuleSeverity.ERROR]]);
    expect(findings[0].message).toEqual("container 'app' sets lifecycle.stopSignal \"SIGQUIT\" but the pod has no spec.os.name "
      + '(spec.containers[0].lifecycle.stopSignal: Forbidden: may not be set for containers with empty `spec.os.name`). Set '
      + 'spec.os.name to linux (or windows).');
  });

  test('fails for a Windows signal other than SIGKILL and SIGTERM, listing the two', () => {
    expect(messages(stopSignal, pod({ os: { name: 'windows' }, containers: [withSignal('app', 'SIGQUIT')] }, ON))).toEqual([
      "container 'app' sets lifecycle.stopSignal \"SIGQUIT\", which is not a Windows stop signal the API server accepts "
        + '(spec.containers[0].lifecycle.stopSignal: Unsupported value: "SIGQUIT": supported values: "SIGKILL", "SIGTERM"). '
        + 'Use SIGTERM (or SIGKILL).',
    ]);
  });

  test('fails for a Linux value that is not a signal name as the API spells it, suggesting the one meant', () => {
    const spec = {
      os: { name: 'linux' },
      initContainers: [sidecar('proxy', { lifecycle: { stopSignal: 'TERM' } })],
      containers: [withSignal('app', 'SIGUSR3'), withSignal('worker', 'SIGRTMIN+16')],
    };
    expect(messages(stopSignal, pod(spec, ON))).toEqual([
      "native sidecar 'proxy' sets lifecycle.stopSignal \"TERM\", which is not a Linux stop signal the API server accepts "
        + '(spec.initContainers[0].lifecycle.stopSignal: Unsupported value: "TERM": supported values: "SIGABRT", ..., '
        + '"SIGTERM", ..., "SIGRTMAX"). Use SIGTERM.',
      "container 'app' sets lifecycle.stopSignal \"SIGUSR3\", which is not a Linux stop signal the API server accepts "
        + '(spec.containers[0].lifecycle.stopSignal: Unsupported value: "SIGUSR3": supported values: "SIGABRT", ..., '
        + '"SIGTERM", ..., "SIGRTMAX"). Use SIGUSR1.',
      "container 'worker' sets lifecycle.stopSignal \"SIGRTMIN+16\", which is not a Linux stop signal the API server accepts "
        + '(spec.containers[1].lifecycle.stopSignal: Unsupported value: "SIGRTMIN+16": supported values: "SIGABRT", ..., '
        + '"SIGTERM", ..., "SIGRTMAX"). Use SIGRTMIN+1.',
    ]);
  });

  test('passes Linux signals of every kind, and SIGKILL/SIGTERM on Windows', () => {
    const linux = ['SIGTERM', 'SIGQUIT', 'SIGINT', 'SIGUSR1', 'SIGWINCH', 'SIGPOLL', 'SIGRTMIN', 'SIGRTMIN+15', 'SIGRTMAX-14', 'SIGRTMAX'];
    expect(run(stopSignal, pod({ os: { name: 'linux' }, containers: linux.map((s, i) => withSignal(`c${i}`, s)) }, ON))).toEqual([]);
    expect(run(stopSignal, pod({ os: { name: 'windows' }, containers: [withSignal('a', 'SIGKILL'), withSignal('b', 'SIGTERM')] }, ON))).toEqual([]);
    expect(messages(stopSignal, pod({ os: { name: 'windows' }, containers: [withSignal('a', 'sigterm')] }, ON))[0]).toMatch(/\. Use SIGTERM\.$/);
  });

  test('does not apply where the gate is off (the API server drops the field; PP-FEATURE-VERSION says so), nor without a stopSignal', () => {
    expect(run(stopSignal, pod({ containers: [withSignal('app', 'SIGQUIT')] }, { version: '1.36' }))).toEqual([]);
    expect(run(stopSignal, pod({ containers: [withSignal('app', 'SIGQUIT')] }, { version: '1.32', featureGates: { ContainerStopSignals: true } }))).toEqual([]);
    expect(run(stopSignal, pod({ containers: [container('app')] }, ON))).toEqual([]);
  });
});
