import { container, messages, pod, run, sidecar } from './rule-fixtures';
import { RuleSeverity } from '../../lib/checks/rule-severity';
import { sidecarNoStartupProbe } from '../../lib/checks/rules/sidecar-no-startup-probe';

describe('PP-SIDECAR-NO-STARTUP-PROBE', () => {
  test('warns for a proxy sidecar with a port and no startupProbe, naming what starts too early and the fix', () => {
    const findings = run(sidecarNoStartupProbe, pod({
      initContainers: [sidecar('cloud-sql-proxy', { ports: [{ containerPort: 5432 }] }), container('migrate')],
      containers: [container('app')],
    }));
    expect(findings.map(f => [f.ruleId, f.severity])).toEqual([['PP-SIDECAR-NO-STARTUP-PROBE', RuleSeverity.WARNING]]);
    expect(findings[0].message).toContain("native sidecar 'cloud-sql-proxy' serves TCP 5432 but has no startupProbe");
    expect(findings[0].message).toContain("starts 'migrate', 'app' as soon as 'cloud-sql-proxy' has started");
    expect(findings[0].message).toContain('kplus.Probe.fromTcpSocket({ port: 5432 })');
  });

  test('does not name init containers declared before the sidecar', () => {
    const [m] = messages(sidecarNoStartupProbe, pod({
      initContainers: [container('setup'), sidecar('proxy', { ports: [{ containerPort: 6379 }] })],
      containers: [container('app')],
    }));
    expect(m).toContain("starts 'app' as soon");
    expect(m).not.toContain('setup');
  });

  test('passes for a sidecar with a startupProbe', () => {
    expect(run(sidecarNoStartupProbe, pod({
      initContainers: [sidecar('proxy', { ports: [{ containerPort: 6379 }], startupProbe: { tcpSocket: { port: 6379 } } })],
      containers: [container('app')],
    }))).toEqual([]);
  });

  test('does not apply to sidecars without ports (a log shipper) nor to regular containers', () => {
    expect(run(sidecarNoStartupProbe, pod({
      initContainers: [sidecar('log-shipper')],
      containers: [container('app', { ports: [{ containerPort: 8080 }] }), container('ambassador', { ports: [{ containerPort: 6379 }] })],
    }))).toEqual([]);
  });
});
