import { container, messages, pod, run } from './rule-fixtures';
import { RuleSeverity } from '../../lib/checks/rule-severity';
import { jobSuspectedSidecar } from '../../lib/checks/rules/job-suspected-sidecar';

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

  describe('commands that never exit', () => {
    // kubernetes/website content/en/examples/application/job/job-sidecar-legacy.yaml
    const legacy = () => pod({
      restartPolicy: 'Never',
      containers: [
        container('myjob', { image: 'alpine:3.20', command: ['sh', '-c', 'echo "logging" > /opt/logs.txt'] }),
        container('logshipper', { image: 'alpine:3.20', command: ['sh', '-c', 'tail -F /opt/logs.txt'] }),
      ],
    }, { kind: 'Job', name: 'myjob' });

    test('warns for a regular container that runs tail -F beside the batch container, naming the command and the fix', () => {
      const findings = run(jobSuspectedSidecar, legacy());
      expect(findings.map(f => [f.ruleId, f.severity])).toEqual([['PP-JOB-SUSPECTED-SIDECAR', RuleSeverity.WARNING]]);
      expect(findings[0].message).toBe("container 'logshipper' (spec.containers[1]) of Job 'myjob' runs a command that never exits "
        + "('tail -F /opt/logs.txt'): as a regular container it would keep the Job from completing. Make it a native sidecar "
        + '(initContainers with restartPolicy: Always, WithNativeSidecar), or give it a command that ends when the work is done.');
    });

    test.each([
      [{ command: ['sleep', 'infinity'] }, "'sleep infinity'"],
      [{ args: ['/bin/sh', '-c', 'while true; do cp /data/* /backup/; sleep 60; done'] }, "'while true'"],
      [{ command: ['/bin/sh', '-c'], args: ['while :; do date; sleep 5; done'] }, "'while :'"],
      [{ command: ['nginx', '-g', 'daemon off;'] }, '\'nginx -g "daemon off;"\''],
    ])('warns for a CronJob container with %j', (fields, shown) => {
      const [m, ...rest] = messages(jobSuspectedSidecar, pod({ containers: [container('batch'), container('helper', fields)] }, { kind: 'CronJob', name: 'nightly' }));
      expect(rest).toEqual([]);
      expect(m).toContain(`container 'helper' (spec.containers[1]) of CronJob 'nightly' runs a command that never exits (${shown})`);
      expect(m).toContain("keep the CronJob's Jobs from completing");
    });

    test('warns for a run-to-completion Pod (restartPolicy: Never)', () => {
      const [m] = messages(jobSuspectedSidecar, pod({
        restartPolicy: 'Never', containers: [container('batch'), container('keepalive', { command: ['tail', '-f', '/dev/null'] })],
      }, { kind: 'Pod', name: 'once' }));
      expect(m).toContain("runs a command that never exits ('tail -f /dev/null'): as a regular container it would keep the Pod (restartPolicy: Never)");
    });

    test('passes for commands that end: a loop that exits on a signal file, a backgrounded tail, a bounded sleep', () => {
      expect(run(jobSuspectedSidecar, pod({
        containers: [
          container('batch', { command: ['sh', '-c', 'run-batch; touch /shared/done'] }),
          container('shipper', { command: ['sh', '-c', 'tail -F /logs/app.log & while [ ! -f /shared/done ]; do sleep 1; done'] }),
          container('waiter', { command: ['sh', '-c', 'while true; do [ -f /shared/done ] && exit 0; sleep 1; done'] }),
          container('pause', { command: ['sleep', '30'] }),
        ],
      }, { kind: 'Job' }))).toEqual([]);
    });

    test('does not apply to the same commands in a Deployment, a native sidecar, or a Job with one regular container', () => {
      const tail = { command: ['sh', '-c', 'tail -F /opt/logs.txt'] };
      expect(run(jobSuspectedSidecar, pod({ containers: [container('app'), container('shipper', tail)] }))).toEqual([]);
      expect(run(jobSuspectedSidecar, pod({ containers: [container('app'), container('shipper', tail)] }, { kind: 'Pod' }))).toEqual([]);
      expect(run(jobSuspectedSidecar, pod({
        initContainers: [container('shipper', { ...tail, restartPolicy: 'Always' })], containers: [container('batch')],
      }, { kind: 'Job' }))).toEqual([]);
      expect(run(jobSuspectedSidecar, pod({ containers: [container('shipper', tail)] }, { kind: 'Job' }))).toEqual([]);
    });
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
