// PP-HPA-REPLICAS follows kubernetes pkg/apis/autoscaling/validation/validation.go validateHorizontalPodAutoscalerSpec
// ("must be greater than or equal to `minReplicas`", on spec.maxReplicas).
import { container, hpa, messages, pod, podMetric, run } from './rule-fixtures';
import { RuleSeverity } from '../../lib/checks/rule-severity';
import { hpaReplicas } from '../../lib/checks/rules/hpa-replicas';

const app = { containers: [container('app')] };

describe('PP-HPA-REPLICAS', () => {
  test('fails when minReplicas is above maxReplicas, with the API server\'s message', () => {
    const findings = run(hpaReplicas, pod(app, { hpas: [{ ...hpa([podMetric()]), minReplicas: 5, maxReplicas: 3 }] }));
    expect(findings.map(f => [f.ruleId, f.severity])).toEqual([['PP-HPA-REPLICAS', RuleSeverity.ERROR]]);
    expect(findings[0].message).toEqual("HPA 'web-hpa' has minReplicas 5 above maxReplicas 3 (spec.maxReplicas: Invalid value: 3: "
      + 'must be greater than or equal to `minReplicas`): the API server rejects it. Set maxReplicas to at least 5, or lower minReplicas.');
  });

  test('passes when minReplicas equals maxReplicas, or is not set', () => {
    expect(run(hpaReplicas, pod(app, { hpas: [{ ...hpa([podMetric()]), minReplicas: 3, maxReplicas: 3 }] }))).toEqual([]);
    expect(messages(hpaReplicas, pod(app, { hpas: [{ ...hpa([podMetric()]), minReplicas: undefined, maxReplicas: 3 }] }))).toEqual([]);
  });

  test('does not apply without an HPA', () => {
    expect(run(hpaReplicas, pod(app))).toEqual([]);
  });
});
