/**
 * Reads a V8 `.cpuprofile` (from `node --cpu-prof`) and says where the time went: self time per package
 * (cdk8s, cdk8s-plus-30, constructs, yaml, this library, Node internals, GC), the time spent inside this
 * library's frames or anything they call (inclusive), and the heaviest functions by self time.
 */
import * as fs from 'fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  readonly totalMs: number;
  /** Self time per owner, ms. */
  readonly selfByOwner: Record<string, number>;
  /** Time with a frame of this library (lib/) anywhere on the stack, ms. */
  readonly underLibraryMs: number;
  /** Time with a frame of the bench's own builders (bench/) on the stack but none of lib/, ms. */
  readonly underBenchOnlyMs: number;
  /** Inclusive time per library function (lib/ frames), ms, heaviest first. */
  readonly libraryFunctions: Array<{ fn: string; ms: number }>;
  /** Heaviest functions by self time. */
  readonly topSelf: Array<{ fn: string; owner: string; ms: number }>;
}

/** Which package a frame belongs to. */
export function ownerOf(url: string, functionName: string): string {
  if (url === '') {
    if (functionName === '(garbage collector)') return 'gc';
    if (functionName === '(idle)' || functionName === '(program)' || functionName === '(root)') return 'program';
    return 'native';
  }
  const i = url.lastIndexOf('node_modules/');
  if (i >= 0) {
    const m = /^((?:@[^/]+\/)?[^/]+)\//.exec(url.slice(i + 'node_modules/'.length));
    if (m) return m[1];
  }
  if (url.startsWith('node:')) return 'node';
  if (/\/lib\/[^/]+\.ts$|\/lib\/rules\/[^/]+\.ts$/.test(url)) return 'library (lib/)';
  if (/\/bench\//.test(url)) return 'bench';
  return 'other';
}

function shortName(f: CallFrame): string {
  const file = f.url.replace(/^.*node_modules\//, '').replace(/^.*\/(lib|bench)\//, '$1/').replace(/^file:\/\//, '');
  return `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`;
}

/**
 * @param region only samples taken between these two times (microseconds, the profile's clock), e.g. the timed part
 *   of a worker run, leaving out module loading and TypeScript compilation
 */
export function summarizeProfile(file: string, top = 15, region?: [number, number]): ProfileSummary {
  const p = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const n of p.nodes) byId.set(n.id, n);
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  const selfUs = new Map<number, number>();
  let at = p.startTime;
  for (let i = 0; i < p.samples.length; i++) {
    at += p.timeDeltas[i];
    const dt = p.timeDeltas[i + 1] ?? 0; // a sample's duration is the delta to the next one
    if (region && (at < region[0] || at > region[1])) continue;
    selfUs.set(p.samples[i], (selfUs.get(p.samples[i]) ?? 0) + dt);
  }

  const selfByOwner: Record<string, number> = {};
  const selfByFn = new Map<string, { owner: string; us: number }>();
  const libInclusive = new Map<string, number>();
  let underLib = 0;
  let underBenchOnly = 0;
  let total = 0;
  for (const [id, us] of selfUs) {
    total += us;
    const node = byId.get(id)!;
    const owner = ownerOf(node.callFrame.url, node.callFrame.functionName);
    selfByOwner[owner] = (selfByOwner[owner] ?? 0) + us / 1000;
    const key = shortName(node.callFrame);
    const e = selfByFn.get(key) ?? { owner, us: 0 };
    e.us += us;
    selfByFn.set(key, e);
    // walk the stack once per distinct node (not per sample): cost is nodes x depth
    let lib = false;
    let bench = false;
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)!.callFrame;
      const o = ownerOf(f.url, f.functionName);
      if (o === 'library (lib/)') {
        lib = true;
        const name = shortName(f);
        if (!seen.has(name)) {
          seen.add(name);
          libInclusive.set(name, (libInclusive.get(name) ?? 0) + us);
        }
      } else if (o === 'bench') {
        bench = true;
      }
    }
    if (lib) underLib += us;
    else if (bench) underBenchOnly += us;
  }
  const round = (x: number) => Math.round(x * 10) / 10;
  for (const k of Object.keys(selfByOwner)) selfByOwner[k] = round(selfByOwner[k]);
  return {
    totalMs: round(total / 1000),
    selfByOwner,
    underLibraryMs: round(underLib / 1000),
    underBenchOnlyMs: round(underBenchOnly / 1000),
    libraryFunctions: [...libInclusive.entries()].sort((x, y) => y[1] - x[1]).slice(0, top).map(([fn, us]) => ({ fn, ms: round(us / 1000) })),
    topSelf: [...selfByFn.entries()].sort((x, y) => y[1].us - x[1].us).slice(0, top)
      .map(([fn, e]) => ({ fn, owner: e.owner, ms: round(e.us / 1000) })),
  };
}

export function formatProfile(label: string, s: ProfileSummary): string {
  const lines = [`profile ${label}: ${s.totalMs.toFixed(0)} ms sampled`];
  const owners = Object.entries(s.selfByOwner).sort((a, b) => b[1] - a[1]);
  lines.push('  self time by owner: ' + owners.map(([o, ms]) => `${o} ${ms.toFixed(0)} ms (${((100 * ms) / s.totalMs).toFixed(1)}%)`).join(', '));
  lines.push(`  under a lib/ frame (this library and what it calls): ${s.underLibraryMs.toFixed(0)} ms (${((100 * s.underLibraryMs) / s.totalMs).toFixed(1)}%)`);
  if (s.libraryFunctions.length > 0) {
    lines.push('  heaviest lib/ functions, inclusive:');
    for (const f of s.libraryFunctions.slice(0, 8)) lines.push(`    ${f.ms.toFixed(0).padStart(7)} ms  ${f.fn}`);
  }
  lines.push('  heaviest functions, self:');
  for (const f of s.topSelf.slice(0, 10)) lines.push(`    ${f.ms.toFixed(0).padStart(7)} ms  ${f.fn} [${f.owner}]`);
  return lines.join('\n');
}

if (require.main === module) {
  for (const f of process.argv.slice(2)) console.log(formatProfile(f, summarizeProfile(f)));
}
