import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-30';
import { KubernetesTarget } from '../lib/kubernetes-target';

describe('KubernetesTarget', () => {
  test('defaults to 1.30 with no explicit feature gates', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    const d = new kplus.Deployment(chart, 'web', { containers: [{ image: 'x' }] });
    for (const scope of [app, chart, d]) {
      expect(KubernetesTarget.of(scope).version).toEqual('1.30');
      expect(KubernetesTarget.of(scope).featureGates).toEqual({});
    }
    expect(KubernetesTarget.DEFAULT_VERSION).toEqual('1.30');
  });

  test('set on the App applies to every workload below it', () => {
    const app = Testing.app();
    KubernetesTarget.set(app, { version: '1.28', featureGates: { SidecarContainers: true } });
    const d = new kplus.Deployment(new Chart(app, 'c'), 'web', { containers: [{ image: 'x' }] });
    expect(KubernetesTarget.of(d).version).toEqual('1.28');
    expect(KubernetesTarget.of(d).featureGates).toEqual({ SidecarContainers: true });
  });

  test('the nearest scope wins', () => {
    const app = Testing.app();
    KubernetesTarget.set(app, { version: '1.28' });
    const a = new Chart(app, 'a');
    const b = new Chart(app, 'b');
    KubernetesTarget.set(b, { version: '1.33', featureGates: { PodLevelResources: true } });
    const da = new kplus.Deployment(a, 'web', { containers: [{ image: 'x' }] });
    const db = new kplus.Deployment(b, 'web', { containers: [{ image: 'x' }] });
    expect(KubernetesTarget.of(da).version).toEqual('1.28');
    expect(KubernetesTarget.of(db).version).toEqual('1.33');
    expect(KubernetesTarget.of(db).featureGates).toEqual({ PodLevelResources: true });
    // the chart's setting does not merge the app's gates
    expect(KubernetesTarget.of(da).featureGates).toEqual({});
  });

  test('set again on the same scope replaces the setting', () => {
    const chart = Testing.chart();
    KubernetesTarget.set(chart, { version: '1.27' });
    KubernetesTarget.set(chart, { version: '1.29' });
    expect(KubernetesTarget.of(chart).version).toEqual('1.29');
  });

  test('version defaults to 1.30 when only feature gates are set', () => {
    const chart = Testing.chart();
    KubernetesTarget.set(chart, { featureGates: { PodLevelResources: true } });
    expect(KubernetesTarget.of(chart).version).toEqual('1.30');
  });

  test.each([
    ['v1.29', '1.29'], ['1.29.3', '1.29'], ['v1.31.0-gke.1200', '1.31'], [' 1.32 ', '1.32'], ['1.9', '1.9'],
  ])('normalizes %p to %p', (given, expected) => {
    const chart = Testing.chart();
    KubernetesTarget.set(chart, { version: given });
    expect(KubernetesTarget.of(chart).version).toEqual(expected);
  });

  test.each(['1', 'latest', '', '1.x', '1.30.x.y', 'one.two'])('throws when the version is %p, naming it', version => {
    expect(() => KubernetesTarget.set(Testing.chart(), { version })).toThrow(
      `Kubernetes version '${version}' is not a version: use MAJOR.MINOR, e.g. '1.30'.`);
  });

  test('throws when a feature gate is not a boolean, naming it', () => {
    expect(() => KubernetesTarget.set(Testing.chart(), { version: '1.28', featureGates: { SidecarContainers: 'true' as any } }))
      .toThrow('KubernetesTarget: feature gate \'SidecarContainers\' ("true") must be true or false.');
  });

  test('keeps its own copy of the feature gates', () => {
    const chart = Testing.chart();
    const gates: { [gate: string]: boolean } = { SidecarContainers: true };
    KubernetesTarget.set(chart, { version: '1.28', featureGates: gates });
    gates.SidecarContainers = false;
    expect(KubernetesTarget.of(chart).featureGates).toEqual({ SidecarContainers: true });
    expect(Object.isFrozen(KubernetesTarget.of(chart).featureGates)).toBe(true);
  });
});
