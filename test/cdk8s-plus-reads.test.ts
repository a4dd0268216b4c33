import { ApiObject, App, Chart, Cron, Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-30';
import * as fc from 'fast-check';
import { manifestOf, podSpecIn } from './mixin-fixtures';
import { buildWorkloads, workloadSpec } from './random-workloads';
import { EffectiveLimits } from '../lib/effective-limits';
import { EffectiveRequests } from '../lib/effective-requests';
import { HpaIndex, podModelOfManifest } from '../lib/manifest/manifest-model';
import { WaitTarget } from '../lib/mixins/wait-target';
import { WithAdapter } from '../lib/mixins/with-adapter';
import { WithAmbassador } from '../lib/mixins/with-ambassador';
import { WithClassicSidecar } from '../lib/mixins/with-classic-sidecar';
import { WithContainerAutoscaling } from '../lib/mixins/with-container-autoscaling';
import { WithInitStep } from '../lib/mixins/with-init-step';
import { WithNativeSidecar } from '../lib/mixins/with-native-sidecar';
import { WithWaitFor } from '../lib/mixins/with-wait-for';
import { KubernetesTarget } from '../lib/model/kubernetes-target';
import { PodModel } from '../lib/model/pod-model';
import { PodChecks } from '../lib/pod-checks';
import { PodQos } from '../lib/pod-qos';
import { PodReport } from '../lib/pod-report';
import { podSpecOf } from '../lib/synth/cdk8s-plus-reads';
import { podModelAtSynth } from '../lib/synth/synth-checks';
import { isPodWorkload, podModelOfWorkload, requirePodWorkload } from '../lib/synth/workload-model';

/** Fields cdk8s-plus's `Workload._toPodSpec` (and `Pod._toPodSpec`) add outside `AbstractPod._toPodSpec`. */
const SCHEDULING_FIELDS = ['affinity', 'nodeName', 'tolerations', 'topologySpreadConstraints'];

function withoutScheduling(spec: any): any {
  const out = { ...spec };
  for (const f of SCHEDULING_FIELDS) delete out[f];
  return out;
}

/**
 * A chart with one workload of every kind, each with as many patterns as it takes, shared and memory-backed
 * volumes, env, probes, pod-level settings and scheduling constraints.
 */
function richChart(app: App = Testing.app()): Chart {
  const chart = new Chart(app, 'rich');
  KubernetesTarget.set(chart, { version: '1.31' });
  // what this chart does on purpose: a debug pod that shares its process namespace, an init step in a scaled Deployment
  PodChecks.acknowledge(chart, 'PP-SHARE-PROCESS-NAMESPACE', 'the debug pod lets the toolbox inspect the app processes');
  PodChecks.acknowledge(chart, 'PP-INIT-STEP-REPLICAS', 'the fetch-config step is idempotent and safe to run per replica');
  const logs = kplus.Volume.fromEmptyDir(chart, 'logs', 'logs');
  const cache = kplus.Volume.fromEmptyDir(chart, 'cache', 'cache', { medium: kplus.EmptyDirMedium.MEMORY, sizeLimit: Size.mebibytes(256) });
  const config = kplus.Volume.fromEmptyDir(chart, 'config', 'config');
  const app1 = (): kplus.ContainerProps => ({
    name: 'app',
    image: 'mycompany/web:1.6.0',
    portNumber: 8080,
    envVariables: { MODE: kplus.EnvValue.fromValue('prod') },
    readiness: kplus.Probe.fromHttpGet('/healthz', { port: 8080, scheme: kplus.ConnectionScheme.HTTPS, host: 'localhost', successThreshold: 2 }),
    liveness: kplus.Probe.fromTcpSocket({ host: '127.0.0.1', timeoutSeconds: Duration.seconds(3), initialDelaySeconds: Duration.seconds(4) }),
    volumeMounts: [{ path: '/var/log/app', volume: logs }, { path: '/cache', volume: cache }],
    resources: { cpu: { request: kplus.Cpu.millis(250) }, memory: { request: Size.mebibytes(300), limit: Size.gibibytes(1) } },
  });
  const waitFor = new WithWaitFor({ name: 'wait-for-db', target: WaitTarget.tcp('postgres-service', 5432), timeout: Duration.minutes(2) });
  const native = new WithNativeSidecar({
    name: 'log-shipper',
    image: 'grafana/promtail:3.4.0',
    volumeMounts: [{ path: '/var/log/app', volume: logs, readOnly: true }],
    ports: [{ number: 3101 }],
    startup: kplus.Probe.fromHttpGet('/ready', { port: 3101, failureThreshold: 30, periodSeconds: Duration.seconds(2) }),
    lifecycle: { preStop: kplus.Handler.fromCommand(['sleep', '5']) },
  });
  const initStep = new WithInitStep({
    name: 'fetch-config',
    image: 'curlimages/curl:8.10.1',
    command: ['sh', '-c', 'curl -o /config/app.yaml http://config/app.yaml'],
    volumeMounts: [{ path: '/config', volume: config }],
    appVolumeMounts: [{ path: '/etc/app', volume: config, readOnly: true }],
  });
  const classic = new WithClassicSidecar({ name: 'rotator', image: 'rotator:1', volumeMounts: [{ path: '/logs', volume: logs }] });
  const ambassador = new WithAmbassador({ name: 'redis-ambassador', image: 'kuiken/twemproxy:0.5', portNumber: 6379, appUrlEnv: 'REDIS_URL', urlScheme: 'redis' });
  const adapter = new WithAdapter({ name: 'jmx-exporter', image: 'bitnami/jmx-exporter:1.1.0', ports: [{ number: 5556, name: 'metrics' }] });
  const hpa = new WithContainerAutoscaling({ container: 'app', minReplicas: 2, maxReplicas: 20, memoryUtilization: 80, cpuUtilization: 60 });

  const web = new kplus.Deployment(chart, 'web', { containers: [app1()], spread: true, terminationGracePeriod: Duration.seconds(60) });
  web.scheduling.tolerate(kplus.Node.tainted(kplus.NodeTaintQuery.is('dedicated', 'web')));
  web.scheduling.attract(kplus.Node.labeled(kplus.NodeLabelQuery.is('disk', 'ssd')));
  web.with(waitFor, native, initStep, classic, ambassador, adapter, hpa);

  new kplus.Deployment(chart, 'fixed', { containers: [app1()], replicas: 3 }).with(native, adapter);

  new kplus.StatefulSet(chart, 'db', { containers: [app1()], replicas: 3 }).with(native, classic, adapter);
  new kplus.StatefulSet(chart, 'scaled-db', { containers: [app1()] }).with(native, hpa);

  new kplus.DaemonSet(chart, 'agent', { containers: [app1()], hostNetwork: true })
    .with(new WithWaitFor({ name: 'wait-for-dns', target: WaitTarget.dns('kube-dns.kube-system') }), native, classic);

  new kplus.Job(chart, 'migrate', { containers: [app1()], activeDeadline: Duration.minutes(10) })
    .with(new WithWaitFor({ name: 'wait-for-api', target: WaitTarget.http('http://api:8080/healthz') }), native, initStep);

  new kplus.CronJob(chart, 'report', { containers: [app1()], schedule: Cron.daily() }).with(initStep, native);

  const pod = new kplus.Pod(chart, 'debug', {
    containers: [app1()],
    securityContext: { user: 1000, fsGroup: 2000 },
    dns: { nameservers: ['1.1.1.1'], searches: ['svc.cluster.local'], policy: kplus.DnsPolicy.NONE, hostname: 'debug' },
    hostAliases: [{ ip: '10.0.0.1', hostnames: ['db.local'] }],
    shareProcessNamespace: true,
  });
  pod.scheduling.tolerate(kplus.Node.tainted(kplus.NodeTaintQuery.exists('gpu')));
  // every kind of volume source and env source cdk8s-plus renders, some with keys renamed in JSON (volumeID, diskURI)
  const cm = new kplus.ConfigMap(chart, 'settings', { data: { 'app.yaml': 'a: 1' } });
  const secret = new kplus.Secret(chart, 'creds', { stringData: { password: 'x' } });
  const pvc = new kplus.PersistentVolumeClaim(chart, 'data', { storage: Size.gibibytes(1) });
  const mounts: Array<[string, kplus.Volume]> = [
    ['/cfg', kplus.Volume.fromConfigMap(chart, 'cfg-vol', cm, { items: { 'app.yaml': { path: 'app.yaml', mode: 0o444 } }, defaultMode: 0o400 })],
    ['/secret', kplus.Volume.fromSecret(chart, 'secret-vol', secret, { optional: true })],
    ['/data', kplus.Volume.fromPersistentVolumeClaim(chart, 'pvc-vol', pvc, { readOnly: true })],
    ['/host', kplus.Volume.fromHostPath(chart, 'host-vol', 'host', { path: '/var/run', type: kplus.HostPathVolumeType.DIRECTORY })],
    ['/ebs', kplus.Volume.fromAwsElasticBlockStore(chart, 'ebs-vol', 'vol-123', { fsType: 'ext4', partition: 1 })],
    ['/azure', kplus.Volume.fromAzureDisk(chart, 'azure-vol', 'disk', 'https://disk/uri', { cachingMode: kplus.AzureDiskPersistentVolumeCachingMode.READ_ONLY })],
    ['/gce', kplus.Volume.fromGcePersistentDisk(chart, 'gce-vol', 'pd-1')],
    ['/nfs', kplus.Volume.fromNfs(chart, 'nfs-vol', 'nfs', { server: 'nfs.local', path: '/export' })],
    ['/csi', kplus.Volume.fromCsi(chart, 'csi-vol', 'csi.example.com', { attributes: { a: 'b' } })],
  ];
  pod.addContainer({
    name: 'toolbox',
    image: 'busybox:1.37',
    command: ['sleep'],
    args: ['infinity'],
    workingDir: '/work',
    envVariables: {
      PASSWORD: kplus.EnvValue.fromSecretValue({ secret, key: 'password' }),
      SETTING: kplus.EnvValue.fromConfigMap(cm, 'app.yaml', { optional: true }),
      NODE: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.NODE_NAME),
      MEM: kplus.EnvValue.fromResource(kplus.ResourceFieldPaths.MEMORY_LIMIT, { container: { name: 'toolbox' } as kplus.Container }),
    },
    envFrom: [kplus.Env.fromConfigMap(cm, 'CFG_'), kplus.Env.fromSecret(secret)],
    liveness: kplus.Probe.fromCommand(['true'], { initialDelaySeconds: Duration.seconds(5), timeoutSeconds: Duration.seconds(2) }),
    securityContext: { user: 1000, group: 1000, readOnlyRootFilesystem: false, capabilities: { drop: [kplus.Capability.ALL] } },
    volumeMounts: mounts.map(([path, volume]) => ({ path, volume })),
  });
  pod.addVolume(kplus.Volume.fromEmptyDir(chart, 'spare-vol', 'spare')); // a pod volume no container mounts
  pod.with(waitFor, native, initStep, classic, ambassador, adapter);
  return chart;
}

function workloadsOf(chart: Chart): kplus.AbstractPod[] {
  return chart.node.findAll().filter(isPodWorkload);
}

/** A model without the fields that say where it was built from (construct path vs file) or what only a mixin knows. */
/** A model's fields but the sources and the patterns, which only the workload adapter knows. */
function comparable(m: PodModel): any {
  return {
    kind: m.kind,
    name: m.name,
    namespace: m.namespace,
    replicas: m.replicas,
    spec: m.spec,
    target: m.target,
    containers: m.containers.map(c => ({ ...c, pattern: undefined })),
    hpas: m.hpas.map(h => ({ name: h.name, minReplicas: h.minReplicas, maxReplicas: h.maxReplicas, metrics: h.metrics })),
  };
}

describe('workload model', () => {
  test('the chart holds every workload kind, with pattern containers in each', () => {
    const kinds = workloadsOf(richChart()).map(w => ApiObject.of(w).kind);
    expect(new Set(kinds)).toEqual(new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Pod']));
  });

  test('podSpecOf(w) equals the pod spec synth writes, except the scheduling fields Workload adds', () => {
    const chart = richChart();
    const expected = new Map(workloadsOf(chart).map(w => [w, podSpecOf(w)] as const));
    let compared = 0;
    for (const [w, spec] of expected) {
      const yaml = podSpecIn(manifestOf(chart, w));
      expect({ path: w.node.path, spec }).toEqual({ path: w.node.path, spec: withoutScheduling(yaml) });
      compared++;
    }
    expect(compared).toEqual(8);
  });

  test('the fields left out of the comparison are really there in the YAML (the comparison is not vacuous)', () => {
    const chart = richChart();
    const web = chart.node.findChild('web') as kplus.Deployment;
    const yaml = podSpecIn(manifestOf(chart, web));
    expect(yaml.affinity).toBeDefined();
    expect(yaml.tolerations).toEqual([{ key: 'dedicated', operator: 'Equal', value: 'web' }]);
    expect(podSpecOf(web).affinity).toBeUndefined();
    // and what is compared holds every pattern
    expect(podSpecOf(web).initContainers!.map(c => c.name)).toEqual(['wait-for-db', 'log-shipper', 'fetch-config']);
    expect(podSpecOf(web).containers.map(c => c.name)).toEqual(['app', 'rotator', 'redis-ambassador', 'jmx-exporter']);
    expect(podSpecOf(web).setHostnameAsFQDN).toEqual(false);
    const debug = podSpecOf(chart.node.findChild('debug') as kplus.Pod);
    expect(debug.volumes!.find(v => v.awsElasticBlockStore)!.awsElasticBlockStore).toEqual({ volumeID: 'vol-123', fsType: 'ext4', partition: 1, readOnly: false });
    expect(debug.volumes!.length).toEqual(13);
    expect(debug.volumes!.map(v => v.name)).toContain('spare'); // the pod's own volume, mounted by no container
    expect(debug.containers.find(c => c.name === 'toolbox')!.env!.map(e => e.name)).toEqual(['PASSWORD', 'SETTING', 'NODE', 'MEM', 'REDIS_URL']);
  });

  test('podModelOfWorkload(w) equals the model the manifest adapter builds from the synthesized YAML', () => {
    const chart = richChart();
    const yaml = Testing.synth(chart);
    const objects = yaml.map((object, doc) => ({ file: 'rich.k8s.yaml', doc, source: `rich.k8s.yaml#${doc}`, object }));
    const hpas = HpaIndex.of(objects);
    for (const w of workloadsOf(chart)) {
      const fromWorkload = podModelOfWorkload(w);
      const api = ApiObject.of(w);
      const m = objects.find(o => o.object.kind === api.kind && o.object.metadata.name === api.name)!;
      const fromYaml = podModelOfManifest(m, hpas, fromWorkload.target);
      const spec = withoutScheduling(fromYaml.spec);
      expect(comparable(fromWorkload)).toEqual({ ...comparable(fromYaml), spec });
    }
  });

  test('every kind of HPA metric reads as the YAML synth writes for it', () => {
    const chart = new Chart(Testing.app(), 'metrics');
    const d = new kplus.Deployment(chart, 'web', { containers: [{ name: 'app', image: 'nginx:1.27', portNumber: 8080 }] });
    const app = d.containers[0];
    const target = kplus.MetricTarget;
    const metrics = [
      kplus.Metric.containerCpu({ container: app, target: target.averageUtilization(70) }),
      kplus.Metric.containerMemory({ container: app, target: target.averageValue(512) }),
      kplus.Metric.containerEphemeralStorage({ container: app, target: target.value(2) }),
      kplus.Metric.resourceCpu(target.averageUtilization(60)),
      kplus.Metric.resourceMemory(target.averageValue(1000)),
      kplus.Metric.pods({ name: 'requests', target: target.averageValue(10) }),
      kplus.Metric.external({ name: 'queue', target: target.value(30), labelSelector: kplus.LabelSelector.of({ labels: { q: 'jobs' } }) }),
    ];
    new kplus.HorizontalPodAutoscaler(chart, 'hpa', { target: d, maxReplicas: 5, metrics });
    const yaml = Testing.synth(chart).find(o => o.kind === 'HorizontalPodAutoscaler')!;
    const model = podModelOfWorkload(d);
    expect(model.hpas.map(h => h.metrics)).toEqual([yaml.spec.metrics]);
    expect(model.hpas[0].metrics.map(m => m.type)).toEqual(['ContainerResource', 'ContainerResource', 'ContainerResource', 'Resource', 'Resource', 'Pods', 'External']);
    expect(model.hpas[0].source).toEqual('metrics/hpa');
  });

  test('the sources of a workload model and of its HPAs are construct paths', () => {
    const chart = richChart();
    let hpas = 0;
    for (const w of workloadsOf(chart)) {
      const model = podModelOfWorkload(w);
      expect(model.source).toEqual(w.node.path);
      for (const h of model.hpas) {
        hpas++;
        expect(h.source).toEqual(`${w.node.path}/${chart.node.findAll().find(c => (c as any).name === h.name)!.node.id}`);
      }
    }
    expect(hpas).toBeGreaterThan(0);
  });


  test('the workload model knows which pattern added each container', () => {
    const chart = richChart();
    const web = podModelOfWorkload(chart.node.findChild('web') as kplus.Deployment);
    expect(web.containers.map(c => [c.name, c.role, c.pattern])).toEqual([
      ['wait-for-db', 'init', 'wait-for'],
      ['log-shipper', 'sidecar', 'native-sidecar'],
      ['fetch-config', 'init', 'init-step'],
      ['app', 'main', undefined],
      ['rotator', 'main', 'classic-sidecar'],
      ['redis-ambassador', 'main', 'ambassador'],
      ['jmx-exporter', 'main', 'adapter'],
    ]);
    expect(web.hpas.map(h => h.metrics.map(m => m.containerResource?.name))).toEqual([['cpu', 'memory']]);
    expect(web.replicas).toBeUndefined();
    expect(web.target.version).toEqual('1.31');
  });

  test('podSpecOf and podModelOfWorkload have no side effects: calling them twice, then synth, gives synth alone', () => {
    const alone = Testing.synth(richChart());
    const chart = richChart();
    for (let i = 0; i < 2; i++) {
      for (const w of workloadsOf(chart)) {
        podSpecOf(w);
        podModelOfWorkload(w);
      }
    }
    expect(Testing.synth(chart)).toEqual(alone);
  });

  test('cdk8s-plus renders a workload without spread the same every time (what the checks at app.synth() rely on)', () => {
    const alone = Testing.synth(richChart());
    const chart = richChart();
    const rendered = workloadsOf(chart).filter(w => (w as any).spread !== true);
    expect(rendered.length).toEqual(7); // every workload of the rich chart but web
    for (let i = 0; i < 2; i++) for (const w of rendered) (w as any).apiObject.toJson();
    expect(Testing.synth(chart)).toEqual(alone);
    // and with spread, a render adds the spread terms again: why such a workload is read, not rendered
    const web = chart.node.findChild('web') as kplus.Deployment;
    (web as any).apiObject.toJson();
    expect(Testing.synth(chart)).not.toEqual(alone);
  });

  test('validation (the pod checks) leaves the manifests as synth alone writes them', () => {
    const alone = Testing.synth(richChart());
    const app = Testing.app();
    const chart = richChart(app);
    for (const c of app.node.findAll()) c.node.validate();
    expect(Testing.synth(chart)).toEqual(alone);
  });
});

describe('the HPAs of a workload', () => {
  const web = (chart: Chart, id = 'web') =>
    new kplus.Deployment(chart, id, { containers: [{ name: 'app', image: 'mycompany/web:1.6.0', portNumber: 8080 }] });
  const handHpa = (chart: Chart, target: kplus.Deployment, id = 'extra') =>
    new kplus.HorizontalPodAutoscaler(chart, id, {
      target, maxReplicas: 3, metrics: [kplus.Metric.resourceCpu(kplus.MetricTarget.averageUtilization(60))],
    });
  const hpaNames = (w: kplus.AbstractPod) => podModelOfWorkload(w).hpas.map(h => h.source);

  test('an HPA written by hand after the mixin\'s is found too', () => {
    const chart = Testing.chart();
    const w = web(chart);
    w.with(new WithContainerAutoscaling({ container: 'app', maxReplicas: 5 }));
    handHpa(chart, w);
    expect(hpaNames(w)).toEqual(['test/web/hpa-app', 'test/extra']);
    // and the checks see both: the workload is still marked autoscaled, so no replicas
    expect(podModelOfWorkload(w).replicas).toBeUndefined();
  });

  test('an HPA written by hand on another workload does not count against this one', () => {
    const chart = Testing.chart();
    const w = web(chart);
    w.with(new WithContainerAutoscaling({ container: 'app', maxReplicas: 5 }));
    const other = web(chart, 'other');
    handHpa(chart, other);
    expect(hpaNames(w)).toEqual(['test/web/hpa-app']);
    expect(hpaNames(other)).toEqual(['test/extra']);
  });

  test('the mixin\'s HPA, once removed from the tree, is not reported (cdk8s would not synthesize it)', () => {
    const chart = Testing.chart();
    const w = web(chart);
    w.with(new WithContainerAutoscaling({ container: 'app', maxReplicas: 5 }));
    expect(w.node.tryRemoveChild('hpa-app')).toBe(true);
    expect(hpaNames(w)).toEqual([]);
    expect(Testing.synth(chart).filter(m => m.kind === 'HorizontalPodAutoscaler')).toEqual([]);
  });

  test('the mixin replaces no method of the workload, and the HPA keeps replicas out of the manifest', () => {
    const chart = Testing.chart();
    const w = web(chart);
    w.with(new WithContainerAutoscaling({ container: 'app', maxReplicas: 5 }));
    expect(w.hasAutoscaler).toBe(true);
    expect(Object.keys(w)).not.toContain('markHasAutoscaler');
    const [deployment] = Testing.synth(chart).filter(m => m.kind === 'Deployment');
    expect(deployment.spec.replicas).toBeUndefined();
  });
});

describe('container resources in the model', () => {
  const deployment = (chart: Chart, id: string, resources: kplus.ContainerResources) =>
    new kplus.Deployment(chart, id, { containers: [{ name: 'app', image: 'mycompany/web:1.6.0', resources }] });

  test('a frozen resources object (the patterns\' defaults) is rendered once, as frozen JSON equal to what synth writes', () => {
    const chart = Testing.chart();
    const frozen: kplus.ContainerResources = Object.freeze({
      cpu: Object.freeze({ request: kplus.Cpu.millis(50) }),
      memory: Object.freeze({ request: Size.mebibytes(64), limit: Size.mebibytes(128) }),
    });
    const a = deployment(chart, 'a', frozen);
    const b = deployment(chart, 'b', frozen);
    const ra = podSpecOf(a).containers[0].resources!;
    expect(ra).toEqual({ limits: { memory: '128Mi' }, requests: { cpu: '50m', memory: '64Mi' } });
    expect(podSpecOf(b).containers[0].resources).toBe(ra);
    expect(Object.isFrozen(ra) && Object.isFrozen(ra.requests)).toBe(true);
    expect(podSpecIn(manifestOf(chart, b)).containers[0].resources).toEqual(ra);
  });

  test('a resources object that is not frozen is read afresh every time', () => {
    const chart = Testing.chart();
    const resources: any = { cpu: { request: kplus.Cpu.millis(100) } };
    const w = deployment(chart, 'w', resources);
    expect(podSpecOf(w).containers[0].resources).toEqual({ requests: { cpu: '100m' } });
    resources.cpu = { request: kplus.Cpu.millis(200), limit: kplus.Cpu.millis(400) };
    expect(podSpecOf(w).containers[0].resources).toEqual({ limits: { cpu: '400m' }, requests: { cpu: '200m' } });
  });

  test('a frozen top level over a sub-object that is not frozen is read afresh', () => {
    const chart = Testing.chart();
    const cpu: any = { request: kplus.Cpu.millis(100) };
    const w = deployment(chart, 'w', Object.freeze({ cpu }));
    expect(podSpecOf(w).containers[0].resources).toEqual({ requests: { cpu: '100m' } });
    cpu.request = kplus.Cpu.millis(300);
    expect(podSpecOf(w).containers[0].resources).toEqual({ requests: { cpu: '300m' } });
  });
});

describe('the error for a construct that is not a workload', () => {
  const MESSAGE = 'is not a cdk8s-plus Pod, Deployment, StatefulSet, DaemonSet, Job or CronJob.';

  test.each([
    ['PodReport.of', (c: any) => PodReport.of(c)],
    ['PodChecks.findings', (c: any) => PodChecks.findings(c)],
    ['EffectiveRequests.of', (c: any) => EffectiveRequests.of(c)],
    ['EffectiveLimits.of', (c: any) => EffectiveLimits.of(c)],
    ['PodQos.of', (c: any) => PodQos.of(c)],
  ])('%s names itself and the construct by its path', (api, call) => {
    const chart = Testing.chart();
    const cm = new kplus.ConfigMap(chart, 'settings');
    expect(() => call(cm)).toThrow(`${api}: test/settings ${MESSAGE}`);
  });

  test('the root is <root>, and a value that is no construct is printed as it is', () => {
    expect(() => requirePodWorkload(Testing.app(), 'X.of')).toThrow(`X.of: <root> ${MESSAGE}`);
    expect(() => requirePodWorkload(undefined, 'X.of')).toThrow(`X.of: undefined ${MESSAGE}`);
    expect(() => requirePodWorkload({ name: 'web' }, 'X.of')).toThrow(`X.of: [object Object] ${MESSAGE}`);
  });

  test('a workload passes', () => {
    const d = new kplus.Deployment(Testing.chart(), 'web', { containers: [{ image: 'mycompany/web:1.6.0' }] });
    expect(() => requirePodWorkload(d, 'X.of')).not.toThrow();
  });
});

describe('probes in the model', () => {
  test('a probe of a shape the direct reader does not know reads as the JSON synth writes', () => {
    const chart = Testing.chart();
    const probe = kplus.Probe.fromHttpGet('/ready', { port: 8080, periodSeconds: Duration.seconds(5) });
    delete (probe as any).commandOptions; // not the shape probeJson reads: it must fall back
    const w = new kplus.Deployment(chart, 'web', { containers: [{ name: 'app', image: 'mycompany/web:1.6.0', readiness: probe }] });
    const readiness = podSpecOf(w).containers[0].readinessProbe;
    expect(readiness).toEqual({ failureThreshold: 3, periodSeconds: 5, httpGet: { path: '/ready', port: 8080, scheme: 'HTTP' } });
    expect(podSpecIn(manifestOf(chart, w)).containers[0].readinessProbe).toEqual(readiness);
  });

});

describe('randomized: the model the checks read equals the model of the synthesized YAML', () => {
  test('for random workloads (probes, lifecycle hooks, env, volumes, security context, patterns, HPAs, JSON patches)', () => {
    fc.assert(fc.property(fc.array(workloadSpec, { minLength: 1, maxLength: 4 }), specs => {
      const app = Testing.app();
      PodChecks.disable(app); // random workloads break rules; what synth writes is the same either way (synth-identity.test.ts)
      const chart = new Chart(app, 'random');
      const workloads = buildWorkloads(chart, specs);
      const yaml = Testing.synth(chart);
      const objects = yaml.map((object, doc) => ({ file: 'random.k8s.yaml', doc, source: `random.k8s.yaml#${doc}`, object }));
      const hpas = HpaIndex.of(objects);
      for (const w of workloads) {
        const atSynth = podModelAtSynth(w);
        const api = ApiObject.of(w);
        const m = objects.find(o => o.object.kind === api.kind && o.object.metadata.name === api.name)!;
        const fromYaml = podModelOfManifest(m, hpas, atSynth.target);
        expect(comparable(atSynth)).toEqual({ ...comparable(fromYaml), spec: withoutScheduling(fromYaml.spec) });
      }
    }), { numRuns: 150 });
  }, 120_000);
});
