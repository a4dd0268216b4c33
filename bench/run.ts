/**
 * `npm run bench`: the library's overhead against hand-written cdk8s-plus (issue 6).
 *
 *   npm run bench                      N = 1,000 (9 rounds) and 10,000 (5 rounds), phases, extras (6-8 minutes on 2 cores)
 *   npm run bench -- --quick           N = 200 and 1,000, 3 rounds
 *   npm run bench -- --n 1000 --rounds 7 --synth memory --no-extras
 *   npm run bench -- --n 1000 --charts 10   the workloads spread over 10 charts (cdk8s validates the app once per chart, plus once)
 *   npm run bench -- --profile         also one `node --cpu-prof` run per variant at the first N, summarized
 *   npm run bench -- --profile-only --n 1000    only the profiles
 *   npm run bench -- --priority        run at nice -10 (needs root): other jobs on the machine disturb the figures less
 *   npm run bench -- --phase-rounds 11 cold runs per variant for the phases table (medians; default 7)
 *   npm run bench -- --instructions   also count the instructions of (a), (b), (c) under valgrind: a figure that does not
 *                                      depend on time (instructions.ts; about 4 min at N = 1,000, 17 min with 10,000, on 2 cores)
 *   npm run bench -- --instructions-only --n 1000   only the instruction counts
 *   npm run bench -- --turbofan       also what V8's optimizing compiler does in the timed part of (a) and (b), function by
 *                                      function (turbofan.ts; 3 runs each at the first N, about 1 min at N = 1,000)
 *   npm run bench -- --turbofan-only --n 1000 --turbofan-runs 5   only that
 *
 * Every measurement runs in a fresh child process (`worker.ts`), cold like a real `cdk8s synth`, so peak
 * RSS is per run. Variants alternate within each round (a,b,c then b,c,a then c,a,b ...) so drift of the
 * machine hits all of them alike. Medians are reported with their min-max range.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { CATEGORIES, countRun, DETERMINISTIC_V8_FLAGS, formatGiga, inBatches, InstructionCategory, InstructionCount, instructionCountingUnavailable, outsideGc, warmCompileCache, workloadsOnly } from './instructions';
import { formatProfile, summarizeProfile } from './profile';
import { averageRuns, CompiledFunction, traceRun, turbofanReport } from './turbofan';
import { RESULT_PREFIX } from './worker-protocol';
import { LETTER, Variant, VARIANTS } from './workloads';

const ROOT = path.join(__dirname, '..');
/** Everything measured besides the runs, kept for the JSON report (`markdown.ts` renders it). */
const RECORD: {
  phases?: any[]; extras?: { requests?: any; cli?: any }; profiles?: any[]; instructions?: any; turbofan?: any; git?: string; loadavg?: number[];
} = {};
const OUT = path.join(__dirname, '.out');

interface Options {
  sizes: number[];
  rounds?: number;
  synth: 'file' | 'memory';
  variants: Variant[];
  profile: boolean;
  extras: boolean;
  phases: boolean;
  check: boolean;
  profileOnly: boolean;
  charts: number;
  priority: boolean;
  /** Cold runs per variant for the phases table (medians). */
  phaseRounds: number;
  /** Count instructions under valgrind (instructions.ts). */
  instructions: boolean;
  /** Only the instruction counts: no timed rounds, phases or extras. */
  instructionsOnly: boolean;
  /** Trace TurboFan in (a) and (b) (turbofan.ts). */
  turbofan: boolean;
  /** Only the TurboFan trace. */
  turbofanOnly: boolean;
  /** Runs per variant for the TurboFan trace (means). */
  turbofanRuns: number;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { sizes: [1000, 10000], synth: 'file', variants: [...VARIANTS], profile: false, extras: true, phases: true, check: true, profileOnly: false, charts: 1, priority: false, phaseRounds: 7, instructions: false, instructionsOnly: false, turbofan: false, turbofanOnly: false, turbofanRuns: 3 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    switch (a) {
      case '--quick': o.sizes = [200, 1000]; o.rounds = o.rounds ?? 3; break;
      case '--n': o.sizes = next().split(',').map(s => Number(s.replace(/_/g, ''))); break;
      case '--rounds': o.rounds = Number(next()); break;
      case '--charts': o.charts = Number(next()); break;
      case '--priority': o.priority = true; break;
      case '--synth': o.synth = next() === 'memory' ? 'memory' : 'file'; break;
      case '--variants': o.variants = next().split(',').map(v => VARIANTS.find(x => x === v || LETTER[x] === v)!).filter(Boolean); break;
      case '--profile': o.profile = true; break;
      case '--profile-only': o.profile = true; o.profileOnly = true; o.phases = false; o.extras = false; break;
      case '--no-extras': o.extras = false; break;
      case '--instructions': o.instructions = true; break;
      case '--instructions-only': o.instructions = true; o.instructionsOnly = true; o.phases = false; o.extras = false; break;
      case '--turbofan': o.turbofan = true; break;
      case '--turbofan-only': o.turbofan = true; o.turbofanOnly = true; o.phases = false; o.extras = false; break;
      case '--turbofan-runs': o.turbofanRuns = Number(next()); break;
      case '--no-phases': o.phases = false; break;
      case '--phase-rounds': o.phaseRounds = Number(next()); break;
      case '--no-check': o.check = false; break;
      case '--help':
        console.log(fs.readFileSync(__filename, 'utf8').split('*/')[0]);
        process.exit(0);
      default: throw new Error(`unknown argument '${a}' (try --help)`);
    }
  }
  if (o.sizes.some(n => !Number.isInteger(n) || n < 1)) throw new Error('--n takes whole numbers, e.g. --n 1000,10000');
  if (!Number.isInteger(o.turbofanRuns) || o.turbofanRuns < 1) throw new Error('--turbofan-runs takes a whole number, e.g. --turbofan-runs 3');
  return o;
}

/** Runs the worker in a fresh Node process and returns its result line. */
function worker(args: string[], nodeFlags: string[] = []): any {
  const r = spawnSync(process.execPath, [...nodeFlags, '--expose-gc', '-r', 'ts-node/register/transpile-only', path.join(__dirname, 'worker.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
  });
  const line = (r.stdout ?? '').split('\n').find(l => l.startsWith(RESULT_PREFIX));
  if (r.status !== 0 || !line) {
    throw new Error(`worker ${args.join(' ')} failed (exit ${r.status}):\n${(r.stderr ?? '').slice(-3000)}`);
  }
  return JSON.parse(line.slice(RESULT_PREFIX.length));
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const fmtMs = (ms: number) => (ms >= 10000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`);
/** The median over rounds of `of(x) - of(y)` within each round: rounds alternate, so `xs[i]` and `ys[i]` ran side by side. */
function medianDifference<R>(xs: readonly R[], ys: readonly R[], of: (run: R) => number): number {
  return median(xs.map((run, i) => of(run) - of(ys[i])));
}

/** A difference in milliseconds with its sign: `+46 ms`, `-25 ms`, `+1.1 s`. */
const fmtMsSigned = (ms: number) => `${ms < 0 ? '-' : '+'}${fmtMs(Math.abs(ms))}`;
const fmtX = (x: number) => `${x.toFixed(3)}x`;

function machine(): Record<string, string> {
  const cpu = fs.readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ?? os.cpus()[0]?.model ?? '?';
  let mem = `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`;
  try {
    mem = execFileSync('free', ['-h'], { encoding: 'utf8' }).split('\n')[1].replace(/\s+/g, ' ').trim();
  } catch {
    // free(1) missing: keep os.totalmem()
  }
  return { nproc: String(os.availableParallelism?.() ?? os.cpus().length), cpu, memory: mem, node: process.version, platform: `${os.platform()} ${os.release()}` };
}

const METRICS = ['constructMs', 'synthMs', 'totalMs', 'constructCpuMs', 'synthCpuMs', 'totalCpuMs', 'maxRssMB', 'heapUsedMB'] as const;
type Metric = typeof METRICS[number];
type Medians = Record<Metric, number>;

interface SizeResult {
  n: number;
  rounds: number;
  runs: Record<string, any[]>;
  medians: Record<string, Medians>;
  loadavg: number[];
}

function measureSize(n: number, o: Options): SizeResult {
  const rounds = o.rounds ?? (n <= 2000 ? 9 : 5);
  const runs: Record<string, any[]> = {};
  for (const v of o.variants) runs[v] = [];
  const loads: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const order = o.variants.map((_, i) => o.variants[(i + r) % o.variants.length]);
    const line: string[] = [];
    for (const v of order) {
      const res = worker(['run', v, String(n), o.synth, String(o.charts)]);
      runs[v].push(res);
      line.push(`${LETTER[v]} ${fmtMs(res.totalMs)} (cpu ${fmtMs(res.totalCpuMs)})`);
    }
    loads.push(os.loadavg()[0]);
    console.log(`  N=${n} round ${r + 1}/${rounds}: ${line.join(', ')}; load ${os.loadavg()[0].toFixed(1)}`);
  }
  const medians: Record<string, Medians> = {};
  for (const v of o.variants) {
    medians[v] = Object.fromEntries(METRICS.map(m => [m, median(runs[v].map(x => x[m]))])) as Medians;
  }
  return { n, rounds, runs, medians, loadavg: loads };
}

function printSize(s: SizeResult, o: Options): string[] {
  const out: string[] = [];
  const load = Math.max(...s.loadavg);
  out.push(`\nN = ${s.n.toLocaleString('en')} workloads (${s.n * 2} API objects${o.charts > 1 ? ` in ${o.charts} charts` : ''}), ${s.rounds} rounds, `
    + `synth to ${o.synth}; median [min-max]; `
    + `1-min load average up to ${load.toFixed(1)} on ${os.availableParallelism?.() ?? os.cpus().length} CPUs`
    + (load > 1.5 ? ' (busy machine: trust the CPU-time figures over wall time)' : ''));
  out.push(`  ${'variant'.padEnd(22)}${''.padEnd(5)}${'construct'.padStart(26)}${'synth'.padStart(26)}${'total'.padStart(26)}${'peak RSS'.padStart(11)}${'heap after gc'.padStart(15)}`);
  for (const v of o.variants) {
    const rs = s.runs[v];
    const cell = (m: Metric) => {
      const xs = rs.map(x => x[m]);
      return `${fmtMs(median(xs))} [${fmtMs(Math.min(...xs))}-${fmtMs(Math.max(...xs))}]`;
    };
    out.push(`  ${`(${LETTER[v]}) ${v}`.padEnd(22)}${'wall'.padEnd(5)}${cell('constructMs').padStart(26)}${cell('synthMs').padStart(26)}`
      + `${cell('totalMs').padStart(26)}${`${s.medians[v].maxRssMB.toFixed(0)} MB`.padStart(11)}${`${s.medians[v].heapUsedMB.toFixed(0)} MB`.padStart(15)}`);
    out.push(`  ${''.padEnd(22)}${'cpu'.padEnd(5)}${cell('constructCpuMs').padStart(26)}${cell('synthCpuMs').padStart(26)}${cell('totalCpuMs').padStart(26)}`);
  }
  const ratio = (x: Variant, y: Variant) => {
    if (!s.medians[x] || !s.medians[y]) return;
    const r = (m: Metric) => fmtX(s.medians[x][m] / s.medians[y][m]);
    out.push(`  ratio ${LETTER[x]}/${LETTER[y]}: wall construct ${r('constructMs')}, synth ${r('synthMs')}, total ${r('totalMs')}; `
      + `cpu construct ${r('constructCpuMs')}, synth ${r('synthCpuMs')}, total ${r('totalCpuMs')}; peak RSS ${r('maxRssMB')}, heap ${r('heapUsedMB')}`);
  };
  ratio('mixins', 'hand');
  ratio('mixins', 'mixins-nochecks');
  ratio('mixins-nochecks', 'hand');
  const paired = (x: Variant, y: Variant) => {
    if (!s.runs[x] || !s.runs[y]) return;
    const r = (m: Metric) => fmtX(median(s.runs[x].map((run, i) => run[m] / s.runs[y][i][m])));
    out.push(`  paired ${LETTER[x]}/${LETTER[y]} (median over rounds of the ratio within a round, steadier on a busy machine): `
      + `wall total ${r('totalMs')}, cpu total ${r('totalCpuMs')}, cpu construct ${r('constructCpuMs')}, cpu synth ${r('synthCpuMs')}, `
      + `peak RSS ${r('maxRssMB')}`);
    // differences add up where ratios of parts do not: which phase the extra CPU time falls in
    const d = (m: Metric) => fmtMsSigned(medianDifference(s.runs[x], s.runs[y], run => run[m]));
    out.push(`  paired ${LETTER[x]}-${LETTER[y]}, CPU time: construct ${d('constructCpuMs')}, synth ${d('synthCpuMs')}, total ${d('totalCpuMs')} `
      + '(medians of the differences within a round)');
  };
  paired('mixins', 'hand');
  paired('mixins', 'mixins-nochecks');
  const threads = (x: Variant, y: Variant) => {
    const xs = s.runs[x];
    const ys = s.runs[y];
    if (!xs || !ys || !xs.every(r => r.threadsCpuMs) || !ys.every(r => r.threadsCpuMs)) return;
    const diff = (k: 'mainMs' | 'otherMs') => fmtMsSigned(medianDifference(xs, ys, run => run.threadsCpuMs[k]));
    const med = (rs: any[], k: 'mainMs' | 'otherMs') => fmtMs(median(rs.map(r => r.threadsCpuMs[k])));
    out.push(`  cpu by thread, medians: (${LETTER[x]}) main ${med(xs, 'mainMs')}, others ${med(xs, 'otherMs')}; (${LETTER[y]}) main `
      + `${med(ys, 'mainMs')}, others ${med(ys, 'otherMs')}; paired ${LETTER[x]}-${LETTER[y]}: main ${diff('mainMs')}, `
      + `others ${diff('otherMs')} (V8 compiles and collects on the others)`);
  };
  threads('mixins', 'hand');
  if (s.medians.mixins && s.medians.hand) {
    const verdict = (x: number, limit: number) => `${fmtX(x)} <= ${limit.toFixed(2)} ${x <= limit ? 'PASS' : 'FAIL'}`;
    const a = s.medians.mixins;
    const b = s.medians.hand;
    const pair = (m: Metric) => median(s.runs.mixins.map((run, i) => run[m] / s.runs.hand[i][m]));
    out.push(`  budget (a)/(b), paired: wall time ${verdict(pair('totalMs'), 1.05)}; cpu time ${verdict(pair('totalCpuMs'), 1.05)}; `
      + `peak RSS ${verdict(pair('maxRssMB'), 1.10)}; heap ${verdict(pair('heapUsedMB'), 1.10)}`);
    out.push(`  budget (a)/(b), medians: wall time ${verdict(a.totalMs / b.totalMs, 1.05)}; cpu time ${verdict(a.totalCpuMs / b.totalCpuMs, 1.05)}; `
      + `peak RSS ${verdict(a.maxRssMB / b.maxRssMB, 1.10)}; heap ${verdict(a.heapUsedMB / b.heapUsedMB, 1.10)}`);
  }
  return out;
}

function printGrowth(results: SizeResult[], o: Options): string[] {
  const out: string[] = [];
  for (let i = 1; i < results.length; i++) {
    const [a, b] = [results[i - 1], results[i]];
    const factor = b.n / a.n;
    const limit = factor * 1.05;
    out.push(`\ngrowth ${a.n.toLocaleString('en')} -> ${b.n.toLocaleString('en')} (x${factor} workloads; linear + 5% = ${limit.toFixed(2)}x):`);
    for (const v of o.variants) {
      const g = (m: Metric) => b.medians[v][m] / a.medians[v][m];
      const gt = g('totalMs');
      const gc = g('totalCpuMs');
      out.push(`  (${LETTER[v]}) ${v.padEnd(16)} wall total ${gt.toFixed(2)}x (construct ${g('constructMs').toFixed(2)}x, synth ${g('synthMs').toFixed(2)}x), `
        + `cpu total ${gc.toFixed(2)}x, peak RSS ${g('maxRssMB').toFixed(2)}x, heap ${g('heapUsedMB').toFixed(2)}x`
        + `${v === 'mixins' ? `  budget: wall ${gt <= limit ? 'PASS' : 'FAIL'}, cpu ${gc <= limit ? 'PASS' : 'FAIL'}` : ''}`);
    }
  }
  return out;
}

/**
 * The synthesized documents with construct-path-derived names taken out: every object's metadata.name becomes
 * `<kind>#<index>` wherever it appears as a whole string (references such as scaleTargetRef.name follow), and
 * cdk8s's path hashes (`-c8` and six hex digits) become `-c8HASH`.
 */
function normalizeNames(text: string): string {
  const docs = YAML.parseAllDocuments(text).map(d => d.toJSON());
  const names = new Map<string, string>();
  docs.forEach((d, i) => {
    if (d?.metadata?.name) names.set(d.metadata.name, `${d.kind}#${i}`);
  });
  return docs.map(d => JSON.stringify(d, (_k, v) => (typeof v === 'string'
    ? (names.get(v) ?? v.replace(/-c8[0-9a-f]{6}\b/g, '-c8HASH'))
    : v), 1)).join('\n---\n');
}

function checkEquivalence(o: Options): string[] {
  const n = 20;
  const texts: Record<string, string> = {};
  for (const v of VARIANTS) texts[v] = normalizeNames(worker(['yaml', v, String(n)]).yaml);
  const out: string[] = [];
  for (const v of ['hand', 'mixins-nochecks'] as Variant[]) {
    if (texts[v] === texts.mixins) {
      out.push(`  (a) and (${LETTER[v]}) synthesize the same manifests for ${n} workloads (modulo construct-path-derived names)`);
      continue;
    }
    const la = texts.mixins.split('\n');
    const lb = texts[v].split('\n');
    const at = la.findIndex((l, i) => l !== lb[i]);
    const msg = `(a) and (${LETTER[v]}) differ at line ${at + 1} of the normalized JSON:\n    a: ${la[at]}\n    ${LETTER[v]}: ${lb[at]}`;
    if (o.check) throw new Error(msg + '\n(run with --no-check to measure anyway)');
    out.push(`  WARNING ${msg}`);
  }
  return out;
}

/** Fields of a `phases` result, in the order printed. */
const PHASE_FIELDS = ['constructMs', 'validateMs', 'renderMs', 'yamlMs', 'totalMs', 'constructWallMs', 'validateWallMs'] as const;

/**
 * Each phase of one cold run, `o.phaseRounds` fresh processes per variant (alternated), as medians: one phase is a
 * narrower measurement than a whole run, and on a shared machine it resolves differences of a few milliseconds.
 */
function printPhases(o: Options, n: number): string[] {
  const out = [`\nphases at N = ${n.toLocaleString('en')}, median of ${o.phaseRounds} cold runs each (CPU time; wall time for construct `
    + "and validate): construct; validate = one pass of every construct's validations (app.synth() runs 1 + charts passes; the checks "
    + 'work in the first); render = ApiObject.toJson() of every object; yaml = Yaml.stringify'];
  const runs = new Map<Variant, any[]>();
  for (let r = 0; r < o.phaseRounds; r++) {
    for (const v of o.variants.map((_, i) => o.variants[(i + r) % o.variants.length])) {
      const list = runs.get(v) ?? [];
      list.push(worker(['phases', v, String(n)]));
      runs.set(v, list);
    }
  }
  for (const v of o.variants) {
    const list = runs.get(v)!;
    const p: any = { mode: 'phases', variant: v, n, rounds: list.length };
    for (const f of PHASE_FIELDS) p[f] = median(list.map(x => x[f]));
    (RECORD.phases ??= []).push(p);
    out.push(`  (${LETTER[v]}) ${v.padEnd(16)} construct ${fmtMs(p.constructMs).padStart(8)} (wall ${fmtMs(p.constructWallMs)}), `
      + `validate ${fmtMs(p.validateMs).padStart(8)} (wall ${fmtMs(p.validateWallMs)}), render ${fmtMs(p.renderMs).padStart(8)}, `
      + `yaml ${fmtMs(p.yamlMs).padStart(8)}, total ${fmtMs(p.totalMs).padStart(8)}`);
  }
  return out;
}

function printProfiles(o: Options, n: number): string[] {
  const out = [`\nCPU profiles at N = ${n.toLocaleString('en')} (node --cpu-prof, files in bench/.out/profiles/; `
    + 'owner = package of the function the sample was in; "under a lib/ frame" = samples with this library anywhere on the stack)'];
  for (const v of o.variants) {
    const dir = path.join(OUT, 'profiles', v);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const r = worker(['run', v, String(n), o.synth, String(o.charts)], ['--cpu-prof', '--cpu-prof-dir', dir]);
    const file = fs.readdirSync(dir).filter(f => f.endsWith('.cpuprofile')).map(f => path.join(dir, f))[0];
    const summary = summarizeProfile(file, 15, r.regionUs);
    (RECORD.profiles ??= []).push({ variant: v, n, wallMs: r.totalMs, summary });
    out.push(formatProfile(`(${LETTER[v]}) ${v}, timed region only (construct + synth, ${fmtMs(r.totalMs)} wall)`, summary));
  }
  return out;
}

function printExtras(): string[] {
  const out = ['\nextras'];
  const req = worker(['requests', '10000']);
  RECORD.extras = { requests: req };
  out.push(req.skipped
    ? `  EffectiveRequests.ofPodSpec x 10,000: skipped (${req.skipped})`
    : `  EffectiveRequests.ofPodSpec x 10,000 specs: ${fmtMs(req.totalMs)} (${req.perSpecUs.toFixed(1)} us/spec), peak RSS ${req.maxRssMB} MB`);
  try {
    const cli = worker(['cli', '10000']);
    RECORD.extras!.cli = cli;
    out.push(cli.skipped
      ? `  CLI x 10,000 objects: skipped (${cli.skipped})`
      : `  CLI x 10,000 objects (cdk8s-pod-patterns ${cli.args.join(' ')} <file>): ${fmtMs(cli.totalMs)} wall, ${fmtMs(cli.cpuMs)} CPU in-process `
        + `after module load, exit ${cli.exitCode} (${cli.printedChars} chars printed), peak RSS ${cli.maxRssMB} MB`
        + (cli.exitCode === 2 ? `\n    stderr: ${String(cli.stderr).split('\n')[0]}` : ''));
  } catch (e: any) {
    out.push(`  CLI x 10,000 objects: FAILED: ${String(e.message).split('\n').slice(0, 4).join(' | ')}`);
  }
  out.push('  npm test wall time: not run here (it regenerates files); measure with `/usr/bin/time -v npx jest --ci` on an idle machine,');
  out.push('  or `time npx projen test` in a clean checkout, and record it in docs/benchmarks.md (budget: under 60 s on 2 cores).');
  return out;
}

/**
 * Instruction counts (instructions.ts) of every variant at every size, and of one workload per variant (the start,
 * module loading and compilation that the other counts have too), as many at a time as there are CPUs.
 */
/** `--turbofan`: (a) and (b) alternated under --trace-opt at the first N, averaged (turbofan.ts). */
function printTurbofan(o: Options): string[] {
  const n = o.sizes[0];
  const runs: Record<'a' | 'b', Array<Map<string, CompiledFunction>>> = { a: [], b: [] };
  console.log(`\ntracing TurboFan: ${o.turbofanRuns} runs of (a) and (b) at N = ${n} ...`);
  for (let r = 0; r < o.turbofanRuns; r++) {
    for (const v of (r % 2 === 0 ? ['a', 'b'] : ['b', 'a']) as Array<'a' | 'b'>) runs[v].push(traceRun(ROOT, v === 'a' ? 'mixins' : 'hand', n));
  }
  const a = averageRuns(runs.a);
  const b = averageRuns(runs.b);
  const toObject = (m: Map<string, CompiledFunction>) => Object.fromEntries([...m].sort((x, y) => y[1].ms - x[1].ms));
  RECORD.turbofan = { n, runs: o.turbofanRuns, a: toObject(a), b: toObject(b) };
  return turbofanReport(a, b, o.turbofanRuns, n);
}

async function printInstructions(o: Options): Promise<string[]> {
  const out = ['\ninstructions (valgrind cachegrind; V8 single-threaded, predictable, no bytecode flushing: outside the garbage collector '
    + 'the same code gives the same count to about 0.1%); a run of N workloads minus a run of 1, so Node\'s start, module loading '
    + 'and ts-node are left out'];
  const unavailable = instructionCountingUnavailable();
  if (unavailable) return [...out, `  skipped: ${unavailable}`];
  const parallel = os.availableParallelism?.() ?? os.cpus().length;
  warmCompileCache(ROOT);
  const jobs: Array<{ variant: Variant; n: number }> = [];
  for (const v of o.variants) jobs.push({ variant: v, n: 1 });
  for (const n of o.sizes) for (const v of o.variants) jobs.push({ variant: v, n });
  console.log(`\ncounting instructions: ${jobs.length} runs under valgrind, ${parallel} at a time ...`);
  const counts = await inBatches(jobs.map(j => async () => {
    const c = await countRun(ROOT, j.variant, j.n);
    console.log(`  ${LETTER[j.variant]} N=${j.n}: ${formatGiga(c.total)}`);
    return c;
  }), parallel);
  const find = (v: Variant, n: number) => counts.find(c => c.variant === v && c.n === n)!;
  const bySize: Record<number, Record<string, InstructionCount>> = {};
  for (const n of o.sizes) {
    bySize[n] = {};
    out.push(`  N = ${n.toLocaleString('en')}: instructions of ${(n - 1).toLocaleString('en')} workloads (construct + synth), by where they ran`);
    for (const v of o.variants) {
      const w = workloadsOnly(find(v, n), find(v, 1));
      bySize[n][v] = w;
      out.push(`    (${LETTER[v]}) ${v.padEnd(16)} ${formatGiga(w.total).padStart(10)}, outside GC ${formatGiga(outsideGc(w)).padStart(10)}:  `
        + CATEGORIES.map(c => `${c} ${formatGiga(w.byCategory[c])}`).join(', '));
    }
    const ratio = (x: Variant, y: Variant) => {
      const a = bySize[n][x];
      const b = bySize[n][y];
      if (!a || !b) return;
      const diff = (c: InstructionCategory) => a.byCategory[c] - b.byCategory[c];
      out.push(`    ${LETTER[x]}/${LETTER[y]}: outside GC ${fmtX(outsideGc(a) / outsideGc(b))}, with GC ${fmtX(a.total / b.total)} `
        + `(${CATEGORIES.map(c => `${c} ${diff(c) >= 0 ? '+' : ''}${formatGiga(diff(c))}`).join(', ')})`);
    };
    ratio('mixins', 'hand');
    ratio('mixins', 'mixins-nochecks');
    ratio('mixins-nochecks', 'hand');
    if (bySize[n].mixins && bySize[n].hand) {
      const r = outsideGc(bySize[n].mixins) / outsideGc(bySize[n].hand);
      out.push(`    budget (a)/(b) in instructions outside GC: ${fmtX(r)} <= 1.05 ${r <= 1.05 ? 'PASS' : 'FAIL'}`);
    }
  }
  for (let i = 1; i < o.sizes.length; i++) {
    const [a, b] = [o.sizes[i - 1], o.sizes[i]];
    out.push(`  growth ${a.toLocaleString('en')} -> ${b.toLocaleString('en')}: `
      + o.variants.map(v => `(${LETTER[v]}) ${(outsideGc(bySize[b][v]) / outsideGc(bySize[a][v])).toFixed(2)}x`).join(', ')
      + ` outside GC (workloads x${((b - 1) / (a - 1)).toFixed(2)})`);
  }
  RECORD.instructions = { flags: `valgrind --tool=cachegrind; node ${DETERMINISTIC_V8_FLAGS.join(' ')}`, counts, bySize };
  return out;
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const started = Date.now();
  let priorityNote = '';
  if (o.priority) {
    try {
      os.setPriority(0, -10); // the workers inherit it
      priorityNote = '; bench processes at nice -10';
    } catch (e: any) {
      priorityNote = `; --priority ignored (${e.code ?? e.message})`;
    }
  }
  const info = machine();
  const header = [`cdk8s-pod-patterns benchmark, ${new Date().toISOString()}`,
    `machine: ${info.nproc} CPUs, ${info.cpu}; memory: ${info.memory}; node ${info.node}; ${info.platform}`,
    `git: ${gitRev()}${priorityNote}`];
  console.log(header.join('\n'));
  const report: string[] = [...header];
  const emitLines = (lines: string[]) => {
    for (const l of lines) console.log(l);
    report.push(...lines);
  };

  emitLines(['\nequivalence (a) mixins vs (b) hand-written vs (c) mixins without checks', ...checkEquivalence(o)]);
  const note = worker(['run', 'mixins-nochecks', '1']).checksNote;
  emitLines([`  checks off for (c): ${note}`]);

  const results: SizeResult[] = [];
  const sizes = o.profileOnly || o.instructionsOnly || o.turbofanOnly ? [] : o.sizes;
  for (const [i, n] of sizes.entries()) {
    console.log(`\nmeasuring N = ${n} ...`);
    const t0 = Date.now();
    const s = measureSize(n, o);
    results.push(s);
    emitLines(printSize(s, o));
    if (i + 1 < sizes.length) {
      // the measured part of a run grows linearly; starting a worker and loading the modules does not
      const perRun = (Date.now() - t0) / (s.rounds * o.variants.length);
      const measured = median(o.variants.map(v => s.medians[v].totalMs));
      const next = sizes[i + 1];
      const runs = (o.rounds ?? (next <= 2000 ? 9 : 5)) * o.variants.length;
      const estimate = runs * (Math.max(0, perRun - measured) + measured * (next / n));
      console.log(`(N = ${next}: about ${Math.round(estimate / 60000 * 10) / 10} min for ${runs} runs, extrapolated from N = ${n})`);
    }
  }
  emitLines(printGrowth(results, o));
  if (o.phases) emitLines(printPhases(o, Math.min(...o.sizes.filter(n => n >= 1000), Math.max(...o.sizes))));
  if (o.profile) emitLines(printProfiles(o, o.sizes[0]));
  if (o.extras) emitLines(printExtras());
  if (o.instructions) emitLines(await printInstructions(o));
  if (o.turbofan) emitLines(printTurbofan(o));
  emitLines([`\nbench took ${((Date.now() - started) / 1000).toFixed(0)} s`]);

  fs.mkdirSync(OUT, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  fs.writeFileSync(path.join(OUT, `bench-${stamp}.json`), JSON.stringify({ machine: info, options: o, results, ...RECORD, git: gitRev() }, null, 2));
  fs.writeFileSync(path.join(OUT, `bench-${stamp}.txt`), report.join('\n') + '\n');
  console.log(`(results in bench/.out/bench-${stamp}.json and .txt)`);
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

main().catch(e => {
  console.error(e);
  process.exit(1);
});
