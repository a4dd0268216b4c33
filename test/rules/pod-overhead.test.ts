// PP-POD-OVERHEAD follows kubernetes plugin/pkg/admission/runtimeclass/admission.go: `setOverhead` (a pod writing no
// overhead gets its RuntimeClass's overhead.podFixed; `len(pod.Spec.Overhead) > 0` and not Semantic.DeepEqual is
// rejected) and `validateOverhead` ("pod rejected: Pod Overhead set without corresponding RuntimeClass defined Overhead",
// "pod rejected: Pod's Overhead doesn't match RuntimeClass's defined Overhead"); apimachinery pkg/api/equality/semantic.go
// (quantities equal by Cmp, an empty map equal to a missing one); KEP-688.
import { container, pod, run } from './rule-fixtures';
import { RuleSeverity } from '../../lib/checks/rule-severity';
import { podOverhead } from '../../lib/checks/rules/pod-overhead';
import { RuntimeClassModel } from '../../lib/model/pod-model';

const KATA: RuntimeClassModel = { name: 'kata', source: 'rc.yaml#0 RuntimeClass/kata', podFixed: { cpu: '250m', memory: '120Mi' } };
/** A RuntimeClass with no `overhead` at all. */
const RUNC: RuntimeClassModel = { name: 'runc', source: 'KubernetesTarget of the App' };

describe('PP-POD-OVERHEAD', () => {
  describe('no runtimeClassName', () => {
    test('fails for an overhead without a runtimeClassName, naming the admission plugin\'s message', () => {
      const findings = run(podOverhead, pod({ overhead: { cpu: '250m', memory: '120Mi' }, containers: [container('app')] }));
      expect(findings.map(f => [f.ruleId, f.severity])).toEqual([['PP-POD-OVERHEAD', RuleSeverity.ERROR]]);
      expect(findings[0].message).toEqual('spec.overhead (cpu 250m, memory 120Mi) is set without a runtimeClassName: the RuntimeClass '
        + 'admission plugin rejects the pod (pod rejected: Pod Overhead set without corresponding RuntimeClass defined Overhead). '
        + 'Remove spec.overhead, or set runtimeClassName to a RuntimeClass whose overhead.podFixed is that overhead.');
    });

    test('does not apply without spec.overhead, or with an empty one (len(pod.Spec.Overhead) == 0 passes)', () => {
      expect(run(podOverhead, pod({ containers: [container('app')] }))).toEqual([]);
      expect(run(podOverhead, pod({ overhead: {}, containers: [container('app')] }))).toEqual([]);
    });
  });

  describe('a RuntimeClass the input does not declare', () => {
    test('is not checked: its overhead is unknown', () => {
      expect(run(podOverhead, pod({ runtimeClassName: 'kata', overhead: { cpu: '250m' }, containers: [container('app')] }))).toEqual([]);
      // another RuntimeClass is declared, not this one
      expect(run(podOverhead, pod({ runtimeClassName: 'gvisor', overhead: { cpu: '1' }, containers: [container('app')] },
        { runtimeClasses: [KATA] }))).toEqual([]);
    });
  });

  describe('a RuntimeClass the input declares', () => {
    test('passes a pod that writes no overhead: admission sets the RuntimeClass\'s (setOverhead)', () => {
      const p = pod({ runtimeClassName: 'kata', containers: [container('app')] }, { runtimeClasses: [KATA] });
      expect(p.runtimeClass).toEqual({ runtimeClass: KATA, overheadSet: true });
      expect(p.spec.overhead).toEqual({ cpu: '250m', memory: '120Mi' });
      expect(run(podOverhead, p)).toEqual([]);
      const empty = pod({ runtimeClassName: 'kata', overhead: {}, containers: [container('app')] }, { runtimeClasses: [KATA] });
      expect(empty.spec.overhead).toEqual({ cpu: '250m', memory: '120Mi' });
      expect(run(podOverhead, empty)).toEqual([]);
    });

    test('passes a written overhead equal to the RuntimeClass\'s, in whatever notation (Semantic.DeepEqual compares by Cmp)', () => {
      for (const overhead of [{ cpu: '250m', memory: '120Mi' }, { memory: '125829120', cpu: '0.25' }, { cpu: '250m', memory: '122880Ki' }]) {
        const p = pod({ runtimeClassName: 'kata', overhead, containers: [container('app')] }, { runtimeClasses: [KATA] });
        expect(p.runtimeClass).toEqual({ runtimeClass: KATA, overheadSet: false });
        expect(run(podOverhead, p)).toEqual([]);
      }
    });

    test('fails a written overhead that differs from the RuntimeClass\'s, with validateOverhead\'s message', () => {
      const findings = run(podOverhead, pod({ runtimeClassName: 'kata', overhead: { cpu: '200m', memory: '120Mi' }, containers: [container('app')] },
        { runtimeClasses: [KATA] }));
      expect(findings.map(f => [f.ruleId, f.severity])).toEqual([['PP-POD-OVERHEAD', RuleSeverity.ERROR]]);
      expect(findings[0].message).toEqual('spec.overhead (cpu 200m, memory 120Mi) differs from the overhead.podFixed of RuntimeClass '
        + '\'kata\' (cpu 250m, memory 120Mi; rc.yaml#0 RuntimeClass/kata): the RuntimeClass admission plugin rejects the pod (pod '
        + 'rejected: Pod\'s Overhead doesn\'t match RuntimeClass\'s defined Overhead). Remove spec.overhead: admission sets it from '
        + 'the RuntimeClass.');
    });

    test.each([
      ['a resource missing', { cpu: '250m' }],
      ['a resource more', { 'cpu': '250m', 'memory': '120Mi', 'ephemeral-storage': '1Gi' }],
      ['another quantity', { cpu: '250.5m', memory: '120Mi' }],
    ])('fails a written overhead with %s', (_what, overhead) => {
      const findings = run(podOverhead, pod({ runtimeClassName: 'kata', overhead, containers: [container('app')] }, { runtimeClasses: [KATA] }));
      expect(findings).toHaveLength(1);
      expect(findings[0].message).toContain('(pod rejected: Pod\'s Overhead doesn\'t match RuntimeClass\'s defined Overhead)');
    });

    test('compares the pod\'s overhead as defaulted (rounded up to milli), the RuntimeClass\'s as written (node.k8s.io has no defaulting)', () => {
      const subMilli: RuntimeClassModel = { name: 'sub', source: 'rc.yaml#2 RuntimeClass/sub', podFixed: { cpu: '250.5m' } };
      // the pod's 250.5m is stored as 251m before the admission plugin compares it with the RuntimeClass's 250.5m
      const findings = run(podOverhead, pod({ runtimeClassName: 'sub', overhead: { cpu: '250.5m' }, containers: [container('app')] },
        { runtimeClasses: [subMilli] }));
      expect(findings).toHaveLength(1);
      expect(findings[0].message).toContain('(pod rejected: Pod\'s Overhead doesn\'t match RuntimeClass\'s defined Overhead)');
    });

    test('fails a written overhead when the RuntimeClass defines none', () => {
      const findings = run(podOverhead, pod({ runtimeClassName: 'runc', overhead: { cpu: '250m' }, containers: [container('app')] },
        { runtimeClasses: [RUNC] }));
      expect(findings.map(f => f.message)).toEqual(['spec.overhead (cpu 250m) is set, but RuntimeClass \'runc\' (KubernetesTarget of the App) '
        + 'defines no overhead: the RuntimeClass admission plugin rejects the pod (pod rejected: Pod Overhead set without corresponding '
        + 'RuntimeClass defined Overhead). Remove spec.overhead, or give RuntimeClass \'runc\' that overhead.podFixed.']);
    });

    test('fails a written overhead when the RuntimeClass has an overhead without podFixed (DeepEqual of nil and a non-empty list)', () => {
      const empty: RuntimeClassModel = { name: 'empty', source: 'rc.yaml#1 RuntimeClass/empty', podFixed: {} };
      const p = pod({ runtimeClassName: 'empty', overhead: { cpu: '250m' }, containers: [container('app')] }, { runtimeClasses: [empty] });
      expect(run(podOverhead, p).map(f => f.message)).toEqual(['spec.overhead (cpu 250m) differs from the overhead.podFixed of RuntimeClass '
        + '\'empty\' (none; rc.yaml#1 RuntimeClass/empty): the RuntimeClass admission plugin rejects the pod (pod rejected: Pod\'s Overhead '
        + 'doesn\'t match RuntimeClass\'s defined Overhead). Remove spec.overhead: admission sets it from the RuntimeClass.']);
      // and a pod writing none gets none from it
      const none = pod({ runtimeClassName: 'empty', containers: [container('app')] }, { runtimeClasses: [empty] });
      expect([none.spec.overhead, none.runtimeClass?.overheadSet]).toEqual([undefined, false]);
    });

    test('passes a pod without overhead naming a RuntimeClass without overhead', () => {
      const p = pod({ runtimeClassName: 'runc', containers: [container('app')] }, { runtimeClasses: [RUNC] });
      expect(p.spec.overhead).toBeUndefined();
      expect(run(podOverhead, p)).toEqual([]);
    });
  });
});
