import { container, messages, pod, run } from './rule-fixtures';
import { runRules } from '../../lib/checks/rule';
import { ALL_RULES } from '../../lib/checks/rules';
import { invalidQuantity } from '../../lib/checks/rules/invalid-quantity';

const withResources = (requests: { [r: string]: string }, limits: { [r: string]: string } = {}) => ({ resources: { requests, limits } });

describe('PP-INVALID-QUANTITY', () => {
  test('fails for a quantity ParseQuantity cannot read, naming the value and its field', () => {
    const m = messages(invalidQuantity, pod({ containers: [container('app', withResources({ cpu: '1.5 cores', memory: '64Mi' }))] }));
    expect(m).toHaveLength(1);
    expect(m[0]).toContain("container 'app'");
    expect(m[0]).toContain('"1.5 cores"');
    expect(m[0]).toContain('spec.containers[0].resources.requests[cpu]');
  });

  test('fails for a negative amount with the API server\'s message', () => {
    const m = messages(invalidQuantity, pod({ initContainers: [container('init', withResources({ cpu: '10m' }, { memory: '-64Mi' }))], containers: [container('app')] }));
    expect(m).toEqual([
      "init container 'init': spec.initContainers[0].resources.limits[memory]: Invalid value: \"-64Mi\": must be greater than or equal to 0. Use a positive amount.",
    ]);
  });

  test('checks pod-level resources, overhead and emptyDir sizeLimit too', () => {
    const m = messages(invalidQuantity, pod({
      containers: [container('app')],
      resources: { limits: { memory: '1 GB' } },
      overhead: { cpu: '-1' },
      volumes: [{ name: 'scratch', emptyDir: { medium: 'Memory', sizeLimit: 'big' } }],
    }));
    expect(m).toHaveLength(3);
    expect(m[0]).toContain('spec.resources.limits[memory]');
    expect(m[1]).toContain('spec.overhead[cpu]: Invalid value: "-1"');
    expect(m[2]).toContain("emptyDir 'scratch'");
    expect(m[2]).toContain('spec.volumes[0].emptyDir.sizeLimit');
  });

  test('passes for every notation Kubernetes reads (suffixes, exponents, fractions, numbers, zero)', () => {
    const q = ['500m', '0.5', '1', '128Mi', '1G', '1e3', '1.5Gi', '0', '2E', '+1k'];
    expect(run(invalidQuantity, pod({ containers: q.map((v, i) => container(`c${i}`, withResources({ cpu: v }))) }))).toEqual([]);
    expect(run(invalidQuantity, pod({ containers: [{ name: 'app', image: 'a:1', resources: { requests: { cpu: 2 } } }] }))).toEqual([]);
  });

  test('does not apply to a pod without quantities', () => {
    expect(run(invalidQuantity, pod({ containers: [{ name: 'app', image: 'a:1' }] }))).toEqual([]);
  });

  test('the other rules skip a malformed quantity instead of each reporting that they cannot check the pod', () => {
    const findings = runRules(ALL_RULES, pod({
      containers: [container('app', withResources({ cpu: 'lots', memory: '64Mi' }, { memory: '32x' }))],
      volumes: [{ name: 'scratch', emptyDir: { medium: 'Memory', sizeLimit: '16Mi' } }],
    }));
    expect(findings.map(f => f.ruleId)).toEqual(['PP-INVALID-QUANTITY', 'PP-INVALID-QUANTITY']);
    expect(findings.every(f => !f.message.startsWith('cannot check the pod'))).toBe(true);
  });
});
