/**
 * The main job (`npm run synth`): builds every example of the catalogue into one App, synthesizes it
 * into `dist/<example>.k8s.yaml`, and prints one line per workload: kind, name, containers by role.
 *
 *   ts-node --project examples/tsconfig.json examples/synth.ts [--json]
 *
 * The printing is `describeWorkload` (text) and `workloadJson` (JSON): extend those two to print more per workload.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { CATALOGUE } from './catalogue';
import { ContainerRole, PodModel } from '../lib/model/pod-model';
import { reportOfModel } from '../lib/report-of-model';
import { isPodWorkload, podModelOfWorkload } from '../lib/synth/workload-model';

/** A workload of the catalogue, as the printing sees it. */
export interface CatalogueWorkload {
  /** The example (chart) it belongs to. */
  readonly example: string;
  /** The manifest file it is written to, relative to the project. */
  readonly file: string;
  readonly model: PodModel;
}

const ROLES: readonly ContainerRole[] = ['init', 'sidecar', 'main'];

/** Container names by role, in list order. */
export function containersByRole(model: PodModel): Record<ContainerRole, string[]> {
  const out: Record<ContainerRole, string[]> = { init: [], sidecar: [], main: [] };
  for (const c of model.containers) out[c.role].push(c.name);
  return out;
}

/**
 * `Deployment web-app  init: wait-for-postgres  sidecar: log-shipper  main: app, redis-ambassador (ambassador)`:
 * a regular container a mixin added carries its pattern, so a helper is never mistaken for the app.
 */
export function workloadLine(model: PodModel): string {
  const parts = [`${model.kind} ${model.name}`];
  for (const role of ROLES) {
    const names = model.containers.filter(c => c.role === role)
      .map(c => (role === 'main' && c.pattern ? `${c.name} (${c.pattern})` : c.name));
    if (names.length > 0) parts.push(`${role}: ${names.join(', ')}`);
  }
  return parts.join('  ');
}

/** The text printed for one workload: its line, then the pod report's compact table indented under it. */
export function describeWorkload(w: CatalogueWorkload): string[] {
  return [workloadLine(w.model), ...reportOfModel(w.model).toText().trimEnd().split('\n').map(l => `  ${l}`)];
}

/** The JSON printed for one workload with `--json`: the same data as the text. */
export function workloadJson(w: CatalogueWorkload): object {
  return {
    example: w.example,
    file: w.file,
    kind: w.model.kind,
    name: w.model.name,
    containers: containersByRole(w.model),
    patterns: Object.fromEntries(w.model.containers.filter(c => c.pattern).map(c => [c.name, c.pattern])),
    report: reportOfModel(w.model).data,
  };
}

/** Builds every example into `app`; returns the charts by example name. */
export function buildCatalogue(app: App): Map<string, Chart> {
  const charts = new Map<string, Chart>();
  for (const example of CATALOGUE) charts.set(example.name, example.build(app));
  return charts;
}

/** The pod workloads of each chart, in construct order. */
export function catalogueWorkloads(charts: Map<string, Chart>, outdir: string): CatalogueWorkload[] {
  const out: CatalogueWorkload[] = [];
  for (const [example, chart] of charts) {
    const file = path.join(outdir, `${example}.k8s.yaml`);
    for (const c of chart.node.findAll()) {
      if (isPodWorkload(c)) out.push({ example, file, model: podModelOfWorkload(c) });
    }
  }
  return out;
}

/** The whole printout: per example its file, then one entry per workload. */
export function renderText(workloads: CatalogueWorkload[]): string[] {
  const lines: string[] = [];
  let example: string | undefined;
  for (const w of workloads) {
    if (w.example !== example) {
      example = w.example;
      lines.push(`${w.file}`);
    }
    lines.push(...describeWorkload(w).map(l => `  ${l}`));
  }
  return lines;
}

export function main(argv: string[]): void {
  const json = argv.includes('--json');
  const unknown = argv.filter(a => a !== '--json');
  if (unknown.length > 0) {
    throw new Error(`synth: unknown argument ${unknown.join(' ')}; usage: synth.ts [--json]`);
  }
  const root = path.resolve(__dirname, '..');
  const outdir = path.join(root, 'dist');
  // Stale manifests of removed examples must not survive; dist/ may hold other build output, keep it.
  if (fs.existsSync(outdir)) {
    for (const f of fs.readdirSync(outdir)) {
      if (f.endsWith('.k8s.yaml')) fs.rmSync(path.join(outdir, f));
    }
  }
  const app = new App({ outdir });
  const charts = buildCatalogue(app);
  app.synth();
  const workloads = catalogueWorkloads(charts, path.relative(process.cwd(), outdir) || '.');
  if (json) {
    process.stdout.write(JSON.stringify(workloads.map(workloadJson), null, 2) + '\n');
  } else {
    process.stdout.write(renderText(workloads).join('\n') + '\n');
  }
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exitCode = 1;
  }
}
