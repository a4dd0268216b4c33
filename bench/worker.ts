/**
 * One benchmark measurement, in a fresh Node process started by `run.ts` (so every run starts cold, as a
 * real `cdk8s synth` does, and its peak RSS is its own). Prints one line `BENCH_RESULT <json>`.
 *
 *   worker.ts run <variant> <n> [charts]   construct n workloads (in that many charts), app.synth() into a temporary directory
 *   worker.ts yaml <variant> <n>           the synthesized YAML, for the equivalence check
 *   worker.ts cli-input <n>                writes the CLI benchmark's input: n objects (n/2 Deployments, n/2 HPAs)
 *   worker.ts js-yaml <n>                  js-yaml's loadAll alone over that file (the yardstick)
 *   worker.ts cli <n> [args...]            the whole CLI (`check`, with schema validation) over that file
 *   worker.ts pass <n>                     the checks' own validation, as cdk8s runs it in each pass: the first (cold) and
 *                                          the second (warm) pass over n workloads of (a)
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { App, Yaml } from 'cdk8s';
import { RESULT_PREFIX } from './worker-protocol';
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

function run(variant: Variant, n: number, charts: number): void {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-bench-'));
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const app = new App({ outdir });
  buildCharts(app, variant, n, charts);
  const t1 = performance.now();
  const c1 = process.cpuUsage();
  app.synth();
  const t2 = performance.now();
  const c2 = process.cpuUsage();
  const peakRss = process.resourceUsage().maxRSS * 1024;
  gc();
  const heapAfter = process.memoryUsage().heapUsed;
  fs.rmSync(outdir, { recursive: true, force: true });
  emit({
    variant,
    n,
    charts,
    constructMs: t1 - t0,
    synthMs: t2 - t1,
    totalMs: t2 - t0,
    // CPU time (user + system, all threads of the process): steadier than wall time on a shared machine
    constructCpuMs: cpuMs(c0, c1),
    synthCpuMs: cpuMs(c1, c2),
    totalCpuMs: cpuMs(c0, c2),
    maxRssMB: mb(peakRss),
    // the app is still referenced here: this is what the constructs and their rendered output retain
    heapUsedMB: mb(heapAfter - heapBefore),
    alive: app.node.children.length,
  });
}

function yaml(variant: Variant, n: number): void {
  const app = new App({ outdir: os.tmpdir() });
  buildChart(app, variant, n);
  // app.synthYaml() validates and renders as app.synth() does, without writing files
  emit({ variant, n, yaml: app.synthYaml() });
}

/** The input of the CLI benchmark: n objects, n/2 Deployments and n/2 HPAs written by hand with cdk8s-plus (bench/workloads.ts). */
function cliInputPath(n: number): string {
  return path.join(__dirname, '.out', `cli-input-${n}.k8s.yaml`);
}

/** Writes the CLI benchmark's input file once (outside any timed run: building it takes a cdk8s app). */
function cliInput(n: number): void {
  const input = cliInputPath(n);
  if (!fs.existsSync(input)) {
    fs.mkdirSync(path.dirname(input), { recursive: true });
    const app = new App({ outdir: os.tmpdir() });
    const chart = buildChart(app, 'hand', Math.ceil(n / 2));
    fs.writeFileSync(input, Yaml.stringify(...chart.toJson().slice(0, n)));
  }
  const text = fs.readFileSync(input, 'utf8');
  emit({ n, file: input, bytes: Buffer.byteLength(text), documents: text.split(/^---$/m).length });
}

/** The yardstick: js-yaml's `loadAll` alone over the same file (read from disk, as the CLI reads it). */
function jsYaml(n: number): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const jsyaml = require('js-yaml') as typeof import('js-yaml');
  const input = cliInputPath(n);
  gc();
  const rssBefore = process.memoryUsage().rss;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const docs = jsyaml.loadAll(fs.readFileSync(input, 'utf8'));
  const t1 = performance.now();
  const c1 = process.cpuUsage();
  emit({ n, documents: docs.length, totalMs: t1 - t0, cpuMs: cpuMs(c0, c1), ...rss(rssBefore) });
}

/** Peak RSS of the process, and how much it grew during the timed part (the modules loaded before it aside). */
function rss(before: number): { maxRssMB: number; rssGrowthMB: number } {
  const peak = process.resourceUsage().maxRSS * 1024;
  return { maxRssMB: mb(peak), rssGrowthMB: mb(peak - before) };
}

/** The whole CLI (`check`, with schema validation unless `--no-schemas`) over the file of `cliInput(n)`. */
async function cli(n: number, extraArgs: string[]): Promise<void> {
  const input = cliInputPath(n);
  if (!fs.existsSync(input)) throw new Error(`${input} is missing: run the worker's cli-input mode first`);
  // loaded here, not at the top: the timed runs should not carry the other modes' modules in their peak RSS
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { main: cliMain } = require('../lib/cli/cli') as typeof import('../lib/cli/cli');
  const args = ['check', ...extraArgs];
  let printed = 0;
  let errors = '';
  const io = {
    stdout: (text: string) => { printed += text.length; },
    stderr: (text: string) => { if (errors.length < 2000) errors += text; },
    env: process.env,
    stderrIsTTY: false,
  };
  gc();
  const rssBefore = process.memoryUsage().rss;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const code = await cliMain([...args, input], io);
  const t1 = performance.now();
  const c1 = process.cpuUsage();
  emit({
    n,
    args,
    exitCode: code,
    totalMs: t1 - t0,
    cpuMs: cpuMs(c0, c1),
    printedChars: printed,
    stderr: errors.slice(0, 500),
    ...rss(rssBefore),
  });
}

/**
 * The cost of the checks alone: the validation they add (one per App), run as cdk8s runs it in a validation pass, twice
 * (`app.synth()` with one chart validates the app twice), over n workloads of (a). Narrower and steadier than a whole run.
 */
function pass(n: number): void {
  const app = new App({ outdir: os.tmpdir() });
  buildChart(app, 'mixins', n);
  // the construct holding the checks' validation (lib/synth/synth-checks.ts), found by its public id
  const host = app.node.findChild('cdk8s-pod-patterns');
  gc();
  const times: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < 2; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const errors = host.node.validate();
    times.push(performance.now() - t0);
    cpus.push(cpuMs(c0, process.cpuUsage()));
    if (errors.length > 0) throw new Error(`the bench's workloads fail the checks: ${errors[0]}`);
  }
  emit({ n, firstMs: times[0], secondMs: times[1], firstCpuMs: cpus[0], secondCpuMs: cpus[1] });
}

async function main(argv: string[]): Promise<void> {
  const [mode, a, b, c] = argv;
  switch (mode) {
    case 'run': return run(variantArg(a), Number(b), Number(c ?? 1));
    case 'yaml': return yaml(variantArg(a), Number(b));
    case 'cli-input': return cliInput(Number(a));
    case 'js-yaml': return jsYaml(Number(a));
    case 'cli': return cli(Number(a), argv.slice(2));
    case 'pass': return pass(Number(a));
    default: throw new Error(`unknown mode '${mode}'`);
  }
}

main(process.argv.slice(2)).catch(e => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exitCode = 1;
});
