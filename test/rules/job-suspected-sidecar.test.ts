import { container, messages, pod, run } from './rule-fixtures';
import { RuleSeverity } from '../../lib/rule-severity';
import { jobSuspectedSidecar } from '../../lib/rules/job-suspected-sidecar';

describe('PP-JOB-SUSPECTED-SIDECAR', () => {
  test.each(['envoyproxy/envoy:v1.31.0', 'docker.io/istio/proxyv2:1.23.0', 'cr.l5d.io/linkerd/proxy:stable-2.14.10',
    'grafana/promtail:3.4.0', 'fluent/fluent-bit:3.1', 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.13.0@sha256:abc',
    'localhost:5000/envoy'])(
    'warns for a second regular container running %s in a Job', image => {
      const findings = run(jobSuspectedSidecar, pod({ containers: [container('batch'), container('helper', { image })] }, { kind: 'Job', name: 'report' }));
      expect(findings.map(f => [f.ruleId, f.severity])).toEqual([['PP-JOB-SUSPECTED-SIDECAR', RuleSeverity.WARNING]]);
      expect(findings[0].message).toContain("container 'helper' (spec.containers[1]) of Job 'report' looks like a long-running sidecar");
      expect(findings[0].message).toContain(image);
    });

  test('warns for a second regular container with a readinessProbe in a CronJob', () => {
    const [m] = messages(jobSuspectedSidecar, pod({
      containers: [container('batch'), container('api', { readinessProbe: { httpGet: { path: '/', port: 80 } } })],
    }, { kind: 'CronJob' }));
    expect(m).toContain('readinessProbe');
  });

  test('passes for a Job whose second container is an ordinary one-shot program', () => {
    expect(run(jobSuspectedSidecar, pod({ containers: [container('extract'), container('upload', { image: 'amazon/aws-cli:2.17.0' })] }, { kind: 'Job' })))
      .toEqual([]);
  });

  test('does not apply to a single container, to containers a mixin added, or to a Deployment', () => {
    const envoy = container('proxy', { image: 'envoyproxy/envoy:v1.31.0' });
    expect(run(jobSuspectedSidecar, pod({ containers: [envoy] }, { kind: 'Job' }))).toEqual([]);
    expect(run(jobSuspectedSidecar, pod({ containers: [container('batch'), envoy] }, { kind: 'Job', patterns: { proxy: 'classic-sidecar' } }))).toEqual([]);
    expect(run(jobSuspectedSidecar, pod({ containers: [container('app'), envoy] }))).toEqual([]);
  });
});

test('PP-JOB-SUSPECTED-SIDECAR warns for a bare Pod with restartPolicy OnFailure', () => {
  const [m] = messages(jobSuspectedSidecar, pod({
    restartPolicy: 'OnFailure', containers: [container('batch'), container('proxy', { image: 'envoyproxy/envoy:v1.31.0' })],
  }, { kind: 'Pod' }));
  expect(m).toContain('keep the Pod (restartPolicy: OnFailure) from completing');
});
