/**
 * One benchmark measurement, in a fresh Node process started by `run.ts` (so every run starts cold, as a
 * real `cdk8s synth` does, and its peak RSS is its own). Prints one line `BENCH_RESULT <json>`.
 *
 *   worker.ts run <variant> <n> [file|memory] [charts]   construct n workloads (in that many charts), synthesize, measure
 *   worker.ts phases <variant> <n>              synth to memory split into validate / render (toJson) / YAML
 *   worker.ts yaml <variant> <n>                the synthesized YAML, for the equivalence check
 *   worker.ts requests <n>                      EffectiveRequests.ofPodSpec over n pod specs
 *   worker.ts cli <n>                           the CLI over a YAML file of n objects
 *
 * With `BENCH_REGION_MARKS` set, `run` also prints `BENCH_REGION start` and `BENCH_REGION end` around its timed part,
 * so that `turbofan.ts` can tell V8's `--trace-opt` lines of the timed part from those of module loading.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { ApiObject, App, Chart, Yaml } from 'cdk8s';
import { threadCpu, threadCpuBetween } from './threads';
import { REGION_END, REGION_START, RESULT_PREFIX } from './worker-protocol';
import { buildChart, buildCharts, Variant, VARIANTS } from './workloads';

function gc(): void {
  const g = (global as any).gc;
  if (typeof g !== 'function') throw new Error('run the worker with node --expose-gc');
  g();
  g();
}

function mb(bytes: number): number {
  return Math.round((bytes / (1024 * 1024)) * 10) / 10;
}

function monotonicUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

function cpuMs(from: NodeJS.CpuUsage, to: NodeJS.CpuUsage): number {
  return (to.user - from.user + to.system - from.system) / 1000;
}

function emit(result: object): void {
  process.stdout.write(RESULT_PREFIX + JSON.stringify(result) + '\n');
}

function variantArg(s: string): Variant {
  if (!(VARIANTS as readonly string[]).includes(s)) throw new Error(`unknown variant '${s}': one of ${VARIANTS.join(', ')}`);
  return s as Variant;
}

/** The builders (`workloads.ts`); for (c) they switch the checks off with `PodChecks.disable(app)`. */
function setup(variant: Variant): { build: (app: App, v: Variant, n: number) => Chart; buildAll: typeof buildCharts; checksNote?: string } {
  const checksNote = variant === 'mixins-nochecks' ? 'PodChecks.disable(app) before the workloads are built' : undefined;
  return { build: buildChart, buildAll: buildCharts, checksNote };
}

/** Everything a cdk8s App walks at synth, validated as `App.synth()` does (cdk8s lib/app.js `validate`). */
function validateApp(app: App): void {
  const errors: string[] = [];
  for (const c of app.node.findAll()) {
    for (const e of c.node.validate()) errors.push(`[${c.node.path}] ${e}`);
  }
  if (errors.length > 0) throw new Error(`Validation failed:\n  ${errors.slice(0, 5).join('\n  ')}`);
}

function run(variant: Variant, n: number, synthTo: string, charts: number): void {
  const { buildAll, checksNote } = setup(variant);
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-bench-'));
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  // for `turbofan.ts`: V8's --trace-opt lines between these are the timed part's
  const marks = process.env.BENCH_REGION_MARKS !== undefined;
  if (marks) process.stdout.write(REGION_START + '\n');
  const th0 = threadCpu();
  const c0 = process.cpuUsage();
  const r0 = monotonicUs();
  const t0 = performance.now();
  const app = new App({ outdir });
  buildAll(app, variant, n, charts);
  const t1 = performance.now();
  const c1 = process.cpuUsage();
  let bytes = 0;
  if (synthTo === 'memory') {
    // to memory: app.synthYaml() validates, renders every chart and dumps the YAML, like app.synth() without the files
    bytes = app.synthYaml().length;
  } else {
    app.synth();
    for (const f of fs.readdirSync(outdir)) bytes += fs.statSync(path.join(outdir, f)).size;
  }
  const t2 = performance.now();
  const r2 = monotonicUs();
  const c2 = process.cpuUsage();
  const th2 = threadCpu();
  if (marks) process.stdout.write(REGION_END + '\n');
  const peakRss = process.resourceUsage().maxRSS * 1024;
  gc();
  const heapAfter = process.memoryUsage().heapUsed;
  fs.rmSync(outdir, { recursive: true, force: true });
  emit({
    mode: 'run',
    variant,
    n,
    charts,
    synthTo,
    constructMs: t1 - t0,
    synthMs: t2 - t1,
    totalMs: t2 - t0,
    // CPU time (user + system, all threads of the process): steadier than wall time on a shared machine
    constructCpuMs: cpuMs(c0, c1),
    synthCpuMs: cpuMs(c1, c2),
    totalCpuMs: cpuMs(c0, c2),
    // the same by thread (Linux): V8 compiles and collects concurrently on its other threads
    threadsCpuMs: th0 && th2 ? threadCpuBetween(th0, th2) : undefined,
    maxRssMB: mb(peakRss),
    // the app is still referenced here: this is what the constructs and their rendered output retain
    heapUsedMB: mb(heapAfter - heapBefore),
    outputBytes: bytes,
    checksNote,
    // the timed region on the clock of V8's CPU profiles (CLOCK_MONOTONIC, microseconds)
    regionUs: [r0, r2],
    alive: app.node.children.length,
  });
}

/**
 * One cold run split into phases, in CPU time: construct; one validation pass (every construct's validations, as
 * cdk8s runs them: `app.synth()` runs 1 + charts passes, the library's checks do their work in the first one);
 * render (`ApiObject.toJson()` of every object, which resolves and sanitizes, without cdk8s's validation); YAML.
 * The validation runs by hand here, so the checks read the pods from the objects (as under `Testing.synth`); inside
 * `app.synth()` they render each workload instead and cdk8s writes that render (lib/workload-render.ts), which moves
 * the workloads' render from the render phase into the validation.
 */
function phases(variant: Variant, n: number): void {
  const { build, checksNote } = setup(variant);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const app = new App({ outdir: os.tmpdir() });
  build(app, variant, n);
  const c1 = process.cpuUsage();
  const t1 = performance.now();
  validateApp(app);
  const c2 = process.cpuUsage();
  const t2 = performance.now();
  const objects = app.node.findAll().filter(ApiObject.isApiObject).map(o => (o as ApiObject).toJson());
  const c3 = process.cpuUsage();
  const text = Yaml.stringify(...objects);
  const c4 = process.cpuUsage();
  emit({
    mode: 'phases',
    variant,
    n,
    constructMs: cpuMs(c0, c1),
    validateMs: cpuMs(c1, c2),
    constructWallMs: t1 - t0,
    validateWallMs: t2 - t1,
    renderMs: cpuMs(c2, c3),
    yamlMs: cpuMs(c3, c4),
    totalMs: cpuMs(c0, c4),
    objects: objects.length,
    yamlBytes: text.length,
    checksNote,
  });
}

function yaml(variant: Variant, n: number): void {
  const { build } = setup(variant);
  const app = new App({ outdir: os.tmpdir() });
  build(app, variant, n);
  // app.synthYaml() validates and renders as app.synth() does (with the checks, one render shared: workload-render.ts)
  emit({ mode: 'yaml', variant, n, yaml: app.synthYaml() });
}

/** n pod specs as plain JSON, varied so no two are alike, from the hand-written workload's YAML. */
function podSpecs(n: number): any[] {
  const { build } = setup('hand');
  const app = new App({ outdir: os.tmpdir() });
  const chart = build(app, 'hand', 1);
  const deployment = chart.toJson().find((o: any) => o.kind === 'Deployment');
  const template = JSON.stringify(deployment.spec.template.spec);
  const specs: any[] = [];
  for (let i = 0; i < n; i++) {
    const s = JSON.parse(template);
    s.containers[0].resources.requests.cpu = `${100 + (i % 900)}m`;
    s.containers[0].resources.requests.memory = `${128 + (i % 512)}Mi`;
    if (i % 3 === 0) s.initContainers[1].resources.requests.cpu = '0.25';
    if (i % 7 === 0) s.overhead = { cpu: '10m', memory: '1Ki' };
    specs.push(s);
  }
  return specs;
}

function requests(n: number): void {
  const file = path.join(__dirname, '..', 'lib', 'effective-requests.ts');
  if (!fs.existsSync(file)) {
    emit({ mode: 'requests', n, skipped: 'lib/effective-requests.ts does not exist yet' });
    return;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { EffectiveRequests } = require('../lib/effective-requests');
  const specs = podSpecs(n);
  gc();
  const t0 = performance.now();
  let cpu = 0;
  for (const s of specs) cpu += EffectiveRequests.ofPodSpec(s).cpu;
  const t1 = performance.now();
  emit({ mode: 'requests', n, totalMs: t1 - t0, perSpecUs: ((t1 - t0) * 1000) / n, checksum: cpu, maxRssMB: mb(process.resourceUsage().maxRSS * 1024) });
}

/** The CLI over a YAML file of n objects: n/2 Deployments and n/2 HPAs written by hand with cdk8s-plus. */
async function cli(n: number): Promise<void> {
  const file = path.join(__dirname, '..', 'lib', 'cli.ts');
  if (!fs.existsSync(file)) {
    emit({ mode: 'cli', n, skipped: 'lib/cli.ts does not exist yet' });
    return;
  }
  const dir = path.join(__dirname, '.out');
  fs.mkdirSync(dir, { recursive: true });
  const input = path.join(dir, `cli-input-${n}.k8s.yaml`);
  if (!fs.existsSync(input)) {
    const { build } = setup('hand');
    const app = new App({ outdir: os.tmpdir() });
    const chart = build(app, 'hand', Math.ceil(n / 2));
    fs.writeFileSync(input, Yaml.stringify(...chart.toJson().slice(0, n)));
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cliMain = require('../lib/cli').main;
  const args = (process.env.BENCH_CLI_ARGS ?? 'check --no-schemas').split(' ').filter(x => x !== '');
  let printed = 0;
  let errors = '';
  const io = {
    stdout: (text: string) => { printed += text.length; },
    stderr: (text: string) => { if (errors.length < 2000) errors += text; },
    env: process.env,
    stderrIsTTY: false,
  };
  gc();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const code: number = await cliMain([...args, input], io);
  const t1 = performance.now();
  const c1 = process.cpuUsage();
  emit({
    mode: 'cli',
    n,
    args,
    exitCode: code,
    totalMs: t1 - t0,
    cpuMs: cpuMs(c0, c1),
    printedChars: printed,
    stderr: errors.slice(0, 500),
    maxRssMB: mb(process.resourceUsage().maxRSS * 1024),
  });
}

async function main(argv: string[]): Promise<void> {
  const [mode, a, b, c, d] = argv;
  switch (mode) {
    case 'run': return run(variantArg(a), Number(b), c ?? 'file', Number(d ?? 1));
    case 'phases': return phases(variantArg(a), Number(b));
    case 'yaml': return yaml(variantArg(a), Number(b));
    case 'requests': return requests(Number(a));
    case 'cli': return cli(Number(a));
    default: throw new Error(`unknown mode '${mode}'`);
  }
}

main(process.argv.slice(2)).catch(e => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exitCode = 1;
});
