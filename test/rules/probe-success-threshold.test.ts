import { container, pod, run, sidecar } from './rule-fixtures';
import { probeSuccessThreshold } from '../../lib/checks/rules/probe-success-threshold';

const probe = (successThreshold?: number) => ({ httpGet: { path: '/', port: 8080 }, ...(successThreshold !== undefined ? { successThreshold } : {}) });

describe('PP-PROBE-SUCCESS-THRESHOLD', () => {
  test('fails for a livenessProbe with successThreshold 2, with the API server\'s message', () => {
    const findings = run(probeSuccessThreshold, pod({ containers: [container('app', { livenessProbe: probe(2) })] }));
    expect(findings.map(f => f.ruleId)).toEqual(['PP-PROBE-SUCCESS-THRESHOLD']);
    expect(findings[0].message).toContain("the livenessProbe of container 'app' has successThreshold 2");
    expect(findings[0].message).toContain('spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1');
  });

  test('fails for a sidecar startupProbe with successThreshold 3', () => {
    expect(run(probeSuccessThreshold, pod({ initContainers: [sidecar('proxy', { startupProbe: probe(3) })], containers: [container('app')] })))
      .toHaveLength(1);
  });

  test('passes for 1, for the default, and for a readinessProbe with 3', () => {
    expect(run(probeSuccessThreshold, pod({
      containers: [container('app', { livenessProbe: probe(1), startupProbe: probe(), readinessProbe: probe(3) })],
    }))).toEqual([]);
  });

  test('does not apply without probes', () => {
    expect(run(probeSuccessThreshold, pod({ containers: [container('app')] }))).toEqual([]);
  });
});
