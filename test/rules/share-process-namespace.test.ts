import { container, pod, run, sidecar } from './rule-fixtures';
import { RuleSeverity } from '../../lib/checks/rule-severity';
import { shareProcessNamespace } from '../../lib/checks/rules/share-process-namespace';

describe('PP-SHARE-PROCESS-NAMESPACE', () => {
  test('warns when shareProcessNamespace is true, naming the containers', () => {
    const findings = run(shareProcessNamespace, pod({ shareProcessNamespace: true, initContainers: [sidecar('debug')], containers: [container('app')] }));
    expect(findings.map(f => [f.ruleId, f.severity])).toEqual([['PP-SHARE-PROCESS-NAMESPACE', RuleSeverity.WARNING]]);
    expect(findings[0].message).toContain("containers 'debug', 'app' can see and signal each other's processes");
  });

  test('passes when it is false (cdk8s-plus writes false by default) or absent', () => {
    expect(run(shareProcessNamespace, pod({ shareProcessNamespace: false, containers: [container('app')] }))).toEqual([]);
    expect(run(shareProcessNamespace, pod({ containers: [container('app')] }))).toEqual([]);
  });
});
