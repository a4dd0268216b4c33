// PP-POD-OVERHEAD follows kubernetes plugin/pkg/admission/runtimeclass/admission.go validateOverhead
// ("pod rejected: Pod Overhead set without corresponding RuntimeClass defined Overhead"); KEP-688.
import { container, pod, run } from './rule-fixtures';
import { RuleSeverity } from '../../lib/checks/rule-severity';
import { podOverhead } from '../../lib/checks/rules/pod-overhead';

describe('PP-POD-OVERHEAD', () => {
  test('fails for an overhead without a runtimeClassName, naming the admission plugin\'s message', () => {
    const findings = run(podOverhead, pod({ overhead: { cpu: '250m', memory: '120Mi' }, containers: [container('app')] }));
    expect(findings.map(f => [f.ruleId, f.severity])).toEqual([['PP-POD-OVERHEAD', RuleSeverity.ERROR]]);
    expect(findings[0].message).toEqual('spec.overhead (cpu 250m, memory 120Mi) is set without a runtimeClassName: the RuntimeClass '
      + 'admission plugin rejects the pod (pod rejected: Pod Overhead set without corresponding RuntimeClass defined Overhead). '
      + 'Remove spec.overhead, or set runtimeClassName to a RuntimeClass whose overhead.podFixed is that overhead.');
  });

  test('passes an overhead with a runtimeClassName (its RuntimeClass is not in the model: not compared)', () => {
    expect(run(podOverhead, pod({ runtimeClassName: 'kata', overhead: { cpu: '250m' }, containers: [container('app')] }))).toEqual([]);
  });

  test('does not apply without spec.overhead', () => {
    expect(run(podOverhead, pod({ containers: [container('app')] }))).toEqual([]);
  });
});
