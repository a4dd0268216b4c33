import { container, pod, run, sidecar } from './rule-fixtures';
import { RuleSeverity } from '../../lib/checks/rule-severity';
import { portNameRepeated } from '../../lib/checks/rules/port-name-repeated';

describe('PP-PORT-NAME-REPEATED', () => {
  test('warns when two containers name a port alike, naming both ports', () => {
    const findings = run(portNameRepeated, pod({
      initContainers: [sidecar('proxy', { ports: [{ containerPort: 15001, name: 'http' }] })],
      containers: [container('app', { ports: [{ containerPort: 8080, name: 'http' }] })],
    }));
    expect(findings.map(f => [f.ruleId, f.severity])).toEqual([['PP-PORT-NAME-REPEATED', RuleSeverity.WARNING]]);
    expect(findings[0].message).toContain("port name 'http' is declared by native sidecar 'proxy' (spec.initContainers[0].ports[0]) and container 'app' (spec.containers[0].ports[0])");
    expect(findings[0].message).toContain("Rename the port of 'app'");
  });

  test('passes for distinct names and unnamed ports', () => {
    expect(run(portNameRepeated, pod({
      containers: [container('app', { ports: [{ containerPort: 8080, name: 'http' }, { containerPort: 9090 }] }), container('m', { ports: [{ containerPort: 9100, name: 'metrics' }, { containerPort: 9091 }] })],
    }))).toEqual([]);
  });

  test('does not apply to a single container', () => {
    expect(run(portNameRepeated, pod({ containers: [container('app', { ports: [{ containerPort: 8080, name: 'http' }] })] }))).toEqual([]);
  });
});
