import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-30';
import { applyToDeployment, AT_DEPLOYMENT, describeScopes, errorOf, expectPropsProblem, fullChart, makeWorkload, manifestOf, synthError, WorkloadKind } from './mixin-fixtures';
import { WithContainerAutoscaling, WithContainerAutoscalingProps } from '../lib/mixins/with-container-autoscaling';
import { KubernetesTarget } from '../lib/model/kubernetes-target';

const autoscale = (extra: Partial<WithContainerAutoscalingProps> = {}) => new WithContainerAutoscaling({ container: 'app', maxReplicas: 10, ...extra });

const hpas = (chart: Chart) => Testing.synth(chart).filter(m => m.kind === 'HorizontalPodAutoscaler');

describe('WithContainerAutoscaling', () => {
  describeScopes("WithContainerAutoscaling 'app'", () => autoscale(), chart => Testing.synth(chart).some(m => m.kind === 'HorizontalPodAutoscaler'));

  describe('supports()', () => {
    test.each(['Deployment', 'StatefulSet'] as WorkloadKind[])('is true for a %s', kind => {
      expect(autoscale().supports(makeWorkload(Testing.chart(), kind))).toBe(true);
    });

    test.each(['DaemonSet', 'Job', 'CronJob', 'Pod'] as WorkloadKind[])('is true for a %s too, which applyTo() refuses', kind => {
      expect(autoscale().supports(makeWorkload(Testing.chart(), kind))).toBe(true);
    });

  });

  test.each(['Deployment', 'StatefulSet'] as WorkloadKind[])(
    '.with() on a %s creates an autoscaling/v2 HPA with a ContainerResource cpu metric at 70%% by default', kind => {
      const chart = Testing.chart();
      const w = makeWorkload(chart, kind).with(autoscale());
      const [hpa] = hpas(chart);
      const target = manifestOf(chart, w);
      expect(hpa.apiVersion).toEqual('autoscaling/v2');
      expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind, name: target.metadata.name });
      expect(hpa.metadata.name).toEqual(`${target.metadata.name}-hpa`);
      expect(hpa.spec.minReplicas).toEqual(1);
      expect(hpa.spec.maxReplicas).toEqual(10);
      expect(hpa.spec.metrics).toEqual([
        { type: 'ContainerResource', containerResource: { name: 'cpu', container: 'app', target: { type: 'Utilization', averageUtilization: 70 } } },
      ]);
      // the HPA owns the replica count
      expect(target.spec.replicas).toBeUndefined();
    });

  test('names the HPA with hpaName when given', () => {
    const chart = Testing.chart();
    makeWorkload(chart, 'Deployment').with(autoscale({ hpaName: 'web-app-hpa' }));
    expect(hpas(chart).map(h => h.metadata.name)).toEqual(['web-app-hpa']);
  });

  test('scales on memory only when only memoryUtilization is set', () => {
    const chart = Testing.chart();
    makeWorkload(chart, 'Deployment').with(autoscale({ memoryUtilization: 80 }));
    expect(hpas(chart)[0].spec.metrics).toEqual([
      { type: 'ContainerResource', containerResource: { name: 'memory', container: 'app', target: { type: 'Utilization', averageUtilization: 80 } } },
    ]);
  });

  test('scales on both when both are set, with the replica bounds given', () => {
    const chart = Testing.chart();
    makeWorkload(chart, 'Deployment').with(autoscale({ cpuUtilization: 60, memoryUtilization: 75, minReplicas: 3, maxReplicas: 30 }));
    const [hpa] = hpas(chart);
    expect(hpa.spec.metrics.map((m: any) => [m.containerResource.name, m.containerResource.target.averageUtilization])).toEqual([['cpu', 60], ['memory', 75]]);
    expect([hpa.spec.minReplicas, hpa.spec.maxReplicas]).toEqual([3, 30]);
  });

  test('applied twice creates one HPA', () => {
    const chart = Testing.chart();
    const m = autoscale();
    const w = makeWorkload(chart, 'Deployment').with(m, m);
    m.applyTo(w);
    expect(hpas(chart)).toHaveLength(1);
  });

  test('throws when the workload already has an HPA', () => {
    const chart = Testing.chart();
    const w = makeWorkload(chart, 'Deployment').with(autoscale());
    expect(() => w.with(autoscale({ container: 'sidecar' }))).toThrow(
      "WithContainerAutoscaling 'sidecar' cannot join Deployment 'test/deployment': it already has a HorizontalPodAutoscaler");
    const d = new kplus.Deployment(chart, 'manual', { containers: [{ name: 'app', image: 'a' }] });
    new kplus.HorizontalPodAutoscaler(chart, 'hpa', { target: d, maxReplicas: 3 });
    expect(() => d.with(autoscale())).toThrow(/cannot join Deployment 'test\/manual': it already has a HorizontalPodAutoscaler/);
  });

  test('applied to a chart of Deployments and StatefulSets, scales each of them', () => {
    const { chart, workloads } = fullChart(Testing.app(), ['Deployment', 'StatefulSet']);
    chart.with(autoscale());
    expect(hpas(chart).map(h => h.spec.scaleTargetRef.kind).sort()).toEqual(['Deployment', 'StatefulSet']);
    expect(hpas(chart).map(h => h.spec.scaleTargetRef.name).sort()).toEqual(workloads.map(w => manifestOf(chart, w).metadata.name).sort());
  });

  test('throws when applied to a chart that also holds a Job, like the container mixins on a kind they cannot join', () => {
    const { chart } = fullChart();
    expect(() => chart.with(autoscale())).toThrow(/WithContainerAutoscaling 'app' cannot join (Pod|DaemonSet|Job|CronJob) 'platform\/[a-z]+': only a Deployment or a StatefulSet/);
  });

  test.each(['DaemonSet', 'Job', 'CronJob', 'Pod'] as WorkloadKind[])('throws when applied to a %s, through .with() or applyTo(), naming it', kind => {
    const w = makeWorkload(Testing.chart(), kind);
    const message = `WithContainerAutoscaling 'app' cannot join ${kind} 'test/${kind.toLowerCase()}': only a Deployment or a StatefulSet can be `
      + 'scaled by a HorizontalPodAutoscaler. Apply the mixin to the Deployments and StatefulSets only.';
    expect(() => autoscale().applyTo(w)).toThrow(message);
    expect(() => w.with(autoscale())).toThrow(message);
  });

  describe('validation (thrown when the mixin is applied, naming where)', () => {
    test.each([undefined, '', ' '])('throws when container is %p', container => {
      expect(errorOf(() => applyToDeployment(autoscale({ container: container as any })))).toEqual(
        "WithContainerAutoscaling: 'container' is required: name the container whose utilisation drives scaling, e.g. { container: 'app' }. "
        + AT_DEPLOYMENT);
    });

    test.each(['App', 'my_app', 'a.b'])('throws when container is %p, not a container name', container => {
      expect(errorOf(() => applyToDeployment(autoscale({ container })))).toEqual(
        `WithContainerAutoscaling: 'container' (${JSON.stringify(container)}) is not a container name: use the name of one of the workload's containers, e.g. 'app'. `
        + AT_DEPLOYMENT);
    });

    test.each([0, -1, 1.5])('throws when minReplicas is %p', min => {
      expect(errorOf(() => applyToDeployment(autoscale({ minReplicas: min }))))
        .toEqual(`WithContainerAutoscaling 'app': 'minReplicas' (${min}) must be a whole number, at least 1. ${AT_DEPLOYMENT}`);
    });

    test('throws only when applied, naming where, and creates no HPA', () => {
      expectPropsProblem(() => autoscale({ minReplicas: 0 }), "WithContainerAutoscaling 'app': 'minReplicas' (0) must be a whole number, at least 1.");
    });

    test.each([
      [{ maxReplicas: 2, minReplicas: 3 }, '2', '3'],
      [{ maxReplicas: 0 }, '0', '1'],
      [{ maxReplicas: 2.5 }, '2.5', '1'],
      [{ maxReplicas: undefined as any }, 'undefined', '1'],
    ])('throws when %p', (extra, max, min) => {
      expect(errorOf(() => applyToDeployment(autoscale(extra))))
        .toEqual(`WithContainerAutoscaling 'app': 'maxReplicas' (${max}) must be a whole number, at least minReplicas (${min}). ${AT_DEPLOYMENT}`);
    });

    test('accepts minReplicas equal to maxReplicas', () => {
      const w = applyToDeployment(autoscale({ minReplicas: 4, maxReplicas: 4 }));
      expect((w as kplus.Deployment).hasAutoscaler).toBe(true);
    });

    test.each([
      ['cpuUtilization', 0], ['cpuUtilization', 12.5], ['memoryUtilization', -5],
    ])('throws when %s is %p', (field, v) => {
      expect(errorOf(() => applyToDeployment(autoscale({ [field]: v }))))
        .toEqual(`WithContainerAutoscaling 'app': '${field}' (${v}) must be a whole percentage, at least 1. ${AT_DEPLOYMENT}`);
    });
  });

  describe('Kubernetes version (PP-FEATURE-VERSION at synth)', () => {
    function synthOn(version: string, featureGates?: { [gate: string]: boolean }): string | undefined {
      const app = Testing.app();
      KubernetesTarget.set(app, { version, featureGates });
      makeWorkload(new Chart(app, 'c'), 'Deployment', 'web').with(autoscale());
      return synthError(app);
    }

    test('fails on 1.26, naming the HPA, the container and the fallback', () => {
      expect(synthOn('1.26')).toMatch(
        /\[c\/web\] PP-FEATURE-VERSION: HPA '.*' scales on ContainerResource cpu of container 'app', which Kubernetes 1\.26 does not support.*pod-level Resource metric/);
    });

    test.each([['1.26', { HPAContainerMetrics: true }], ['1.27', undefined], ['1.30', { HPAContainerMetrics: false }]])(
      'passes on %s with gates %p', (version, gates) => {
        expect(synthOn(version, gates)).toBeUndefined();
      });
  });
});
