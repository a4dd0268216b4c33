/**
 * What V8's optimizing compiler (TurboFan) does during the timed part of a run: which functions it compiles and for how
 * long, for (a) and (b) side by side (`npm run bench -- --turbofan`).
 *
 * At N = 1,000 a synth is mostly V8 warming up: TurboFan alone takes about a quarter of the CPU time of a run, most of it
 * compiling cdk8s and cdk8s-plus, the same in (a) and (b). In a normal run it compiles on a thread of its own, so its
 * time counts in the CPU time of the process but not in its wall time. This shows what (a) adds to it, function by
 * function: what the library's code costs to warm up, and what it changes in the compilation of cdk8s's.
 *
 * Each run is a worker under `--trace-opt --no-concurrent-recompilation` (compiled on the main thread, so every
 * compilation is logged when it completes and none is still running when the timed part ends), with the timed part
 * marked on its standard output (`BENCH_REGION_MARKS`). The times V8 logs are wall times on a shared machine: compare
 * the counts of compilations, and the times only within one run of this tool (its variants alternate).
 */
import { spawnSync } from 'child_process';
import * as path from 'path';
import { REGION_END, REGION_START, RESULT_PREFIX } from './worker-protocol';

/** What TurboFan compiled under one function name: how many times, and the milliseconds V8 logged for it. */
export interface CompiledFunction {
  readonly compiles: number;
  readonly ms: number;
}

/** A `--trace-opt` line for a completed TurboFan compilation (V8 11: `took <prepare>, <execute>, <finalize> ms`). */
const COMPLETED = /^\[completed (?:compiling|optimizing) \S+ <JSFunction (?:(\S+) )?\(sfi = [^)]*\)> \(target TURBOFAN\)(?: OSR)? - took ([\d.]+), ([\d.]+), ([\d.]+) ms\]/;

/**
 * The TurboFan compilations logged between the region marks of a worker's output, by function name (anonymous
 * functions under `(anonymous)`; V8 names a function by its declaration, so `check` covers every rule's). Lines before
 * the start mark (module loading) and after the end mark are left out; without marks, nothing is counted.
 */
export function turbofanInRegion(output: string): Map<string, CompiledFunction> {
  const out = new Map<string, CompiledFunction>();
  let inRegion = false;
  for (const line of output.split('\n')) {
    if (line === REGION_START) {
      inRegion = true;
      continue;
    }
    if (line === REGION_END) {
      inRegion = false;
      continue;
    }
    if (!inRegion) continue;
    const m = COMPLETED.exec(line);
    if (!m) continue;
    const name = m[1] ?? '(anonymous)';
    const prev = out.get(name) ?? { compiles: 0, ms: 0 };
    out.set(name, { compiles: prev.compiles + 1, ms: prev.ms + Number(m[2]) + Number(m[3]) + Number(m[4]) });
  }
  return out;
}

/** The sum over every function of a run. */
export function totalOf(run: Map<string, CompiledFunction>): CompiledFunction {
  let compiles = 0;
  let ms = 0;
  for (const f of run.values()) {
    compiles += f.compiles;
    ms += f.ms;
  }
  return { compiles, ms };
}

/** The runs of one variant averaged, function by function (a function a run did not compile counts as 0 there). */
export function averageRuns(runs: ReadonlyArray<Map<string, CompiledFunction>>): Map<string, CompiledFunction> {
  const out = new Map<string, CompiledFunction>();
  for (const run of runs) {
    for (const [name, f] of run) {
      const prev = out.get(name) ?? { compiles: 0, ms: 0 };
      out.set(name, { compiles: prev.compiles + f.compiles / runs.length, ms: prev.ms + f.ms / runs.length });
    }
  }
  return out;
}

/** One row of the comparison: a function, what each side compiled, and the difference in milliseconds. */
export interface TurbofanDifference {
  readonly name: string;
  readonly a: CompiledFunction;
  readonly b: CompiledFunction;
  readonly extraMs: number;
}

/** Every function either side compiled, the ones (a) spends most extra time on first. */
export function differences(a: Map<string, CompiledFunction>, b: Map<string, CompiledFunction>): TurbofanDifference[] {
  const none: CompiledFunction = { compiles: 0, ms: 0 };
  const names = new Set([...a.keys(), ...b.keys()]);
  return [...names]
    .map(name => ({ name, a: a.get(name) ?? none, b: b.get(name) ?? none, extraMs: (a.get(name) ?? none).ms - (b.get(name) ?? none).ms }))
    .sort((x, y) => y.extraMs - x.extraMs || x.name.localeCompare(y.name));
}

/** One worker run of `variant` with `n` workloads under `--trace-opt`, its TurboFan compilations in the timed part. */
export function traceRun(root: string, variant: string, n: number): Map<string, CompiledFunction> {
  const r = spawnSync(process.execPath, ['--trace-opt', '--no-concurrent-recompilation', '--expose-gc', '-r', 'ts-node/register/transpile-only',
    path.join(root, 'bench', 'worker.ts'), 'run', variant, String(n), 'file', '1'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true', BENCH_REGION_MARKS: '1' },
  });
  const stdout = r.stdout ?? '';
  if (r.status !== 0 || !stdout.includes(RESULT_PREFIX) || !stdout.includes(REGION_END)) {
    throw new Error(`worker run ${variant} ${n} under --trace-opt failed (exit ${r.status}):\n${(r.stderr ?? '').slice(-3000)}`);
  }
  return turbofanInRegion(stdout);
}

/** The report: totals of (a) and (b), then the functions (a) spends most extra compilation on, and those it spends less on. */
export function turbofanReport(a: Map<string, CompiledFunction>, b: Map<string, CompiledFunction>, runs: number, n: number, top = 15): string[] {
  const ta = totalOf(a);
  const tb = totalOf(b);
  const fmt = (f: CompiledFunction) => `${f.compiles.toFixed(1).replace(/\.0$/, '')} x, ${f.ms.toFixed(1)} ms`;
  const out = [
    `\nTurboFan in the timed part, N = ${n.toLocaleString('en')}, mean of ${runs} runs per variant (--trace-opt, compiled on the main thread; `
      + 'times are wall times: compare counts, and times within this run only)',
    `  (a) mixins: ${fmt(ta)}; (b) hand: ${fmt(tb)}; (a) - (b): ${(ta.compiles - tb.compiles).toFixed(1)} compilations, ${(ta.ms - tb.ms).toFixed(1)} ms`,
    `  ${'function'.padEnd(40)}${'(a)'.padStart(18)}${'(b)'.padStart(18)}${'(a) - (b)'.padStart(12)}`,
  ];
  const rows = differences(a, b);
  const row = (d: TurbofanDifference) => `  ${d.name.padEnd(40)}${fmt(d.a).padStart(18)}${fmt(d.b).padStart(18)}${`${d.extraMs.toFixed(1)} ms`.padStart(12)}`;
  out.push(...rows.slice(0, top).filter(d => d.extraMs > 0).map(row));
  const less = rows.filter(d => d.extraMs < 0).slice(-Math.ceil(top / 3)).reverse();
  if (less.length > 0) out.push('  less in (a):', ...less.map(row));
  return out;
}
