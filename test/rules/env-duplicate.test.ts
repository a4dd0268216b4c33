// PP-ENV-DUPLICATE follows kubernetes pkg/api/pod/warnings.go ("hides previous definition of ..., which may be dropped
// when using apply"; pkg/api/pod/warnings_test.go: a later "$(a) $(a)" builds on the earlier value and is not warned);
// kube-linter duplicate-env-var.
import { container, messages, pod, run, sidecar } from './rule-fixtures';
import { RuleSeverity } from '../../lib/checks/rule-severity';
import { envDuplicate } from '../../lib/checks/rules/env-duplicate';

describe('PP-ENV-DUPLICATE', () => {
  test('warns for a name set twice in one container, naming both entries', () => {
    const findings = run(envDuplicate, pod({
      initContainers: [sidecar('proxy', { env: [{ name: 'LOG_LEVEL', value: 'info' }, { name: 'PORT', value: '80' }, { name: 'LOG_LEVEL', value: 'debug' }] })],
      containers: [container('app')],
    }));
    expect(findings.map(f => [f.ruleId, f.severity])).toEqual([['PP-ENV-DUPLICATE', RuleSeverity.WARNING]]);
    expect(findings[0].message).toEqual("native sidecar 'proxy' sets env 'LOG_LEVEL' twice (spec.initContainers[0].env[0] and env[2]): "
      + 'the later entry hides the earlier one, which kubectl apply may drop. Remove one of them, or compose the value with $(LOG_LEVEL).');
  });

  test('passes a later value that builds on the earlier one, and the same name in two containers', () => {
    expect(run(envDuplicate, pod({ containers: [container('app', { env: [{ name: 'PATH', value: '/bin' }, { name: 'PATH', value: '$(PATH):/opt/bin' }] })] }))).toEqual([]);
    expect(run(envDuplicate, pod({ containers: [container('a', { env: [{ name: 'X', value: '1' }] }), container('b', { env: [{ name: 'X', value: '2' }] })] }))).toEqual([]);
  });

  test('warns for a later valueFrom or a bare $(X)', () => {
    expect(messages(envDuplicate, pod({ containers: [container('app', { env: [{ name: 'X', value: '1' }, { name: 'X', value: '$(X)' }, { name: 'X', valueFrom: {} }] })] })))
      .toHaveLength(2);
  });

  test('does not apply to a container without env', () => {
    expect(run(envDuplicate, pod({ containers: [container('app')] }))).toEqual([]);
  });
});
