/**
 * RuntimeClass overhead: a pod naming a RuntimeClass the input declares is counted with `overhead.podFixed` as the
 * RuntimeClass admission plugin sets it (kubernetes plugin/pkg/admission/runtimeclass/admission.go `setOverhead`).
 * Expected numbers are written from the upstream formulas: component-helpers resource/helpers.go `PodRequests` (overhead
 * added), `PodLimits` (overhead added to the non-zero limits only), pkg/kubelet/cm/helpers_linux.go
 * `ResourceConfigForPod` (the pod's memory cgroup limit is `PodLimits`, overhead included), pkg/apis/core/v1/helper/qos
 * `ComputePodQOS` (reads no overhead).
 */
import { ApiObject, Chart, JsonPatch, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-30';
import { synthError } from './mixin-fixtures';
import { QosClass } from '../lib/accounting/qos-class';
import { ALL_RULES } from '../lib/checks/rules';
import { checkManifests } from '../lib/cli/check-manifests';
import { RuntimeClassIndex } from '../lib/manifest/manifest-model';
import { ManifestObject } from '../lib/manifest/manifest-reader';
import { WithPodChecks } from '../lib/mixins/with-pod-checks';
import { KubeObject } from '../lib/model/kube-object';
import { KubernetesTarget } from '../lib/model/kubernetes-target';
import { buildPodModel, ContainerJson, PodModelInput, PodSpecJson, RuntimeClassModel } from '../lib/model/pod-model';
import { runtimeClassLookupOf } from '../lib/model/runtime-class';
import { reportText } from '../lib/report/report-format';
import { reportOfModel } from '../lib/report-of-model';
import { podModelAtSynth } from '../lib/synth/synth-checks';

const MI = 1024 * 1024;
const KATA: RuntimeClassModel = { name: 'kata', source: 'rc.yaml#0 RuntimeClass/kata', podFixed: { cpu: '250m', memory: '120Mi' } };

const app = (extra: Partial<ContainerJson> = {}): ContainerJson => ({
  name: 'app',
  image: 'mycompany/app:1.0.0',
  resources: { requests: { cpu: '500m', memory: '256Mi' }, limits: { memory: '512Mi' } },
  ...extra,
});

function model(spec: Partial<PodSpecJson>, runtimeClasses: RuntimeClassModel[] = [KATA], extra: Partial<PodModelInput> = {}) {
  return buildPodModel({
    kind: 'Deployment',
    name: 'web',
    source: 'test/web',
    replicas: 3,
    spec: { containers: [], ...spec } as PodSpecJson,
    target: { version: '1.33', featureGates: {} },
    runtimeClasses: runtimeClassLookupOf(runtimeClasses),
    ...extra,
  });
}

describe('the pod as admitted: RuntimeClass overhead in the accounting', () => {
  test('requests add the overhead; limits add it to the limits that are set; QoS is unchanged', () => {
    const r = reportOfModel(model({ runtimeClassName: 'kata', containers: [app()] }));
    // PodRequests: 500m + 250m, 256Mi + 120Mi
    expect(r.requests).toEqual({ cpu: 750, memory: 376 * MI });
    // PodLimits: memory 512Mi + 120Mi; no cpu limit is set, so the cpu overhead is added to none
    expect(r.limits).toEqual({ memory: 632 * MI });
    expect(r.qosClass).toBe(QosClass.BURSTABLE);
    expect(r.overhead).toEqual({ resources: { cpu: 250, memory: 120 * MI }, runtimeClass: 'kata', declaredIn: 'rc.yaml#0 RuntimeClass/kata' });
    // a ResourceQuota sees the 3 replicas with their overhead
    expect(r.quota.minRequests).toEqual({ cpu: 2250, memory: 1128 * MI });
    expect(r.quota.minLimits).toEqual({ memory: 1896 * MI });
  });

  test('the report text says where the overhead comes from', () => {
    const lines = reportText(reportOfModel(model({ runtimeClassName: 'kata', containers: [app()] })).data);
    expect(lines).toContain('pod: requests cpu 750m, memory 376Mi; limits memory 632Mi; QoS Burstable');
    expect(lines).toContain('pod overhead: cpu 250m, memory 120Mi, set at admission from RuntimeClass kata (rc.yaml#0 RuntimeClass/kata); '
      + 'included in the requests and in the limits that are set');
  });

  test('a written overhead (equal to the RuntimeClass\'s) is counted once, as written', () => {
    const m = model({ runtimeClassName: 'kata', overhead: { cpu: '0.25', memory: '120Mi' }, containers: [app()] });
    expect(m.spec.overhead).toEqual({ cpu: '0.25', memory: '120Mi' });
    const r = reportOfModel(m);
    expect(r.requests).toEqual({ cpu: 750, memory: 376 * MI });
    expect(r.overhead).toEqual({ resources: { cpu: 250, memory: 120 * MI } });
    expect(reportText(r.data)).toContain('pod overhead: cpu 250m, memory 120Mi, spec.overhead; included in the requests and in the limits that are set');
  });

  test('a RuntimeClass the input does not declare, or none, adds nothing', () => {
    for (const spec of [{ runtimeClassName: 'gvisor', containers: [app()] }, { containers: [app()] }]) {
      const r = reportOfModel(model(spec));
      expect(r.requests).toEqual({ cpu: 500, memory: 256 * MI });
      expect(r.limits).toEqual({ memory: 512 * MI });
      expect(r.overhead).toBeUndefined();
      expect(reportText(r.data).some(l => l.startsWith('pod overhead'))).toBe(false);
    }
  });

  test('a Guaranteed pod stays Guaranteed: the overhead is added to every limit, and QoS reads none', () => {
    const guaranteed = app({ resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } } });
    const r = reportOfModel(model({ runtimeClassName: 'kata', containers: [guaranteed] }));
    expect(r.qosClass).toBe(QosClass.GUARANTEED);
    expect(r.requests).toEqual({ cpu: 1250, memory: 1144 * MI });
    expect(r.limits).toEqual({ cpu: 1250, memory: 1144 * MI });
  });

  test('the pod\'s memory cgroup limit includes the overhead (ResourceConfigForPod: PodLimits), so does a tmpfs bounded by it', () => {
    // pod-level limits make the pod's cgroup limit the one a container without its own limit runs under
    const spec: Partial<PodSpecJson> = {
      runtimeClassName: 'kata',
      resources: { requests: { cpu: '1', memory: '512Mi' }, limits: { cpu: '1', memory: '512Mi' } },
      volumes: [{ name: 'scratch', emptyDir: { medium: 'Memory' } }],
      containers: [{ name: 'app', image: 'mycompany/app:1.0.0', volumeMounts: [{ name: 'scratch', mountPath: '/scratch' }] }],
    };
    const admitted = reportOfModel(model(spec));
    // PodLimits memory: pod-level 512Mi + overhead 120Mi; the tmpfs is bounded by it and may fill all of it
    expect(admitted.memoryHeadroom).toEqual([{
      container: 'app', memoryLimit: 632 * MI, limitSource: 'pod', volumes: [{ name: 'scratch', size: 632 * MI }], remaining: 0,
    }]);
    const unknown = reportOfModel(model({ ...spec, runtimeClassName: 'gvisor' }));
    expect(unknown.memoryHeadroom[0].memoryLimit).toBe(512 * MI);
  });

  test('an injected sidecar and the RuntimeClass overhead are both counted', () => {
    const r = reportOfModel(model({ runtimeClassName: 'kata', containers: [app()] }, [KATA], {
      podMetadata: {
        labels: { 'sidecar.istio.io/inject': 'true' },
        annotations: { 'sidecar.istio.io/proxyCPU': '100m', 'sidecar.istio.io/proxyMemory': '128Mi' },
      },
    }));
    // 500m + 100m + 250m; 256Mi + 128Mi + 120Mi
    expect(r.requests).toEqual({ cpu: 850, memory: 504 * MI });
    expect(r.overhead?.runtimeClass).toBe('kata');
  });
});

describe('RuntimeClass objects of the input (RuntimeClassIndex)', () => {
  const rc = (apiVersion: string, name: string, body: object, doc = 0): ManifestObject => ({
    file: 'rc.yaml', doc, source: `rc.yaml#${doc}`, object: { apiVersion, kind: 'RuntimeClass', metadata: { name }, handler: 'kata', ...body } as KubeObject,
  });

  test('reads overhead.podFixed of node.k8s.io/v1 and v1beta1, spec.overhead.podFixed of v1alpha1', () => {
    const index = RuntimeClassIndex.of([
      rc('node.k8s.io/v1', 'a', { overhead: { podFixed: { cpu: '250m' } } }),
      rc('node.k8s.io/v1beta1', 'b', { overhead: { podFixed: { memory: '120Mi' } } }, 1),
      rc('node.k8s.io/v1alpha1', 'c', { spec: { runtimeHandler: 'kata', overhead: { podFixed: { cpu: 1 } } } }, 2),
      rc('node.k8s.io/v1', 'none', {}, 3),
      rc('node.k8s.io/v1', 'empty', { overhead: {} }, 4),
      rc('node.k8s.io/v2', 'unknown', { overhead: { podFixed: { cpu: '1' } } }, 5),
    ]);
    expect(index.problems).toEqual([]);
    expect(['a', 'b', 'c', 'none', 'empty', 'unknown'].map(n => index.lookup?.get(n))).toEqual([
      { name: 'a', source: 'rc.yaml#0 RuntimeClass/a', podFixed: { cpu: '250m' } },
      { name: 'b', source: 'rc.yaml#1 RuntimeClass/b', podFixed: { memory: '120Mi' } },
      { name: 'c', source: 'rc.yaml#2 RuntimeClass/c', podFixed: { cpu: 1 } },
      { name: 'none', source: 'rc.yaml#3 RuntimeClass/none', podFixed: undefined },
      // an overhead without podFixed: Overhead != nil, PodFixed nil
      { name: 'empty', source: 'rc.yaml#4 RuntimeClass/empty', podFixed: {} },
      undefined,
    ]);
  });

  test('the later RuntimeClass of a name wins, as kubectl apply leaves it', () => {
    const index = RuntimeClassIndex.of([
      rc('node.k8s.io/v1', 'kata', { overhead: { podFixed: { cpu: '250m' } } }),
      rc('node.k8s.io/v1', 'kata', { overhead: { podFixed: { cpu: '500m' } } }, 1),
    ]);
    expect(index.lookup?.get('kata')?.podFixed).toEqual({ cpu: '500m' });
  });

  test.each([
    [{ cpu: '1x' }, 'quantity "1x" (overhead.podFixed[\'cpu\']) is not a Kubernetes quantity'],
    [{ memory: '-1Mi' }, 'overhead.podFixed[\'memory\'] ("-1Mi") must be greater than or equal to 0'],
    [{ gpu: '1' }, 'overhead.podFixed[\'gpu\']: resource name \'gpu\' must be a standard resource for containers'],
    [{ cpu: true }, 'overhead.podFixed[\'cpu\'] (true) must be a quantity string such as \'250m\' or \'120Mi\''],
  ])('leaves out a RuntimeClass the API server refuses (%j), naming it', (podFixed, problem) => {
    const index = RuntimeClassIndex.of([rc('node.k8s.io/v1', 'kata', { overhead: { podFixed } })]);
    expect(index.lookup).toBeUndefined();
    expect(index.problems).toHaveLength(1);
    expect(index.problems[0]).toMatchObject({ file: 'rc.yaml', doc: 0, source: 'rc.yaml#0 RuntimeClass/kata' });
    expect(index.problems[0].message).toContain('cannot be used as a RuntimeClass (the API server refuses it, so the pods that name it '
      + `are checked as if it were not in the input): ${problem}`);
  });

  test('checkManifests admits the pods of the input with the overhead of its RuntimeClass, wherever it is in the input', () => {
    const pod = (name: string, overhead?: object): ManifestObject => ({
      file: 'pods.yaml',
      doc: 0,
      source: `pods.yaml#${name}`,
      object: { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { runtimeClassName: 'kata', containers: [app()], ...(overhead ? { overhead } : {}) } } as KubeObject,
    });
    const models: Array<{ name: string; overhead: unknown }> = [];
    const result = checkManifests([pod('admitted'), pod('mismatch', { cpu: '1' }), rc('node.k8s.io/v1', 'kata', { overhead: { podFixed: { cpu: '250m' } } })], {
      target: { version: '1.33', featureGates: {} },
      rules: ALL_RULES,
      onWorkload: m => models.push({ name: m.name, overhead: m.spec.overhead }),
    });
    expect(models).toEqual([{ name: 'admitted', overhead: { cpu: '250m' } }, { name: 'mismatch', overhead: { cpu: '1' } }]);
    expect(result.findings.filter(f => f.ruleId === 'PP-POD-OVERHEAD').map(f => f.name)).toEqual(['mismatch']);
    expect(result.errors).toEqual([]);
  });
});

describe('at synth: KubernetesTarget runtimeClasses and the App\'s RuntimeClass objects', () => {
  const deployment = (chart: Chart, overhead?: object) => new kplus.k8s.KubeDeployment(chart, 'raw', {
    metadata: { name: 'raw' },
    spec: {
      selector: { matchLabels: { app: 'raw' } },
      template: {
        metadata: { labels: { app: 'raw' } },
        spec: {
          runtimeClassName: 'kata',
          ...(overhead ? { overhead: overhead as any } : {}),
          containers: [{ name: 'app', image: 'mycompany/web:1.6.0' }],
        },
      },
    },
  });

  test('an L1 workload whose written overhead differs from the target\'s RuntimeClass fails synth, naming where it is declared', () => {
    const a = Testing.app();
    KubernetesTarget.set(a, { runtimeClasses: { kata: { podFixed: { cpu: '250m', memory: '120Mi' } } } });
    const chart = new Chart(a, 'l1');
    chart.with(new WithPodChecks());
    deployment(chart, { cpu: kplus.k8s.Quantity.fromString('100m') });
    expect(synthError(a)).toContain('[l1/raw] PP-POD-OVERHEAD: spec.overhead (cpu 100m) differs from the overhead.podFixed of RuntimeClass '
      + '\'kata\' (cpu 250m, memory 120Mi; KubernetesTarget of the App): the RuntimeClass admission plugin rejects the pod');
  });

  test('the same overhead written, or none, passes', () => {
    for (const overhead of [undefined, { cpu: kplus.k8s.Quantity.fromString('250m'), memory: kplus.k8s.Quantity.fromString('120Mi') }]) {
      const a = Testing.app();
      const chart = new Chart(a, 'l1');
      KubernetesTarget.set(chart, { runtimeClasses: { kata: { podFixed: { cpu: '250m', memory: '120Mi' } } } });
      chart.with(new WithPodChecks());
      deployment(chart, overhead);
      expect(synthError(a)).toBeUndefined();
    }
  });

  test('a RuntimeClass object of the App wins over the target\'s of the same name', () => {
    const a = Testing.app();
    KubernetesTarget.set(a, { runtimeClasses: { kata: { podFixed: { cpu: '100m' } } } });
    const chart = new Chart(a, 'l1');
    chart.with(new WithPodChecks());
    new kplus.k8s.KubeRuntimeClass(chart, 'kata', {
      metadata: { name: 'kata' }, handler: 'kata', overhead: { podFixed: { cpu: kplus.k8s.Quantity.fromString('250m') } },
    });
    // written as the target declares it, but the App's object is what the cluster will hold
    deployment(chart, { cpu: kplus.k8s.Quantity.fromString('100m') });
    expect(synthError(a)).toContain('[l1/raw] PP-POD-OVERHEAD: spec.overhead (cpu 100m) differs from the overhead.podFixed of RuntimeClass '
      + '\'kata\' (cpu 250m; l1/kata RuntimeClass/kata)');
  });

  test('a cdk8s-plus workload given a runtimeClassName by a JSON patch is counted with the overhead of the target\'s RuntimeClass', () => {
    const a = Testing.app();
    const chart = new Chart(a, 'plus');
    KubernetesTarget.set(chart, { runtimeClasses: { kata: { podFixed: { cpu: '250m', memory: '120Mi' } } } });
    const d = new kplus.Deployment(chart, 'web', {
      containers: [{
        name: 'app',
        image: 'mycompany/app:1.0.0',
        resources: { cpu: { request: kplus.Cpu.millis(500) }, memory: { request: Size.mebibytes(256), limit: Size.mebibytes(512) } },
      }],
    });
    ApiObject.of(d).addJsonPatch(JsonPatch.add('/spec/template/spec/runtimeClassName', 'kata'));
    const m = podModelAtSynth(d);
    expect(m.runtimeClass?.overheadSet).toBe(true);
    const r = reportOfModel(m);
    expect(r.requests).toEqual({ cpu: 750, memory: 376 * MI });
    expect(r.overhead).toEqual({ resources: { cpu: 250, memory: 120 * MI }, runtimeClass: 'kata', declaredIn: 'KubernetesTarget of plus' });

    // at synth, the admitted overhead is the RuntimeClass's, not the template's: nothing to report
    chart.with(new WithPodChecks());
    expect(synthError(a)).toBeUndefined();
  });

  test('a RuntimeClass object of the App the API server would refuse fails synth, naming it', () => {
    const a = Testing.app();
    const chart = new Chart(a, 'l1');
    chart.with(new WithPodChecks());
    new kplus.k8s.KubeRuntimeClass(chart, 'kata', {
      metadata: { name: 'kata' }, handler: 'kata', overhead: { podFixed: { cpu: kplus.k8s.Quantity.fromString('1x') } },
    });
    deployment(chart);
    expect(synthError(a)).toContain('[l1/kata] cannot be used as a RuntimeClass (the API server refuses it, so the pods that name it are '
      + 'checked as if it were not in the input): quantity "1x" (overhead.podFixed[\'cpu\']) is not a Kubernetes quantity');
  });
});

