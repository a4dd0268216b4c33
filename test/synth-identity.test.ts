/**
 * The checks never change what is written, and never check nothing in silence: `app.synth()` writes the same bytes
 * with the checks on and off, for every output type, for the examples, for randomized workloads, and when another
 * construct completes a workload inside its own validation; `WithPodChecks` at the top of a chart covers workloads
 * created after it, L1 objects and the objects of an `Include`.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, Include, JsonPatch, Testing, YamlOutputType } from 'cdk8s';
import * as kplus from 'cdk8s-plus-30';
import { Construct } from 'constructs';
import * as fc from 'fast-check';
import { synthError } from './mixin-fixtures';
import { buildWorkloads, workloadSpec, WorkloadSpec } from './random-workloads';
import { CATALOGUE } from '../examples/catalogue';
import { WithNativeSidecar } from '../lib/mixins/with-native-sidecar';
import { WithPodChecks } from '../lib/mixins/with-pod-checks';
import { PodChecks } from '../lib/pod-checks';

const OUTPUT_TYPES = [
  YamlOutputType.FILE_PER_APP,
  YamlOutputType.FILE_PER_CHART,
  YamlOutputType.FILE_PER_RESOURCE,
  YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE,
];

const FIXTURES = path.join(__dirname, 'fixtures', 'include');

/** Every file `app.synth()` wrote under `outdir`, by relative path, as bytes. */
function filesIn(outdir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(path.relative(outdir, p), fs.readFileSync(p));
    }
  };
  walk(outdir);
  return out;
}

/**
 * Builds the same app twice, with the checks on and with `PodChecks.disable(app)`, synthesizes both with
 * `app.synth()` into fresh directories and returns what each wrote. `build` may throw for the checks-on app only
 * when the checks fail it: then `on` is the error.
 */
function synthBoth(build: (app: App) => void, yamlOutputType: YamlOutputType): { on: Map<string, Buffer>; off: Map<string, Buffer> } {
  const write = (checks: boolean) => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'pp-identity-'));
    try {
      const app = new App({ outdir, yamlOutputType });
      if (!checks) PodChecks.disable(app);
      build(app);
      app.synth();
      return filesIn(outdir);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  };
  return { on: write(true), off: write(false) };
}

function expectSameFiles(r: { on: Map<string, Buffer>; off: Map<string, Buffer> }): void {
  expect([...r.on.keys()].sort()).toEqual([...r.off.keys()].sort());
  expect(r.on.size).toBeGreaterThan(0);
  for (const [file, bytes] of r.off) expect(r.on.get(file)!.equals(bytes)).toBe(true);
}

/** A construct that completes a workload inside its own validation, as libraries without a prepare phase do. */
class LateEnv extends Construct {
  constructor(scope: Construct, id: string, target: kplus.Deployment) {
    super(scope, id);
    this.node.addValidation({
      validate: () => {
        target.containers[0].env.addVariable('LATE', kplus.EnvValue.fromValue('added-in-validation'));
        return [];
      },
    });
  }
}

function lateApp(app: App): void {
  const chart = new Chart(app, 'late');
  const d = new kplus.Deployment(chart, 'web', {
    containers: [{ name: 'app', image: 'mycompany/web:1.6.0', portNumber: 8080, securityContext: { user: 1000 } }],
  });
  d.with(new WithNativeSidecar({ name: 'log-shipper', image: 'grafana/promtail:3.4.0', startup: kplus.Probe.fromHttpGet('/ready', { port: 3101 }) }));
  new LateEnv(chart, 'late-env', d);
}

describe('what synth writes does not depend on the checks', () => {
  // random apps raise warnings; they are printed to stderr, which these tests do not read
  let stderr: jest.SpyInstance;
  beforeEach(() => {
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => stderr.mockRestore());

  test.each(OUTPUT_TYPES)('a value another construct adds in its validation is written with the checks on (%s)', type => {
    const r = synthBoth(lateApp, type);
    expectSameFiles(r);
    const written = [...r.on.values()].map(b => b.toString()).join('\n');
    expect(written).toContain('name: LATE');
    expect(written).toContain('value: added-in-validation');
  });

  test.each(OUTPUT_TYPES)('every example of the catalogue (%s)', type => {
    expectSameFiles(synthBoth(app => {
      for (const e of CATALOGUE) e.build(app);
    }, type));
  });

  test.each(OUTPUT_TYPES)('randomized workloads, JSON patches included (%s)', type => {
    let compared = 0;
    fc.assert(fc.property(fc.array(workloadSpec, { minLength: 1, maxLength: 3 }), (specs: WorkloadSpec[]) => {
      const r = synthBothOrBothFail(specs, type);
      if (r !== undefined) {
        expectSameFiles(r);
        compared++;
      }
    }), { numRuns: 25 });
    // most random apps pass the checks: the comparison is not vacuous
    expect(compared).toBeGreaterThanOrEqual(10);
  }, 120_000);

  test('the checks see what a later validation added: a port it adds that clashes fails synth', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'late');
    const d = new kplus.Deployment(chart, 'web', { containers: [{ name: 'app', image: 'mycompany/web:1.6.0', ports: [{ number: 8080 }] }] });
    d.with(new WithPodChecks());
    const late = new Construct(chart, 'late-sidecar');
    late.node.addValidation({
      validate: () => {
        if (d.containers.length === 1) d.addContainer({ name: 'proxy', image: 'envoyproxy/envoy:v1.31.0', ports: [{ number: 8080 }] });
        return [];
      },
    });
    expect(synthError(app)).toContain("[late/web] PP-PORT-CONFLICT: container 'app' and container 'proxy' both bind TCP port 8080");
  });
});

/**
 * Synthesizes random workloads with the checks on and off. Where the checks fail synth (random workloads break rules),
 * the same app without checks must synthesize, and nothing is compared; `undefined` then.
 */
function synthBothOrBothFail(specs: WorkloadSpec[], type: YamlOutputType): { on: Map<string, Buffer>; off: Map<string, Buffer> } | undefined {
  const build = (app: App) => buildWorkloads(new Chart(app, 'random'), specs);
  try {
    return synthBoth(build, type);
  } catch (e) {
    expect(String(e)).toContain('[cdk8s-pod-patterns]');
    return undefined;
  }
}

describe('WithPodChecks on a chart covers every workload under it, whenever it was created', () => {
  const clash = (chart: Chart, id = 'web') => new kplus.Deployment(chart, id, {
    containers: [
      { name: 'app', image: 'mycompany/web:1.6.0', ports: [{ number: 8080 }] },
      { name: 'proxy', image: 'envoyproxy/envoy:v1.31.0', ports: [{ number: 8080 }] },
    ],
  });

  test('fails synth on a port clash in a workload created after WithPodChecks was applied to its chart', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'top');
    chart.with(new WithPodChecks({ strict: true }));
    clash(chart);
    expect(synthError(app)).toContain("[cdk8s-pod-patterns] [top/web] PP-PORT-CONFLICT: container 'app' and container 'proxy' both bind TCP port 8080");
  });

  test('applied to the App, it covers charts created later too; without it nothing is checked', () => {
    const checked = Testing.app();
    checked.with(new WithPodChecks());
    clash(new Chart(checked, 'later'));
    expect(synthError(checked)).toContain('[later/web] PP-PORT-CONFLICT');
    const unchecked = Testing.app();
    clash(new Chart(unchecked, 'later'));
    expect(synthError(unchecked)).toBeUndefined();
  });

  test('an L1 KubeDeployment with a port clash fails synth', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'l1');
    chart.with(new WithPodChecks());
    new kplus.k8s.KubeDeployment(chart, 'raw', {
      metadata: { name: 'raw' },
      spec: {
        selector: { matchLabels: { app: 'raw' } },
        template: {
          metadata: { labels: { app: 'raw' } },
          spec: {
            containers: [
              { name: 'app', image: 'mycompany/web:1.6.0', ports: [{ containerPort: 8080 }] },
              { name: 'metrics', image: 'prom/statsd-exporter:v0.28.0', ports: [{ containerPort: 8080 }] },
            ],
          },
        },
      },
    });
    expect(synthError(app)).toContain("[l1/raw] PP-PORT-CONFLICT: container 'app' and container 'metrics' both bind TCP port 8080");
  });

  test('a plain ApiObject holding a Job with a classic sidecar is checked from its JSON', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'raw');
    chart.with(new WithPodChecks({ strict: true }));
    new ApiObject(chart, 'job', {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'report' },
      spec: {
        template: {
          spec: {
            restartPolicy: 'Never',
            containers: [
              { name: 'batch', image: 'mycompany/report:1.0.0' },
              { name: 'proxy', image: 'envoyproxy/envoy:v1.31.0' },
            ],
          },
        },
      },
    });
    expect(synthError(app)).toContain("[raw/job] PP-JOB-SUSPECTED-SIDECAR: container 'proxy' (spec.containers[1]) of Job 'report'");
  });

  test('an Include of a manifest with a port clash fails synth, naming the included object', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'inc');
    chart.with(new WithPodChecks());
    new Include(chart, 'vendor', { url: path.join(FIXTURES, 'port-clash.yaml') });
    expect(synthError(app)).toContain("[inc/vendor/clash-deployment] PP-PORT-CONFLICT: container 'app' and container 'proxy' both bind TCP port 8080");
  });

  test('an Include of a real multi-container manifest (the Kubernetes docs\' native sidecar Deployment) passes, its warnings printed', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'docs');
    chart.with(new WithPodChecks());
    new Include(chart, 'sidecar', { url: path.join(FIXTURES, 'deployment-sidecar.yaml') });
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(synthError(app)).toBeUndefined();
      const printed = stderr.mock.calls.map(c => String(c[0])).join('');
      expect(printed).toContain("[docs/sidecar/myapp-deployment] WARNING PP-IMAGE-TAG: image 'alpine:latest' of container 'myapp'");
    } finally {
      stderr.mockRestore();
    }
  });

  test('an included object\'s own acknowledgement annotation is honoured, as the CLI honours it', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'docs');
    chart.with(new WithPodChecks({ strict: true }));
    const inc = new Include(chart, 'sidecar', { url: path.join(FIXTURES, 'deployment-sidecar.yaml') });
    expect(synthError(app)).toContain('[docs/sidecar/myapp-deployment] PP-IMAGE-TAG');
    inc.apiObjects[0].metadata.addAnnotation('acknowledge.cdk8s-pod-patterns/PP-IMAGE-TAG', 'the docs example pins nothing on purpose');
    expect(synthError(app)).toBeUndefined();
  });

  test('an L1 HPA that scales a KubeDeployment on a container it does not have fails synth', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'l1');
    chart.with(new WithPodChecks());
    new kplus.k8s.KubeDeployment(chart, 'web', {
      metadata: { name: 'web' },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'mycompany/web:1.6.0' }] } },
      },
    });
    new kplus.k8s.KubeHorizontalPodAutoscalerV2(chart, 'hpa', {
      metadata: { name: 'web' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        maxReplicas: 5,
        metrics: [{
          type: 'ContainerResource',
          containerResource: { name: 'cpu', container: 'ap', target: { type: 'Utilization', averageUtilization: 60 } },
        }],
      },
    });
    expect(synthError(app)).toContain("[l1/web] PP-HPA-UNKNOWN-CONTAINER: HPA 'web' scales on the cpu of container 'ap'");
  });

  test('JSON patches of a cdk8s-plus workload are checked: a patch that adds a clashing port fails synth', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'p');
    const d = new kplus.Deployment(chart, 'web', {
      containers: [
        { name: 'app', image: 'mycompany/web:1.6.0', ports: [{ number: 8080 }] },
        { name: 'proxy', image: 'envoyproxy/envoy:v1.31.0', ports: [{ number: 9090 }] },
      ],
    });
    d.with(new WithPodChecks());
    expect(synthError(app)).toBeUndefined();
    ApiObject.of(d).addJsonPatch(JsonPatch.replace('/spec/template/spec/containers/1/ports/0/containerPort', 8080));
    expect(synthError(app)).toContain("[p/web] PP-PORT-CONFLICT: container 'app' and container 'proxy' both bind TCP port 8080");
  });

  test('a workload with spread and JSON patches is read without its patches, says so, and is written as without the checks', () => {
    const build = (app: App) => {
      const chart = new Chart(app, 's');
      const d = new kplus.Deployment(chart, 'web', { spread: true, containers: [{ name: 'app', image: 'mycompany/web:1.6.0', ports: [{ number: 8080 }] }] });
      ApiObject.of(d).addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/env', [{ name: 'PATCHED', value: 'yes' }]));
      d.with(new WithPodChecks());
    };
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expectSameFiles(synthBoth(build, YamlOutputType.FILE_PER_CHART));
      const printed = stderr.mock.calls.map(c => String(c[0])).join('');
      expect(printed).toContain('[s/web] NOTE the pod checks read this workload without its JSON patches: it spreads its pods');
    } finally {
      stderr.mockRestore();
    }
  });

  test('an object whose render throws is reported as not checked (synth fails on it anyway)', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'bad');
    chart.with(new WithPodChecks());
    const api = new kplus.k8s.KubeDeployment(chart, 'web', {
      metadata: { name: 'web' },
      spec: { selector: {}, template: { spec: { containers: [{ name: 'app', image: 'mycompany/web:1.6.0' }] } } },
    });
    api.addJsonPatch(JsonPatch.remove('/spec/no/such/path'));
    expect(synthError(app)).toContain('[bad/web] cannot be checked: rendering it failed:');
  });
});
