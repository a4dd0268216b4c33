/**
 * Renders a bench result (`bench/.out/bench-<time>.json`, the newest when no file is given) as the Markdown tables
 * of docs/benchmarks.md:
 *
 *   node -r ts-node/register/transpile-only bench/markdown.ts [bench/.out/bench-<time>.json]
 */
import * as fs from 'fs';
import * as path from 'path';
import { formatGiga, outsideGc } from './instructions';

const LETTER: Record<string, string> = { 'mixins': 'a', 'hand': 'b', 'mixins-nochecks': 'c' };
const NAME: Record<string, string> = { 'mixins': 'mixins, checks on', 'hand': 'by hand (cdk8s-plus)', 'mixins-nochecks': 'mixins, checks off' };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const ms = (x: number) => (x >= 10000 ? `${(x / 1000).toFixed(1)} s` : `${Math.round(x)} ms`);
const x3 = (x: number) => `${x.toFixed(2)}x`;
const x4 = (x: number) => `${x.toFixed(3)}x`;

function newest(): string {
  const dir = path.join(__dirname, '.out');
  const files = fs.readdirSync(dir).filter(f => /^bench-.*\.json$/.test(f)).sort();
  if (files.length === 0) throw new Error('no bench/.out/bench-*.json: run npm run bench first');
  return path.join(dir, files[files.length - 1]);
}

function render(file: string): string {
  const r = JSON.parse(fs.readFileSync(file, 'utf8'));
  const out: string[] = [];
  const m = r.machine;
  out.push(`Run \`${path.basename(file)}\` (git ${r.git ?? '?'}): ${m.nproc} CPUs (${m.cpu}), memory \`${m.memory}\` (free -h), `
    + `Node ${m.node}, ${m.platform}.`);
  out.push('');
  for (const s of r.results) {
    const vs: string[] = Object.keys(s.runs);
    out.push(`### N = ${s.n.toLocaleString('en')} workloads (${(s.n * 2).toLocaleString('en')} API objects), ${s.rounds} rounds`);
    out.push('');
    out.push('| variant | construct (CPU) | synth (CPU) | total (CPU) | total (wall) | peak RSS | heap after GC |');
    out.push('|---|---:|---:|---:|---:|---:|---:|');
    for (const v of vs) {
      const med = s.medians[v];
      const range = (k: string) => {
        const xs = s.runs[v].map((x: any) => x[k]);
        return `${ms(median(xs))} [${ms(Math.min(...xs))}–${ms(Math.max(...xs))}]`;
      };
      out.push(`| (${LETTER[v]}) ${NAME[v]} | ${range('constructCpuMs')} | ${range('synthCpuMs')} | ${range('totalCpuMs')} | `
        + `${range('totalMs')} | ${Math.round(med.maxRssMB)} MB | ${Math.round(med.heapUsedMB)} MB |`);
    }
    out.push('');
    out.push('| ratio | construct (CPU) | synth (CPU) | total (CPU) | total (wall) | paired total (CPU) | paired total (wall) | peak RSS | heap |');
    out.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const [a, b] of [['mixins', 'hand'], ['mixins', 'mixins-nochecks'], ['mixins-nochecks', 'hand']]) {
      if (!s.medians[a] || !s.medians[b]) continue;
      const q = (k: string) => x3(s.medians[a][k] / s.medians[b][k]);
      const p = (k: string) => x3(median(s.runs[a].map((x: any, i: number) => x[k] / s.runs[b][i][k])));
      out.push(`| ${LETTER[a]}/${LETTER[b]} | ${q('constructCpuMs')} | ${q('synthCpuMs')} | ${q('totalCpuMs')} | ${q('totalMs')} | `
        + `${p('totalCpuMs')} | ${p('totalMs')} | ${q('maxRssMB')} | ${q('heapUsedMB')} |`);
    }
    const load = Math.max(...(s.loadavg ?? [0]));
    out.push('');
    out.push(`1-minute load average during the rounds: up to ${load.toFixed(1)}.`);
    out.push('');
  }
  if (r.results.length > 1) {
    out.push('### Growth');
    out.push('');
    out.push('| variant | from | to | total (CPU) | total (wall) | synth (CPU) | peak RSS | heap |');
    out.push('|---|---:|---:|---:|---:|---:|---:|---:|');
    for (let i = 1; i < r.results.length; i++) {
      const [a, b] = [r.results[i - 1], r.results[i]];
      for (const v of Object.keys(a.medians)) {
        const g = (k: string) => x3(b.medians[v][k] / a.medians[v][k]);
        out.push(`| (${LETTER[v]}) ${NAME[v]} | ${a.n.toLocaleString('en')} | ${b.n.toLocaleString('en')} | ${g('totalCpuMs')} | ${g('totalMs')} | `
          + `${g('synthCpuMs')} | ${g('maxRssMB')} | ${g('heapUsedMB')} |`);
      }
    }
    out.push('');
  }
  if (r.phases?.length) {
    const n = r.phases[0].n;
    const rounds = r.phases[0].rounds ?? 1;
    out.push(`### Phases at N = ${n.toLocaleString('en')} (CPU time, ${rounds === 1 ? 'one cold run each' : `median of ${rounds} cold runs each`})`);
    out.push('');
    out.push('| variant | construct (wall) | one validation pass (wall) | render (ApiObject.toJson) | YAML | total |');
    out.push('|---|---:|---:|---:|---:|---:|');
    const wall = (x: number | undefined) => (x === undefined ? '' : ` (${ms(x)})`);
    for (const p of r.phases) {
      out.push(`| (${LETTER[p.variant]}) ${NAME[p.variant]} | ${ms(p.constructMs)}${wall(p.constructWallMs)} | ${ms(p.validateMs)}${wall(p.validateWallMs)} `
        + `| ${ms(p.renderMs)} | ${ms(p.yamlMs)} | ${ms(p.totalMs)} |`);
    }
    out.push('');
  }
  if (r.instructions?.bySize) {
    out.push(`### Instructions (\`${r.instructions.flags}\`; a run of N workloads minus a run of 1)`);
    out.push('');
    out.push('| N | variant | outside GC | JIT code | interpreter | compiler | parser | other | GC | (a)/(x) outside GC |');
    out.push('|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const [n, byVariant] of Object.entries<any>(r.instructions.bySize)) {
      const a = byVariant.mixins;
      for (const [v, c] of Object.entries<any>(byVariant)) {
        const b = c.byCategory;
        out.push(`| ${Number(n).toLocaleString('en')} | (${LETTER[v]}) ${NAME[v]} | ${formatGiga(outsideGc(c))} | ${formatGiga(b['jit-code'])} | ${formatGiga(b.interpreter)} | `
          + `${formatGiga(b.compiler)} | ${formatGiga(b.parser)} | ${formatGiga(b.other)} | ${formatGiga(b.gc)} | ${a && v !== 'mixins' ? x4(outsideGc(a) / outsideGc(c)) : ''} |`);
      }
    }
    out.push('');
  }
  if (r.extras) {
    out.push('### Other figures');
    out.push('');
    const q = r.extras.requests;
    if (q) {
      out.push(q.skipped ? `- \`EffectiveRequests.ofPodSpec\` over 10,000 specs: skipped (${q.skipped}).`
        : `- \`EffectiveRequests.ofPodSpec\` over 10,000 pod specs: ${ms(q.totalMs)} (${q.perSpecUs.toFixed(1)} µs per spec), peak RSS ${q.maxRssMB} MB.`);
    }
    const c = r.extras.cli;
    if (c) {
      out.push(c.skipped ? `- The CLI over 10,000 objects: skipped (${c.skipped}).`
        : `- The CLI over 10,000 objects (\`cdk8s-pod-patterns ${c.args.join(' ')}\` on one 10,000-document YAML file, in process after `
          + `module load): ${ms(c.totalMs)} wall, ${ms(c.cpuMs)} CPU, exit ${c.exitCode}, peak RSS ${c.maxRssMB} MB.`);
    }
    out.push('');
  }
  return out.join('\n');
}

console.log(render(process.argv[2] ?? newest()));
