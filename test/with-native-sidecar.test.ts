import { Chart, Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-30';
import { ALL_KINDS, APP, applyToDeployment, AT_DEPLOYMENT, describeScopes, errorOf, expectPropsProblem, fullChart, makeNonWorkloads, makeWorkload, manifestOf, names, podMetadataIn, podSpecIn, specOf, synthError, warnedRules } from './mixin-fixtures';
import { WaitTarget } from '../lib/mixins/wait-target';
import { WithClassicSidecar } from '../lib/mixins/with-classic-sidecar';
import { WithInitStep } from '../lib/mixins/with-init-step';
import { WithNativeSidecar, WithNativeSidecarProps } from '../lib/mixins/with-native-sidecar';
import { WithWaitFor } from '../lib/mixins/with-wait-for';
import { KubernetesTarget } from '../lib/model/kubernetes-target';

const shipper = (extra: Partial<WithNativeSidecarProps> = {}) => new WithNativeSidecar({ name: 'log-shipper', image: 'grafana/promtail:3.4.0', ...extra });

describe('WithNativeSidecar', () => {
  describeScopes("WithNativeSidecar 'log-shipper'", () => shipper(), (chart, w) => (specOf(chart, w).initContainers ?? []).some((c: any) => c.name === 'log-shipper'));

  describe('supports()', () => {
    test.each(ALL_KINDS)('is true for a %s', kind => {
      const chart = Testing.chart();
      expect(shipper().supports(makeWorkload(chart, kind))).toBe(true);
    });

  });

  test.each(ALL_KINDS)('.with() on a %s adds an init container with restartPolicy Always before the app', kind => {
    const chart = Testing.chart();
    const w = makeWorkload(chart, kind);
    w.with(shipper());
    const spec = specOf(chart, w);
    expect(names(spec.initContainers)).toEqual(['log-shipper']);
    expect(spec.initContainers[0].restartPolicy).toEqual('Always');
    expect(spec.initContainers[0].image).toEqual('grafana/promtail:3.4.0');
    expect(names(spec.containers)).toEqual(['app']);
  });

  test('applied twice adds one container', () => {
    const chart = Testing.chart();
    const w = makeWorkload(chart, 'Deployment');
    const m = shipper();
    w.with(m);
    w.with(m, m);
    m.applyTo(w);
    expect(names(specOf(chart, w).initContainers)).toEqual(['log-shipper']);
  });

  test('throws when another mixin already added a container of the same name', () => {
    const chart = Testing.chart();
    const w = makeWorkload(chart, 'Deployment');
    w.with(shipper());
    expect(() => w.with(shipper())).toThrow(/already has a container named 'log-shipper'/);
    expect(() => w.with(new WithClassicSidecar({ name: 'app', image: 'x' }))).toThrow(/already has a container named 'app'/);
  });

  test('applied to a whole chart, joins every workload and only those', () => {
    const base = fullChart();
    const { chart, workloads } = fullChart();
    chart.with(shipper());
    const out = Testing.synth(chart);
    const before = Testing.synth(base.chart);
    expect(out.length).toEqual(before.length);
    for (const w of workloads) {
      expect(names(specOf(chart, w).initContainers)).toEqual(['log-shipper']);
    }
    // Service, ConfigMap and the StatefulSet's headless Service are untouched.
    const others = (ms: any[]) => ms.filter(m => !['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'].includes(m.kind));
    expect(others(out).length).toBeGreaterThanOrEqual(2);
    expect(others(out)).toEqual(others(before));
  });

  test('one instance applied to two workloads gives each its own container: mounting or adding env to one leaves the other alone', () => {
    // cdk8s-plus keeps the props' volumeMounts array and envVariables object as the container's own
    const chart = Testing.chart();
    const logs = kplus.Volume.fromEmptyDir(chart, 'logs', 'logs');
    const extra = kplus.Volume.fromEmptyDir(chart, 'extra', 'extra');
    const mixin = shipper({ volumeMounts: [{ path: '/var/log/app', volume: logs }], envVariables: { LEVEL: kplus.EnvValue.fromValue('info') } });
    const a = makeWorkload(chart, 'Deployment', 'a');
    const b = makeWorkload(chart, 'Deployment', 'b');
    chart.with(mixin);
    const sidecarOf = (w: kplus.AbstractPod) => w.initContainers.find(c => c.name === 'log-shipper')!;
    sidecarOf(a).mount('/extra', extra);
    sidecarOf(a).env.addVariable('ONLY_A', kplus.EnvValue.fromValue('1'));
    const specB = specOf(chart, b);
    expect(specB.initContainers[0].volumeMounts.map((m: any) => m.mountPath)).toEqual(['/var/log/app']);
    expect(specB.initContainers[0].env.map((e: any) => e.name)).toEqual(['LEVEL']);
    expect((specB.volumes ?? []).map((v: any) => v.name)).toEqual(['logs']);
    const specA = specOf(chart, a);
    expect(specA.initContainers[0].volumeMounts.map((m: any) => m.mountPath)).toEqual(['/var/log/app', '/extra']);
    expect(specA.initContainers[0].env.map((e: any) => e.name)).toEqual(['LEVEL', 'ONLY_A']);
  });

  test('applied to an App, joins the workloads of every chart', () => {
    const app = Testing.app();
    const a = new Chart(app, 'a');
    const b = new Chart(app, 'b');
    const wa = makeWorkload(a, 'Deployment');
    const wb = makeWorkload(b, 'CronJob');
    app.with(shipper());
    expect(names(specOf(a, wa).initContainers)).toEqual(['log-shipper']);
    expect(names(specOf(b, wb).initContainers)).toEqual(['log-shipper']);
  });


  describe('name', () => {
    const RULE = "is not a valid container name: use at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit, "
      + "e.g. 'log-shipper'.";

    test.each([undefined, '', '  '])('throws when name is %p, naming the workload it was applied to', name => {
      expect(errorOf(() => applyToDeployment(new WithNativeSidecar({ name: name as any, image: 'x' }))))
        .toEqual(`WithNativeSidecar: 'name' is required: give the container a name, e.g. { name: 'log-shipper', image: ... }. ${AT_DEPLOYMENT}`);
    });

    test.each(['Log_Shipper', 'log.shipper', '-x', 'a'.repeat(64)])('throws when name is %p, not an RFC 1123 label, naming the workload', name => {
      expect(errorOf(() => applyToDeployment(new WithNativeSidecar({ name, image: 'x' }))))
        .toEqual(`WithNativeSidecar: 'name' (${JSON.stringify(name)}) ${RULE} ${AT_DEPLOYMENT}`);
    });

    test('the invalid-name error names the path of the workload it was applied to', () => {
      const w = new kplus.Deployment(new Chart(Testing.app(), 'web'), 'app', { containers: [APP] });
      expect(errorOf(() => w.with(shipper({ name: 'Log_Shipper' })))).toEqual("WithNativeSidecar: 'name' (\"Log_Shipper\") is not a valid container name: "
        + "use at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit, e.g. 'log-shipper'. "
        + "It was applied to Deployment 'web/app'.");
      expect(w.initContainers).toEqual([]);
    });

    test('the invalid-name error names the chart, the Service or the app it was applied to', () => {
      const app = Testing.app();
      const chart = new Chart(app, 'web');
      makeWorkload(chart, 'Deployment');
      const [svc] = makeNonWorkloads(chart);
      const bad = () => shipper({ name: 'Log_Shipper' });
      expect(errorOf(() => chart.with(bad()))).toEqual(`WithNativeSidecar: 'name' ("Log_Shipper") ${RULE} It was applied to the scope 'web'.`);
      expect(errorOf(() => svc.with(bad()))).toEqual(`WithNativeSidecar: 'name' ("Log_Shipper") ${RULE} It was applied to the scope 'web/svc'.`);
      expect(errorOf(() => app.with(bad()))).toEqual(`WithNativeSidecar: 'name' ("Log_Shipper") ${RULE} It was applied to the app.`);
    });

    test('throws when name is invalid only when applied, naming where, and changes nothing', () => {
      const logs = kplus.Volume.fromEmptyDir(Testing.chart(), 'logs', 'logs');
      expectPropsProblem(() => shipper({ name: 'Log_Shipper', appVolumeMounts: [{ path: '/logs', volume: logs }] }),
        `WithNativeSidecar: 'name' ("Log_Shipper") ${RULE}`);
    });
  });

  describe('resources', () => {
    test('default to 50m CPU and 64Mi memory requested, 128Mi memory limit, no CPU limit', () => {
      const chart = Testing.chart();
      const w = makeWorkload(chart, 'Deployment').with(shipper());
      expect(specOf(chart, w).initContainers[0].resources).toEqual({
        requests: { cpu: '50m', memory: '64Mi' },
        limits: { memory: '128Mi' },
      });
    });

    test('are overridden by `resources`', () => {
      const chart = Testing.chart();
      const w = makeWorkload(chart, 'Deployment').with(shipper({
        resources: { cpu: { request: kplus.Cpu.millis(200), limit: kplus.Cpu.millis(400) }, memory: { request: Size.mebibytes(256) } },
      }));
      const r = specOf(chart, w).initContainers[0].resources;
      expect(r.requests.cpu).toEqual('200m');
      expect(r.limits.cpu).toEqual('400m');
      expect(r.requests.memory).toEqual('256Mi');
      expect(r.limits.memory).toBeUndefined();
    });
  });

  test("keeps cdk8s-plus's secure container defaults", () => {
    const chart = Testing.chart();
    const w = makeWorkload(chart, 'Deployment').with(shipper());
    expect(specOf(chart, w).initContainers[0].securityContext).toEqual({
      runAsNonRoot: true, privileged: false, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false,
    });
  });

  test('sets the kubectl default-container annotation to the app, and keeps one the user set', () => {
    const chart = Testing.chart();
    const w = makeWorkload(chart, 'Deployment').with(shipper());
    expect(podMetadataIn(manifestOf(chart, w)).annotations).toEqual({ 'kubectl.kubernetes.io/default-container': 'app' });

    const mine = new kplus.Deployment(chart, 'mine', { containers: [APP, { name: 'other', image: 'o:1.0' }] });
    mine.podMetadata.addAnnotation('kubectl.kubernetes.io/default-container', 'other');
    mine.with(shipper());
    expect(podMetadataIn(manifestOf(chart, mine)).annotations['kubectl.kubernetes.io/default-container']).toEqual('other');
  });

  test('forces restartPolicy to Always whatever the props say', () => {
    const chart = Testing.chart();
    const w = makeWorkload(chart, 'Deployment').with(shipper({ restartPolicy: 'Never' as kplus.ContainerRestartPolicy }));
    expect(specOf(chart, w).initContainers[0].restartPolicy).toEqual('Always');
  });

  test('keeps startup, readiness and liveness probes and lifecycle hooks', () => {
    const chart = Testing.chart();
    const w = makeWorkload(chart, 'Job').with(shipper({
      ports: [{ number: 3101 }],
      startup: kplus.Probe.fromHttpGet('/ready', { port: 3101, failureThreshold: 30, periodSeconds: Duration.seconds(2) }),
      readiness: kplus.Probe.fromTcpSocket({ port: 3101 }),
      liveness: kplus.Probe.fromCommand(['true']),
      lifecycle: { preStop: kplus.Handler.fromCommand(['sleep', '5']) },
    }));
    const c = specOf(chart, w).initContainers[0];
    expect(c.startupProbe).toMatchObject({ httpGet: { path: '/ready', port: 3101 }, failureThreshold: 30, periodSeconds: 2 });
    expect(c.readinessProbe).toMatchObject({ tcpSocket: { port: 3101 } });
    expect(c.livenessProbe).toMatchObject({ exec: { command: ['true'] } });
    expect(c.lifecycle).toEqual({ preStop: { exec: { command: ['sleep', '5'] } } });
  });

  describe('init container order', () => {
    const waitFor = () => new WithWaitFor({ name: 'wait-for-db', target: WaitTarget.tcp('postgres-service', 5432) });
    const migrate = () => new WithInitStep({ name: 'migrate', image: 'mycompany/migrate:1' });

    test('is the order in which mixins are applied, in one with() call', () => {
      const chart = Testing.chart();
      const w = makeWorkload(chart, 'Deployment').with(waitFor(), shipper(), migrate());
      const spec = specOf(chart, w);
      expect(names(spec.initContainers)).toEqual(['wait-for-db', 'log-shipper', 'migrate']);
      expect(spec.initContainers.map((c: any) => c.restartPolicy)).toEqual([undefined, 'Always', undefined]);
      // a Deployment runs 2 replicas by default: the init step runs in each (PP-INIT-STEP-REPLICAS)
      expect(warnedRules()).toEqual(['PP-INIT-STEP-REPLICAS']);
    });

    test('is the order in which mixins are applied, across with() calls', () => {
      const chart = Testing.chart();
      const w = makeWorkload(chart, 'Deployment');
      w.with(migrate());
      w.with(shipper());
      w.with(waitFor());
      expect(names(specOf(chart, w).initContainers)).toEqual(['migrate', 'log-shipper', 'wait-for-db']);
      // a Deployment runs 2 replicas by default: the init step runs in each (PP-INIT-STEP-REPLICAS)
      expect(warnedRules()).toEqual(['PP-INIT-STEP-REPLICAS']);
    });

    test('on a whole chart, is the order of the mixins in chart.with()', () => {
      const { chart, workloads } = fullChart();
      chart.with(shipper(), waitFor(), migrate());
      for (const w of workloads) expect(names(specOf(chart, w).initContainers)).toEqual(['log-shipper', 'wait-for-db', 'migrate']);
      // a Deployment runs 2 replicas by default: the init step runs in each (PP-INIT-STEP-REPLICAS)
      expect(warnedRules()).toEqual(['PP-INIT-STEP-REPLICAS']);
    });
  });

  test('declares a shared emptyDir once however many containers mount it', () => {
    const chart = Testing.chart();
    const logs = kplus.Volume.fromEmptyDir(chart, 'logs', 'logs');
    const w = new kplus.Deployment(chart, 'web', {
      containers: [{ ...APP, volumeMounts: [{ path: '/var/log/app', volume: logs }] }, { name: 'worker', image: 'w:1.0' }],
    });
    w.with(
      new WithInitStep({ name: 'prepare', image: 'busybox:1.0', volumeMounts: [{ path: '/logs', volume: logs }] }),
      shipper({ volumeMounts: [{ path: '/var/log/app', volume: logs }], appVolumeMounts: [{ path: '/var/log/app', volume: logs }] }),
      new WithClassicSidecar({ name: 'rotator', image: 'r:1.0', volumeMounts: [{ path: '/logs', volume: logs }] }),
    );
    const spec = specOf(chart, w);
    expect(spec.volumes).toEqual([{ name: 'logs', emptyDir: {} }]);
    const mountsOf = (n: string) => [...spec.initContainers, ...spec.containers].find((c: any) => c.name === n).volumeMounts;
    expect(mountsOf('app')).toEqual([{ name: 'logs', mountPath: '/var/log/app' }]);
    expect(mountsOf('worker')).toEqual([{ name: 'logs', mountPath: '/var/log/app' }]);
    expect(mountsOf('log-shipper')).toEqual([{ name: 'logs', mountPath: '/var/log/app' }]);
    expect(mountsOf('prepare')).toEqual([{ name: 'logs', mountPath: '/logs' }]);
    expect(mountsOf('rotator')).toEqual([{ name: 'logs', mountPath: '/logs' }]);
    // a Deployment runs 2 replicas by default: the init step runs in each (PP-INIT-STEP-REPLICAS)
    expect(warnedRules()).toEqual(['PP-INIT-STEP-REPLICAS']);
  });

  test('throws when a different Volume has the name of a volume the pod already holds', () => {
    const chart = Testing.chart();
    const mine = kplus.Volume.fromEmptyDir(chart, 'logs-a', 'logs');
    const theirs = kplus.Volume.fromEmptyDir(chart, 'logs-b', 'logs');
    const w = new kplus.Deployment(chart, 'web', { containers: [{ ...APP, volumeMounts: [{ path: '/var/log/app', volume: mine }] }] });
    expect(() => w.with(shipper({ volumeMounts: [{ path: '/logs', volume: theirs }] }))).toThrow(
      "WithNativeSidecar 'log-shipper': volume 'logs' (test/logs-b) is not the volume named 'logs' that Deployment 'test/web' already has (test/logs-a)");
    expect(w.initContainers).toEqual([]);
    const v = new kplus.Deployment(chart, 'vols', { containers: [APP] });
    v.addVolume(mine);
    expect(() => v.with(shipper({ appVolumeMounts: [{ path: '/logs', volume: theirs }] }))).toThrow(/volume 'logs' \(test\/logs-b\) is not the volume/);
  });

  test('throws when appVolumeMounts would mount a second volume at a path an app container already uses', () => {
    const chart = Testing.chart();
    const a = kplus.Volume.fromEmptyDir(chart, 'a', 'a');
    const b = kplus.Volume.fromEmptyDir(chart, 'b', 'b');
    const w = new kplus.Deployment(chart, 'web', { containers: [{ ...APP, volumeMounts: [{ path: '/data', volume: a }] }] });
    expect(errorOf(() => w.with(shipper({ appVolumeMounts: [{ path: '/data', volume: b }] }))))
      .toEqual("WithNativeSidecar 'log-shipper' cannot join Deployment 'test/web': "
        + "container 'app' already mounts volume 'a' at /data: cannot also mount 'b' there (mountPath must be unique within a container).");
    // refused before anything changed
    expect(w.initContainers).toEqual([]);
    expect(specOf(chart, w).volumes).toEqual([{ name: 'a', emptyDir: {} }]);
  });

  describe('Kubernetes version (PP-FEATURE-VERSION at synth)', () => {
    function synthWith(version: string, featureGates?: { [gate: string]: boolean }): string | undefined {
      const app = Testing.app();
      const chart = new Chart(app, 'c');
      KubernetesTarget.set(app, { version, featureGates });
      makeWorkload(chart, 'Deployment', 'web').with(shipper());
      return synthError(app);
    }

    test('fails on 1.27, naming the version, the container and WithClassicSidecar', () => {
      const err = synthWith('1.27');
      expect(err).toContain('[c/web] PP-FEATURE-VERSION:');
      expect(err).toContain("native sidecar 'log-shipper'");
      expect(err).toContain('Kubernetes 1.27');
      expect(err).toContain('WithClassicSidecar');
    });

    test('fails on 1.28 without the SidecarContainers gate', () => {
      expect(synthWith('1.28')).toMatch(/PP-FEATURE-VERSION: native sidecar 'log-shipper' .* Kubernetes 1\.28.*1\.28 with the SidecarContainers feature gate/);
    });

    test('fails on 1.29 with the gate turned off', () => {
      expect(synthWith('1.29', { SidecarContainers: false })).toMatch(/Kubernetes 1\.29 with the SidecarContainers gate off/);
    });

    test.each([
      ['1.28', { SidecarContainers: true }],
      ['1.29', undefined],
      ['1.30', undefined],
      ['1.33', { SidecarContainers: false }],
    ])('passes on %s with gates %p', (version, gates) => {
      expect(synthWith(version, gates)).toBeUndefined();
    });

    test('passes with the default target', () => {
      const app = Testing.app();
      makeWorkload(new Chart(app, 'c'), 'Deployment', 'web').with(shipper());
      expect(synthError(app)).toBeUndefined();
    });
  });

  test('synthesizes the article example (native sidecar with startupProbe)', () => {
    const chart = Testing.chart();
    const w = makeWorkload(chart, 'Deployment').with(shipper({
      startup: kplus.Probe.fromHttpGet('/ready', { port: 3101 }),
    }));
    expect(podSpecIn(manifestOf(chart, w))).toMatchSnapshot();
    // the article declares no port for the shipper: its startupProbe's 3101 is a port no container declares
    expect(warnedRules()).toEqual(['PP-PROBE-PORT-NUMBER']);
  });
});
