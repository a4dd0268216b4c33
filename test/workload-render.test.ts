import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, Cron, JsonPatch, Testing, Yaml, YamlOutputType } from 'cdk8s';
import * as kplus from 'cdk8s-plus-30';
import { Construct } from 'constructs';
import { PodChecks } from '../lib/pod-checks';
import { WithAdapter } from '../lib/with-adapter';
import { WithNativeSidecar } from '../lib/with-native-sidecar';
import * as workloadModel from '../lib/workload-model';

function tmpApp(): App {
  return new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'workload-render-')) });
}

const sidecar = () => new WithNativeSidecar({
  name: 'log-shipper',
  image: 'grafana/promtail:3.4.0',
  startup: kplus.Probe.fromHttpGet('/ready', { port: 3101 }),
});
const adapter = () => new WithAdapter({ name: 'exporter', image: 'prom/exporter:1.0.0', ports: [{ number: 9100, name: 'metrics' }] });

/** One chart of every workload kind, each with pattern containers (so each has its checks). */
function workloads(chart: Chart, spread = false): kplus.AbstractPod[] {
  const c = (name: string): kplus.ContainerProps => ({ name, image: 'mycompany/app:1.0.0', portNumber: 8080 });
  const list: kplus.AbstractPod[] = [
    new kplus.Deployment(chart, 'web', { containers: [c('app')], spread }),
    new kplus.StatefulSet(chart, 'db', { containers: [c('db')] }),
    new kplus.DaemonSet(chart, 'agent', { containers: [c('agent')] }),
    new kplus.Pod(chart, 'debug', { containers: [c('toolbox')] }),
  ];
  for (const w of list) w.with(sidecar(), adapter());
  return list;
}

/** Counts the renders of each workload's API object (its class's `toJson`, which cdk8s and the checks both call). */
function countRenders(list: kplus.AbstractPod[]): { of: (w: kplus.AbstractPod) => number; restore: () => void } {
  const counts = new Map<object, number>();
  const spies = new Map<object, jest.SpyInstance>();
  for (const w of list) {
    const proto = Object.getPrototypeOf((w as any).apiObject);
    if (spies.has(proto)) continue;
    const original = proto.toJson;
    spies.set(proto, jest.spyOn(proto, 'toJson').mockImplementation(function (this: ApiObject) {
      counts.set(this, (counts.get(this) ?? 0) + 1);
      return original.call(this);
    }));
  }
  return {
    of: w => counts.get((w as any).apiObject) ?? 0,
    restore: () => spies.forEach(s => s.mockRestore()),
  };
}

/** Every file under `dir`, by its path below it. */
function filesUnder(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true }) as string[]) {
    const file = path.join(dir, entry);
    if (fs.statSync(file).isFile()) out[entry] = fs.readFileSync(file, 'utf8');
  }
  return out;
}

/** A construct whose validation fails while `failing.now` is true. */
function failing(scope: Construct): { now: boolean } {
  const state = { now: true };
  new Construct(scope, 'gate').node.addValidation({ validate: () => (state.now ? ['the gate is closed'] : []) });
  return state;
}

describe('at app.synth() the checks read the render synth writes, and the pod is rendered once', () => {
  test.each(['synth', 'synthYaml'] as const)('app.%s(): one render per workload, and the manifests are those without the checks', (method) => {
    const synthOf = (checks: boolean) => {
      const app = tmpApp();
      if (!checks) PodChecks.disable(app);
      const list = workloads(new Chart(app, 'c'));
      const renders = countRenders(list);
      try {
        const yaml = method === 'synth' ? (app.synth(), fs.readFileSync(path.join(app.outdir, 'c.k8s.yaml'), 'utf8')) : app.synthYaml();
        return { yaml, renders: list.map(w => renders.of(w)) };
      } finally {
        renders.restore();
      }
    };
    const withChecks = synthOf(true);
    const without = synthOf(false);
    expect(withChecks.renders).toEqual([1, 1, 1, 1]);
    expect(without.renders).toEqual([1, 1, 1, 1]);
    expect(withChecks.yaml).toEqual(without.yaml);
    expect(withChecks.yaml.split(/^---$/m).length).toBe(5); // the StatefulSet's Service too
  });

  test.each(['Job', 'CronJob'] as const)('a %s: the checks read its pod from the render (app and native sidecar declare one port)', (kind) => {
    const app = tmpApp();
    const chart = new Chart(app, 'c');
    const containers = [{ name: 'app', image: 'mycompany/batch:1.0.0', portNumber: 8080 }];
    const w = kind === 'Job'
      ? new kplus.Job(chart, 'batch', { containers })
      : new kplus.CronJob(chart, 'batch', { containers, schedule: Cron.daily() });
    // a native sidecar runs beside the app and declares its port too
    w.with(new WithNativeSidecar({ name: 'proxy', image: 'envoyproxy/envoy:v1.31.0', portNumber: 8080 }));
    const renders = countRenders([w]);
    const read = jest.spyOn(workloadModel, 'podSpecOf');
    try {
      expect(() => app.synth()).toThrow(/PP-PORT-CONFLICT/);
      expect(read).not.toHaveBeenCalled();
      expect(renders.of(w)).toBe(1);
    } finally {
      renders.restore();
      read.mockRestore();
    }
  });

  test('with several charts, each workload is still rendered once, and the checks read that render', () => {
    const app = tmpApp();
    const lists = [0, 1, 2].map(i => workloads(new Chart(app, `c${i}`)));
    const all = lists.flat();
    const renders = countRenders(all);
    const read = jest.spyOn(workloadModel, 'podSpecOf');
    try {
      app.synth();
      expect(all.map(w => renders.of(w))).toEqual(all.map(() => 1));
      expect(read).not.toHaveBeenCalled();
    } finally {
      renders.restore();
      read.mockRestore();
    }
  });

  test('a second app.synth() renders again: the first synth\'s render is not reused', () => {
    const app = tmpApp();
    const [web] = workloads(new Chart(app, 'c'));
    app.synth();
    web.containers[0].env.addVariable('ADDED', kplus.EnvValue.fromValue('later'));
    app.synth();
    const yaml = fs.readFileSync(path.join(app.outdir, 'c.k8s.yaml'), 'utf8');
    expect(yaml).toContain('ADDED');
  });

  test('the checks at app.synth() see a JSON patch on the pod template', () => {
    const app = tmpApp();
    const [web] = workloads(new Chart(app, 'c'));
    // a second container port 9100, which the adapter already declares: a conflict only the manifest shows
    (web as any).apiObject.addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/ports/-', { containerPort: 9100 }));
    expect(() => app.synth()).toThrow(/PP-PORT-CONFLICT/);
  });

  test('a JSON patch that breaks the pod template fails the synth with what is wrong, not a crash in a rule', () => {
    const app = tmpApp();
    const [web] = workloads(new Chart(app, 'c'));
    (web as any).apiObject.addJsonPatch(JsonPatch.replace('/spec/template/spec/containers/0/name', 5));
    expect(() => app.synth()).toThrow('spec.template.spec.containers[0].name must be a string, not a number');
  });

  test('after a synth whose validation failed, the workload renders as it is now, for anyone', () => {
    const app = tmpApp();
    const chart = new Chart(app, 'c');
    const gate = failing(chart);
    const [web] = workloads(chart);
    expect(() => app.synth()).toThrow(/the gate is closed/);
    web.addContainer({ name: 'late', image: 'mycompany/late:1.0.0', portNumber: 7000 });
    // the checks rendered web in the failed synth's pass, which is still the current one: a direct call renders afresh
    const direct = (web as any).apiObject.toJson();
    expect(direct.spec.template.spec.containers.map((c: any) => c.name)).toContain('late');
    gate.now = false;
    app.synth();
    const synthesized = Yaml.load(path.join(app.outdir, 'c.k8s.yaml')).find((o: any) => o.kind === 'Deployment');
    expect(synthesized.spec.template.spec.containers.map((c: any) => c.name)).toEqual(['app', 'exporter', 'late']);
  });

  test('a render kept for a chart that a render error in an earlier chart left unwritten is not handed out later', async () => {
    const app = tmpApp();
    const broken = new Chart(app, 'a');
    new ApiObject(broken, 'broken', { apiVersion: 'v1', kind: 'ConfigMap' }).addJsonPatch(JsonPatch.replace('/data/missing', 'x'));
    const [web] = workloads(new Chart(app, 'b'));
    expect(() => app.synth()).toThrow();
    expect(fs.existsSync(path.join(app.outdir, 'b.k8s.yaml'))).toBe(false); // b was never written
    await Promise.resolve(); // the synth's synchronous run is over
    web.addContainer({ name: 'late', image: 'mycompany/late:1.0.0', portNumber: 7000 });
    expect((web as any).apiObject.toJson().spec.template.spec.containers.map((c: any) => c.name)).toContain('late');
  });

  test.each([false, true])('a synth that failed, then one that passed, writes what one synth alone writes (spread: %s)', (spread) => {
    const once = tmpApp();
    workloads(new Chart(once, 'c'), spread);
    once.synth();
    const expected = fs.readFileSync(path.join(once.outdir, 'c.k8s.yaml'), 'utf8');

    const app = tmpApp();
    const chart = new Chart(app, 'c');
    const gate = failing(chart);
    workloads(chart, spread);
    expect(() => app.synth()).toThrow(/the gate is closed/);
    expect(() => app.synth()).toThrow(/the gate is closed/);
    gate.now = false;
    app.synth();
    expect(fs.readFileSync(path.join(app.outdir, 'c.k8s.yaml'), 'utf8')).toEqual(expected);
    if (spread) expect(expected).toContain('topologyKey: kubernetes.io/hostname');
  });

  test('every output type of app.synth() writes what it writes without the checks, rendering each workload once', () => {
    for (const yamlOutputType of [YamlOutputType.FILE_PER_APP, YamlOutputType.FILE_PER_RESOURCE, YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE]) {
      const written = [true, false].map(checks => {
        const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'workload-render-')), yamlOutputType });
        if (!checks) PodChecks.disable(app);
        const list = workloads(new Chart(app, 'c'));
        const renders = countRenders(list);
        try {
          app.synth();
          return { files: filesUnder(app.outdir), renders: list.map(w => renders.of(w)) };
        } finally {
          renders.restore();
        }
      });
      expect(Object.keys(written[0].files).length).toBeGreaterThan(0);
      expect(written[0]).toEqual(written[1]);
      expect(written[0].renders).toEqual([1, 1, 1, 1]);
    }
  });

  test('a workload with spread is read from its objects: the checks never render it', () => {
    const app = tmpApp();
    const list = workloads(new Chart(app, 'c'), true);
    const renders = countRenders(list);
    try {
      app.synth();
      expect(list.map(w => renders.of(w))).toEqual([1, 1, 1, 1]);
      expect(Object.getOwnPropertyDescriptor((list[0] as any).apiObject, 'toJson')).toBeUndefined(); // left as cdk8s made it
      expect(Object.getOwnPropertyDescriptor((list[1] as any).apiObject, 'toJson')).toBeDefined();
    } finally {
      renders.restore();
    }
  });

  test('an object whose toJson someone else replaced keeps it, and only cdk8s renders it', () => {
    const app = tmpApp();
    const [web] = workloads(new Chart(app, 'c'));
    const api = (web as any).apiObject;
    const own = jest.spyOn(api, 'toJson');
    app.synth();
    expect(own).toHaveBeenCalledTimes(1); // cdk8s's render only
    expect(api.toJson).toBe(own);
  });

  test('Testing.synth and a chart\'s toJson() read the objects: no render beyond cdk8s\'s own', () => {
    const app = Testing.app();
    const charts = [0, 1].map(i => new Chart(app, `c${i}`));
    const lists = charts.map(c => workloads(c));
    const renders = countRenders(lists.flat());
    const read = jest.spyOn(workloadModel, 'podSpecOf');
    try {
      Testing.synth(charts[0]);
      expect(lists[0].map(w => renders.of(w))).toEqual([1, 1, 1, 1]);
      expect(lists[1].map(w => renders.of(w))).toEqual([0, 0, 0, 0]);
      expect(read).toHaveBeenCalledTimes(8); // every workload of the app, once
    } finally {
      renders.restore();
      read.mockRestore();
    }
  });
});
