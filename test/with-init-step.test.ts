import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-30';
import { ALL_KINDS, APP, applyToDeployment, AT_DEPLOYMENT, describeScopes, errorOf, expectPropsProblem, fullChart, makeWorkload, names, specOf, warnedRules } from './mixin-fixtures';
import { WithInitStep, WithInitStepProps } from '../lib/mixins/with-init-step';

const migrate = (extra: Partial<WithInitStepProps> = {}) => new WithInitStep({
  name: 'migrate', image: 'mycompany/migrate:1.6.0', command: ['./migrate', 'up'], ...extra,
});

describe('WithInitStep', () => {
  describeScopes("WithInitStep 'migrate'", () => migrate(), (chart, w) => (specOf(chart, w).initContainers ?? []).some((c: any) => c.name === 'migrate'), ['PP-INIT-STEP-REPLICAS']);

  describe('supports()', () => {
    test.each(ALL_KINDS)('is true for a %s', kind => {
      expect(migrate().supports(makeWorkload(Testing.chart(), kind))).toBe(true);
    });

  });

  test.each(ALL_KINDS)('.with() on a %s adds a plain init container, without restartPolicy or probes', kind => {
    const chart = Testing.chart();
    const w = makeWorkload(chart, kind).with(migrate());
    const spec = specOf(chart, w);
    expect(names(spec.initContainers)).toEqual(['migrate']);
    const c = spec.initContainers[0];
    expect(c.command).toEqual(['./migrate', 'up']);
    for (const field of ['restartPolicy', 'startupProbe', 'readinessProbe', 'livenessProbe', 'lifecycle']) expect(c[field]).toBeUndefined();
    expect(c.resources).toEqual({ requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } });
    expect(c.securityContext).toEqual({ runAsNonRoot: true, privileged: false, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
    expect(names(spec.containers)).toEqual(['app']);
    // a Deployment runs 2 replicas by default, and the init step runs in each of them
    expect(warnedRules()).toEqual(kind === 'Deployment' ? ['PP-INIT-STEP-REPLICAS'] : []);
  });

  test.each([
    ['portNumber', { portNumber: 8080 }, 8080],
    ['port', { port: 9090 }, 9090],
  ])('throws when %s is set: cdk8s-plus would add a startupProbe the API server rejects', (field, extra, value) => {
    expect(errorOf(() => applyToDeployment(migrate(extra)))).toEqual(`WithInitStep 'migrate': '${field}' (${value}) is not allowed on a one-shot init step: `
      + 'cdk8s-plus turns it into a TCP startupProbe, which the API server rejects on init containers without restartPolicy=Always, '
      + 'and a step that must exit before the app starts has no port to serve. Use WithNativeSidecar for a helper that listens on a port. '
      + AT_DEPLOYMENT);
  });

  test('throws on portNumber only when applied, naming where, and changes nothing', () => {
    expectPropsProblem(() => migrate({ portNumber: 8080 }), "WithInitStep 'migrate': 'portNumber' (8080) is not allowed on a one-shot init step: "
      + 'cdk8s-plus turns it into a TCP startupProbe, which the API server rejects on init containers without restartPolicy=Always, '
      + 'and a step that must exit before the app starts has no port to serve. Use WithNativeSidecar for a helper that listens on a port.');
  });

  test.each([
    ['readiness', { readiness: kplus.Probe.fromTcpSocket({ port: 80 }) }],
    ['liveness', { liveness: kplus.Probe.fromCommand(['true']) }],
    ['startup', { startup: kplus.Probe.fromCommand(['true']) }],
    ['lifecycle', { lifecycle: { preStop: kplus.Handler.fromCommand(['true']) } }],
    ['restartPolicy', { restartPolicy: kplus.ContainerRestartPolicy.ALWAYS }],
  ])('throws when %s is set', (field, extra) => {
    expect(errorOf(() => applyToDeployment(migrate(extra)))).toEqual(`WithInitStep 'migrate': '${field}' is not allowed on a plain init container `
      + '(the API server rejects probes and lifecycle hooks on init containers without restartPolicy=Always). '
      + `Use WithNativeSidecar for a helper that keeps running. ${AT_DEPLOYMENT}`);
  });

  test('applied twice adds one init container', () => {
    const chart = Testing.chart();
    const m = migrate();
    const w = makeWorkload(chart, 'StatefulSet').with(m);
    w.with(m);
    m.applyTo(w);
    expect(names(specOf(chart, w).initContainers)).toEqual(['migrate']);
  });

  test('applied to a whole chart, joins every workload and only those', () => {
    const base = fullChart();
    const { chart, workloads } = fullChart();
    chart.with(migrate());
    for (const w of workloads) expect(names(specOf(chart, w).initContainers)).toEqual(['migrate']);
    const others = (ms: any[]) => ms.filter(m => m.kind === 'Service' || m.kind === 'ConfigMap');
    expect(others(Testing.synth(chart))).toEqual(others(Testing.synth(base.chart)));
    // a Deployment runs 2 replicas by default: the init step runs in each (PP-INIT-STEP-REPLICAS)
    expect(warnedRules()).toEqual(['PP-INIT-STEP-REPLICAS']);
  });

  test('fetches configuration into an emptyDir the app mounts, declared once', () => {
    const chart = Testing.chart();
    const config = kplus.Volume.fromEmptyDir(chart, 'config', 'config');
    const w = new kplus.Deployment(chart, 'web', { containers: [APP, { name: 'worker', image: 'w:1.0' }] });
    w.with(migrate({
      name: 'fetch-config',
      volumeMounts: [{ path: '/config', volume: config }],
      appVolumeMounts: [{ path: '/etc/app', volume: config, readOnly: true }],
    }));
    const spec = specOf(chart, w);
    expect(spec.volumes).toEqual([{ name: 'config', emptyDir: {} }]);
    expect(spec.initContainers[0].volumeMounts).toEqual([{ name: 'config', mountPath: '/config' }]);
    for (const c of spec.containers) expect(c.volumeMounts).toEqual([{ name: 'config', mountPath: '/etc/app', readOnly: true }]);
    // a Deployment runs 2 replicas by default: the init step runs in each (PP-INIT-STEP-REPLICAS)
    expect(warnedRules()).toEqual(['PP-INIT-STEP-REPLICAS']);
  });

  test('throws when appVolumeMounts is set and the workload has no app container yet', () => {
    const chart = Testing.chart();
    const config = kplus.Volume.fromEmptyDir(chart, 'config', 'config');
    const w = new kplus.Deployment(chart, 'web');
    expect(() => w.with(migrate({ appVolumeMounts: [{ path: '/etc/app', volume: config }] }))).toThrow(
      "WithInitStep 'migrate' cannot apply 'appVolumeMounts' to Deployment 'test/web': it has no app container yet");
    expect(w.initContainers).toEqual([]);
  });

  test('`resources` overrides the defaults', () => {
    const chart = Testing.chart();
    const w = makeWorkload(chart, 'Job').with(migrate({ resources: { cpu: { request: kplus.Cpu.millis(500), limit: kplus.Cpu.units(1) } } }));
    expect(specOf(chart, w).initContainers[0].resources).toEqual({ requests: { cpu: '500m' }, limits: { cpu: '1' } });
  });


  test.each([undefined, ''])('throws when name is %p, naming the workload it was applied to', name => {
    expect(errorOf(() => applyToDeployment(migrate({ name: name as any })))).toEqual(`WithInitStep: 'name' is required: give the container a name, e.g. { name: 'log-shipper', image: ... }. ${AT_DEPLOYMENT}`);
  });
});
