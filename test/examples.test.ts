import * as fs from 'fs';
import * as path from 'path';
import * as cdk8s from 'cdk8s';
import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-30';
import * as ts from 'typescript';
import { CATALOGUE } from '../examples/catalogue';
import * as jobNativeSidecar from '../examples/job-native-sidecar';
import { buildCatalogue, catalogueWorkloads, containersByRole, renderText, workloadJson, workloadLine } from '../examples/synth';
import * as library from '../lib';
import { WithClassicSidecar } from '../lib/mixins/with-classic-sidecar';
import { isPodWorkload, podModelOfWorkload } from '../lib/synth/workload-model';

type Manifest = { kind: string; metadata: { name: string; [k: string]: any }; spec: any; [k: string]: any };

function synthExample(name: string): Manifest[] {
  const example = CATALOGUE.find(e => e.name === name);
  if (!example) throw new Error(`no example ${name}`);
  return Testing.synth(example.build(Testing.app())) as Manifest[];
}

function find(manifests: Manifest[], kind: string, name: string): Manifest {
  const m = manifests.find(x => x.kind === kind && x.metadata.name === name);
  if (!m) throw new Error(`no ${kind} ${name} in ${manifests.map(x => `${x.kind}/${x.metadata.name}`).join(', ')}`);
  return m;
}

/** The pod template of a Deployment or Job, or a CronJob's Job template. */
function podOf(m: Manifest): { metadata: any; spec: any } {
  return m.kind === 'CronJob' ? m.spec.jobTemplate.spec.template : m.spec.template;
}

const names = (cs: Array<{ name: string }> | undefined) => (cs ?? []).map(c => c.name);
const container = (cs: any[] | undefined, name: string) => (cs ?? []).find(c => c.name === name);

const PATTERN_RESOURCES = { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } };
const APP_RESOURCES = { requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '256Mi' } };

describe('examples', () => {
  test('every example file (or folder) in examples/ is in the catalogue, and every catalogue entry has its file', () => {
    const dir = path.join(__dirname, '..', 'examples');
    const support = new Set(['shared.ts', 'catalogue.ts', 'synth.ts']);
    const files = fs.readdirSync(dir)
      .filter(f => (f.endsWith('.ts') && !support.has(f)) || fs.statSync(path.join(dir, f)).isDirectory())
      .map(f => f.replace(/\.ts$/, '')).sort();
    expect(CATALOGUE.map(e => e.name).sort()).toEqual(files);
  });

  test.each(CATALOGUE.map(e => e.name))('%s synthesizes into a chart named after its file, with at least one workload', name => {
    const example = CATALOGUE.find(e => e.name === name)!;
    const chart = example.build(Testing.app());
    expect(chart.node.id).toEqual(name);
    const workloads = chart.node.findAll().filter(isPodWorkload);
    expect(workloads.length).toBeGreaterThan(0);
    expect(Testing.synth(chart).length).toBeGreaterThan(0);
  });

  test('all examples synthesize together into one App without validation errors', () => {
    const app = Testing.app();
    buildCatalogue(app);
    expect(() => app.synthYaml()).not.toThrow();
    expect(app.charts.map(c => c.node.id)).toEqual(CATALOGUE.map(e => e.name));
  });

  describe('classic-sidecar', () => {
    const pod = podOf(find(synthExample('classic-sidecar'), 'Deployment', 'web-app'));

    test('the log shipper is a second regular container, with the pattern default resources', () => {
      expect(names(pod.spec.containers)).toEqual(['app', 'log-shipper']);
      expect(pod.spec.initContainers).toBeUndefined();
      expect(container(pod.spec.containers, 'log-shipper').resources).toEqual(PATTERN_RESOURCES);
      expect(container(pod.spec.containers, 'app').resources).toEqual(APP_RESOURCES);
    });

    test('each volume is declared once and kubectl defaults to the app container', () => {
      expect(names(pod.spec.volumes)).toEqual(['logs', 'promtail-config']);
      expect(pod.metadata.annotations['kubectl.kubernetes.io/default-container']).toEqual('app');
    });

    test('the promtail image runs as a non-root user, keeping cdk8s-plus secure defaults', () => {
      expect(container(pod.spec.containers, 'log-shipper').securityContext).toMatchObject({
        runAsNonRoot: true, runAsUser: 10001, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false,
      });
    });
  });

  describe('native-sidecar', () => {
    const pod = podOf(find(synthExample('native-sidecar'), 'Deployment', 'web-app'));

    test('the log shipper is an init container with restartPolicy Always and the only regular container is the app', () => {
      expect(names(pod.spec.initContainers)).toEqual(['log-shipper']);
      expect(pod.spec.initContainers[0].restartPolicy).toEqual('Always');
      expect(names(pod.spec.containers)).toEqual(['app']);
    });

    test('no container gets cdk8s-plus\'s automatic TCP startupProbe: only the sidecar has one, the article\'s', () => {
      expect(container(pod.spec.containers, 'app').startupProbe).toBeUndefined();
      expect(pod.spec.initContainers[0].startupProbe.httpGet).toEqual({ path: '/ready', port: 3101, scheme: 'HTTP' });
    });
  });

  describe('wait-for-postgres', () => {
    const pod = podOf(find(synthExample('wait-for-postgres'), 'Deployment', 'api'));
    const wait = pod.spec.initContainers?.[0];

    test('wait-for-postgres is a plain init container looping on nc -z postgres-service 5432', () => {
      expect(names(pod.spec.initContainers)).toEqual(['wait-for-postgres']);
      expect(wait.restartPolicy).toBeUndefined();
      expect(wait.command.slice(0, 2)).toEqual(['sh', '-c']);
      expect(wait.command[2]).toMatch(/^until nc -z postgres-service 5432; do\n[\s\S]*sleep 2\ndone\n$/);
    });

    test('it has the wait-for defaults: busybox:1.37, 10m/16Mi requested, 32Mi limit, user 65534', () => {
      expect(wait.image).toEqual('busybox:1.37');
      expect(wait.resources).toEqual({ requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '32Mi' } });
      expect(wait.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534 });
    });
  });

  describe('ambassador', () => {
    const pod = podOf(find(synthExample('ambassador'), 'Deployment', 'api'));

    test('REDIS_URL points the app at the ambassador on localhost, and only the app', () => {
      expect(container(pod.spec.containers, 'app').env).toEqual([{ name: 'REDIS_URL', value: 'redis://localhost:6379' }]);
      expect(container(pod.spec.containers, 'redis-ambassador').env).toBeUndefined();
    });

    test('the ambassador declares 6379 without the startupProbe cdk8s-plus adds for portNumber', () => {
      const amb = container(pod.spec.containers, 'redis-ambassador');
      expect(amb.ports).toEqual([{ containerPort: 6379 }]);
      expect(amb.startupProbe).toBeUndefined();
    });
  });

  describe('adapter', () => {
    const pod = podOf(find(synthExample('adapter'), 'Deployment', 'legacy-app'));

    test('app and exporter expose distinct named ports, and neither gets an automatic startupProbe', () => {
      expect(container(pod.spec.containers, 'legacy-app').ports).toEqual([{ containerPort: 8778, name: 'jolokia' }]);
      expect(container(pod.spec.containers, 'jmx-exporter').ports).toEqual([{ containerPort: 5556, name: 'prom-metrics' }]);
      for (const c of pod.spec.containers) expect(c.startupProbe).toBeUndefined();
    });

    test('the exporter config volume is named exporter-config and backed by the jmx-exporter-config ConfigMap', () => {
      expect(pod.spec.volumes).toEqual([{ name: 'exporter-config', configMap: { name: 'jmx-exporter-config' } }]);
    });
  });

  describe('job-native-sidecar', () => {
    const job = find(synthExample('job-native-sidecar'), 'Job', 'nightly-report');

    test('the batch container is the only regular container; the shipper is a native sidecar', () => {
      const pod = podOf(job);
      expect(names(pod.spec.containers)).toEqual(['batch']);
      expect(pod.spec.initContainers.map((c: any) => [c.name, c.restartPolicy])).toEqual([['log-shipper', 'Always']]);
      expect(pod.spec.restartPolicy).toEqual('Never');
    });

    test('throws when the same shipper is added as a classic sidecar to the Job, naming the container and WithNativeSidecar', () => {
      const chart = jobNativeSidecar.build(Testing.app());
      const jobConstruct = chart.node.findAll().find(isPodWorkload)!;
      const classic = new WithClassicSidecar({ name: 'shipper-2', image: 'grafana/promtail:3.4.0' });
      expect(() => jobConstruct.with(classic)).toThrow(/'shipper-2'[\s\S]*from completing[\s\S]*WithNativeSidecar/);
    });
  });

  describe('hpa-container', () => {
    const manifests = synthExample('hpa-container');
    const hpa = manifests.find(m => m.kind === 'HorizontalPodAutoscaler')!;

    test('one HPA scales web-app on the app container\'s CPU, and the Deployment leaves replicas to it', () => {
      expect(manifests.filter(m => m.kind === 'HorizontalPodAutoscaler')).toHaveLength(1);
      expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web-app' });
      expect(hpa.spec.metrics.map((m: any) => [m.type, m.containerResource?.container, m.containerResource?.name]))
        .toEqual([['ContainerResource', 'app', 'cpu']]);
      expect(find(manifests, 'Deployment', 'web-app').spec.replicas).toBeUndefined();
    });

    test('the app container requests the CPU the utilisation is measured against', () => {
      const app = container(podOf(find(manifests, 'Deployment', 'web-app')).spec.containers, 'app');
      expect(app.resources.requests.cpu).toEqual('250m');
    });
  });

  describe('platform-chart', () => {
    const manifests = synthExample('platform-chart');
    const workloads = manifests.filter(m => ['Deployment', 'Job', 'CronJob'].includes(m.kind));

    test('chart.with() gives every workload of the chart the same native log shipper', () => {
      expect(workloads.map(w => `${w.kind}/${w.metadata.name}`)).toEqual(['Deployment/web', 'Deployment/api', 'Job/db-migrate', 'CronJob/cache-warmer']);
      for (const w of workloads) {
        const shipper = container(podOf(w).spec.initContainers, 'log-shipper');
        expect(shipper).toMatchObject({ image: 'grafana/promtail:3.4.0', restartPolicy: 'Always' });
      }
    });

    test('the shipper joins after a workload\'s own init containers, keeping the order of application', () => {
      expect(names(podOf(find(manifests, 'Deployment', 'api')).spec.initContainers)).toEqual(['wait-for-postgres', 'log-shipper']);
    });

    test('appVolumeMounts mount the logs volume into every app container, declared once per pod', () => {
      for (const w of workloads) {
        const spec = podOf(w).spec;
        expect(spec.containers).toHaveLength(1);
        expect(spec.containers[0].volumeMounts).toEqual([{ name: 'logs', mountPath: '/var/log/app' }]);
        expect(names(spec.volumes)).toEqual(['logs', 'promtail-config']);
      }
    });
  });
});

describe('synth.ts', () => {
  function catalogue() {
    return catalogueWorkloads(buildCatalogue(Testing.app()), 'dist');
  }

  test('lists every pod workload of every example, with its manifest file', () => {
    const workloads = catalogue();
    expect(workloads.map(w => `${w.example}: ${w.model.kind} ${w.model.name}`)).toEqual([
      'classic-sidecar: Deployment web-app',
      'native-sidecar: Deployment web-app',
      'wait-for-postgres: Deployment api',
      'ambassador: Deployment api',
      'adapter: Deployment legacy-app',
      'job-native-sidecar: Job nightly-report',
      'hpa-container: Deployment web-app',
      'platform-chart: Deployment web',
      'platform-chart: Deployment api',
      'platform-chart: Job db-migrate',
      'platform-chart: CronJob cache-warmer',
      'platform-catalogue: Deployment orders',
      'platform-catalogue: Job nightly-export',
      'well-known-sidecars: Deployment orders',
      'well-known-sidecars: Deployment web',
      'well-known-sidecars: Deployment frontend',
    ]);
    expect(workloads[0].file).toEqual(path.join('dist', 'classic-sidecar.k8s.yaml'));
  });

  test('prints containers by role, in list order, leaving out empty roles', () => {
    const workloads = catalogue();
    const line = (example: string, name: string) => workloadLine(workloads.find(w => w.example === example && w.model.name === name)!.model);
    expect(line('platform-chart', 'api')).toEqual('Deployment api  init: wait-for-postgres  sidecar: log-shipper  main: api');
    expect(line('ambassador', 'api')).toEqual('Deployment api  main: app, redis-ambassador (ambassador)');
    expect(line('classic-sidecar', 'web-app')).toEqual('Deployment web-app  main: app, log-shipper (classic-sidecar)');
    expect(line('job-native-sidecar', 'nightly-report')).toEqual('Job nightly-report  sidecar: log-shipper  main: batch');
  });

  test('the role of each container comes from the pod spec: restartPolicy Always makes an init container a sidecar', () => {
    const chart = Testing.chart();
    const d = new kplus.Deployment(chart, 'd', { containers: [{ name: 'app', image: 'x:1' }] });
    d.addInitContainer({ name: 'plain', image: 'x:1' });
    d.addInitContainer({ name: 'side', image: 'x:1', restartPolicy: kplus.ContainerRestartPolicy.ALWAYS });
    expect(containersByRole(podModelOfWorkload(d))).toEqual({ init: ['plain'], sidecar: ['side'], main: ['app'] });
  });

  test('the text output has a file header per example and an indented line per workload', () => {
    const lines = renderText(catalogue());
    expect(lines.filter(l => !l.startsWith('  '))).toEqual(CATALOGUE.map(e => path.join('dist', `${e.name}.k8s.yaml`)));
    // Workload lines are indented by two spaces; the pod report's table under each is indented by four.
    expect(lines.filter(l => /^  \S/.test(l))).toHaveLength(16);
  });

  test('--json carries the same data as the text', () => {
    for (const w of catalogue()) {
      const j = workloadJson(w) as any;
      expect(j).toMatchObject({ example: w.example, file: w.file, kind: w.model.kind, name: w.model.name });
      const fromJson = [`${j.kind} ${j.name}`, ...(['init', 'sidecar', 'main'] as const)
        .filter(r => j.containers[r].length > 0)
        .map(r => `${r}: ${j.containers[r].map((n: string) => (r === 'main' && j.patterns[n] ? `${n} (${j.patterns[n]})` : n)).join(', ')}`)].join('  ');
      expect(fromJson).toEqual(workloadLine(w.model));
    }
  });
});


describe('README snippets', () => {
  // Every ```ts block of the README, each after the first (the chart they all start from), type-checked against
  // the real API and run: the README must not show an API that does not exist or a call that throws.
  const root = path.join(__dirname, '..');
  const blocks = [...fs.readFileSync(path.join(root, 'README.md'), 'utf-8').matchAll(/```ts\n([\s\S]*?)```/g)].map(m => m[1]);
  // a whole app (`new App()` ... `app.synth()`, as "Use it in your app" shows) stands alone; the others build on the preamble
  const standalone = blocks.filter(b => b.includes('new App()') && b.includes('app.synth()'));
  const [preamble, ...snippets] = blocks.filter(b => !standalone.includes(b));
  const NATIVE = snippets.find(s => s.includes('new WithNativeSidecar('))!;
  /** The EffectiveRequests snippet's comment counts the log shipper of the WithNativeSidecar snippet. */
  const programOf = (s: string) => preamble + (s.includes('EffectiveRequests.of(') ? NATIVE : '') + s;

  /** Runs a snippet after the preamble (a whole app alone), with the package name resolved to lib/, and returns `result`'s value. */
  function run(snippet: string, result: string): any {
    const program = standalone.includes(snippet) ? snippet.replace('app.synth();', 'app.synthYaml();') : programOf(snippet);
    const js = ts.transpileModule(`${program}\nreturn ${result};\n`, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    }).outputText;
    const modules: Record<string, unknown> = { 'cdk8s': cdk8s, 'cdk8s-plus-30': kplus, 'cdk8s-pod-patterns': library };
    const fakeRequire = (m: string) => {
      if (!(m in modules)) throw new Error(`README snippet imports ${m}`);
      return modules[m];
    };
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    return new Function('require', 'exports', js)(fakeRequire, {});
  }

  test('the README has the chart preamble and one snippet per mixin and API', () => {
    expect(preamble).toContain("from 'cdk8s-pod-patterns'");
    for (const api of ['WithNativeSidecar', 'WithClassicSidecar', 'WithWaitFor', 'WithInitStep', 'WithAmbassador', 'WithAdapter',
      'WithContainerAutoscaling', 'WithPodChecks', 'KubernetesTarget.set', 'EffectiveRequests.of']) {
      expect(snippets.filter(s => s.includes(api)).length).toBeGreaterThan(0);
    }
  });

  test('every snippet type-checks against lib/', () => {
    const options: ts.CompilerOptions = {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      esModuleInterop: true,
      types: ['node'],
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.Node16,
      moduleResolution: ts.ModuleResolutionKind.Node16,
      baseUrl: root,
      paths: { 'cdk8s-pod-patterns': ['lib/index.ts'] },
    };
    const files = new Map([
      ...snippets.map((s, i) => [path.join(root, 'test', `__readme_snippet_${i}__.ts`), programOf(s)] as const),
      ...standalone.map((s, i) => [path.join(root, 'test', `__readme_app_${i}__.ts`), s] as const),
    ]);
    const host = ts.createCompilerHost(options);
    const getSourceFile = host.getSourceFile;
    host.getSourceFile = (f, lang, ...rest) =>
      files.has(f) ? ts.createSourceFile(f, files.get(f)!, lang) : getSourceFile.call(host, f, lang, ...rest);
    const fileExists = host.fileExists;
    host.fileExists = f => files.has(f) || fileExists.call(host, f);
    const program = ts.createProgram([...files.keys()], options, host);
    const errors = [...files.keys()].flatMap(f => ts.getPreEmitDiagnostics(program, program.getSourceFile(f))
      .map(d => `${path.basename(f)}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`));
    expect(errors).toEqual([]);
  }, 30_000);

  test.each(snippets.map((s, i) => [i + 1, s.split('\n')[0]]))('snippet %i (%s) runs and synthesizes', i => {
    const { app, web } = run(snippets[Number(i) - 1], '{ app, web }') as { app: cdk8s.App; web: kplus.Deployment };
    expect(() => app.synthYaml()).not.toThrow();
    expect(podModelOfWorkload(web).containers.length).toBeGreaterThan(0);
  });

  test('the README\'s whole app type-checks, runs, and its checks cover the workload it defines after WithPodChecks', () => {
    expect(standalone).toHaveLength(1);
    const app = run(standalone[0], 'app') as cdk8s.App;
    const yaml = app.synthYaml();
    expect(yaml).toContain('name: log-shipper');
    expect(yaml).toContain('restartPolicy: Always');
  });

  test('the EffectiveRequests snippet\'s numbers are the ones the code computes', () => {
    const snippet = snippets.find(s => s.includes('EffectiveRequests.of('))!;
    const claimed = /EffectiveRequests\.of\(web\); \/\/ (\{[^}]*\})/.exec(snippet)![1].replace(/(\w+):/g, '"$1":');
    expect(run(snippet, 'perPod')).toEqual(JSON.parse(claimed));
  });
});
