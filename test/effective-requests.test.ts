import { Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-30';
import { ALL_KINDS, makeWorkload, specOf } from './mixin-fixtures';
import { EffectiveRequests } from '../lib/effective-requests';
import { WithInitStep } from '../lib/mixins/with-init-step';
import { WithNativeSidecar } from '../lib/mixins/with-native-sidecar';

const res = (cpuMillis: number, memMi: number): kplus.ContainerResources => ({
  cpu: { request: kplus.Cpu.millis(cpuMillis), limit: kplus.Cpu.millis(cpuMillis * 2) },
  memory: { request: Size.mebibytes(memMi), limit: Size.mebibytes(memMi * 2) },
});
const app = (cpu = 500, mem = 256): kplus.ContainerProps => ({ name: 'app', image: 'mycompany/web:1.6.0', portNumber: 8080, resources: res(cpu, mem) });
const sidecar = (name: string, cpu: number, mem: number) => new WithNativeSidecar({ name, image: 'busybox:1.36', resources: res(cpu, mem) });
const MI = 1024 * 1024;

describe('EffectiveRequests', () => {
  test('adds native sidecars to the app: app 500m + three sidecars of 100m is 800m', () => {
    const chart = Testing.chart();
    const w = new kplus.Deployment(chart, 'web', { containers: [app()] });
    w.with(sidecar('a', 100, 64), sidecar('b', 100, 64), sidecar('c', 100, 64));
    expect(EffectiveRequests.of(w)).toEqual({ cpu: 800, memory: (256 + 3 * 64) * MI });
  });

  test('counts an init step once, alone with the sidecars started before it, when it is the largest phase', () => {
    const chart = Testing.chart();
    const w = new kplus.Deployment(chart, 'web', { containers: [app(100, 64)] });
    // init order: sidecar a (200m), migrate (2000m), sidecar b (300m): migrate runs next to a only
    w.with(sidecar('a', 200, 32));
    w.with(new WithInitStep({ name: 'migrate', image: 'flyway/flyway:10', resources: res(2000, 512) }));
    w.with(sidecar('b', 300, 32));
    expect(EffectiveRequests.of(w)).toEqual({ cpu: 2200, memory: (512 + 32) * MI });
  });

  test.each(ALL_KINDS)('of() on a %s equals ofPodSpec() of its synthesized pod spec', kind => {
    const chart = Testing.chart();
    const w = makeWorkload(chart, kind, 'w', [app(250, 128)]);
    w.with(sidecar('proxy', 50, 64));
    expect(EffectiveRequests.of(w)).toEqual(EffectiveRequests.ofPodSpec(specOf(chart, w)));
    expect(EffectiveRequests.of(w).cpu).toBe(300);
  });

  test('ofPodSpec() takes plain JSON: overhead is added, a limit without a request counts as the request', () => {
    const spec: any = {
      overhead: { cpu: '250m', memory: '120Mi' },
      containers: [{ name: 'app', resources: { limits: { 'cpu': '1', 'memory': '1Gi', 'example.com/gpu': 1 } } }],
      initContainers: [{ name: 'mesh', restartPolicy: 'Always', resources: { requests: { 'cpu': 0.1, 'ephemeral-storage': '1G' } } }],
    };
    expect(EffectiveRequests.ofPodSpec(spec)).toEqual({
      'cpu': 1350, 'memory': (1024 + 120) * MI, 'example.com/gpu': 1, 'ephemeral-storage': 1e9,
    });
  });

  test('ofPodSpec() lets pod-level requests replace the container sum (PodLevelResources)', () => {
    const spec: any = {
      resources: { requests: { cpu: '2' }, limits: { cpu: '4', memory: '4Gi' } },
      containers: [{ name: 'app', resources: { requests: { cpu: '500m', memory: '1Gi' } } }],
    };
    expect(EffectiveRequests.ofPodSpec(spec)).toEqual({ cpu: 2000, memory: 1024 * MI });
  });

  test('throws when the construct is not a workload', () => {
    const chart = Testing.chart();
    const cm = new kplus.ConfigMap(chart, 'cm', { data: { a: 'b' } });
    expect(() => EffectiveRequests.of(cm as any)).toThrow('EffectiveRequests.of: ');
    expect(() => EffectiveRequests.of(cm as any)).toThrow('is not a cdk8s-plus Pod, Deployment, StatefulSet, DaemonSet, Job or CronJob.');
  });

  test('throws when a quantity is malformed, naming it', () => {
    const spec: any = { containers: [{ name: 'app', resources: { requests: { cpu: 'half' } } }] };
    expect(() => EffectiveRequests.ofPodSpec(spec)).toThrow('quantity "half" (spec.containers[0] \'app\' resources.requests.cpu)');
  });
});
