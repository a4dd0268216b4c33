import { container, messages, pod, run, sidecar } from './rule-fixtures';
import { initProbe } from '../../lib/checks/rules/init-probe';

const probe = { httpGet: { path: '/ready', port: 8080 } };

describe('PP-INIT-PROBE', () => {
  test('fails for a readinessProbe on a plain init container, with the API server\'s message', () => {
    const findings = run(initProbe, pod({ initContainers: [container('migrate', { readinessProbe: probe })], containers: [container('app')] }));
    expect(findings.map(f => f.ruleId)).toEqual(['PP-INIT-PROBE']);
    expect(findings[0].message).toContain("init container 'migrate' has a readinessProbe");
    expect(findings[0].message).toContain('spec.initContainers[0].readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always');
  });

  test('fails once per forbidden field: lifecycle, livenessProbe, readinessProbe, startupProbe', () => {
    const m = messages(initProbe, pod({
      initContainers: [container('setup', { lifecycle: { preStop: { sleep: { seconds: 1 } } }, livenessProbe: probe, readinessProbe: probe, startupProbe: probe })],
      containers: [container('app')],
    }));
    expect(m.map(x => /has a (\w+)/.exec(x)![1])).toEqual(['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe']);
  });

  test('explains the TCP startupProbe cdk8s-plus adds for portNumber', () => {
    const [m] = messages(initProbe, pod({
      initContainers: [container('setup', { ports: [{ containerPort: 9000 }], startupProbe: { tcpSocket: { port: 9000 } } })],
      containers: [container('app')],
    }));
    expect(m).toContain("cdk8s-plus adds a TCP startupProbe to a container given 'portNumber'");
  });

  test('passes for probes and hooks on native sidecars and regular containers', () => {
    expect(run(initProbe, pod({
      initContainers: [sidecar('proxy', { startupProbe: probe, lifecycle: { preStop: { sleep: { seconds: 5 } } } })],
      containers: [container('app', { readinessProbe: probe, livenessProbe: probe })],
    }))).toEqual([]);
  });

  test('does not apply to a pod without init containers', () => {
    expect(run(initProbe, pod({ containers: [container('app', { startupProbe: probe })] }))).toEqual([]);
  });
});
