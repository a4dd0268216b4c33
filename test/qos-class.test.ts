import { Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-30';
import { parseResourcePod } from '../lib/accounting/pod-resources';
import { computePodQos, qosClassOf } from '../lib/accounting/qos';
import { QosClass } from '../lib/accounting/qos-class';
import { WithNativeSidecar } from '../lib/mixins/with-native-sidecar';
import { ContainerJson, PodSpecJson } from '../lib/model/pod-model';
import { PodQos } from '../lib/pod-qos';

type RL = { [resource: string]: string };
/** qos_test.go `getResourceList(cpu, memory)`: an empty string leaves the resource out. */
const rl = (cpu: string, memory: string): RL => ({ ...(cpu ? { cpu } : {}), ...(memory ? { memory } : {}) });
const addResource = (name: string, value: string, list: RL): RL => ({ ...list, [name]: value });
const newContainer = (name: string, requests: RL, limits: RL): ContainerJson => ({ name, resources: { requests, limits } });
const newPod = (containers: ContainerJson[], initContainers: ContainerJson[] = [], resources?: { requests: RL; limits: RL }): PodSpecJson =>
  ({ containers, initContainers, ...(resources ? { resources } : {}) });

describe('computePodQos (pkg/apis/core/v1/helper/qos/qos_test.go, TestComputePodQOS)', () => {
  // Upstream runs ComputePodQOS on the pod as given (no defaulting); so does computePodQos here.
  test.each<[string, PodSpecJson, QosClass]>([
    ['guaranteed', newPod([newContainer('guaranteed', rl('100m', '100Mi'), rl('100m', '100Mi'))]), QosClass.GUARANTEED],
    ['guaranteed-guaranteed', newPod([
      newContainer('guaranteed', rl('100m', '100Mi'), rl('100m', '100Mi')),
      newContainer('guaranteed', rl('100m', '100Mi'), rl('100m', '100Mi')),
    ]), QosClass.GUARANTEED],
    ['best-effort-best-effort', newPod([newContainer('best-effort', rl('', ''), rl('', '')), newContainer('best-effort', rl('', ''), rl('', ''))]),
      QosClass.BEST_EFFORT],
    ['best-effort', newPod([newContainer('best-effort', rl('', ''), rl('', ''))]), QosClass.BEST_EFFORT],
    ['best-effort-burstable', newPod([newContainer('best-effort', rl('', ''), rl('', '')), newContainer('burstable', rl('1', ''), rl('2', ''))]),
      QosClass.BURSTABLE],
    ['best-effort-guaranteed', newPod([
      newContainer('best-effort', rl('', ''), rl('', '')), newContainer('guaranteed', rl('10m', '100Mi'), rl('10m', '100Mi')),
    ]), QosClass.BURSTABLE],
    ['burstable-cpu-guaranteed-memory', newPod([newContainer('burstable', rl('', '100Mi'), rl('', '100Mi'))]), QosClass.BURSTABLE],
    ['burstable-no-limits', newPod([newContainer('burstable', rl('100m', '100Mi'), rl('', ''))]), QosClass.BURSTABLE],
    ['burstable-guaranteed', newPod([
      newContainer('burstable', rl('1', '100Mi'), rl('2', '100Mi')), newContainer('guaranteed', rl('100m', '100Mi'), rl('100m', '100Mi')),
    ]), QosClass.BURSTABLE],
    ['burstable-unbounded-but-requests-match-limits', newPod([
      newContainer('burstable', rl('100m', '100Mi'), rl('200m', '200Mi')), newContainer('burstable-unbounded', rl('100m', '100Mi'), rl('', '')),
    ]), QosClass.BURSTABLE],
    ['burstable-1', newPod([newContainer('burstable', rl('10m', '100Mi'), rl('100m', '200Mi'))]), QosClass.BURSTABLE],
    ['burstable-2', newPod([newContainer('burstable', rl('0', '0'), rl('100m', '200Mi'))]), QosClass.BURSTABLE],
    ['best-effort-hugepages', newPod([
      newContainer('best-effort', addResource('hugepages-2Mi', '1Gi', rl('0', '0')), addResource('hugepages-2Mi', '1Gi', rl('0', '0'))),
    ]), QosClass.BEST_EFFORT],
    ['init-container', newPod([newContainer('best-effort', rl('', ''), rl('', ''))], [newContainer('burstable', rl('10m', '100Mi'), rl('100m', '200Mi'))]),
      QosClass.BURSTABLE],
    // podLevelResourcesEnabled: true
    ['guaranteed-with-pod-level-resources', newPod([newContainer('best-effort', rl('', ''), rl('', ''))], [],
      { requests: rl('10m', '100Mi'), limits: rl('10m', '100Mi') }), QosClass.GUARANTEED],
    ['guaranteed-with-pod-and-container-level-resources', newPod([newContainer('burstable', rl('3m', '10Mi'), rl('5m', '20Mi'))], [],
      { requests: rl('10m', '100Mi'), limits: rl('10m', '100Mi') }), QosClass.GUARANTEED],
    ['burstable-with-pod-level-resources', newPod([newContainer('best-effort', rl('', ''), rl('', ''))], [],
      { requests: rl('10m', '10Mi'), limits: rl('20m', '50Mi') }), QosClass.BURSTABLE],
    ['burstable-with-pod-and-container-level-resources', newPod([newContainer('burstable', rl('5m', '10Mi'), rl('5m', '10Mi'))], [],
      { requests: rl('10m', '10Mi'), limits: rl('20m', '50Mi') }), QosClass.BURSTABLE],
    ['burstable-with-pod-and-container-level-requests', newPod([newContainer('burstable', rl('5m', '10Mi'), rl('', ''))], [],
      { requests: rl('10m', '10Mi'), limits: rl('', '') }), QosClass.BURSTABLE],
    ['burstable-with-pod-and-container-level-resources-2', newPod([
      newContainer('burstable', rl('5m', '10Mi'), rl('', '')), newContainer('guaranteed', rl('5m', '10Mi'), rl('5m', '10Mi')),
    ], [], { requests: rl('10m', '10Mi'), limits: rl('5m', '') }), QosClass.BURSTABLE],
  ])('%s', (_name, spec, expected) => {
    expect(computePodQos(parseResourcePod(spec))).toBe(expected);
  });
});

describe('qosClassOf (the defaulted pod, as the API server records status.qosClass)', () => {
  test('limits alone give Guaranteed: SetDefaults_Pod copies them into the requests', () => {
    const spec = newPod([{ name: 'app', resources: { limits: { cpu: '1', memory: '1Gi' } } }]);
    expect(computePodQos(parseResourcePod(spec))).toBe(QosClass.BURSTABLE); // raw: no requests
    expect(qosClassOf(spec)).toBe(QosClass.GUARANTEED);
  });

  test('only cpu and memory count: an extended resource or ephemeral storage alone is BestEffort', () => {
    expect(qosClassOf(newPod([{ name: 'app', resources: { requests: { 'ephemeral-storage': '1Gi', 'example.com/gpu': '1' } } }]))).toBe(QosClass.BEST_EFFORT);
  });

  test('a native sidecar without limits makes a Guaranteed app Burstable', () => {
    const spec = newPod([{ name: 'app', resources: { limits: { cpu: '1', memory: '1Gi' } } }], [{ name: 'proxy', restartPolicy: 'Always' }]);
    expect(qosClassOf(spec)).toBe(QosClass.BURSTABLE);
  });

  test('rounding to milli happens before the comparison (SetDefaults_ResourceList)', () => {
    // request 0.5m rounds to 1m, limit is 1m: equal after defaulting
    const spec = newPod([{ name: 'app', resources: { requests: { cpu: '0.5m', memory: '1Gi' }, limits: { cpu: '1m', memory: '1Gi' } } }]);
    expect(computePodQos(parseResourcePod(spec))).toBe(QosClass.BURSTABLE);
    expect(qosClassOf(spec)).toBe(QosClass.GUARANTEED);
  });

  test('pod-level limits alone give Guaranteed: defaultPodRequests fills the pod-level requests', () => {
    const spec = newPod([{ name: 'app' }], [], { requests: {}, limits: { cpu: '1', memory: '1Gi' } });
    expect(qosClassOf(spec)).toBe(QosClass.GUARANTEED);
  });

  test('with pod-level resources set, the container resources no longer decide', () => {
    const spec = newPod([{ name: 'app', resources: { limits: { cpu: '1', memory: '1Gi' } } }], [], { requests: { cpu: '500m' }, limits: {} });
    expect(qosClassOf(spec)).toBe(QosClass.BURSTABLE);
  });
});

describe('PodQos', () => {
  const guaranteed: kplus.ContainerResources = {
    cpu: { request: kplus.Cpu.millis(500), limit: kplus.Cpu.millis(500) },
    memory: { request: Size.mebibytes(256), limit: Size.mebibytes(256) },
  };

  test('of() a Deployment whose containers all set equal requests and limits is Guaranteed', () => {
    const chart = Testing.chart();
    const w = new kplus.Deployment(chart, 'web', { containers: [{ name: 'app', image: 'nginx:1.27', resources: guaranteed }] });
    expect(PodQos.of(w)).toBe(QosClass.GUARANTEED);
    w.with(new WithNativeSidecar({ name: 'proxy', image: 'envoyproxy/envoy:v1.31', resources: { cpu: { request: kplus.Cpu.millis(50) } } }));
    expect(PodQos.of(w)).toBe(QosClass.BURSTABLE);
  });

  test('ofPodSpec() of plain JSON and the enum values Kubernetes writes', () => {
    expect(PodQos.ofPodSpec({ containers: [{ name: 'app' }] } as any)).toBe('BestEffort');
    expect(QosClass.GUARANTEED).toBe('Guaranteed');
    expect(QosClass.BURSTABLE).toBe('Burstable');
  });

  test('throws when the construct is not a workload', () => {
    const chart = Testing.chart();
    expect(() => PodQos.of(new kplus.ConfigMap(chart, 'cm') as any)).toThrow('PodQos.of: ');
  });
});
