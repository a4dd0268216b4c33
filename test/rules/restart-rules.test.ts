// PP-RESTART-RULES follows kubernetes pkg/apis/core/validation/validation.go validateContainerRestartPolicy,
// validateInitContainerRestartPolicy (VALIDATION-RULES 2.3); ContainerRestartRules: alpha 1.34, beta 1.35
// (pkg/features/kube_features.go, as lib/model/kubernetes-feature.ts records it).
import { container, messages, pod, run, sidecar } from './rule-fixtures';
import { RuleSeverity } from '../../lib/checks/rule-severity';
import { restartRules } from '../../lib/checks/rules/restart-rules';

const rule = { action: 'Restart', exitCodes: { operator: 'In', values: [42] } };

describe('PP-RESTART-RULES', () => {
  test('fails for rules without the container\'s own restartPolicy', () => {
    const findings = run(restartRules, pod({ restartPolicy: 'Never', containers: [container('app', { restartPolicyRules: [rule] })] }, { kind: 'Job', version: '1.35' }));
    expect(findings.map(f => [f.ruleId, f.severity])).toEqual([['PP-RESTART-RULES', RuleSeverity.ERROR]]);
    expect(findings[0].message).toEqual("container 'app' has restartPolicyRules but no restartPolicy of its own (spec.containers[0].restartPolicy: "
      + 'Required value: must specify restartPolicy when restart rules are used). Set its restartPolicy (Never or OnFailure), or remove the rules.');
  });

  test('fails for rules on a native sidecar and for more than 20 rules', () => {
    expect(messages(restartRules, pod({ initContainers: [sidecar('proxy', { restartPolicyRules: [rule] })], containers: [container('app')] }, { version: '1.35' })))
      .toEqual(["native sidecar 'proxy' has restartPolicyRules, which a native sidecar may not have (spec.initContainers[0].restartPolicyRules: "
        + 'Forbidden: restartPolicyRules are not allowed for init containers with restart policy Always). Remove them: a native sidecar is always restarted.']);
    expect(messages(restartRules, pod({ containers: [container('app', { restartPolicy: 'Never', restartPolicyRules: Array(21).fill(rule) })] }, { version: '1.35' })))
      .toEqual(["container 'app' has 21 restartPolicyRules (spec.containers[0].restartPolicyRules: Too many: 21: must have at most 20 items). "
        + 'Merge rules (one rule may list several exit codes) to at most 20.']);
  });

  test('passes rules on a container with its own restartPolicy', () => {
    expect(run(restartRules, pod({ containers: [container('app', { restartPolicy: 'Never', restartPolicyRules: [rule] })] }, { version: '1.35' }))).toEqual([]);
  });

  test('does not apply where the target has no restart rules (PP-FEATURE-VERSION says so)', () => {
    expect(run(restartRules, pod({ containers: [container('app', { restartPolicyRules: [rule] })] }, { version: '1.33' }))).toEqual([]);
  });
});
