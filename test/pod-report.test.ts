import { App, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-30';
import { CATALOGUE } from '../examples/catalogue';
import { QosClass } from '../lib/accounting/qos-class';
import { HpaIndex, isWorkloadObject, podModelOfManifest } from '../lib/manifest/manifest-model';
import { DEFAULT_READ_LIMITS, parseManifestText, ReadResult } from '../lib/manifest/manifest-reader';
import { buildPodModel, ContainerJson, HpaModel, PodSpecJson } from '../lib/model/pod-model';
import { PodReport } from '../lib/pod-report';
import { PodReportData, PodReportRole, PodReportScaling } from '../lib/report/pod-report-types';
import { reportOfModel } from '../lib/report-of-model';
import { isPodWorkload, podModelOfWorkload } from '../lib/synth/workload-model';

const MI = 1024 * 1024;
const TARGET = { version: '1.33', featureGates: {} };

function c(name: string, cpu: string, extra: Partial<ContainerJson> = {}): ContainerJson {
  return { name, image: `example/${name}:1.0.0`, resources: { requests: { cpu, memory: '64Mi' }, limits: { memory: '64Mi' } }, ...extra };
}
const sidecar = (name: string, cpu: string, extra: Partial<ContainerJson> = {}) => c(name, cpu, { restartPolicy: 'Always', ...extra });

function report(spec: PodSpecJson, opts: { kind?: string; replicas?: number; hpas?: HpaModel[] } = {}): PodReport {
  return reportOfModel(buildPodModel({
    kind: opts.kind ?? 'Deployment',
    name: 'web',
    source: 'test/web',
    replicas: opts.hpas || opts.kind === 'DaemonSet' ? undefined : opts.replicas ?? 1,
    spec,
    hpas: opts.hpas,
    target: TARGET,
  }));
}

describe('PodReport', () => {
  describe('effective requests', () => {
    // an injected proxy's requests, where the pod's annotations state them (istio sidecar.istio.io/proxyCPU, proxyMemory)
    test('counts the istio-proxy an Istio label asks for, with the requests its annotations state', () => {
      const r = reportOfModel(buildPodModel({
        kind: 'Deployment',
        name: 'web',
        source: 'test/web',
        replicas: 1,
        target: TARGET,
        spec: { containers: [c('app', '500m')] },
        podMetadata: {
          labels: { 'sidecar.istio.io/inject': 'true' },
          annotations: { 'sidecar.istio.io/proxyCPU': '100m', 'sidecar.istio.io/proxyMemory': '128Mi', 'sidecar.istio.io/nativeSidecar': 'true' },
        },
      }), []);
      expect(r.containers.map(x => [x.name, x.role, x.injectedBy])).toEqual([
        ['istio-proxy', PodReportRole.SIDECAR, 'Istio'],
        ['app', PodReportRole.MAIN, undefined],
      ]);
      expect(r.requests.cpu).toEqual(600);
      expect(r.requests.memory).toEqual(192 * MI);
      expect(r.toText()).toContain('istio-proxy (injected by Istio)');
    });

    test('leaves out an injected proxy whose requests the annotations do not state', () => {
      const r = reportOfModel(buildPodModel({
        kind: 'Deployment',
        name: 'web',
        source: 'test/web',
        replicas: 1,
        target: TARGET,
        spec: { containers: [c('app', '500m')] },
        podMetadata: { annotations: { 'linkerd.io/inject': 'enabled' } },
      }), []);
      expect(r.containers.map(x => x.name)).toEqual(['app']);
      expect(r.requests.cpu).toEqual(500);
    });

    test('three native sidecars at 100m and a main container at 500m request 800m (the article\'s example)', () => {
      const r = report({
        initContainers: [sidecar('proxy', '100m'), sidecar('logs', '100m'), sidecar('metrics', '100m')],
        containers: [c('app', '500m')],
      }, { replicas: 3 });
      expect(r.requests.cpu).toEqual(800);
      expect(r.requests.memory).toEqual(4 * 64 * MI);
      expect(r.quota.minRequests.cpu).toEqual(2400);
      expect(r.toText()).toContain('pod: requests cpu 800m, memory 256Mi; limits memory 256Mi; QoS Burstable');
    });

    test('a plain init container larger than the running pod sets the request, counted with the sidecars before it', () => {
      const r = report({
        initContainers: [sidecar('proxy', '100m'), c('migrate', '1')],
        containers: [c('app', '500m')],
      });
      // max(600m running, 100m sidecar + 1000m migrate)
      expect(r.requests.cpu).toEqual(1100);
      expect(r.containers.find(x => x.name === 'migrate')!.requests.cpu).toEqual(1000);
    });

    test('a limit without a request becomes the container\'s request, and the QoS follows (Guaranteed)', () => {
      const r = report({ containers: [{ name: 'app', image: 'x:1', resources: { limits: { cpu: '250m', memory: '128Mi' } } }] });
      expect(r.containers[0].requests).toEqual({ cpu: 250, memory: 128 * MI });
      expect(r.qosClass).toEqual(QosClass.GUARANTEED);
    });

    test('a pod without resources is BestEffort with no requests', () => {
      const r = report({ containers: [{ name: 'app', image: 'x:1' }] });
      expect(r.qosClass).toEqual(QosClass.BEST_EFFORT);
      expect(r.requests).toEqual({});
      expect(r.toText()).toContain('pod: requests none; limits none; QoS BestEffort');
    });
  });

  describe('phases and order', () => {
    // init-a, side-1 (startupProbe), init-b, side-2 (no probe), then app and proxy
    const spec: PodSpecJson = {
      initContainers: [
        c('init-a', '10m'),
        sidecar('side-1', '10m', { startupProbe: { httpGet: { path: '/ready', port: 3101 }, periodSeconds: 2 } }),
        c('init-b', '10m'),
        sidecar('side-2', '10m'),
      ],
      containers: [c('app', '100m'), c('proxy', '10m')],
    };

    test('containers are listed in start order with their role and step; regular containers share the last step', () => {
      const r = report(spec);
      expect(r.containers.map(x => [x.name, x.role, x.startStep])).toEqual([
        ['init-a', PodReportRole.INIT, 1],
        ['side-1', PodReportRole.SIDECAR, 2],
        ['init-b', PodReportRole.INIT, 3],
        ['side-2', PodReportRole.SIDECAR, 4],
        ['app', PodReportRole.MAIN, 5],
        ['proxy', PodReportRole.MAIN, 5],
      ]);
    });

    test('each container names what it waits on: completion, a startupProbe, or a plain start', () => {
      const after = Object.fromEntries(report(spec).containers.map(x => [x.name, x.startsAfter]));
      expect(after).toEqual({
        'init-a': 'pod start',
        'side-1': "'init-a' completed",
        'init-b': "'side-1' startupProbe passed (httpGet :3101/ready)",
        'side-2': "'init-b' completed",
        'app': "'side-2' started",
        'proxy': "'side-2' started",
      });
      expect(report(spec).containers.find(x => x.name === 'side-1')!.startupProbe).toEqual('httpGet :3101/ready');
    });

    test('shutdown: regular containers first, then sidecars in reverse order; plain init containers have no stop step', () => {
      const stop = Object.fromEntries(report(spec).containers.map(x => [x.name, x.stopStep]));
      expect(stop).toEqual({ 'init-a': undefined, 'side-1': 3, 'init-b': undefined, 'side-2': 2, 'app': 1, 'proxy': 1 });
    });

    test('the text table has one row per container in start order', () => {
      const lines = report(spec).toText().split('\n');
      expect(lines[0].split(/\s{2,}/)).toEqual(['#', 'container', 'role', 'starts after', 'cpu req/lim', 'memory req/lim', 'stops']);
      expect(lines.slice(1, 7).map(l => l.split(/\s{2,}/)[1])).toEqual(['init-a', 'side-1', 'init-b', 'side-2', 'app', 'proxy']);
      expect(lines[2].split(/\s{2,}/)).toEqual(['2', 'side-1', 'sidecar', "'init-a' completed", '10m/-', '64Mi/64Mi', '3']);
    });
  });

  describe('quota: requests times replicas', () => {
    const spec: PodSpecJson = { containers: [c('app', '250m')] };

    test('fixed replicas multiply requests and limits', () => {
      const r = report(spec, { replicas: 3 });
      expect(r.quota).toMatchObject({ scaling: PodReportScaling.FIXED, minReplicas: 3, maxReplicas: 3, description: '3 replicas' });
      expect(r.quota.minRequests).toEqual({ cpu: 750, memory: 3 * 64 * MI });
      expect(r.quota.maxLimits).toEqual({ memory: 3 * 64 * MI });
      expect(r.toText()).toContain('quota at 3 replicas: requests cpu 750m, memory 192Mi; limits memory 192Mi');
    });

    test('a Job is counted in pods', () => {
      expect(report(spec, { kind: 'Job', replicas: 1 }).toText()).toContain('quota at 1 pod: requests cpu 250m, memory 64Mi');
    });

    test('a DaemonSet is counted per node', () => {
      const r = report(spec, { kind: 'DaemonSet' });
      expect(r.quota.scaling).toEqual(PodReportScaling.PER_NODE);
      expect(r.quota.minReplicas).toBeUndefined();
      expect(r.quota.minRequests).toEqual({ cpu: 250, memory: 64 * MI });
      expect(r.toText()).toContain('quota per node (one pod on every node it runs on): requests cpu 250m, memory 64Mi');
    });

    test('an HPA gives min..max: minReplicas times and maxReplicas times the pod', () => {
      const hpa: HpaModel = { name: 'web-hpa', source: 'test/hpa', minReplicas: 3, maxReplicas: 30, metrics: [] };
      const r = report(spec, { hpas: [hpa] });
      expect(r.quota).toMatchObject({ scaling: PodReportScaling.AUTOSCALED, minReplicas: 3, maxReplicas: 30 });
      expect(r.quota.minRequests.cpu).toEqual(750);
      expect(r.quota.maxRequests.cpu).toEqual(7500);
      expect(r.toText()).toContain('quota at 3..30 replicas (HPA web-hpa): requests cpu 0.75..7.5, memory 0.19Gi..1.88Gi');
    });

    test('a range keeps one unit on both sides, the one of the larger end', () => {
      const hpa: HpaModel = { name: 'web-hpa', source: 'test/hpa', minReplicas: 3, maxReplicas: 30, metrics: [] };
      const r = report({ containers: [c('app', '300m', { resources: { requests: { cpu: '300m', memory: '320Mi' }, limits: { memory: '384Mi' } } })] }, { hpas: [hpa] });
      expect(r.toText()).toContain('quota at 3..30 replicas (HPA web-hpa): requests cpu 0.9..9, memory 0.94Gi..9.38Gi; limits memory 1.13Gi..11.25Gi');
    });

    test('an HPA without minReplicas counts from 1 (the API default)', () => {
      const r = report(spec, { hpas: [{ name: 'h', source: 'test/h', maxReplicas: 4, metrics: [] }] });
      expect(r.quota.minReplicas).toEqual(1);
      expect(r.quota.maxRequests.cpu).toEqual(1000);
    });
  });

  describe('ports, volumes, memory headroom, findings', () => {
    test('ports list container, number, protocol (TCP by default) and name', () => {
      const r = report({
        containers: [
          c('app', '1', { ports: [{ containerPort: 8080, name: 'http' }] }),
          c('dns', '1', { ports: [{ containerPort: 53, protocol: 'UDP' }] }),
        ],
      });
      expect(r.ports).toEqual([
        { container: 'app', port: 8080, protocol: 'TCP', name: 'http' },
        { container: 'dns', port: 53, protocol: 'UDP', name: undefined },
      ]);
      expect(r.toText()).toContain('ports: app 8080/TCP (http), dns 53/UDP');
    });

    test('volumes list who mounts them, shared or not, memory-backed or not; unmounted volumes are left out', () => {
      const r = report({
        initContainers: [sidecar('shipper', '10m', { volumeMounts: [{ name: 'logs', mountPath: '/logs', readOnly: true }] })],
        containers: [c('app', '1', { volumeMounts: [{ name: 'logs', mountPath: '/var/log' }, { name: 'scratch', mountPath: '/tmp' }] })],
        volumes: [{ name: 'logs', emptyDir: {} }, { name: 'scratch', emptyDir: { medium: 'Memory' } }, { name: 'unused', configMap: { name: 'x' } }],
      });
      expect(r.volumes).toEqual([
        {
          name: 'logs',
          source: 'emptyDir',
          memoryBacked: false,
          shared: true,
          mounts: [{ container: 'shipper', path: '/logs', readOnly: true }, { container: 'app', path: '/var/log', readOnly: false }],
        },
        { name: 'scratch', source: 'emptyDir', memoryBacked: true, shared: false, mounts: [{ container: 'app', path: '/tmp', readOnly: false }] },
      ]);
      expect(r.toText()).toContain('volume logs (emptyDir) shared by shipper (ro), app');
      expect(r.toText()).toContain('volume scratch (emptyDir, memory-backed) mounted by app');
    });

    test('a request and a limit in different units share one: cdk8s-plus\'s default 1000m/1500m reads 1/1.5', () => {
      const r = report({ containers: [{ name: 'app', image: 'x:1', resources: { requests: { cpu: '1', memory: '512Mi' }, limits: { cpu: '1500m', memory: '2Gi' } } }] });
      expect(r.toText().split('\n')[1].split(/\s{2,}/)).toEqual(['1', 'app', 'main', 'pod start', '1/1.5', '0.5Gi/2Gi', '1']);
    });

    test('a request far below its limit keeps its own unit on both sides: 50m/1000m, 64Mi/2048Mi', () => {
      const r = report({ containers: [{ name: 'app', image: 'x:1', resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '1', memory: '2Gi' } } }] });
      expect(r.toText().split('\n')[1].split(/\s{2,}/)).toEqual(['1', 'app', 'main', 'pod start', '50m/1000m', '64Mi/2048Mi', '1']);
    });

    test('memory headroom: a 200Mi tmpfs under a 256Mi limit leaves 56Mi (the article\'s example)', () => {
      const r = report({
        containers: [{
          name: 'app',
          image: 'x:1',
          resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '256Mi' } },
          volumeMounts: [{ name: 'config', mountPath: '/config' }],
        }],
        volumes: [{ name: 'config', emptyDir: { medium: 'Memory', sizeLimit: '200Mi' } }],
      });
      expect(r.memoryHeadroom).toEqual([{
        container: 'app',
        memoryLimit: 256 * MI,
        limitSource: 'container',
        volumes: [{ name: 'config', sizeLimit: 200 * MI, size: 200 * MI }],
        remaining: 56 * MI,
      }]);
      expect(r.toText()).toContain('memory headroom app: limit 256Mi (container) - tmpfs config 200Mi = 56Mi');
    });

    test('memory headroom: the terms of the sum share one unit', () => {
      const r = report({
        containers: [{
          name: 'app',
          image: 'x:1',
          resources: { requests: { cpu: '100m', memory: '2Gi' }, limits: { memory: '2Gi' } },
          volumeMounts: [{ name: 'cache', mountPath: '/cache' }],
        }],
        volumes: [{ name: 'cache', emptyDir: { medium: 'Memory', sizeLimit: '1536Mi' } }],
      });
      expect(r.toText()).toContain('memory headroom app: limit 2Gi (container) - tmpfs cache 1.5Gi = 0.5Gi');
    });

    test('findings of the checks are listed by rule ID', () => {
      const r = report({
        containers: [
          c('app', '1', { ports: [{ containerPort: 8080 }] }),
          c('proxy', '1', { ports: [{ containerPort: 8080 }] }),
        ],
      });
      expect(r.findings.map(f => f.ruleId)).toContain('PP-PORT-CONFLICT');
      expect(r.toText()).toMatch(/^error PP-PORT-CONFLICT: /m);
    });

    test('a compliant pod reports no findings', () => {
      expect(report({ containers: [c('app', '1')] }).toText()).toContain('findings: none');
    });
  });

  describe('JSON', () => {
    test('toJsonString() is the data, with every top-level field', () => {
      const r = report({ initContainers: [sidecar('proxy', '100m')], containers: [c('app', '500m')] }, { replicas: 2 });
      const json = JSON.parse(r.toJsonString());
      expect(Object.keys(json).sort()).toEqual([
        'containers', 'findings', 'kind', 'limits', 'memoryHeadroom', 'name', 'ports', 'qosClass', 'quota', 'requests', 'source', 'volumes',
      ]);
      expect(json).toEqual(JSON.parse(JSON.stringify(r.data)));
      expect(json.requests).toEqual({ cpu: 600, memory: 128 * MI });
      expect(json.qosClass).toEqual('Burstable');
      expect(json.quota).toMatchObject({ scaling: 'fixed', minReplicas: 2, maxReplicas: 2, minRequests: { cpu: 1200 } });
      expect(json.containers[0]).toEqual({
        name: 'proxy',
        role: 'sidecar',
        image: 'example/proxy:1.0.0',
        startStep: 1,
        startsAfter: 'pod start',
        stopStep: 2,
        requests: { cpu: 100, memory: 64 * MI },
        limits: { memory: 64 * MI },
      });
    });
  });

  describe('of(workload)', () => {
    test('reports a cdk8s-plus Deployment: its replicas, containers in start order, effective requests and picture', () => {
      const chart = Testing.chart();
      const d = new kplus.Deployment(chart, 'web', {
        replicas: 4,
        containers: [{ name: 'app', image: 'x:1', resources: { cpu: { request: kplus.Cpu.millis(500) } } }],
      });
      d.addInitContainer({
        name: 'proxy',
        image: 'y:1',
        restartPolicy: kplus.ContainerRestartPolicy.ALWAYS,
        resources: { cpu: { request: kplus.Cpu.millis(100) } },
      });
      const r = PodReport.of(d);
      expect(r.kind).toEqual('Deployment');
      expect(r.containers.map(x => x.name)).toEqual(['proxy', 'app']);
      expect(r.requests.cpu).toEqual(600);
      expect(r.quota.minRequests.cpu).toEqual(2400);
      expect(r.toMermaid()).toContain('up_i0 -->|"started"| up_c0');
    });

    test('a cdk8s-plus HPA targeting the Deployment makes the quota min..max', () => {
      const chart = Testing.chart();
      const d = new kplus.Deployment(chart, 'web', {
        containers: [{ name: 'app', image: 'x:1', resources: { cpu: { request: kplus.Cpu.millis(200) } } }],
      });
      new kplus.HorizontalPodAutoscaler(chart, 'hpa', { target: d, minReplicas: 2, maxReplicas: 10, metrics: [kplus.Metric.resourceCpu(kplus.MetricTarget.averageUtilization(70))] });
      const r = PodReport.of(d);
      expect(r.quota).toMatchObject({ scaling: PodReportScaling.AUTOSCALED, minReplicas: 2, maxReplicas: 10 });
      expect(r.quota.maxRequests.cpu).toEqual(2000);
    });

    test('a cdk8s-plus DaemonSet is counted per node', () => {
      const chart = Testing.chart();
      const ds = new kplus.DaemonSet(chart, 'agent', { containers: [{ name: 'agent', image: 'x:1' }] });
      expect(PodReport.of(ds).quota.scaling).toEqual(PodReportScaling.PER_NODE);
    });

    test('throws when the construct holds no pod template', () => {
      const chart = Testing.chart();
      const cm = new kplus.ConfigMap(chart, 'cm');
      expect(() => PodReport.of(cm as any)).toThrow(/is not a cdk8s-plus Pod, Deployment, StatefulSet, DaemonSet, Job or CronJob/);
    });
  });

  describe('one model, two adapters', () => {
    test.each(CATALOGUE.map(e => [e.name, e] as const))('%s: the report from the workload equals the report from its synthesized YAML', (_name, example) => {
      const app = new App();
      const chart = example.build(app);
      const result: Pick<ReadResult, 'objects' | 'errors'> = { objects: [], errors: [] };
      parseManifestText('catalogue.k8s.yaml', app.synthYaml(), DEFAULT_READ_LIMITS, result);
      expect(result.errors).toEqual([]);
      const hpas = HpaIndex.of(result.objects);
      const workloads = chart.node.findAll().filter(isPodWorkload);
      expect(workloads.length).toBeGreaterThan(0);
      for (const w of workloads) {
        const fromWorkload = podModelOfWorkload(w);
        const m = result.objects.find(o => isWorkloadObject(o.object)
          && o.object.kind === fromWorkload.kind && o.object.metadata?.name === fromWorkload.name)!;
        const fromYaml = podModelOfManifest(m, hpas, fromWorkload.target);
        // Only the source and the mixin pattern (known to the workload adapter alone) may differ.
        const comparable = (d: PodReportData) => ({ ...d, source: undefined, containers: d.containers.map(x => ({ ...x, pattern: undefined })) });
        expect(comparable(reportOfModel(fromYaml).data)).toEqual(comparable(reportOfModel(fromWorkload).data));
        expect(reportOfModel(fromYaml).toMermaid()).toEqual(reportOfModel(fromWorkload).toMermaid());
      }
    });
  });
});
