// PP-HPA-TOLERANCE follows kubernetes pkg/apis/autoscaling/validation/validation.go validateScalingRules, as its tests
// (validation_test.go) pin it: a tolerance of -0.001 or -10m fails with "greater or equal to zero"; 0, 1m, 100m, 0.1 and 10
// pass. HPAConfigurableTolerance: alpha 1.33, beta 1.35 (pkg/features/kube_features.go; CHANGELOG-1.35 #133128).
import { hpa, container, messages, pod, podMetric, run } from './rule-fixtures';
import { RuleSeverity } from '../../lib/checks/rule-severity';
import { hpaTolerance } from '../../lib/checks/rules/hpa-tolerance';
import { HpaModel } from '../../lib/model/pod-model';

const withTolerances = (tolerances: HpaModel['tolerances']): HpaModel => ({ ...hpa([podMetric()]), tolerances });
const on = (h: HpaModel, version = '1.35') => pod({ containers: [container('app')] }, { version, hpas: [h] });

describe('PP-HPA-TOLERANCE', () => {
  test('fails for a negative tolerance', () => {
    const findings = run(hpaTolerance, on(withTolerances({ scaleDown: '-0.001' })));
    expect(findings.map(f => [f.ruleId, f.severity])).toEqual([['PP-HPA-TOLERANCE', RuleSeverity.ERROR]]);
    expect(findings[0].message).toEqual("HPA 'web-hpa' sets spec.behavior.scaleDown.tolerance \"-0.001\": the API server rejects "
      + 'a negative tolerance (spec.behavior.scaleDown.tolerance: Invalid value: it must be greater or equal to zero). Use 0 or '
      + 'more, e.g. 0.05 for 5%, or remove it to keep the cluster-wide tolerance.');
    expect(messages(hpaTolerance, on(withTolerances({ scaleUp: '-10m', scaleDown: -1 })))).toHaveLength(2);
  });

  test('fails for a tolerance that is not a quantity', () => {
    expect(messages(hpaTolerance, on(withTolerances({ scaleUp: '5%' })))).toEqual([
      "HPA 'web-hpa' sets spec.behavior.scaleUp.tolerance \"5%\", which is not a quantity (quantity \"5%\" "
        + '(spec.behavior.scaleUp.tolerance) is not a Kubernetes quantity: it does not match <sign><digits>[.<digits>]<suffix>; '
        + "use a number with an optional suffix, e.g. '500m', '0.5', '128Mi', '1G', '1e3'): the API server cannot read the HPA. "
        + 'Write the tolerance as a quantity of zero or more, e.g. 0.05 or 50m for 5%.',
    ]);
    expect(messages(hpaTolerance, on(withTolerances({ scaleUp: { value: 1 } })))).toEqual([
      "HPA 'web-hpa' sets spec.behavior.scaleUp.tolerance {\"value\":1}, which is not a quantity (a quantity is a string or a "
        + 'number): the API server cannot read the HPA. Write the tolerance as a quantity of zero or more, e.g. 0.05 or 50m for 5%.',
    ]);
  });

  test('passes the tolerances upstream accepts, on 1.35 and on 1.33 with the gate', () => {
    for (const t of ['0', '1m', '100m', '0.1', '10', 0.05]) {
      expect(run(hpaTolerance, on(withTolerances({ scaleUp: t, scaleDown: t })))).toEqual([]);
    }
    expect(run(hpaTolerance, pod({ containers: [container('app')] }, {
      version: '1.33', featureGates: { HPAConfigurableTolerance: true }, hpas: [withTolerances({ scaleUp: '0.05' })],
    }))).toEqual([]);
  });

  test('does not apply where the gate is off (the field is dropped; PP-FEATURE-VERSION says so), nor without tolerances', () => {
    expect(run(hpaTolerance, on(withTolerances({ scaleUp: '-1' }), '1.34'))).toEqual([]);
    expect(run(hpaTolerance, on(hpa([podMetric()])))).toEqual([]);
  });
});
