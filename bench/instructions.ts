/**
 * Instruction counts: what a run costs in machine instructions, counted by valgrind's cachegrind, a figure that does not
 * depend on time and so not on the other tenants of a shared machine (`npm run bench -- --instructions`).
 *
 * Each count is one worker run (`worker.ts run <variant> <n>`) under `valgrind --tool=cachegrind --cache-sim=no`, with
 * V8 made as deterministic as it goes: `--single-threaded` (the optimizing compiler and the garbage collector work on the
 * main thread instead of racing it on other threads), `--predictable` (no memory reducer, fixed random seed) and
 * `--no-flush-bytecode` (V8 otherwise drops the bytecode of functions idle for a few collections and parses them again
 * when they are next called, in one run and not in another). Outside the garbage collector the same code then gives the
 * same count to about 0.1% (`outsideGc`); the collector's share still moves with the load of the machine. A run of n
 * workloads minus a run of one workload of the same variant leaves what the n - 1 workloads cost (construct and synth),
 * without Node's start, the module loading and ts-node's compilation (every counted run reads TypeScript's compiled code
 * from one cache of its own: `workerEnv`, `warmCompileCache`).
 *
 * What this does not show: with its compiler threads on, V8 compiles more of the hot code while it waits for the first
 * results, so a normal run spends more on compilation than the single-threaded count says (docs/benchmarks.md).
 */
import { execFile, execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** V8 flags of every counted run. */
export const DETERMINISTIC_V8_FLAGS: readonly string[] = ['--single-threaded', '--predictable', '--no-flush-bytecode'];

/** Where the instructions went, by the native function cachegrind attributes them to. */
export type InstructionCategory = 'compiler' | 'gc' | 'parser' | 'interpreter' | 'jit-code' | 'other';

export const CATEGORIES: readonly InstructionCategory[] = ['jit-code', 'interpreter', 'compiler', 'gc', 'parser', 'other'];

const GC = new RegExp(['Scaveng', 'MarkCompact', 'Marking', 'MarkBit', 'Sweep', 'Evacuat', 'RememberedSet', 'SlotSet', 'v8::internal::Heap::',
  'heap::base::', 'cppgc::', 'GCTracer', 'MemoryAllocator', 'RecordWrite', 'RecordMigratedSlot', 'LiveObjectRange', 'EphemeronKeyBarrier',
  'HeapObject::SizeFromMap', 'Map::UsedInstanceSize', 'FreeList', 'PretenuringHandler', 'StringTableCleaner', 'PointersUpdatingVisitor',
  'RelocIterator', 'VisitRelocInfo'].map(s => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'));

/**
 * The category of one `cg_annotate` function name. V8's own functions carry their C++ names; JavaScript compiled by V8
 * has no symbol (`???:???`); the interpreter's bytecode handlers, inline caches and the builtins JavaScript calls are
 * V8's embedded builtins (`Builtins_...`), counted with the baseline compiler (Sparkplug) as 'interpreter'.
 */
export function categoryOf(fn: string): InstructionCategory {
  if (fn === '???:???') return 'jit-code';
  if (/v8::internal::compiler::|v8::internal::maglev::|OptimizedCompilationJob|v8::internal::Zone::/.test(fn)) return 'compiler';
  // the collector, and work whose amount depends on when it runs: write barriers (more while marking), slot recording,
  // the heap walks (object sizes, relocation of code objects), free lists, allocation-site pretenuring
  if (GC.test(fn)) return 'gc';
  if (/v8::internal::(Scanner|Parser|PreParser|Utf16CharacterStream|interpreter::BytecodeGenerator|AstValueFactory)|ScanIdentifierOrKeyword/.test(fn)) return 'parser';
  if (/Builtins_|v8::internal::baseline::/.test(fn)) return 'interpreter';
  return 'other';
}

/** Sums a `cg_annotate --auto=no --threshold=0` listing by category; `total` is the program total it prints. */
export function categorize(listing: string): { total: number; byCategory: Record<InstructionCategory, number> } {
  const byCategory = Object.fromEntries(CATEGORIES.map(c => [c, 0])) as Record<InstructionCategory, number>;
  let total = 0;
  for (const line of listing.split('\n')) {
    const m = /^\s*([\d,]+)\s+\(\s*[\d.]+%\)\s+(.+?)\s*$/.exec(line);
    if (!m) continue;
    const count = Number(m[1].replace(/,/g, ''));
    if (m[2] === 'PROGRAM TOTALS') {
      total = count;
      continue;
    }
    byCategory[categoryOf(m[2])] += count;
  }
  return { total, byCategory };
}

/** Whether valgrind and cg_annotate are installed; the reason when not. */
export function instructionCountingUnavailable(): string | undefined {
  for (const tool of ['valgrind', 'cg_annotate']) {
    // cg_annotate 3.19 prints its version and exits 255: only a missing program counts
    if (spawnSync(tool, ['--version'], { stdio: 'ignore' }).error) return `${tool} is not installed (Debian: apt-get install valgrind)`;
  }
  return undefined;
}

export interface InstructionCount {
  readonly variant: string;
  readonly n: number;
  readonly total: number;
  readonly byCategory: Record<InstructionCategory, number>;
}

/** The command line of one worker run under valgrind, after valgrind's own options. */
function workerCommand(root: string, variant: string, n: number): string[] {
  return [process.execPath, ...DETERMINISTIC_V8_FLAGS, '--expose-gc', '-r', 'ts-node/register/transpile-only',
    path.join(root, 'bench', 'worker.ts'), 'run', variant, String(n), 'file', '1'];
}

/**
 * ts-node loads TypeScript through v8-compile-cache, one cache per working directory, which V8 rejects when it was made
 * under other flags or outside valgrind (whose CPU is not the host's), and which any ts-node run there rewrites: a counted
 * run that missed it parsed typescript.js again (0.6 G instructions), and so did, without the cache, different amounts
 * of TypeScript's compilation from run to run. So the counted runs get a cache of their own, filled by `warmCompileCache`:
 * a temporary directory made on first use and removed when the process exits.
 */
function workerEnv(): NodeJS.ProcessEnv {
  if (cacheDir === undefined) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-cg-v8cache-'));
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    cacheDir = dir;
  }
  return { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true', V8_COMPILE_CACHE_CACHE_DIR: cacheDir };
}

let cacheDir: string | undefined;

function cachegrindArgs(out: string): string[] {
  return ['--tool=cachegrind', '--cache-sim=no', '--branch-sim=no', `--cachegrind-out-file=${out}`, '--smc-check=all-non-file'];
}

/** One uncounted run of one workload under cachegrind, as the counted runs are: fills their compile cache. */
export function warmCompileCache(root: string): void {
  execFileSync('valgrind', [...cachegrindArgs('/dev/null'), ...workerCommand(root, 'hand', 1)], { cwd: root, stdio: 'ignore', env: workerEnv() });
}

/** Counts the instructions of one worker run: `worker.ts run <variant> <n> file 1` under cachegrind. */
export function countRun(root: string, variant: string, n: number): Promise<InstructionCount> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-cg-'));
  const out = path.join(dir, 'cachegrind.out');
  const args = [...cachegrindArgs(out), ...workerCommand(root, variant, n)];
  return new Promise((resolve, reject) => {
    execFile('valgrind', args, { cwd: root, maxBuffer: 256 * 1024 * 1024, env: workerEnv() }, (err, _stdout, stderr) => {
      try {
        if (err) throw new Error(`valgrind ${variant} ${n} failed: ${err.message}\n${String(stderr).slice(-2000)}`);
        const listing = execFileSync('cg_annotate', ['--auto=no', '--threshold=0', out], { encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 });
        resolve({ variant, n, ...categorize(listing) });
      } catch (e) {
        reject(e);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

/** Runs `jobs` with at most `parallel` at a time (outside GC the counts do not depend on what else runs); results in list order. */
export async function inBatches<T>(jobs: ReadonlyArray<() => Promise<T>>, parallel: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const lane = async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, jobs.length)) }, lane));
  return results;
}

/**
 * The instructions outside the garbage collector: the part that is the same in every run of the same code. How much the
 * collector does depends on when V8 starts it, which its heuristics decide partly by time, and valgrind slows a run down
 * by 50 times, more when the machine is busy: the same run counted 1.6 G or 2.1 G of GC at N = 1,000.
 */
export function outsideGc(c: Pick<InstructionCount, 'total' | 'byCategory'>): number {
  return c.total - c.byCategory.gc;
}

/** Instructions in billions, `14.160 G` (a count that rounds to zero prints as `0.000 G`, not `-0.000 G`). */
export function formatGiga(x: number): string {
  return `${(Math.round(x / 1e6) / 1e3).toFixed(3)} G`;
}

/** The instructions of `n - 1` workloads: a run of `n` minus a run of 1, in total and by category. */
export function workloadsOnly(run: InstructionCount, base: InstructionCount): InstructionCount {
  const byCategory = Object.fromEntries(CATEGORIES.map(c => [c, run.byCategory[c] - base.byCategory[c]])) as Record<InstructionCategory, number>;
  return { variant: run.variant, n: run.n, total: run.total - base.total, byCategory };
}
