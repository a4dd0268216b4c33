// PP-SELECTOR-MISMATCH follows kubernetes pkg/apis/apps/validation/validation.go ValidateDeploymentSpec
// ("`selector` does not match template `labels`" on spec.template.metadata.labels); selector semantics:
// apimachinery metav1.LabelSelectorAsSelector.
import { container, messages, pod, run } from './rule-fixtures';
import { RuleSeverity } from '../../lib/checks/rule-severity';
import { selectorMismatch } from '../../lib/checks/rules/selector-mismatch';

const app = { containers: [container('app')] };

describe('PP-SELECTOR-MISMATCH', () => {
  test('fails when the template lacks a label the selector asks for, with the API server\'s message', () => {
    const findings = run(selectorMismatch, pod(app, { selector: { matchLabels: { app: 'web' } }, labels: { app: 'webapp' } }));
    expect(findings.map(f => [f.ruleId, f.severity])).toEqual([['PP-SELECTOR-MISMATCH', RuleSeverity.ERROR]]);
    expect(findings[0].message).toEqual("Deployment 'web' selects app=web, which its pod template's labels (app=webapp) do not match "
      + '(spec.template.metadata.labels: Invalid value: {"app":"webapp"}: `selector` does not match template `labels`): the API server '
      + "rejects it. Add the selector's labels to spec.template.metadata.labels, or fix the selector.");
  });

  test('reads matchExpressions', () => {
    expect(messages(selectorMismatch, pod(app, { selector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['web', 'api'] }] }, labels: { tier: 'db' } })))
      .toHaveLength(1);
    expect(run(selectorMismatch, pod(app, { selector: { matchExpressions: [{ key: 'canary', operator: 'DoesNotExist' }] }, labels: { app: 'web' } }))).toEqual([]);
  });

  test('passes when the template carries the selector\'s labels and more', () => {
    expect(run(selectorMismatch, pod(app, { selector: { matchLabels: { app: 'web' } }, labels: { app: 'web', version: 'v2' } }))).toEqual([]);
  });

  test('does not apply without a selector (a Job, or a cdk8s-plus workload)', () => {
    expect(run(selectorMismatch, pod(app, { kind: 'Job', labels: { app: 'x' } }))).toEqual([]);
  });
});
