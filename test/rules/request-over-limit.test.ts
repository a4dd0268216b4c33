import { container, messages, pod, run } from './rule-fixtures';
import { requestOverLimit } from '../../lib/checks/rules/request-over-limit';

const res = (requests: { [r: string]: string }, limits: { [r: string]: string }) => ({ resources: { requests, limits } });

describe('PP-REQUEST-OVER-LIMIT', () => {
  test('fails for a cpu request above its limit, with the API server\'s message', () => {
    const findings = run(requestOverLimit, pod({ containers: [container('app', res({ cpu: '2' }, { cpu: '1' }))] }));
    expect(findings.map(f => f.ruleId)).toEqual(['PP-REQUEST-OVER-LIMIT']);
    expect(findings[0].message).toContain("container 'app' requests 2 cpu, more than its limit of 1");
    expect(findings[0].message).toContain('spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1');
  });

  test('compares exact quantities across units (1025Mi above 1Gi, 1000m equal to 1)', () => {
    expect(run(requestOverLimit, pod({ containers: [container('a', res({ memory: '1025Mi' }, { memory: '1Gi' }))] }))).toHaveLength(1);
    expect(run(requestOverLimit, pod({ containers: [container('a', res({ cpu: '1000m', memory: '1Gi' }, { cpu: '1', memory: '1024Mi' }))] }))).toEqual([]);
  });

  test('fails when a hugepages or extended resource request differs from its limit, or has no limit', () => {
    const m = messages(requestOverLimit, pod({
      containers: [container('gpu', res({ 'nvidia.com/gpu': '1', 'hugepages-2Mi': '4Mi' }, { 'nvidia.com/gpu': '2' }))],
    }));
    expect(m).toHaveLength(2);
    expect(m[0]).toContain('must be equal to nvidia.com/gpu limit of 2');
    expect(m[1]).toContain('Limit must be set for non overcommitable resources');
  });

  test('compares the quantities after defaulting rounds them up to milli, as the API server does', () => {
    // 1500u and 1200u both round up to 2m (SetDefaults_ResourceList): equal, so neither is above the other
    expect(run(requestOverLimit, pod({ containers: [container('a', res({ cpu: '1500u' }, { cpu: '1200u' }))] }))).toEqual([]);
    expect(run(requestOverLimit, pod({ containers: [container('a', res({ cpu: '2500u' }, { cpu: '1200u' }))] }))).toHaveLength(1);
  });

  test('passes for requests at or below limits and for requests without limits', () => {
    expect(run(requestOverLimit, pod({ containers: [container('a', res({ cpu: '500m', memory: '256Mi' }, { memory: '256Mi' }))] }))).toEqual([]);
  });

  test('does not apply to containers without resources', () => {
    expect(run(requestOverLimit, pod({ containers: [{ name: 'app', image: 'x:1' }] }))).toEqual([]);
  });
});
