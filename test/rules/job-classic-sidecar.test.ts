import { container, messages, pod, run, sidecar } from './rule-fixtures';
import { jobClassicSidecar } from '../../lib/checks/rules/job-classic-sidecar';

const spec = { containers: [container('batch'), container('log-shipper')] };

describe('PP-JOB-CLASSIC-SIDECAR', () => {
  test('fails for a classic sidecar in a Job, naming the container and pointing to WithNativeSidecar', () => {
    const findings = run(jobClassicSidecar, pod(spec, { kind: 'Job', name: 'report', patterns: { 'log-shipper': 'classic-sidecar' } }));
    expect(findings.map(f => f.ruleId)).toEqual(['PP-JOB-CLASSIC-SIDECAR']);
    expect(findings[0].message).toContain("WithClassicSidecar container 'log-shipper' (spec.containers[1]) is a long-running regular container of Job 'report'");
    expect(findings[0].message).toContain('keep the Job from ever completing');
    expect(findings[0].message).toContain('WithNativeSidecar');
  });

  test.each([['ambassador', 'WithAmbassador'], ['adapter', 'WithAdapter']] as const)('fails for an %s in a CronJob', (pattern, mixin) => {
    const [m] = messages(jobClassicSidecar, pod(spec, { kind: 'CronJob', patterns: { 'log-shipper': pattern } }));
    expect(m).toContain(`${mixin} container 'log-shipper'`);
    expect(m).toContain("the CronJob's Jobs");
  });

  test('passes for a native sidecar in a Job', () => {
    expect(run(jobClassicSidecar, pod({ initContainers: [sidecar('log-shipper')], containers: [container('batch')] },
      { kind: 'Job', patterns: { 'log-shipper': 'native-sidecar' } }))).toEqual([]);
  });

  test('does not apply to a Deployment, nor to containers without pattern information', () => {
    expect(run(jobClassicSidecar, pod(spec, { kind: 'Deployment', patterns: { 'log-shipper': 'classic-sidecar' } }))).toEqual([]);
    expect(run(jobClassicSidecar, pod(spec, { kind: 'Job' }))).toEqual([]);
  });
});

describe('PP-JOB-CLASSIC-SIDECAR on a bare Pod', () => {
  test('fails for a classic sidecar in a Pod with restartPolicy Never, which must run to completion', () => {
    const [m] = messages(jobClassicSidecar, pod({ ...spec, restartPolicy: 'Never' }, { kind: 'Pod', patterns: { 'log-shipper': 'classic-sidecar' } }));
    expect(m).toContain('keep the Pod (restartPolicy: Never) from ever completing');
  });

  test('does not apply to a Pod with restartPolicy Always (the default)', () => {
    expect(run(jobClassicSidecar, pod(spec, { kind: 'Pod', patterns: { 'log-shipper': 'classic-sidecar' } }))).toEqual([]);
    expect(run(jobClassicSidecar, pod({ ...spec, restartPolicy: 'Always' }, { kind: 'Pod', patterns: { 'log-shipper': 'ambassador' } }))).toEqual([]);
  });
});
