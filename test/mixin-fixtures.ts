/**
 * Shared fixtures of the mixin tests: one workload of every kind, things that are not workloads,
 * and helpers that find a workload's pod spec in the synthesized manifests.
 */
import { ApiObject, App, Chart, Cron, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-30';
import { IConstruct, IMixin } from 'constructs';
import { takeWarnings } from './setup/warnings';

export type WorkloadKind = 'Pod' | 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'Job' | 'CronJob';

export const ALL_KINDS: WorkloadKind[] = ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'];
export const LONG_RUNNING_KINDS: WorkloadKind[] = ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet'];
export const JOB_KINDS: WorkloadKind[] = ['Job', 'CronJob'];

/** The app container every fixture workload starts with. */
export const APP: kplus.ContainerProps = { name: 'app', image: 'mycompany/web:1.6.0', portNumber: 8080 };

export function makeWorkload(scope: Chart, kind: WorkloadKind, id: string = kind.toLowerCase(),
  containers: kplus.ContainerProps[] = [APP]): kplus.AbstractPod {
  switch (kind) {
    case 'Pod': return new kplus.Pod(scope, id, { containers });
    case 'Deployment': return new kplus.Deployment(scope, id, { containers });
    case 'StatefulSet': return new kplus.StatefulSet(scope, id, { containers });
    case 'DaemonSet': return new kplus.DaemonSet(scope, id, { containers });
    case 'Job': return new kplus.Job(scope, id, { containers });
    case 'CronJob': return new kplus.CronJob(scope, id, { containers, schedule: Cron.daily() });
  }
}

/** Constructs no container mixin may join: a Service, a ConfigMap (and the Chart itself). */
export function makeNonWorkloads(scope: Chart): IConstruct[] {
  const svc = new kplus.Service(scope, 'svc', { ports: [{ port: 80, targetPort: 8080 }] });
  svc.selectLabel('app', 'web');
  return [svc, new kplus.ConfigMap(scope, 'cm', { data: { key: 'value' } })];
}

/** A chart with one workload of every kind plus a Service and a ConfigMap. */
export function fullChart(app: App = Testing.app(), kinds: WorkloadKind[] = ALL_KINDS): { chart: Chart; workloads: kplus.AbstractPod[] } {
  const chart = new Chart(app, 'platform');
  const workloads = kinds.map(k => makeWorkload(chart, k));
  makeNonWorkloads(chart);
  return { chart, workloads };
}

/** The pod spec inside a manifest of any workload kind. */
export function podSpecIn(manifest: any): any {
  switch (manifest.kind) {
    case 'Pod': return manifest.spec;
    case 'CronJob': return manifest.spec.jobTemplate.spec.template.spec;
    default: return manifest.spec.template.spec;
  }
}

/** The pod template metadata inside a manifest of any workload kind. */
export function podMetadataIn(manifest: any): any {
  switch (manifest.kind) {
    case 'Pod': return manifest.metadata;
    case 'CronJob': return manifest.spec.jobTemplate.spec.template.metadata;
    default: return manifest.spec.template.metadata;
  }
}

/** The synthesized manifest of a workload. */
export function manifestOf(chart: Chart, w: IConstruct): any {
  const api = (w as any).apiObject as ApiObject;
  const found = Testing.synth(chart).find(m => m.kind === api.kind && m.metadata?.name === api.name);
  if (!found) throw new Error(`no manifest for ${w.node.path}`);
  return found;
}

/** The synthesized pod spec of a workload. */
export function specOf(chart: Chart, w: IConstruct): any {
  return podSpecIn(manifestOf(chart, w));
}

/** Container names of a list, in order. */
export function names(containers: Array<{ name: string }> | undefined): string[] {
  return (containers ?? []).map(c => c.name);
}

/** The message of the error `f` throws (the whole message, for an exact comparison), or undefined when it throws none. */
export function errorOf(f: () => unknown): string | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/** Where `applyToDeployment` applies a mixin, as every mixin's error names it. */
export const AT_DEPLOYMENT = "It was applied to Deployment 'test/deployment'.";

/**
 * Applies a mixin to a fresh Deployment `test/deployment` (holding the app container) and returns it: the mixins
 * throw their props' errors when they are applied, naming the workload (`AT_DEPLOYMENT`).
 */
export function applyToDeployment(mixin: IMixin): kplus.AbstractPod {
  const w = makeWorkload(Testing.chart(), 'Deployment');
  w.with(mixin);
  return w;
}

/**
 * What every mixin does with a bad prop (`make` builds one): constructing it throws nothing; applied to a workload it
 * throws `problem` followed by `It was applied to Deployment 'test/deployment'.`, and applied to the chart, `It was
 * applied to the scope 'test'.`; either way it changes nothing: the chart synthesizes as a chart without the mixin.
 */
export function expectPropsProblem(make: () => IMixin, problem: string): void {
  expect(make).not.toThrow();
  const plain = Testing.chart();
  makeWorkload(plain, 'Deployment');
  const chart = Testing.chart();
  const w = makeWorkload(chart, 'Deployment');
  expect(errorOf(() => w.with(make()))).toEqual(`${problem} ${AT_DEPLOYMENT}`);
  expect(errorOf(() => chart.with(make()))).toEqual(`${problem} It was applied to the scope 'test'.`);
  expect(Testing.synth(chart)).toEqual(Testing.synth(plain));
}

/** The message of the error `app.synthYaml()` throws (validation at synth), or undefined when it passes. */
export function synthError(app: App): string | undefined {
  try {
    app.synthYaml();
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/**
 * What every pattern mixin does with scopes (`mixin-scope.ts`): it is offered a Chart or a Service (outside any
 * workload) and not a workload's own API object; applied through `.with()` to a scope that holds no workload (too
 * early, or the wrong scope) it throws, naming itself (`what`, e.g. `WithNativeSidecar 'log-shipper'`) and the scope;
 * applied to a chart that holds a workload, it joins it, and a second application to the same chart changes nothing
 * (and prints the `warnings` given, by rule ID).
 */
export function describeScopes(what: string, make: () => IMixin, joined: (chart: Chart, w: kplus.AbstractPod) => boolean,
  warnings: string[] = []): void {
  describe('applied to a scope', () => {
    test('supports() is true for the Chart, a Service and a ConfigMap, and false for a workload\'s API object', () => {
      const chart = Testing.chart();
      for (const c of [...makeNonWorkloads(chart), chart]) expect(make().supports(c)).toBe(true);
      const w = makeWorkload(chart, 'Deployment');
      expect(make().supports(w.node.defaultChild!)).toBe(false);
    });

    test('throws when the chart holds no workload yet (applied too early)', () => {
      const chart = Testing.chart();
      const m = make();
      expect(() => chart.with(m)).toThrow(`${what} was applied to the scope 'test', which holds no cdk8s-plus Pod, Deployment, StatefulSet, DaemonSet, `
        + 'Job or CronJob: `.with()` reaches only the constructs that exist when it is called. Apply the mixin after the workloads are '
        + 'defined, or to a workload itself.');
      // the workload defined afterwards is not joined
      const w = makeWorkload(chart, 'Deployment');
      expect(joined(chart, w)).toBe(false);
    });

    test('throws when applied to a Service, directly or through .with()', () => {
      const chart = Testing.chart();
      makeWorkload(chart, 'Deployment');
      const [svc] = makeNonWorkloads(chart);
      expect(() => make().applyTo(svc)).toThrow(`${what} was applied to the scope 'test/svc', which holds no cdk8s-plus Pod`);
      expect(() => svc.with(make())).toThrow(`${what} was applied to the scope 'test/svc', which holds no cdk8s-plus Pod`);
    });

    test('joins the workload of a chart, and applied to the chart again changes nothing', () => {
      const chart = Testing.chart();
      const w = makeWorkload(chart, 'Deployment');
      const m = make();
      chart.with(m);
      expect(joined(chart, w)).toBe(true);
      const before = JSON.stringify(Testing.synth(chart));
      chart.with(m);
      expect(JSON.stringify(Testing.synth(chart))).toEqual(before);
      expect(warnedRules()).toEqual(warnings);
    });
  });
}

/** The rule IDs of the warnings printed since the test began (test/setup/warnings.ts), which then count as read. */
export function warnedRules(): string[] {
  return takeWarnings().map(line => / WARNING ([A-Z0-9-]+):/.exec(line)?.[1] ?? line);
}
