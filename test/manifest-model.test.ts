import { checkManifests } from '../lib/cli/check-manifests';
import { HpaIndex, hpaModelOf, isHpaObject, ManifestShapeError, podModelOfManifest, podSpecPathOf, replicasOf, volumeClaimTemplateNames } from '../lib/manifest/manifest-model';
import { ManifestObject } from '../lib/manifest/manifest-reader';
import { KubeObject } from '../lib/model/kube-object';
import { TargetModel } from '../lib/model/pod-model';

const TARGET: TargetModel = { version: '1.30', featureGates: {} };

function manifest(object: object, doc = 0): ManifestObject {
  return { file: 'm.yaml', doc, source: `m.yaml#${doc}`, object: object as KubeObject };
}

const podSpec = {
  initContainers: [
    { name: 'migrate', image: 'm:1' },
    { name: 'proxy', image: 'envoy:1', restartPolicy: 'Always', resources: { requests: { cpu: '100m' } } },
  ],
  containers: [{ name: 'app', image: 'app:1', resources: { requests: { cpu: 0.5, memory: '1Gi' } } }],
};

function workload(kind: string, apiVersion: string, spec: unknown, name = 'w', namespace?: string): KubeObject {
  return { apiVersion, kind, metadata: { name, ...(namespace ? { namespace } : {}) }, spec } as KubeObject;
}

function hpa(name: string, target: { kind: string; name: string }, extra: object = {}, apiVersion = 'autoscaling/v2', namespace?: string): KubeObject {
  return {
    apiVersion,
    kind: 'HorizontalPodAutoscaler',
    metadata: { name, ...(namespace ? { namespace } : {}) },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', ...target }, maxReplicas: 4, ...extra },
  } as KubeObject;
}

describe('manifest model', () => {
  describe('podSpecPathOf', () => {
    test.each([
      ['v1', 'Pod', 'spec'],
      ['apps/v1', 'Deployment', 'spec.template.spec'],
      ['apps/v1', 'StatefulSet', 'spec.template.spec'],
      ['apps/v1', 'DaemonSet', 'spec.template.spec'],
      ['apps/v1', 'ReplicaSet', 'spec.template.spec'],
      ['v1', 'ReplicationController', 'spec.template.spec'],
      ['batch/v1', 'Job', 'spec.template.spec'],
      ['batch/v1', 'CronJob', 'spec.jobTemplate.spec.template.spec'],
      ['extensions/v1beta1', 'Deployment', 'spec.template.spec'],
    ])('%s %s keeps its pod spec at %s', (apiVersion, kind, path) => {
      expect(podSpecPathOf({ apiVersion, kind })?.join('.')).toEqual(path);
    });

    test.each([
      ['v1', 'Service'],
      ['example.com/v1', 'Deployment'],
      ['v1', 'Job'],
      ['argoproj.io/v1alpha1', 'Rollout'],
      ['v1', 'constructor'],
    ])('%s %s holds no pod template', (apiVersion, kind) => {
      expect(podSpecPathOf({ apiVersion, kind })).toBeUndefined();
    });
  });

  describe('podModelOfManifest', () => {
    test('builds the model from the pod template of each kind, with roles in start order', () => {
      const cases: Array<[KubeObject, number | undefined]> = [
        [workload('Pod', 'v1', podSpec), 1],
        [workload('Deployment', 'apps/v1', { replicas: 3, template: { spec: podSpec } }), 3],
        [workload('StatefulSet', 'apps/v1', { template: { spec: podSpec } }), 1],
        [workload('DaemonSet', 'apps/v1', { template: { spec: podSpec } }), undefined],
        [workload('ReplicaSet', 'apps/v1', { template: { spec: podSpec } }), 1],
        [workload('ReplicationController', 'v1', { replicas: 0, template: { spec: podSpec } }), 0],
        [workload('Job', 'batch/v1', { parallelism: 4, template: { spec: podSpec } }), 4],
        [workload('CronJob', 'batch/v1', { schedule: '* * * * *', jobTemplate: { spec: { template: { spec: podSpec } } } }), 1],
      ];
      for (const [o, replicas] of cases) {
        const model = podModelOfManifest(manifest(o, 2), HpaIndex.of([]), TARGET);
        expect(model.kind).toBe(o.kind);
        expect(model.name).toBe('w');
        expect(model.source).toBe(`m.yaml#2 ${o.kind}/w`);
        expect(model.replicas).toBe(replicas);
        expect(model.spec).toBe(podSpec); // the manifest's own pod spec, not a copy, for every kind
        expect(model.spec.containers).toEqual(podSpec.containers);
        expect(model.containers.map(c => `${c.role}:${c.name}:${c.list}[${c.index}]`)).toEqual([
          'init:migrate:initContainers[0]', 'sidecar:proxy:initContainers[1]', 'main:app:containers[0]',
        ]);
        expect(model.target).toEqual(TARGET);
        expect(model.hpas).toEqual([]);
      }
    });

    test('quantities stay as the JSON holds them', () => {
      const model = podModelOfManifest(manifest(workload('Pod', 'v1', podSpec)), HpaIndex.of([]), TARGET);
      expect(model.containers[2].spec.resources?.requests).toEqual({ cpu: 0.5, memory: '1Gi' });
    });

    test('the target version and gates come from the caller', () => {
      const target = { version: '1.28', featureGates: { SidecarContainers: true } };
      expect(podModelOfManifest(manifest(workload('Pod', 'v1', podSpec)), HpaIndex.of([]), target).target).toBe(target);
    });

    test('a pod template without containers is checked as having none (the schema reports it)', () => {
      const model = podModelOfManifest(manifest(workload('Pod', 'v1', { initContainers: [{ name: 'a' }] })), HpaIndex.of([]), TARGET);
      expect(model.containers.map(c => c.name)).toEqual(['a']);
      expect(model.spec.containers).toEqual([]);
    });

    describe('volumeClaimTemplates (the StatefulSet controller adds a volume per claim template: stateful_set_utils.go updateStorage)', () => {
      const mounting = { containers: [{ name: 'db', image: 'db:1', volumeMounts: [{ name: 'data', mountPath: '/data' }] }] };
      const claim = (name: unknown) => ({ metadata: { name }, spec: { accessModes: ['ReadWriteOnce'] } });

      test("a StatefulSet's claim template names reach the model", () => {
        const set = workload('StatefulSet', 'apps/v1', { template: { spec: mounting }, volumeClaimTemplates: [claim('data'), claim('logs')] });
        expect(podModelOfManifest(manifest(set), HpaIndex.of([]), TARGET).volumeClaimTemplates).toEqual(['data', 'logs']);
        expect(volumeClaimTemplateNames(set)).toEqual(['data', 'logs']);
      });

      test('a StatefulSet without claim templates, and entries without a name, give none (the schema reports the latter)', () => {
        expect(volumeClaimTemplateNames(workload('StatefulSet', 'apps/v1', { template: { spec: mounting } }))).toBeUndefined();
        expect(volumeClaimTemplateNames(workload('StatefulSet', 'apps/v1', { volumeClaimTemplates: [claim(7), claim(''), null, { spec: {} }] })))
          .toBeUndefined();
        expect(volumeClaimTemplateNames(workload('StatefulSet', 'apps/v1', { volumeClaimTemplates: { data: {} } }))).toBeUndefined();
      });

      test('does not apply to other kinds, even with a volumeClaimTemplates field', () => {
        const deployment = workload('Deployment', 'apps/v1', { template: { spec: mounting }, volumeClaimTemplates: [claim('data')] });
        expect(podModelOfManifest(manifest(deployment), HpaIndex.of([]), TARGET).volumeClaimTemplates).toBeUndefined();
      });
    });

    test.each([
      [workload('Deployment', 'apps/v1', { replicas: 1 }), 'Deployment/w has no pod spec at spec.template.spec'],
      [workload('CronJob', 'batch/v1', { jobTemplate: { spec: {} } }), 'CronJob/w has no pod spec at spec.jobTemplate.spec.template.spec'],
      [workload('Pod', 'v1', 'oops'), 'spec must be a map, not a string ("oops")'],
      [workload('Pod', 'v1', { containers: { name: 'a' } }), 'spec.containers must be a list, not a map'],
      [workload('Pod', 'v1', { containers: ['a'] }), 'spec.containers[0] must be a map, not a string ("a")'],
      [workload('Pod', 'v1', { containers: [{ name: 7 }] }), 'spec.containers[0].name must be a string, not a number (7)'],
      [workload('Pod', 'v1', { containers: [{ name: 'a', ports: 80 }] }), 'spec.containers[0].ports must be a list, not a number (80)'],
      [workload('Pod', 'v1', { containers: [{ name: 'a', ports: [80] }] }), 'spec.containers[0].ports[0] must be a map, not a number (80)'],
      [workload('Pod', 'v1', { containers: [{ name: 'a', resources: { limits: ['1'] } }] }), 'spec.containers[0].resources.limits must be a map, not a list'],
      [workload('Pod', 'v1', { containers: [{ name: 'a', startupProbe: true }] }), 'spec.containers[0].startupProbe must be a map, not a boolean (true)'],
      [workload('Pod', 'v1', { containers: [], volumes: [null] }), 'spec.volumes[0] must be a map, not null'],
      [workload('Service', 'v1', {}), 'v1 Service holds no pod template'],
    ])('throws when the pod spec cannot be read: %#', (o, message) => {
      expect(() => podModelOfManifest(manifest(o), HpaIndex.of([]), TARGET)).toThrow(ManifestShapeError);
      expect(() => podModelOfManifest(manifest(o), HpaIndex.of([]), TARGET)).toThrow(message);
    });
  });

  describe('HPAs', () => {
    const deployment = workload('Deployment', 'apps/v1', { replicas: 3, template: { spec: podSpec } }, 'web', 'shop');

    test('an HPA targets its workload by kind, name and namespace; replicas are then undefined', () => {
      const h = manifest(hpa('web-hpa', { kind: 'Deployment', name: 'web' }, {}, 'autoscaling/v2', 'shop'), 1);
      const model = podModelOfManifest(manifest(deployment), HpaIndex.of([h]), TARGET);
      expect(model.hpas.map(x => x.name)).toEqual(['web-hpa']);
      expect(model.hpas[0].source).toBe('m.yaml#1 HorizontalPodAutoscaler/web-hpa');
      expect(model.replicas).toBeUndefined();
    });

    test.each([
      ['another namespace', hpa('h', { kind: 'Deployment', name: 'web' }, {}, 'autoscaling/v2', 'other')],
      ['no namespace', hpa('h', { kind: 'Deployment', name: 'web' })],
      ['another kind', hpa('h', { kind: 'StatefulSet', name: 'web' }, {}, 'autoscaling/v2', 'shop')],
      ['another name', hpa('h', { kind: 'Deployment', name: 'api' }, {}, 'autoscaling/v2', 'shop')],
      ['not an HPA API version', hpa('h', { kind: 'Deployment', name: 'web' }, {}, 'example.com/v1', 'shop')],
    ])('an HPA with %s does not target it', (_, h) => {
      const model = podModelOfManifest(manifest(deployment), HpaIndex.of([manifest(h)]), TARGET);
      expect(model.hpas).toEqual([]);
      expect(model.replicas).toBe(3);
    });

    test('a DaemonSet, a Job and a Pod keep their replicas whatever targets them', () => {
      const ds = workload('DaemonSet', 'apps/v1', { template: { spec: podSpec } });
      const job = workload('Job', 'batch/v1', { template: { spec: podSpec } });
      expect(replicasOf(ds, true)).toBeUndefined();
      expect(replicasOf(job, true)).toBe(1);
      expect(replicasOf(workload('Pod', 'v1', podSpec), true)).toBe(1);
    });

    test('autoscaling/v2 and v2beta2 metrics are kept as written', () => {
      const metrics = [{ type: 'ContainerResource', containerResource: { name: 'cpu', container: 'app', target: { type: 'Utilization', averageUtilization: 60 } } }];
      for (const v of ['autoscaling/v2', 'autoscaling/v2beta2']) {
        const m = hpaModelOf(manifest(hpa('h', { kind: 'Deployment', name: 'web' }, { metrics, minReplicas: 2 }, v)));
        expect(m).toEqual({ name: 'h', source: 'm.yaml#0 HorizontalPodAutoscaler/h', minReplicas: 2, maxReplicas: 4, metrics });
      }
    });

    test('no metrics means cpu at 80% utilisation, as the API server defaults it', () => {
      const m = hpaModelOf(manifest(hpa('h', { kind: 'Deployment', name: 'web' })));
      expect(m.metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }]);
    });

    test('autoscaling/v1 targetCPUUtilizationPercentage becomes a cpu Resource metric', () => {
      const m = hpaModelOf(manifest(hpa('h', { kind: 'Deployment', name: 'web' }, { targetCPUUtilizationPercentage: 55 }, 'autoscaling/v1')));
      expect(m.metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 55 } } }]);
      expect(isHpaObject({ apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler' })).toBe(true);
      expect(isHpaObject({ apiVersion: 'autoscaling/v2beta1', kind: 'HorizontalPodAutoscaler' })).toBe(false);
    });

    test('an HPA before or after its workload in the input targets it alike', () => {
      const h = manifest(hpa('h', { kind: 'Deployment', name: 'web' }, {}, 'autoscaling/v2', 'shop'));
      const before = checkManifests([h, manifest(deployment)], { target: TARGET, rules: [] });
      const after = checkManifests([manifest(deployment), h], { target: TARGET, rules: [] });
      expect(before.hpas).toBe(1);
      expect(after.hpas).toBe(1);
      const seen: Array<number | undefined> = [];
      checkManifests([h, manifest(deployment)], { target: TARGET, rules: [], onWorkload: m => seen.push(m.replicas) });
      checkManifests([manifest(deployment), h], { target: TARGET, rules: [], onWorkload: m => seen.push(m.replicas) });
      expect(seen).toEqual([undefined, undefined]);
    });

    // guards a documented contract (docs/decisions/00-architecture.md, item 5: HPAs are indexed once, never searched per
    // workload), which only the number of index builds can show
    test('HPAs are indexed once per run, never searched per workload', () => {
      const spy = jest.spyOn(HpaIndex, 'of');
      const objects: ManifestObject[] = [];
      for (let i = 0; i < 200; i++) {
        objects.push(manifest(workload('Deployment', 'apps/v1', { template: { spec: podSpec } }, `d${i}`), i * 2));
        objects.push(manifest(hpa(`h${i}`, { kind: 'Deployment', name: `d${i}` }), i * 2 + 1));
      }
      const hpaCounts: number[] = [];
      checkManifests(objects, { target: TARGET, rules: [], onWorkload: m => hpaCounts.push(m.hpas.length) });
      expect(spy).toHaveBeenCalledTimes(1);
      expect(hpaCounts).toEqual(Array(200).fill(1));
      spy.mockRestore();
    });
  });

  describe('pod metadata, selector and PodDisruptionBudgets', () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop' },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web', tier: 'front' }, annotations: { 'sidecar.istio.io/proxyCPU': '100m', 'n': 3 } }, spec: podSpec },
      },
    } as unknown as KubeObject;
    const pdb = (name: string, namespace: string, matchLabels: object) => ({
      apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name, namespace }, spec: { minAvailable: 1, selector: { matchLabels } },
    } as unknown as KubeObject);

    test('reads the pod template\'s labels and string annotations, and the selector', () => {
      const model = podModelOfManifest(manifest(deployment), HpaIndex.of([]), TARGET);
      expect(model.podMetadata).toEqual({ labels: { app: 'web', tier: 'front' }, annotations: { 'sidecar.istio.io/proxyCPU': '100m' } });
      expect(model.selector).toEqual({ matchLabels: { app: 'web' } });
      expect(model.pdbs).toEqual([]);
    });

    test('attaches the PodDisruptionBudgets of its namespace whose selector selects the pod template', () => {
      const index = HpaIndex.of([manifest(pdb('mine', 'shop', { app: 'web' }), 1), manifest(pdb('other-ns', 'default', { app: 'web' }), 2),
        manifest(pdb('other-app', 'shop', { app: 'db' }), 3)]);
      expect(podModelOfManifest(manifest(deployment), index, TARGET).pdbs.map(p => [p.name, p.source, p.minAvailable]))
        .toEqual([['mine', 'm.yaml#1 PodDisruptionBudget/mine', 1]]);
    });
  });
});
