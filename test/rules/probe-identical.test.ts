// PP-PROBE-IDENTICAL: kube-score container-probes-identical; the semantics of the two probes:
// https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/
import { container, messages, pod, run, sidecar } from './rule-fixtures';
import { RuleSeverity } from '../../lib/checks/rule-severity';
import { probeIdentical } from '../../lib/checks/rules/probe-identical';

const check = { httpGet: { path: '/healthz', port: 8080 } };

describe('PP-PROBE-IDENTICAL', () => {
  test('warns when the liveness and readiness probes of a container are the same check, whatever their timing', () => {
    const findings = run(probeIdentical, pod({ containers: [container('app', { livenessProbe: { ...check, periodSeconds: 20 }, readinessProbe: check })] }));
    expect(findings.map(f => [f.ruleId, f.severity])).toEqual([['PP-PROBE-IDENTICAL', RuleSeverity.WARNING]]);
    expect(findings[0].message).toEqual("the livenessProbe and the readinessProbe of container 'app' are the same check "
      + '(httpGet :8080/healthz): when it fails because the app is busy or a dependency is down, the container is restarted, '
      + 'not just taken out of its Services. Give the livenessProbe a cheaper check of the process alone (e.g. a /livez endpoint), or remove it.');
  });

  test('warns for a native sidecar too', () => {
    expect(messages(probeIdentical, pod({ initContainers: [sidecar('proxy', { livenessProbe: { tcpSocket: { port: 15000 } }, readinessProbe: { tcpSocket: { port: 15000 } } })], containers: [container('app')] })))
      .toHaveLength(1);
  });

  test('passes different checks', () => {
    expect(run(probeIdentical, pod({ containers: [container('app', { livenessProbe: { httpGet: { path: '/livez', port: 8080 } }, readinessProbe: check })] }))).toEqual([]);
  });

  test('does not apply without both probes', () => {
    expect(run(probeIdentical, pod({ containers: [container('app', { readinessProbe: check })] }))).toEqual([]);
  });
});
