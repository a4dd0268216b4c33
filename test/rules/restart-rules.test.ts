// PP-RESTART-RULES follows kubernetes pkg/apis/core/validation/validation.go validateContainerRestartPolicy,
// validateInitContainerRestartPolicy (VALIDATION-RULES 2.3); ContainerRestartRules: alpha 1.34, beta 1.35
// (pkg/features/kube_features.go, as lib/model/kubernetes-feature.ts records it). The RestartAllContainers action and
// rules on native sidecars: KEP-5532, RestartAllContainersOnContainerExits alpha 1.35, beta 1.36 (kubernetes/kubernetes
// #134345, #136681); the action's messages from kubernetes/kubernetes#137368 and its fix #137369.
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

  test('fails for rules on a native sidecar without RestartAllContainersOnContainerExits, and for more than 20 rules', () => {
    expect(messages(restartRules, pod({ initContainers: [sidecar('proxy', { restartPolicyRules: [rule] })], containers: [container('app')] }, { version: '1.35' })))
      .toEqual(["native sidecar 'proxy' has restartPolicyRules, which a native sidecar may not have on Kubernetes 1.35 without the "
        + 'RestartAllContainersOnContainerExits gate (spec.initContainers[0].restartPolicyRules: Forbidden: restartPolicyRules are '
        + 'not allowed for init containers with restart policy Always). Remove them (a native sidecar is always restarted); rules '
        + 'on native sidecars come with the RestartAllContainers action: RestartAllContainers restart rule actions need Kubernetes '
        + '1.36 or later, or 1.35 with the RestartAllContainersOnContainerExits feature gate.']);
    expect(messages(restartRules, pod({ containers: [container('app', { restartPolicy: 'Never', restartPolicyRules: Array(21).fill(rule) })] }, { version: '1.35' })))
      .toEqual(["container 'app' has 21 restartPolicyRules (spec.containers[0].restartPolicyRules: Too many: 21: must have at most 20 items). "
        + 'Merge rules (one rule may list several exit codes) to at most 20.']);
  });

  test('RestartAllContainers: accepted where the gate is on (1.36, or 1.35 with it), and rules on a sidecar with it', () => {
    const restartAll = { action: 'RestartAllContainers', exitCodes: { operator: 'In', values: [1] } };
    const spec = { initContainers: [sidecar('proxy', { restartPolicyRules: [restartAll] })], containers: [container('app', { restartPolicy: 'Never', restartPolicyRules: [restartAll] })] };
    expect(run(restartRules, pod(spec, { version: '1.36' }))).toEqual([]);
    expect(run(restartRules, pod(spec, { version: '1.35', featureGates: { RestartAllContainersOnContainerExits: true } }))).toEqual([]);
    expect(messages(restartRules, pod({ containers: [container('app', { restartPolicy: 'Never', restartPolicyRules: [restartAll] })] }, { version: '1.35' })))
      .toEqual(["container 'app' has restart rule 0 with action \"RestartAllContainers\" (spec.containers[0].restartPolicyRules[0].action: "
        + 'Unsupported value: "RestartAllContainers": supported values: "Restart"): RestartAllContainers restart rule actions need '
        + 'Kubernetes 1.36 or later, or 1.35 with the RestartAllContainersOnContainerExits feature gate; use Restart, or target a newer version.']);
    expect(messages(restartRules, pod({ containers: [container('app', { restartPolicy: 'Never', restartPolicyRules: [restartAll] })] },
      { version: '1.36', featureGates: { RestartAllContainersOnContainerExits: false } }))).toHaveLength(1);
  });

  test('fails for an action that is neither Restart nor RestartAllContainers, or a missing one, listing the supported values', () => {
    const spec = { containers: [container('app', { restartPolicy: 'Never', restartPolicyRules: [{ action: 'restart' }, { exitCodes: { operator: 'In', values: [3] } }] })] };
    expect(messages(restartRules, pod(spec, { version: '1.36' }))).toEqual([
      "container 'app' has restart rule 0 with action \"restart\" (spec.containers[0].restartPolicyRules[0].action: Unsupported value: "
        + '"restart": supported values: "Restart", "RestartAllContainers"): use Restart or RestartAllContainers.',
      "container 'app' has restart rule 1 with action null (spec.containers[0].restartPolicyRules[1].action: Required value): use "
        + 'Restart or RestartAllContainers.',
    ]);
  });

  test('passes rules on a container with its own restartPolicy', () => {
    expect(run(restartRules, pod({ containers: [container('app', { restartPolicy: 'Never', restartPolicyRules: [rule] })] }, { version: '1.35' }))).toEqual([]);
  });

  test('does not apply where the target has no restart rules (PP-FEATURE-VERSION says so)', () => {
    expect(run(restartRules, pod({ containers: [container('app', { restartPolicyRules: [rule] })] }, { version: '1.33' }))).toEqual([]);
  });
});
