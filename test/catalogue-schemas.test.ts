import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, Chart, Testing, Yaml } from 'cdk8s';
import * as kplus from 'cdk8s-plus-30';
import { cli, tmpDir } from './cli-helpers';
import { CATALOGUE } from '../examples/catalogue';
import { isWorkloadObject, podSpecPathOf } from '../lib/manifest/manifest-model';
import { shippedSchemaVersions, validateManifests } from '../lib/manifest/schema-source';
import { WithPodChecks } from '../lib/mixins/with-pod-checks';
import { KubernetesFeature } from '../lib/model/kubernetes-feature';
import { PodChecks } from '../lib/pod-checks';
import { isPodWorkload } from '../lib/synth/workload-model';

/**
 * Issue 5: every manifest of the catalogue is valid against the official schema of every Kubernetes version the
 * package ships, from the oldest that supports its patterns to the newest; and `npm run synth` and the CLI agree.
 */

interface Synthesized {
  readonly name: string;
  readonly chart: Chart;
  readonly objects: any[];
}

function synthExample(name: string): Synthesized {
  const example = CATALOGUE.find(e => e.name === name)!;
  const app = Testing.app();
  const chart = example.build(app);
  return { name, chart, objects: Testing.synth(chart) };
}

/** The oldest minor version whose defaults enable every feature the objects use. */
function oldestSupported(objects: any[], versions: string[]): string | undefined {
  const usesSidecars = objects.some(o => podSpecOf(o)?.initContainers?.some((c: any) => c.restartPolicy === 'Always'));
  const usesContainerMetrics = objects.some(o => o.kind === 'HorizontalPodAutoscaler'
    && (o.spec?.metrics ?? []).some((m: any) => m.type === 'ContainerResource'));
  return versions.find(v => (!usesSidecars || KubernetesFeature.SIDECAR_CONTAINERS.isEnabled(v))
    && (!usesContainerMetrics || KubernetesFeature.HPA_CONTAINER_METRICS.isEnabled(v)));
}

/** The pod spec of a synthesized object, where the library's manifest adapter finds it; undefined for objects without one. */
function podSpecOf(o: any): any {
  return podSpecPathOf(o)?.reduce((v: any, key) => v?.[key], o);
}

describe('the catalogue against the official Kubernetes schemas shipped with the package', () => {
  const versions = shippedSchemaVersions();

  test('the package ships 1.29 to 1.36', () => {
    expect(versions).toEqual(['1.29', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35', '1.36']);
  });

  for (const example of CATALOGUE) {
    test(`${example.name}: valid from the oldest supporting version to the newest, strictly`, () => {
      const { objects } = synthExample(example.name);
      const from = oldestSupported(objects, versions);
      expect(from).toBeDefined();
      const checked = versions.slice(versions.indexOf(from!));
      expect(checked[checked.length - 1]).toEqual(versions[versions.length - 1]);
      for (const v of checked) {
        const problems = validateManifests(objects, v).map(f => `${v} ${f.kind}/${f.name} ${f.pointer}: ${f.message}`);
        expect(problems).toEqual([]);
      }
    });
  }

  test('fails when a catalogue manifest has a misspelled field or misses a required one', () => {
    const { objects } = synthExample('native-sidecar');
    const deployment = JSON.parse(JSON.stringify(objects.find(o => o.kind === 'Deployment')));
    deployment.spec.template.spec.initContainers[0].restartPolicyy = 'Always';
    delete deployment.spec.template.spec.containers[0].name;
    const messages = validateManifests([deployment], versions[versions.length - 1]).map(f => `${f.pointer}: ${f.message}`);
    expect(messages.some(m => m.includes('/spec/template/spec/initContainers/0') && m.includes('restartPolicyy'))).toBe(true);
    expect(messages.some(m => m.includes('/spec/template/spec/containers/0') && m.includes('name'))).toBe(true);
  });
});

describe('npm run synth and the CLI agree', () => {
  /** Unacknowledged findings per workload name, as `RULE-ID severity: message`, sorted. */
  function libraryFindings(chart: Chart): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const c of chart.node.findAll()) {
      if (!isPodWorkload(c)) continue;
      out.set(c.name, PodChecks.findings(c).filter(f => f.acknowledgedReason === undefined).map(f => `${f.ruleId} ${f.severity}: ${f.message}`).sort());
    }
    return out;
  }

  async function cliFindings(objects: any[]): Promise<Map<string, string[]>> {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'out.k8s.yaml'), objects.map(o => Yaml.stringify(o)).join('---\n'));
    const run = await cli(['check', '--no-schemas', '--format', 'json', dir]);
    expect(run.code === 0 || run.code === 1).toBe(true);
    const report = JSON.parse(run.out);
    const out = new Map<string, string[]>();
    for (const o of objects) {
      if (isWorkloadObject(o)) out.set(o.metadata.name, []);
    }
    for (const f of report.findings.filter((x: any) => x.type === 'rule' && x.acknowledgedReason === undefined)) {
      out.get(f.name)!.push(`${f.ruleId} ${f.severity}: ${f.message}`);
    }
    for (const list of out.values()) list.sort();
    return out;
  }

  for (const example of CATALOGUE) {
    test(`${example.name}: the same findings (none) from the library and from its YAML`, async () => {
      const { chart, objects } = synthExample(example.name);
      const lib = libraryFindings(chart);
      expect([...lib.values()].flat()).toEqual([]);
      expect(await cliFindings(objects)).toEqual(lib);
    });
  }

  test('a chart with planted mistakes gets the same findings, message for message, both ways', async () => {
    const app = Testing.app();
    const chart = new Chart(app, 'planted');
    const shared = kplus.Volume.fromEmptyDir(chart, 'scratch', 'scratch', { medium: kplus.EmptyDirMedium.MEMORY });
    const d = new kplus.Deployment(chart, 'web', {
      metadata: { name: 'web' },
      shareProcessNamespace: true,
      containers: [
        { name: 'app', image: 'mycompany/web:latest', ports: [{ number: 8080, name: 'http' }], volumeMounts: [{ path: '/scratch', volume: shared }] },
        { name: 'proxy', image: 'envoyproxy/envoy', ports: [{ number: 8080, name: 'http' }] },
      ],
    });
    new kplus.HorizontalPodAutoscaler(chart, 'hpa', { target: d, maxReplicas: 5, metrics: [kplus.Metric.resourceCpu(kplus.MetricTarget.averageUtilization(60))] });
    chart.with(new WithPodChecks());
    const lib = libraryFindings(chart);
    const ids = new Set([...lib.values()].flat().map(f => f.split(' ')[0]));
    // the planted mistakes are found: a port clash, a repeated port name, :latest and untagged images,
    // shareProcessNamespace, a tmpfs without sizeLimit, a pod-level Resource metric on a two-container pod
    for (const id of ['PP-PORT-CONFLICT', 'PP-PORT-NAME-REPEATED', 'PP-IMAGE-TAG', 'PP-SHARE-PROCESS-NAMESPACE', 'PP-TMPFS-HEADROOM', 'PP-HPA-POD-METRIC']) {
      expect(ids).toContain(id);
    }
    // the manifests as cdk8s renders them, without its validation (which would stop at the port clash)
    const objects = chart.node.findAll().filter(ApiObject.isApiObject).map(o => o.toJson());
    expect(await cliFindings(objects)).toEqual(lib);

    // an acknowledgement made in code travels with the manifest: the CLI drops the same finding
    PodChecks.acknowledge(chart, 'PP-IMAGE-TAG', 'images are pinned by digest at deploy time');
    const acknowledged = libraryFindings(chart);
    expect([...acknowledged.values()].flat().some(f => f.startsWith('PP-IMAGE-TAG'))).toBe(false);
    expect([...acknowledged.values()].flat().length).toBeLessThan([...lib.values()].flat().length);
    const annotated = chart.node.findAll().filter(ApiObject.isApiObject).map(o => o.toJson());
    expect(annotated.find(o => o.kind === 'Deployment').metadata.annotations)
      .toEqual({ 'acknowledge.cdk8s-pod-patterns/PP-IMAGE-TAG': 'images are pinned by digest at deploy time' });
    expect(await cliFindings(annotated)).toEqual(acknowledged);
  });

  test('a workload whose checks are registered after the acknowledgement carries the annotation too', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'later');
    PodChecks.acknowledge(app, 'PP-SHARE-PROCESS-NAMESPACE', 'the debugger sidecar must see the app processes');
    new kplus.Deployment(chart, 'web', { containers: [{ name: 'app', image: 'mycompany/web:1.0.0' }] });
    chart.with(new WithPodChecks());
    const d = Testing.synth(chart).find(o => o.kind === 'Deployment');
    expect(d.metadata.annotations).toEqual({ 'acknowledge.cdk8s-pod-patterns/PP-SHARE-PROCESS-NAMESPACE': 'the debugger sidecar must see the app processes' });
  });
});
