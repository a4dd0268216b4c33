import { Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-30';
import { ALL_KINDS, makeWorkload, specOf } from './mixin-fixtures';
import { EffectiveLimits } from '../lib/effective-limits';
import { WithNativeSidecar } from '../lib/mixins/with-native-sidecar';

const MI = 1024 * 1024;
const app: kplus.ContainerProps = {
  name: 'app',
  image: 'mycompany/web:1.6.0',
  portNumber: 8080,
  resources: {
    cpu: { request: kplus.Cpu.millis(500), limit: kplus.Cpu.millis(1000) },
    memory: { request: Size.mebibytes(256), limit: Size.mebibytes(512) },
  },
};

describe('EffectiveLimits', () => {
  test('adds a native sidecar limit to the app limit', () => {
    const chart = Testing.chart();
    const w = new kplus.Deployment(chart, 'web', { containers: [app] });
    w.with(new WithNativeSidecar({ name: 'proxy', image: 'envoyproxy/envoy:v1.31', resources: { cpu: { limit: kplus.Cpu.millis(200) }, memory: { limit: Size.mebibytes(128) } } }));
    expect(EffectiveLimits.of(w)).toEqual({ cpu: 1200, memory: 640 * MI });
  });

  test('sums only the limits that are set, and leaves out a resource no container limits (helpers.go PodLimits)', () => {
    const spec: any = {
      containers: [
        { name: 'app', resources: { limits: { cpu: '1', memory: '1Gi' } } },
        { name: 'helper', resources: { limits: { memory: '64Mi' } } },
      ],
    };
    // helper sets no cpu limit: Kubernetes still reports the cpu limits that are set (1), not "unlimited"
    expect(EffectiveLimits.ofPodSpec(spec)).toEqual({ cpu: 1000, memory: 1088 * MI });
    expect(EffectiveLimits.ofPodSpec({ containers: [{ name: 'app' }] } as any)).toEqual({});
  });

  test('adds pod overhead only to non-zero limits (helpers.go PodLimits)', () => {
    const spec: any = { overhead: { cpu: '100m', memory: '64Mi' }, containers: [{ name: 'app', resources: { limits: { cpu: '1' } } }] };
    expect(EffectiveLimits.ofPodSpec(spec)).toEqual({ cpu: 1100 });
  });

  test('lets a pod-level limit replace the container sum', () => {
    const spec: any = { resources: { limits: { memory: '1Gi' } }, containers: [{ name: 'app', resources: { limits: { memory: '2Gi', cpu: '2' } } }] };
    expect(EffectiveLimits.ofPodSpec(spec)).toEqual({ cpu: 2000, memory: 1024 * MI });
  });

  test.each(ALL_KINDS)('of() on a %s equals ofPodSpec() of its synthesized pod spec', kind => {
    const chart = Testing.chart();
    const w = makeWorkload(chart, kind, 'w', [app]);
    expect(EffectiveLimits.of(w)).toEqual(EffectiveLimits.ofPodSpec(specOf(chart, w)));
    expect(EffectiveLimits.of(w)).toEqual({ cpu: 1000, memory: 512 * MI });
  });

  test('throws when the construct is not a workload', () => {
    const chart = Testing.chart();
    expect(() => EffectiveLimits.of(new kplus.ConfigMap(chart, 'cm') as any)).toThrow('EffectiveLimits.of: ');
  });
});
