import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-30';
import { KubernetesFeature } from '../lib/model/kubernetes-feature';
import { KubernetesTarget } from '../lib/model/kubernetes-target';

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
    ['v1.29', '1.29'], ['1.29.3', '1.29'], ['v1.31.0-gke.1200', '1.31'], [' 1.32 ', '1.32'], ['1.20', '1.20'], ['1.36.1', '1.36'],
  ])('normalizes %p to %p', (given, expected) => {
    const chart = Testing.chart();
    KubernetesTarget.set(chart, { version: given });
    expect(KubernetesTarget.of(chart).version).toEqual(expected);
  });

  test.each(['1', 'latest', '', '1.x', '1.30.x.y', 'one.two'])('throws when the version is %p, naming it', version => {
    expect(() => KubernetesTarget.set(Testing.chart(), { version })).toThrow(
      `Kubernetes version '${version}' is not a version: use MAJOR.MINOR, e.g. '1.30'.`);
  });

  test.each([
    // a version written as a YAML or JSON number loses its trailing zero: 1.30 reads as 1.3
    ['1.3', '1.30'], ['1.2', '1.20'], ['1.99', '1.36'], ['1.19', '1.20'], ['1.9', '1.20'], ['v1.37.0', '1.36'], ['2.0', '1.36'], ['0.30', '1.20'],
  ])('throws when the version is %p, outside 1.20 to 1.36, naming the closest (%p)', (version, closest) => {
    const parsed = version.replace(/^v/, '').split('.').slice(0, 2).join('.');
    expect(() => KubernetesTarget.set(Testing.chart(), { version })).toThrow(
      `KubernetesTarget: Kubernetes ${parsed} is not a version cdk8s-pod-patterns knows (1.20 to 1.36): did you mean ${closest}?`);
  });

  test('the versions it knows are 1.20 (HPAContainerMetrics alpha, the oldest graduation point the rules know) to 1.36', () => {
    expect([KubernetesTarget.OLDEST_VERSION, KubernetesTarget.NEWEST_VERSION]).toEqual(['1.20', '1.36']);
    expect(KubernetesFeature.all().map(f => [f.gate, f.alpha])).toContainEqual(['HPAContainerMetrics', '1.20']);
    expect(KubernetesFeature.all().filter(f => Number(f.alpha.split('.')[1]) < 20)).toEqual([]);
  });

  test.each([
    ['SidecarContainer', ": did you mean 'SidecarContainers'?"],
    ['hpaContainerMetrics', ": did you mean 'HPAContainerMetrics'?"],
    ['PodLevelResource', ": did you mean 'PodLevelResources'?"],
    ['InPlacePodVerticalScaling', ''],
  ])('throws when the feature gate %p is not one the library reads, naming the closest when one is close', (gate, hint) => {
    expect(() => KubernetesTarget.set(Testing.chart(), { version: '1.30', featureGates: { [gate]: true } })).toThrow(
      `KubernetesTarget: feature gate '${gate}' is not one cdk8s-pod-patterns reads${hint} `
      + '(it reads SidecarContainers, HPAContainerMetrics, PodLevelResources, ContainerRestartRules, PodLifecycleSleepAction, PodLifecycleSleepActionAllowZero, RestartAllContainersOnContainerExits, ContainerStopSignals, HPAConfigurableTolerance).');
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

  describe('runtimeClasses', () => {
    // names: kubernetes pkg/apis/node/validation/validation.go ValidateRuntimeClass (NameIsDNSSubdomain); overhead:
    // validateOverhead → core ValidateResourceRequirements (validateContainerResourceName, ValidateNonnegativeQuantity)
    test('are none by default, and kept as declared (frozen copies) on the scope and below', () => {
      expect(KubernetesTarget.of(Testing.chart()).runtimeClasses).toEqual({});
      const app = Testing.app();
      const podFixed: { [resource: string]: string } = { 'cpu': '250m', 'memory': '120Mi', 'example.com/vm': '1' };
      KubernetesTarget.set(app, { runtimeClasses: { 'kata': { podFixed }, 'runc': {}, 'gvisor.example.com': { podFixed: { 'hugepages-2Mi': '2Mi' } } } });
      podFixed.cpu = '1';
      const d = new kplus.Deployment(new Chart(app, 'c'), 'web', { containers: [{ image: 'x' }] });
      const target = KubernetesTarget.of(d);
      expect(target.runtimeClasses).toEqual({
        'kata': { podFixed: { 'cpu': '250m', 'memory': '120Mi', 'example.com/vm': '1' } },
        'runc': {},
        'gvisor.example.com': { podFixed: { 'hugepages-2Mi': '2Mi' } },
      });
      expect(Object.isFrozen(target.runtimeClasses)).toBe(true);
      expect(Object.isFrozen(target.runtimeClasses.kata.podFixed)).toBe(true);
      expect(target.version).toBe('1.30');
    });

    test.each([
      ['Kata', "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with "
        + "an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"],
      ['kata_vm', "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with "
        + "an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"],
      ['a'.repeat(254), 'must be no more than 253 characters'],
    ])('throws when a RuntimeClass name is not a DNS-1123 subdomain (%p), naming it', (name, why) => {
      expect(() => KubernetesTarget.set(Testing.chart(), { runtimeClasses: { [name]: { podFixed: { cpu: '250m' } } } }))
        .toThrow(`KubernetesTarget: RuntimeClass name '${name}' is not valid: ${why}.`);
    });

    test.each([
      [{ gpu: '1' }, "runtimeClasses['kata'].podFixed['gpu']: resource name 'gpu' must be a standard resource for containers (cpu, memory, "
        + 'ephemeral-storage, hugepages-<size>) or a domain-prefixed extended resource such as example.com/device'],
      [{ 'example.com/a/b': '1' }, "runtimeClasses['kata'].podFixed['example.com/a/b']: resource name 'example.com/a/b' must be a qualified name: "
        + "a DNS subdomain prefix, '/', and a name of at most 63 alphanumeric characters, '-', '_' or '.' that starts and ends with an "
        + 'alphanumeric character (e.g. example.com/device)'],
      [{ 'requests.example.com/vm': '1' }, "runtimeClasses['kata'].podFixed['requests.example.com/vm']: resource name "
        + "'requests.example.com/vm' doesn't follow extended resource name standard"],
      [{ memory: '-1Mi' }, 'runtimeClasses[\'kata\'].podFixed[\'memory\'] ("-1Mi") must be greater than or equal to 0'],
      [{ cpu: 250 as any }, "runtimeClasses['kata'].podFixed['cpu'] (250) must be a quantity string such as '250m' or '120Mi'"],
      [{ cpu: '250 m' }, 'quantity "250 m" (runtimeClasses[\'kata\'].podFixed[\'cpu\']) is not a Kubernetes quantity: '],
    ])('throws when podFixed %j is not one the API server accepts, naming the culprit', (podFixed, why) => {
      expect(() => KubernetesTarget.set(Testing.chart(), { runtimeClasses: { kata: { podFixed } } })).toThrow(`KubernetesTarget: ${why}`);
    });

    test('throws when a RuntimeClass or its podFixed is not a map', () => {
      expect(() => KubernetesTarget.set(Testing.chart(), { runtimeClasses: { kata: '250m' as any } })).toThrow(
        'KubernetesTarget: runtimeClasses[\'kata\'] ("250m") must be an object such as { podFixed: { cpu: \'250m\', memory: \'120Mi\' } }.');
      expect(() => KubernetesTarget.set(Testing.chart(), { runtimeClasses: { kata: { podFixed: ['250m'] as any } } })).toThrow(
        'KubernetesTarget: runtimeClasses[\'kata\'].podFixed must be a map of resource names to quantities, such as '
        + '{ cpu: \'250m\', memory: \'120Mi\' }, not ["250m"].');
    });
  });
});
