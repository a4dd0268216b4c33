/**
 * Pools the rounds of several bench results (`bench/.out/bench-<time>.json`) of the same code: the paired ratio
 * (a)/(b) of every round, wall and CPU, with its median and a bootstrap 90% interval of that median. One run of 15
 * rounds moves by several percent on a shared machine; several runs pooled narrow the figure down:
 *
 *   node -r ts-node/register/transpile-only bench/pool.ts bench/.out/bench-<time>.json bench/.out/bench-<time>.json ...
 */
import * as fs from 'fs';

interface RunRecord {
  readonly totalMs: number;
  readonly totalCpuMs: number;
}

interface SizeResult {
  readonly n: number;
  readonly runs: { readonly [variant: string]: RunRecord[] };
}

/** The median of a non-empty list. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** A bootstrap interval of the median (`level` 0.9: the 5th and 95th percentiles of 2,000 resampled medians), seeded. */
export function bootstrapMedian(xs: readonly number[], level = 0.9, samples = 2000, seed = 42): [number, number] {
  let state = seed;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const medians: number[] = [];
  for (let k = 0; k < samples; k++) medians.push(median(xs.map(() => xs[Math.floor(random() * xs.length)])));
  medians.sort((a, b) => a - b);
  const tail = Math.floor(((1 - level) / 2) * samples);
  return [medians[tail], medians[samples - 1 - tail]];
}

/** The paired ratios (a)/(b) of every round of every file, by number of workloads. */
export function pairedRatios(results: ReadonlyArray<{ readonly results: readonly SizeResult[] }>): Map<number, { wall: number[]; cpu: number[] }> {
  const out = new Map<number, { wall: number[]; cpu: number[] }>();
  for (const file of results) {
    for (const size of file.results) {
      const a = size.runs.mixins ?? [];
      const b = size.runs.hand ?? [];
      let ratios = out.get(size.n);
      if (!ratios) {
        ratios = { wall: [], cpu: [] };
        out.set(size.n, ratios);
      }
      for (let i = 0; i < Math.min(a.length, b.length); i++) {
        ratios.wall.push(a[i].totalMs / b[i].totalMs);
        ratios.cpu.push(a[i].totalCpuMs / b[i].totalCpuMs);
      }
    }
  }
  return out;
}

function main(files: string[]): void {
  if (files.length === 0) throw new Error('usage: bench/pool.ts bench/.out/bench-<time>.json ...');
  const pooled = pairedRatios(files.map(f => JSON.parse(fs.readFileSync(f, 'utf8'))));
  for (const [n, ratios] of [...pooled].sort((x, y) => x[0] - y[0])) {
    for (const kind of ['wall', 'cpu'] as const) {
      const xs = ratios[kind];
      if (xs.length === 0) continue;
      const [lo, hi] = bootstrapMedian(xs);
      console.log(`N = ${n.toLocaleString('en-US')}, ${kind}: ${xs.length} rounds from ${files.length} files, paired (a)/(b) median `
        + `${median(xs).toFixed(3)}x, 90% interval ${lo.toFixed(3)}x-${hi.toFixed(3)}x`);
    }
  }
}

if (require.main === module) main(process.argv.slice(2));
