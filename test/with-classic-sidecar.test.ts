import { Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-30';
import { ALL_KINDS, APP, applyToDeployment, AT_DEPLOYMENT, describeScopes, errorOf, expectPropsProblem, fullChart, JOB_KINDS, LONG_RUNNING_KINDS, makeWorkload, manifestOf, names, podMetadataIn, specOf } from './mixin-fixtures';
import { WithClassicSidecar, WithClassicSidecarProps } from '../lib/mixins/with-classic-sidecar';

const sidecar = (extra: Partial<WithClassicSidecarProps> = {}) => new WithClassicSidecar({ name: 'log-shipper', image: 'fluent/fluent-bit:3.2', ...extra });

describe('WithClassicSidecar', () => {
  describeScopes("WithClassicSidecar 'log-shipper'", () => sidecar(), (chart, w) => specOf(chart, w).containers.some((c: any) => c.name === 'log-shipper'));

  describe('supports()', () => {
    test.each(ALL_KINDS)('is true for a %s', kind => {
      expect(sidecar().supports(makeWorkload(Testing.chart(), kind))).toBe(true);
    });

  });

  test.each(LONG_RUNNING_KINDS)('.with() on a %s adds a second regular container after the app', kind => {
    const chart = Testing.chart();
    const w = makeWorkload(chart, kind).with(sidecar());
    const spec = specOf(chart, w);
    expect(names(spec.containers)).toEqual(['app', 'log-shipper']);
    expect(spec.containers[1].image).toEqual('fluent/fluent-bit:3.2');
    expect(spec.containers[1].restartPolicy).toBeUndefined();
    expect(spec.initContainers).toBeUndefined();
  });

  test.each(JOB_KINDS)('throws on a %s, naming the container, the Job completion problem and WithNativeSidecar', kind => {
    const chart = Testing.chart();
    const w = makeWorkload(chart, kind);
    let message = '';
    try {
      w.with(sidecar());
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain(`WithClassicSidecar 'log-shipper' cannot join ${kind} 'test/${kind.toLowerCase()}'`);
    expect(message).toMatch(/would keep the (Job|CronJob's Jobs) from completing/);
    expect(message).toContain('Use WithNativeSidecar');
    expect(names(specOf(chart, w).containers)).toEqual(['app']);
  });

  test.each([kplus.RestartPolicy.NEVER, kplus.RestartPolicy.ON_FAILURE])('throws on a Pod with restartPolicy %s, which runs to completion', policy => {
    const chart = Testing.chart();
    const pod = new kplus.Pod(chart, 'once', { containers: [APP], restartPolicy: policy });
    expect(() => pod.with(sidecar())).toThrow(
      `WithClassicSidecar 'log-shipper' cannot join Pod 'test/once': it is a long-running regular container and would keep the Pod (restartPolicy: ${policy}) from completing.`);
    const always = new kplus.Pod(chart, 'always', { containers: [APP], restartPolicy: kplus.RestartPolicy.ALWAYS });
    expect(() => always.with(sidecar())).not.toThrow();
  });

  test('applied twice adds one container', () => {
    const chart = Testing.chart();
    const w = makeWorkload(chart, 'Deployment');
    const m = sidecar();
    w.with(m, m);
    w.with(m);
    expect(names(specOf(chart, w).containers)).toEqual(['app', 'log-shipper']);
  });

  test('applied to a chart of long-running workloads, joins each of them and only them', () => {
    const base = fullChart(undefined, LONG_RUNNING_KINDS);
    const { chart, workloads } = fullChart(undefined, LONG_RUNNING_KINDS);
    chart.with(sidecar());
    for (const w of workloads) expect(names(specOf(chart, w).containers)).toEqual(['app', 'log-shipper']);
    const others = (ms: any[]) => ms.filter(m => m.kind === 'Service' || m.kind === 'ConfigMap');
    expect(others(Testing.synth(chart))).toEqual(others(Testing.synth(base.chart)));
  });

  test('applied to a chart that holds a Job, refuses the Job by name', () => {
    const { chart } = fullChart();
    expect(() => chart.with(sidecar())).toThrow(/WithClassicSidecar 'log-shipper' cannot join Job 'platform\/job'/);
  });


  test.each([undefined, ''])('throws when name is %p, naming the workload it was applied to', name => {
    expect(errorOf(() => applyToDeployment(new WithClassicSidecar({ name: name as any, image: 'x' }))))
      .toEqual(`WithClassicSidecar: 'name' is required: give the container a name, e.g. { name: 'log-shipper', image: ... }. ${AT_DEPLOYMENT}`);
  });

  test('throws when name is invalid, only when applied, naming where, and changes nothing', () => {
    expectPropsProblem(() => sidecar({ name: 'log_shipper' }), 'WithClassicSidecar: \'name\' ("log_shipper") is not a valid container name: use at most 63 lowercase letters, digits and \'-\', starting and ending with a letter or digit, e.g. \'log-shipper\'.');
  });

  test('resources default to 50m/64Mi requested and 128Mi limit, and `resources` overrides them', () => {
    const chart = Testing.chart();
    const a = makeWorkload(chart, 'Deployment', 'a').with(sidecar());
    const b = makeWorkload(chart, 'Deployment', 'b').with(sidecar({ resources: { memory: { request: Size.mebibytes(32), limit: Size.mebibytes(48) } } }));
    expect(specOf(chart, a).containers[1].resources).toEqual({ requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } });
    expect(specOf(chart, b).containers[1].resources).toEqual({ requests: { memory: '32Mi' }, limits: { memory: '48Mi' } });
  });

  test("keeps cdk8s-plus's secure defaults and sets the default-container annotation to the app", () => {
    const chart = Testing.chart();
    const w = makeWorkload(chart, 'StatefulSet').with(sidecar());
    expect(specOf(chart, w).containers[1].securityContext).toMatchObject({ runAsNonRoot: true, allowPrivilegeEscalation: false });
    expect(podMetadataIn(manifestOf(chart, w)).annotations['kubectl.kubernetes.io/default-container']).toEqual('app');
  });

  test('mounts appVolumeMounts into the app containers, declaring the volume once', () => {
    const chart = Testing.chart();
    const logs = kplus.Volume.fromEmptyDir(chart, 'logs', 'logs');
    const w = new kplus.Deployment(chart, 'web', { containers: [APP, { name: 'worker', image: 'w:1.0' }] });
    w.with(sidecar({ volumeMounts: [{ path: '/logs', volume: logs, readOnly: true }], appVolumeMounts: [{ path: '/var/log/app', volume: logs }] }));
    const spec = specOf(chart, w);
    expect(spec.volumes).toEqual([{ name: 'logs', emptyDir: {} }]);
    expect(spec.containers.map((c: any) => c.volumeMounts)).toEqual([
      [{ name: 'logs', mountPath: '/var/log/app' }],
      [{ name: 'logs', mountPath: '/var/log/app' }],
      [{ name: 'logs', mountPath: '/logs', readOnly: true }],
    ]);
  });
});
