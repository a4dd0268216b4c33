/**
 * `npm run bench`: what the library costs at synth against the same manifests written by hand with cdk8s-plus-30.
 * The budget and its reasons are in docs/decisions/02-performance.md; how to run and read this, in docs/benchmarks.md.
 *
 *   npm run bench                          N = 1,000 (9 rounds) and 10,000 (5 rounds)
 *   npm run bench -- --quick               N = 200 and 1,000, 3 rounds
 *   npm run bench -- --n 50 --rounds 1     a smoke run
 *   npm run bench -- --n 1000 --rounds 7 --charts 10   the workloads spread over 10 charts
 *   npm run bench -- --cli                 the CLI instead: `check` with schema validation over 4,000 objects (~9 MB of
 *                                          cdk8s-plus YAML) side by side with js-yaml's loadAll alone, 5 rounds
 *   npm run bench -- --cli --cli-n 4000 --rounds 9
 *   npm run bench -- --passes              also the checks' own validation pass, cold and warm, at each N (7 fresh processes)
 *
 * Variants: (a) mixins, checks on; (b) the same manifests by hand with cdk8s-plus; (c) mixins, checks off. Before
 * anything is timed the three must synthesize the same manifests. Every measurement runs in a fresh Node process
 * (`worker.ts`), cold like a real `cdk8s synth`, so peak RSS is per run. Variants alternate within each round (a,b,c
 * then b,c,a then c,a,b ...) and ratios are paired: the median over rounds of the ratio within one round.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { firstDifference } from './equivalence';
import { formatRatio, median, pairedMedian, roundOrder, verdict } from './stats';
import { RESULT_PREFIX } from './worker-protocol';
import { LETTER, Variant, VARIANTS } from './workloads';

/** (a)/(b) may cost at most this much, paired, in wall time, CPU time, peak RSS and heap after GC. */
const BUDGET = 1.10;
/** The whole `check` (with schema validation) may take at most this many times js-yaml's `loadAll` alone on the same file. */
const CLI_BUDGET = 2.0;
/** Growth from one N to the next may be at most linear plus this share. */
const GROWTH_SLACK = 1.05;
const ROOT = path.join(__dirname, '..');
const OUT = path.join(__dirname, '.out');

interface Options {
  readonly sizes: number[];
  readonly rounds?: number;
  readonly charts: number;
  readonly cli: boolean;
  readonly passes: boolean;
  readonly cliN: number;
}

/** What one `run` worker measured (`worker.ts`). */
interface Run {
  readonly constructMs: number;
  readonly synthMs: number;
  readonly totalMs: number;
  readonly totalCpuMs: number;
  readonly maxRssMB: number;
  readonly heapUsedMB: number;
}
type Metric = keyof Run;

interface SizeResult {
  readonly n: number;
  readonly rounds: number;
  readonly runs: Record<Variant, Run[]>;
  readonly maxLoad: number;
}

function parseArgs(argv: string[]): Options {
  let sizes = [1000, 10000];
  let rounds: number | undefined;
  let charts = 1;
  let cli = false;
  let passes = false;
  let cliN = 4000;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    switch (a) {
      case '--quick': sizes = [200, 1000]; rounds = rounds ?? 3; break;
      case '--n': sizes = next().split(',').map(s => Number(s.replace(/_/g, ''))); break;
      case '--rounds': rounds = Number(next()); break;
      case '--charts': charts = Number(next()); break;
      case '--cli': cli = true; break;
      case '--passes': passes = true; break;
      case '--cli-n': cliN = Number(next().replace(/_/g, '')); break;
      case '--help':
        console.log(fs.readFileSync(__filename, 'utf8').split('*/')[0]);
        process.exit(0);
      default: throw new Error(`unknown argument '${a}' (try --help)`);
    }
  }
  const whole = (x: number) => Number.isInteger(x) && x >= 1;
  if (!sizes.every(whole)) throw new Error('--n takes whole numbers, e.g. --n 1000,10000');
  if (rounds !== undefined && !whole(rounds)) throw new Error('--rounds takes a whole number, e.g. --rounds 5');
  if (!whole(charts)) throw new Error('--charts takes a whole number, e.g. --charts 10');
  if (!whole(cliN) || cliN < 2) throw new Error('--cli-n takes a whole number of at least 2, e.g. --cli-n 4000');
  return { sizes, rounds, charts, cli, cliN, passes };
}

/** Runs the worker in a fresh Node process and returns its result. */
function worker(args: string[]): any {
  const r = spawnSync(process.execPath, ['--expose-gc', '-r', 'ts-node/register/transpile-only', path.join(__dirname, 'worker.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
  });
  const line = (r.stdout ?? '').split('\n').find(l => l.startsWith(RESULT_PREFIX));
  if (r.status !== 0 || !line) throw new Error(`worker ${args.join(' ')} failed (exit ${r.status}):\n${(r.stderr ?? '').slice(-3000)}`);
  return { ...JSON.parse(line.slice(RESULT_PREFIX.length)), stderr: r.stderr ?? '' };
}

const fmtMs = (ms: number) => (ms >= 10000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`);
const cpus = () => os.availableParallelism?.() ?? os.cpus().length;

/**
 * The three variants synthesize the same manifests for 20 workloads, and (a) draws no finding (the bench measures a
 * clean workload, as users ship: printing a warning per workload would be measured too), or the bench stops.
 */
function checkEquivalence(): string[] {
  const n = 20;
  const results = Object.fromEntries(VARIANTS.map(v => [v, worker(['yaml', v, String(n)])])) as Record<Variant, { yaml: string; stderr: string }>;
  const findings = results.mixins.stderr.split('\n').filter(l => / (WARNING|NOTE) /.test(l));
  if (findings.length > 0) throw new Error(`(a) draws ${findings.length} finding(s); make the workload clean:\n    ${findings.slice(0, 3).join('\n    ')}`);
  const yaml = Object.fromEntries(VARIANTS.map(v => [v, results[v].yaml])) as Record<Variant, string>;
  return (['hand', 'mixins-nochecks'] as Variant[]).map(v => {
    const d = firstDifference(yaml.mixins, yaml[v]);
    if (d) throw new Error(`(a) and (${LETTER[v]}) differ at line ${d.line} of the normalized JSON:\n    a: ${d.a}\n    ${LETTER[v]}: ${d.b}`);
    return `  (a) and (${LETTER[v]}) synthesize the same manifests for ${n} workloads (names derived from construct paths aside)`;
  }).concat(['  (a) draws no finding: no warning printed']);
}

function measureSize(n: number, o: Options): SizeResult {
  const rounds = o.rounds ?? (n <= 2000 ? 9 : 5);
  const runs = Object.fromEntries(VARIANTS.map(v => [v, []])) as unknown as Record<Variant, Run[]>;
  let maxLoad = 0;
  for (let r = 0; r < rounds; r++) {
    const line: string[] = [];
    for (const v of roundOrder(VARIANTS, r)) {
      const res: Run = worker(['run', v, String(n), String(o.charts)]);
      runs[v].push(res);
      line.push(`${LETTER[v]} ${fmtMs(res.totalMs)} (cpu ${fmtMs(res.totalCpuMs)})`);
    }
    maxLoad = Math.max(maxLoad, os.loadavg()[0]);
    console.log(`  N=${n} round ${r + 1}/${rounds}: ${line.join(', ')}; load ${os.loadavg()[0].toFixed(1)}`);
  }
  return { n, rounds, runs, maxLoad };
}

const med = (s: SizeResult, v: Variant, m: Metric) => median(s.runs[v].map(run => run[m]));
const paired = (s: SizeResult, x: Variant, y: Variant, m: Metric) => pairedMedian(s.runs[x].map(run => run[m]), s.runs[y].map(run => run[m]));

function printSize(s: SizeResult, o: Options): string[] {
  const out = [`\nN = ${s.n.toLocaleString('en')} workloads (${(s.n * 2).toLocaleString('en')} API objects${o.charts > 1 ? ` in ${o.charts} charts` : ''}), `
    + `${s.rounds} round${s.rounds === 1 ? '' : 's'}; medians, totals with [min-max]; 1-min load average up to ${s.maxLoad.toFixed(1)} on ${cpus()} CPUs`];
  out.push(`  ${'variant'.padEnd(22)}${'construct'.padStart(10)}${'synth'.padStart(10)}${'total wall'.padStart(26)}`
    + `${'total cpu'.padStart(26)}${'peak RSS'.padStart(10)}${'heap after GC'.padStart(15)}`);
  for (const v of VARIANTS) {
    const range = (m: Metric) => {
      const xs = s.runs[v].map(run => run[m]);
      return `${fmtMs(median(xs))} [${fmtMs(Math.min(...xs))}-${fmtMs(Math.max(...xs))}]`;
    };
    out.push(`  ${`(${LETTER[v]}) ${v}`.padEnd(22)}${fmtMs(med(s, v, 'constructMs')).padStart(10)}${fmtMs(med(s, v, 'synthMs')).padStart(10)}`
      + `${range('totalMs').padStart(26)}${range('totalCpuMs').padStart(26)}`
      + `${`${med(s, v, 'maxRssMB').toFixed(0)} MB`.padStart(10)}${`${med(s, v, 'heapUsedMB').toFixed(1)} MB`.padStart(15)}`);
  }
  for (const [x, y] of [['mixins', 'hand'], ['mixins', 'mixins-nochecks'], ['mixins-nochecks', 'hand']] as Array<[Variant, Variant]>) {
    const r = (m: Metric) => formatRatio(paired(s, x, y, m));
    out.push(`  paired ${LETTER[x]}/${LETTER[y]}: wall ${r('totalMs')}, cpu ${r('totalCpuMs')}, peak RSS ${r('maxRssMB')}, heap ${r('heapUsedMB')}`);
  }
  const b = (m: Metric) => verdict(paired(s, 'mixins', 'hand', m), BUDGET);
  out.push(`  budget (a)/(b), paired: wall ${b('totalMs')}; cpu ${b('totalCpuMs')}; peak RSS ${b('maxRssMB')}; heap ${b('heapUsedMB')}`);
  return out;
}

/** Growth of the medians from one N to the next, per variant. */
function growth(a: SizeResult, b: SizeResult, v: Variant, m: Metric): number {
  return med(b, v, m) / med(a, v, m);
}

function printGrowth(results: SizeResult[]): string[] {
  const out: string[] = [];
  for (let i = 1; i < results.length; i++) {
    const [a, b] = [results[i - 1], results[i]];
    const limit = (b.n / a.n) * GROWTH_SLACK;
    out.push(`\ngrowth ${a.n.toLocaleString('en')} -> ${b.n.toLocaleString('en')} (x${b.n / a.n} workloads; linear + 5% = ${limit.toFixed(2)}x), medians:`);
    for (const v of VARIANTS) {
      const g = (m: Metric) => growth(a, b, v, m);
      const pass = (x: number) => (x <= limit ? 'PASS' : 'FAIL');
      out.push(`  (${LETTER[v]}) ${v.padEnd(16)} wall ${g('totalMs').toFixed(2)}x, cpu ${g('totalCpuMs').toFixed(2)}x, `
        + `peak RSS ${g('maxRssMB').toFixed(2)}x, heap ${g('heapUsedMB').toFixed(2)}x`
        + (v === 'mixins' ? `  budget: wall ${pass(g('totalMs'))}, cpu ${pass(g('totalCpuMs'))}` : ''));
    }
  }
  return out;
}

/** The rows of the Results table in docs/benchmarks.md. */
function resultsTable(results: SizeResult[]): string[] {
  const out = ['\nfor docs/benchmarks.md, "Results":', '',
    '| N | paired wall a/b | paired CPU a/b | paired a/c (wall / CPU) | peak RSS a/b | heap a/b | growth of (a) (wall / CPU) |',
    '|---:|---:|---:|---:|---:|---:|---:|'];
  results.forEach((s, i) => {
    const ab = (m: Metric) => formatRatio(paired(s, 'mixins', 'hand', m));
    const ac = (m: Metric) => formatRatio(paired(s, 'mixins', 'mixins-nochecks', m));
    const prev = results[i - 1];
    const g = prev ? `${growth(prev, s, 'mixins', 'totalMs').toFixed(2)}x / ${growth(prev, s, 'mixins', 'totalCpuMs').toFixed(2)}x `
      + `(from ${prev.n.toLocaleString('en')})` : '-';
    out.push(`| ${s.n.toLocaleString('en')} | ${ab('totalMs')} | ${ab('totalCpuMs')} | ${ac('totalMs')} / ${ac('totalCpuMs')} | `
      + `${ab('maxRssMB')} | ${ab('heapUsedMB')} | ${g} |`);
  });
  return out;
}

/** What one `cli` or `js-yaml` worker measured. */
interface CliRun {
  readonly totalMs: number;
  readonly cpuMs: number;
  readonly maxRssMB: number;
  readonly rssGrowthMB: number;
  readonly exitCode?: number;
  readonly stderr?: string;
}

/**
 * The CLI against its yardstick (docs/decisions/08-yaml-parser-and-locations.md): over one file of `cliN` objects, js-yaml's `loadAll`
 * alone and the whole `check` with schema validation, each in a fresh process, alternating within each round; the
 * ratio is paired. Memory: the peak RSS growth of `check` at cliN/2 and at cliN objects.
 */
function printCli(o: Options): string[] {
  const n = o.cliN;
  const rounds = o.rounds ?? 5;
  const input = worker(['cli-input', String(n)]);
  const half = Math.floor(n / 2);
  worker(['cli-input', String(half)]);
  const runs: { yaml: CliRun[]; check: CliRun[]; half: CliRun[] } = { yaml: [], check: [], half: [] };
  for (let r = 0; r < rounds; r++) {
    const order = roundOrder(['yaml', 'check'] as const, r);
    for (const which of order) runs[which].push(worker(which === 'yaml' ? ['js-yaml', String(n)] : ['cli', String(n)]));
    runs.half.push(worker(['cli', String(half)]));
    const last = (k: 'yaml' | 'check') => runs[k][runs[k].length - 1];
    console.log(`  CLI round ${r + 1}/${rounds}: js-yaml loadAll ${fmtMs(last('yaml').totalMs)}, check ${fmtMs(last('check').totalMs)} `
      + `(exit ${last('check').exitCode}); load ${os.loadavg()[0].toFixed(1)}`);
  }
  const bad = [...runs.check, ...runs.half].find(x => x.exitCode !== 0);
  if (bad) throw new Error(`check exited ${bad.exitCode} on the bench input: ${String(bad.stderr).split('\n')[0]}`);
  const m = (xs: CliRun[], k: keyof CliRun) => median(xs.map(x => Number(x[k])));
  const ratio = (k: 'totalMs' | 'cpuMs') => pairedMedian(runs.check.map(x => x[k]), runs.yaml.map(x => x[k]));
  const memoryGrowth = m(runs.check, 'rssGrowthMB') / m(runs.half, 'rssGrowthMB');
  return [
    `\nCLI: ${n.toLocaleString('en')} objects (${n / 2} Deployments + ${n / 2} HPAs, cdk8s-plus-30), ${(input.bytes / 2 ** 20).toFixed(1)} MiB of YAML, `
      + `${rounds} round${rounds === 1 ? '' : 's'}, each run a fresh process timed after module load; medians`,
    `  js-yaml loadAll alone         wall ${fmtMs(m(runs.yaml, 'totalMs'))}, cpu ${fmtMs(m(runs.yaml, 'cpuMs'))}, peak RSS ${m(runs.yaml, 'maxRssMB').toFixed(0)} MB`,
    `  check (schema validation on)  wall ${fmtMs(m(runs.check, 'totalMs'))}, cpu ${fmtMs(m(runs.check, 'cpuMs'))}, peak RSS ${m(runs.check, 'maxRssMB').toFixed(0)} MB`
      + ` (+${m(runs.check, 'rssGrowthMB').toFixed(0)} MB while checking)`,
    `  paired check / js-yaml: wall ${verdict(ratio('totalMs'), CLI_BUDGET)}; cpu ${verdict(ratio('cpuMs'), CLI_BUDGET)}`,
    `  memory: check of ${half.toLocaleString('en')} objects +${m(runs.half, 'rssGrowthMB').toFixed(0)} MB, of ${n.toLocaleString('en')} `
      + `+${m(runs.check, 'rssGrowthMB').toFixed(0)} MB: ${memoryGrowth.toFixed(2)}x for 2x the objects`,
  ];
}

/** The checks' validation pass alone, cold and warm, at each N: medians of 7 fresh processes. */
function printPasses(o: Options, results: readonly SizeResult[]): string[] {
  const out = ['\nthe checks\' own validation pass (median of 7 fresh processes; cdk8s runs it once per validation pass)'];
  for (const n of o.sizes) {
    const runs = Array.from({ length: 7 }, () => worker(['pass', String(n)]));
    const mid = (k: string) => median(runs.map(r => r[k] as number));
    const total = results.find(r => r.n === n);
    const synthCpu = total ? median(total.runs.mixins.map(r => r.totalCpuMs)) : undefined;
    const share = synthCpu ? `; both passes are ${(((mid('firstCpuMs') + mid('secondCpuMs')) / synthCpu) * 100).toFixed(1)}% of (a)'s CPU time` : '';
    out.push(`  N=${n}: first pass ${fmtMs(mid('firstMs'))} (cpu ${fmtMs(mid('firstCpuMs'))}), second ${fmtMs(mid('secondMs'))} `
      + `(cpu ${fmtMs(mid('secondCpuMs'))})${share}`);
  }
  return out;
}

function machine(): string {
  const cpu = fs.readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ?? os.cpus()[0]?.model ?? '?';
  return `${cpus()} CPUs, ${cpu}; memory ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB; node ${process.version}; ${os.platform()} ${os.release()}`;
}

function gitRev(): string {
  try {
    const rev = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'lib'], { cwd: ROOT, encoding: 'utf8' }).trim() !== '';
    return `${rev}${dirty ? ' (lib/ has uncommitted changes)' : ''}`;
  } catch {
    return 'unknown';
  }
}

function main(): void {
  const o = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const report: string[] = [];
  const emit = (lines: string[]) => {
    for (const l of lines) console.log(l);
    report.push(...lines);
  };
  emit([`cdk8s-pod-patterns benchmark, ${new Date().toISOString()}`, `machine: ${machine()}`, `git: ${gitRev()}`]);
  const results: SizeResult[] = [];
  if (o.cli) {
    emit(printCli(o));
  } else {
    emit(['\nequivalence of (a) mixins, (b) hand-written cdk8s-plus, (c) mixins without checks', ...checkEquivalence()]);
    for (const n of o.sizes) {
      console.log(`\nmeasuring N = ${n} ...`);
      const s = measureSize(n, o);
      results.push(s);
      emit(printSize(s, o));
    }
    emit(printGrowth(results));
    emit(resultsTable(results));
    if (o.passes) emit(printPasses(o, results));
  }
  emit([`\nbench took ${((Date.now() - started) / 1000).toFixed(0)} s`]);

  fs.mkdirSync(OUT, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  fs.writeFileSync(path.join(OUT, `bench-${stamp}.json`), JSON.stringify({ machine: machine(), git: gitRev(), options: o, results, report }, null, 2));
  fs.writeFileSync(path.join(OUT, `bench-${stamp}.txt`), report.join('\n') + '\n');
  console.log(`(results in bench/.out/bench-${stamp}.json and .txt)`);
}

try {
  main();
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
}
