import { aggregateContainerLimits, aggregateContainerRequests, defaultedPod, defaultedResources, isPodLevelLimitsSet, isPodLevelResourcesSet, isSupportedPodLevelResource, NanoList, parseResourceList, parseResourcePod, podLimits, podLimitsOf, podRequests, podRequestsOf, PodResourcesOptions, ResourcePod } from '../lib/accounting/pod-resources';
import { ContainerJson, PodSpecJson } from '../lib/model/pod-model';

/*
 * Ports of k8s.io/component-helpers/resource/helpers_test.go. Every case keeps its upstream name and its expected
 * values. The upstream helpers take the pod as stored (already defaulted), so these cases call the raw ports
 * (`podRequestsOf`, `podLimitsOf`, `aggregateContainer*`) on the spec as written, like the Go tests do.
 * Cases that need pod status (UseStatusResources / in-place resize, InPlacePodLevelResourcesVerticalScaling, DRA
 * NodeAllocatableResourceClaimStatuses) are skipped: a spec has no status.
 */

type RL = { [resource: string]: string };
interface C { readonly name?: string; readonly requests?: RL; readonly limits?: RL; readonly sidecar?: boolean }
interface P { readonly containers?: C[]; readonly initContainers?: C[]; readonly overhead?: RL; readonly resources?: { requests?: RL; limits?: RL } }

const container = (c: C, i: number): ContainerJson => ({
  name: c.name ?? `c${i}`,
  ...(c.requests || c.limits ? { resources: { requests: c.requests, limits: c.limits } } : {}),
  ...(c.sidecar ? { restartPolicy: 'Always' } : {}),
});
const specOf = (p: P): PodSpecJson => ({
  containers: (p.containers ?? []).map(container),
  initContainers: (p.initContainers ?? []).map(container),
  overhead: p.overhead,
  resources: p.resources,
});
const pod = (p: P): ResourcePod => parseResourcePod(specOf(p));
const list = (x: RL): NanoList => parseResourceList(x, 'expected')!;
const always = true;

/** helpers_test.go `getPod(cname, podResources)`: one container and one init container with the same resources. */
interface PodResources {
  cpuRequest?: string; cpuLimit?: string; memoryRequest?: string; memoryLimit?: string; cpuOverhead?: string; memoryOverhead?: string;
}
function getPod(r: PodResources): ResourcePod {
  const requests: RL = {};
  const limits: RL = {};
  const overhead: RL = {};
  if (r.cpuLimit) limits.cpu = r.cpuLimit;
  if (r.memoryLimit) limits.memory = r.memoryLimit;
  if (r.cpuRequest) requests.cpu = r.cpuRequest;
  if (r.memoryRequest) requests.memory = r.memoryRequest;
  if (r.cpuOverhead) overhead.cpu = r.cpuOverhead;
  if (r.memoryOverhead) overhead.memory = r.memoryOverhead;
  return pod({ containers: [{ name: 'foo', requests, limits }], initContainers: [{ name: 'init-foo', requests, limits }], overhead });
}

describe('PodRequests / PodLimits (helpers_test.go)', () => {
  describe('TestPodRequestsAndLimits', () => {
    test.each<[string, ResourcePod, RL, RL]>([
      ['just-limit-no-overhead', getPod({ cpuLimit: '9' }), {}, { cpu: '9' }],
      ['just-overhead', getPod({ cpuOverhead: '5', memoryOverhead: '5' }), { cpu: '5', memory: '5' }, {}],
      ['req-and-overhead', getPod({ cpuRequest: '1', memoryRequest: '10', cpuOverhead: '5', memoryOverhead: '5' }), { cpu: '6', memory: '15' }, {}],
      ['all-req-lim-and-overhead', getPod({ cpuRequest: '1', cpuLimit: '2', memoryRequest: '10', memoryLimit: '12', cpuOverhead: '5', memoryOverhead: '5' }),
        { cpu: '6', memory: '15' }, { cpu: '7', memory: '17' }],
      ['req-some-lim-and-overhead', getPod({ cpuRequest: '1', cpuLimit: '2', memoryRequest: '10', cpuOverhead: '5', memoryOverhead: '5' }),
        { cpu: '6', memory: '15' }, { cpu: '7' }],
    ])('%s', (_name, p, requests, limits) => {
      expect(podRequestsOf(p)).toEqual(list(requests));
      expect(podLimitsOf(p)).toEqual(list(limits));
    });
  });

  describe('TestPodRequestsAndLimitsWithoutOverhead (ExcludeOverhead)', () => {
    const two: C[] = [
      { name: 'foobar', requests: { cpu: '1', memory: '5' }, limits: { cpu: '2', memory: '10' } },
      { name: 'foobar2', requests: { cpu: '4', memory: '12' }, limits: { cpu: '8', memory: '24' } },
    ];
    const overhead = { cpu: '3', memory: '8' };
    test.each<[string, P, RL, RL]>([
      ['two container no overhead - should just be sum of containers', { containers: two }, { cpu: '5', memory: '17' }, { cpu: '10', memory: '34' }],
      ["two container with overhead - shouldn't consider overhead", { containers: two, overhead }, { cpu: '5', memory: '17' }, { cpu: '10', memory: '34' }],
      ['two container with overhead, massive init - should just be the largest init', {
        containers: two,
        overhead,
        initContainers: [
          { name: 'small-init', requests: { cpu: '1', memory: '5' }, limits: { cpu: '1', memory: '5' } },
          { name: 'big-init', requests: { cpu: '40', memory: '120' }, limits: { cpu: '80', memory: '240' } },
        ],
      }, { cpu: '40', memory: '120' }, { cpu: '80', memory: '240' }],
    ])('%s', (_name, p, requests, limits) => {
      const opts: PodResourcesOptions = { excludeOverhead: true };
      expect(podRequestsOf(pod(p), opts)).toEqual(list(requests));
      expect(podLimitsOf(pod(p), opts)).toEqual(list(limits));
    });
  });

  describe('TestPodResourceRequests', () => {
    test.each<[string, P, PodResourcesOptions, RL]>([
      ['nil options, larger init container', { initContainers: [{ requests: { cpu: '4' } }], containers: [{ requests: { cpu: '1' } }] }, {}, { cpu: '4' }],
      ['nil options, larger containers', {
        initContainers: [{ requests: { cpu: '2' } }], containers: [{ requests: { cpu: '2' } }, { requests: { cpu: '3' } }],
      }, {}, { cpu: '5' }],
      ['pod overhead excluded', {
        overhead: { cpu: '1' }, initContainers: [{ requests: { cpu: '2' } }], containers: [{ requests: { cpu: '2' } }, { requests: { cpu: '3' } }],
      }, { excludeOverhead: true }, { cpu: '5' }],
      ['pod overhead included', {
        overhead: { cpu: '1', memory: '1Gi' },
        initContainers: [{ requests: { cpu: '2' }, limits: { cpu: '2' } }],
        containers: [{ requests: { cpu: '2' } }, { requests: { cpu: '3' } }],
      }, {}, { cpu: '6', memory: '1Gi' }],
      // "resized, infeasible" and "resized, no resize status" need UseStatusResources: skipped.
      ["resized, infeasible, but don't use status", { containers: [{ name: 'container-1', requests: { cpu: '4' } }] }, {}, { cpu: '4' }],
      ['restartable init container', {
        initContainers: [{ name: 'restartable-init-1', sidecar: always, requests: { cpu: '1' } }],
        containers: [{ name: 'container-1', requests: { cpu: '1' } }],
      }, {}, { cpu: '2' }],
      ['multiple restartable init containers', {
        initContainers: [
          { name: 'init-1', requests: { cpu: '5' } },
          { name: 'restartable-init-1', sidecar: always, requests: { cpu: '1' } },
          { name: 'restartable-init-2', sidecar: always, requests: { cpu: '2' } },
          { name: 'restartable-init-3', sidecar: always, requests: { cpu: '3' } },
        ],
        containers: [{ name: 'container-1', requests: { cpu: '1' } }],
      }, {}, { cpu: '7' }],
      ['multiple restartable and regular init containers', {
        initContainers: [
          { name: 'init-1', requests: { cpu: '5' } },
          { name: 'restartable-init-1', sidecar: always, requests: { cpu: '1' } },
          { name: 'restartable-init-2', sidecar: always, requests: { cpu: '2' } },
          { name: 'init-2', requests: { cpu: '5' } },
          { name: 'restartable-init-3', sidecar: always, requests: { cpu: '3' } },
        ],
        containers: [{ name: 'container-1', requests: { cpu: '1' } }],
      }, {}, { cpu: '8' }],
      ['restartable-init, init and regular', {
        initContainers: [
          { name: 'restartable-init-1', sidecar: always, requests: { cpu: '10' } },
          { name: 'init-1', requests: { cpu: '200' } },
        ],
        containers: [{ name: 'container-1', requests: { cpu: '100' } }],
      }, {}, { cpu: '210' }],
    ])('%s', (_name, p, opts, expected) => {
      expect(podRequestsOf(pod(p), opts)).toEqual(list(expected));
    });
  });

  describe('TestPodResourceLimits', () => {
    test.each<[string, P, PodResourcesOptions, RL]>([
      ['nil options, larger init container', { initContainers: [{ limits: { cpu: '4' } }], containers: [{ limits: { cpu: '1' } }] }, {}, { cpu: '4' }],
      ['nil options, larger containers', {
        initContainers: [{ limits: { cpu: '2' } }], containers: [{ limits: { cpu: '2' } }, { limits: { cpu: '3' } }],
      }, {}, { cpu: '5' }],
      ['pod overhead excluded', {
        overhead: { cpu: '1' }, initContainers: [{ limits: { cpu: '2' } }], containers: [{ limits: { cpu: '2' } }, { limits: { cpu: '3' } }],
      }, { excludeOverhead: true }, { cpu: '5' }],
      // "overhead is only added to non-zero limits, so there will be no expected memory limit"
      ['pod overhead included', {
        overhead: { cpu: '1', memory: '1Gi' }, initContainers: [{ limits: { cpu: '2' } }], containers: [{ limits: { cpu: '2' } }, { limits: { cpu: '3' } }],
      }, {}, { cpu: '6' }],
      ['no limited containers should result in no limits for the pod', { containers: [{}] }, {}, {}],
      ["one limited and one unlimited container should result in the limited container's limits for the pod", {
        containers: [{ limits: { cpu: '2', memory: '2Gi' } }, {}],
      }, {}, { cpu: '2', memory: '2Gi' }],
      ["one limited and one unlimited init container should result in the limited init container's limits for the pod", {
        initContainers: [{ limits: { cpu: '2', memory: '2Gi' } }, {}], containers: [{ limits: { cpu: '1', memory: '1Gi' } }],
      }, {}, { cpu: '2', memory: '2Gi' }],
      ['restartable init container', {
        initContainers: [{ name: 'restartable-init-1', sidecar: always, limits: { cpu: '1' } }],
        containers: [{ name: 'container-1', limits: { cpu: '1' } }],
      }, {}, { cpu: '2' }],
      ['multiple restartable init containers', {
        initContainers: [
          { name: 'init-1', limits: { cpu: '5' } },
          { name: 'restartable-init-1', sidecar: always, limits: { cpu: '1' } },
          { name: 'restartable-init-2', sidecar: always, limits: { cpu: '2' } },
          { name: 'restartable-init-3', sidecar: always, limits: { cpu: '3' } },
        ],
        containers: [{ name: 'container-1', limits: { cpu: '1' } }],
      }, {}, { cpu: '7' }],
      ['multiple restartable and regular init containers', {
        initContainers: [
          { name: 'init-1', limits: { cpu: '5' } },
          { name: 'restartable-init-1', sidecar: always, limits: { cpu: '1' } },
          { name: 'restartable-init-2', sidecar: always, limits: { cpu: '2' } },
          { name: 'init-2', limits: { cpu: '5' } },
          { name: 'restartable-init-3', sidecar: always, limits: { cpu: '3' } },
        ],
        containers: [{ name: 'container-1', limits: { cpu: '1' } }],
      }, {}, { cpu: '8' }],
      ['restartable-init, init and regular', {
        initContainers: [
          { name: 'restartable-init-1', sidecar: always, limits: { cpu: '10' } },
          { name: 'init-1', limits: { cpu: '200' } },
        ],
        containers: [{ name: 'container-1', limits: { cpu: '100' } }],
      }, {}, { cpu: '210' }],
      // "pod scaled up", "pod scaled down", their restartable-init variants and "aggregate limit resolves max of
      // sums instead of sum of maxes" need UseStatusResources: skipped. The "don't use status" variants are spec-only:
      ["pod scaled down, don't use status", { containers: [{ name: 'container-1', limits: { memory: '1Gi' } }] }, {}, { memory: '1Gi' }],
      ["pod scaled down with restartable init containers, don't use status", {
        initContainers: [{ name: 'restartable-init-1', sidecar: always, limits: { memory: '1Gi' } }],
      }, {}, { memory: '1Gi' }],
    ])('%s', (_name, p, opts, expected) => {
      expect(podLimitsOf(pod(p), opts)).toEqual(list(expected));
    });
  });

  describe('TestPodRequestsAndLimitsWithDRA (the cases that need no claim status)', () => {
    test.each<[string, P]>([
      ['No claims', { containers: [{ name: 'c1', limits: { cpu: '100m', memory: '1Gi' }, requests: { cpu: '100m', memory: '1Gi' } }] }],
    ])('%s', (_name, p) => {
      expect(podRequestsOf(pod(p))).toEqual(list({ cpu: '100m', memory: '1Gi' }));
      expect(podLimitsOf(pod(p))).toEqual(list({ cpu: '100m', memory: '1Gi' }));
    });
    test('UseDRANodeAllocatableResourceClaimStatus flag disabled', () => {
      const p = pod({ containers: [{ name: 'c1', limits: { cpu: '100m' }, requests: { cpu: '100m' } }] });
      expect(podRequestsOf(p)).toEqual(list({ cpu: '100m' }));
      expect(podLimitsOf(p)).toEqual(list({ cpu: '100m' }));
    });
  });

  describe('TestAggregateContainerRequestsAndLimits', () => {
    test.each<[string, P, RL, RL]>([
      ['one container with limits', { containers: [{ limits: { cpu: '9' } }] }, {}, { cpu: '9' }],
      ['two containers with limits', { containers: [{ limits: { cpu: '9' } }, { limits: { cpu: '9' } }] }, {}, { cpu: '18' }],
      ['one container with requests', { containers: [{ requests: { cpu: '9' } }] }, { cpu: '9' }, {}],
      ['two containers with requests', { containers: [{ requests: { cpu: '9' } }, { requests: { cpu: '9' } }] }, { cpu: '18' }, {}],
      ['regular and init containers with requests', { containers: [{ requests: { cpu: '9' } }], initContainers: [{ requests: { cpu: '9' } }] },
        { cpu: '9' }, {}],
      ['regular, init and sidecar containers with requests', {
        containers: [{ requests: { cpu: '9' } }], initContainers: [{ requests: { cpu: '8' }, sidecar: always }, { requests: { cpu: '6' } }],
      }, { cpu: '17' }, {}],
      ['regular and init containers with limits', { containers: [{ limits: { cpu: '9' } }], initContainers: [{ limits: { cpu: '9' } }] }, {}, { cpu: '9' }],
      ['regular, init and sidecar containers with limits', {
        containers: [{ limits: { cpu: '9' } }], initContainers: [{ limits: { cpu: '8' }, sidecar: always }, { limits: { cpu: '6' } }],
      }, {}, { cpu: '17' }],
      // The UseStatusResources cases ("... but status with non-empty requests", "aggregate ... max of sums ...",
      // "... when PLR vertical scaling enabled ...") are skipped.
    ])('%s', (_name, p, requests, limits) => {
      expect(aggregateContainerRequests(pod(p))).toEqual(list(requests));
      expect(aggregateContainerLimits(pod(p))).toEqual(list(limits));
    });
  });
});

describe('pod-level resources (helpers_test.go)', () => {
  test.each<[string, P['resources'], boolean]>([
    ['nil resources struct', undefined, false],
    ['empty resources struct', {}, false],
    ['only unsupported resource requests set', { requests: { 'ephemeral-storage': '1Mi' } }, false],
    ['only unsupported resource limits set', { limits: { 'ephemeral-storage': '1Mi' } }, false],
    ['unsupported and suported resources requests set', { requests: { 'ephemeral-storage': '1Mi', 'cpu': '1m' } }, true],
    ['unsupported and suported resources limits set', { limits: { 'ephemeral-storage': '1Mi', 'cpu': '1m' } }, true],
  ])('TestIsPodLevelResourcesSet: %s', (_name, resources, expected) => {
    expect(isPodLevelResourcesSet(pod({ resources }))).toBe(expected);
  });

  test.each<[string, P['resources'], boolean]>([
    ['nil resources struct', undefined, false],
    ['empty resources struct', {}, false],
    ['only resource requests set', { requests: { memory: '100Mi' } }, false],
    ['only unsupported resource limits set', { limits: { 'ephemeral-storage': '1Mi' } }, false],
    ['unsupported and suported resources limits set', { limits: { 'ephemeral-storage': '1Mi', 'cpu': '1m' } }, true],
  ])('TestIsPodLevelLimitsSet: %s', (_name, resources, expected) => {
    expect(isPodLevelLimitsSet(pod({ resources }))).toBe(expected);
  });

  test.each<[string, boolean]>([['cpu', true], ['memory', true], ['ephemeral-storage', false], ['hugepages-2Mi', true], ['hugepages-1Gi', true]])(
    'TestIsSupportedPodLevelResource: %s', (name, expected) => {
      expect(isSupportedPodLevelResource(name)).toBe(expected);
    });

  // TestPodLevelResourceRequests: getPodLevelResourcesPod(podResources, overhead, containers, initContainers).
  const c32: C = { requests: { memory: '3Mi', cpu: '2m' } };
  test.each<[string, P, PodResourcesOptions, RL]>([
    ['nil', { resources: {} }, {}, {}],
    ['pod level memory resource with SkipPodLevelResources true', { resources: { requests: { memory: '2Mi' } } }, { skipPodLevelResources: true }, {}],
    ['pod level memory resource with SkipPodLevelResources false', { resources: { requests: { memory: '2Mi' } } }, {}, { memory: '2Mi' }],
    ['pod level memory and container level cpu resources with SkipPodLevelResources false', {
      resources: { requests: { memory: '2Mi' } }, containers: [{ requests: { cpu: '2m' } }],
    }, {}, { memory: '2Mi', cpu: '2m' }],
    ['pod level unsupported resources set at both pod-level and container-level with SkipPodLevelResources false', {
      resources: { requests: { storage: '2Mi' } }, containers: [{ requests: { storage: '3Mi' } }],
    }, {}, { storage: '3Mi' }],
    ['pod level unsupported resources set at pod-level with SkipPodLevelResources false', {
      resources: { requests: { storage: '2Mi' } }, containers: [{ requests: { memory: '3Mi' } }],
    }, {}, { memory: '3Mi' }],
    ['only container level resources set with SkipPodLevelResources false', { resources: {}, containers: [c32] }, {}, { memory: '3Mi', cpu: '2m' }],
    ['both container-level and pod-level resources set with SkipPodLevelResources false', {
      resources: { requests: { memory: '6Mi', cpu: '8m' } }, containers: [c32],
    }, {}, { memory: '6Mi', cpu: '8m' }],
    ['container-level resources and init container set with SkipPodLevelResources false', {
      resources: {}, containers: [c32], initContainers: [{ requests: { memory: '5Mi', cpu: '4m' } }],
    }, {}, { memory: '5Mi', cpu: '4m' }],
    ['container-level resources and init container set with SkipPodLevelResources false (SkipPodLevelResources true)', {
      resources: {}, containers: [c32], initContainers: [{ requests: { memory: '5Mi', cpu: '4m' } }],
    }, { skipPodLevelResources: true }, { memory: '5Mi', cpu: '4m' }],
    ['container-level resources and sidecar container set with SkipPodLevelResources false', {
      resources: {}, containers: [c32], initContainers: [{ requests: { memory: '5Mi', cpu: '4m' }, sidecar: always }],
    }, {}, { memory: '8Mi', cpu: '6m' }],
    ['container-level resources, init and sidecar container set with SkipPodLevelResources false', {
      resources: {},
      containers: [c32],
      initContainers: [{ requests: { memory: '5Mi', cpu: '4m' }, sidecar: always }, { requests: { memory: '6Mi', cpu: '8m' } }],
    }, {}, { memory: '11Mi', cpu: '12m' }],
    ['pod-level resources, container-level resources, init and sidecar container set with SkipPodLevelResources false', {
      resources: { requests: { memory: '15Mi', cpu: '18m' } },
      containers: [c32],
      initContainers: [{ requests: { memory: '5Mi', cpu: '4m' }, sidecar: always }, { requests: { memory: '6Mi', cpu: '8m' } }],
    }, {}, { memory: '15Mi', cpu: '18m' }],
    ['pod-level resources, hugepage request/limit single page size', {
      resources: { limits: { 'hugepages-2Mi': '2Mi' }, requests: { 'memory': '10Mi', 'hugepages-2Mi': '2Mi' } },
    }, {}, { 'memory': '10Mi', 'hugepages-2Mi': '2Mi' }],
    ['pod-level resources, hugepage request/limit multiple page sizes', {
      resources: { limits: { 'hugepages-2Mi': '2Mi', 'hugepages-1Gi': '1Gi' }, requests: { 'cpu': '1', 'hugepages-2Mi': '2Mi', 'hugepages-1Gi': '1Gi' } },
    }, {}, { 'cpu': '1', 'hugepages-2Mi': '2Mi', 'hugepages-1Gi': '1Gi' }],
    ['pod-level resources, container-level resources, hugepage request/limit single page size', {
      resources: { limits: { 'hugepages-2Mi': '10Mi' }, requests: { 'cpu': '1', 'hugepages-2Mi': '10Mi' } },
      containers: [{ limits: { 'hugepages-2Mi': '6Mi' }, requests: { 'hugepages-2Mi': '6Mi' } }],
    }, {}, { 'cpu': '1', 'hugepages-2Mi': '10Mi' }],
    ['pod-level resources, container-level resources, hugepage request/limit multiple page sizes', {
      resources: { limits: { 'hugepages-2Mi': '10Mi', 'hugepages-1Gi': '2Gi' }, requests: { 'cpu': '1', 'hugepages-2Mi': '10Mi', 'hugepages-1Gi': '2Gi' } },
      containers: [{ limits: { 'hugepages-1Gi': '2Gi' }, requests: { 'cpu': '1', 'hugepages-1Gi': '2Gi' } }],
    }, {}, { 'cpu': '1', 'hugepages-2Mi': '10Mi', 'hugepages-1Gi': '2Gi' }],
    ['pod-level resources, container-level resources, hugepage request/limit multiple page sizes between pod-level and container-level', {
      resources: { limits: { 'hugepages-2Mi': '10Mi' }, requests: { 'cpu': '1', 'hugepages-2Mi': '10Mi' } },
      containers: [{ limits: { 'hugepages-1Gi': '1Gi' }, requests: { 'memory': '4Mi', 'hugepages-1Gi': '1Gi' } }],
    }, {}, { 'cpu': '1', 'memory': '4Mi', 'hugepages-2Mi': '10Mi', 'hugepages-1Gi': '1Gi' }],
    // "status resources include overhead ..." and "allocated resources include ..." need pod status: skipped.
  ])('TestPodLevelResourceRequests: %s', (_name, p, opts, expected) => {
    expect(podRequestsOf(pod(p), opts)).toEqual(list(expected));
  });

  test('PodLimits: a pod-level limit replaces the aggregate and overhead is added to it (helpers.go PodLimits)', () => {
    const p = pod({ resources: { limits: { cpu: '2' } }, containers: [{ limits: { cpu: '1', memory: '1Gi' } }], overhead: { cpu: '250m', memory: '10Mi' } });
    expect(podLimitsOf(p)).toEqual(list({ cpu: '2250m', memory: '1034Mi' }));
    expect(podLimitsOf(p, { skipPodLevelResources: true })).toEqual(list({ cpu: '1250m', memory: '1034Mi' }));
  });
});

describe('API server defaulting before the arithmetic (pkg/apis/core/v1/defaults.go)', () => {
  test('SetDefaults_Pod: a limit without a request becomes the request, for containers and init containers', () => {
    const spec = specOf({ containers: [{ limits: { cpu: '500m', memory: '1Gi' } }], initContainers: [{ limits: { cpu: '2' } }] });
    expect(podRequests(spec)).toEqual(new Map([['cpu', 2000n], ['memory', 1073741824n]]));
    expect(podRequestsOf(pod({ containers: [{ limits: { cpu: '500m' } }] }))).toEqual(new Map());
  });

  test('SetDefaults_Pod keeps an explicit request, even 0', () => {
    expect(podRequests(specOf({ containers: [{ requests: { cpu: '0' }, limits: { cpu: '1' } }] }))).toEqual(new Map([['cpu', 0n]]));
  });

  test('SetDefaults_ResourceList rounds each quantity up to milli before summing, after SetDefaults_Pod', () => {
    // two 0.5m requests: each rounds to 1m, so the pod requests 2m (not 1m)
    const spec = specOf({ containers: [{ requests: { cpu: '0.5m' } }, { requests: { cpu: '0.5m' } }] });
    expect(podRequests(spec).get('cpu')).toBe(2n);
    // memory in milli-bytes: 1.5 + 1.5 bytes sum exactly to 3 bytes (Value() of the sum, not a sum of Value()s)
    expect(podRequests(specOf({ containers: [{ requests: { memory: '1500m' } }, { requests: { memory: '1500m' } }] })).get('memory')).toBe(3n);
    expect(podRequests(specOf({ containers: [{ requests: { memory: '1500m' } }] })).get('memory')).toBe(2n);
  });

  test('defaultPodRequests: with pod-level limits, cpu/memory requests default to the aggregate container requests', () => {
    const p = defaultedPod(specOf({
      resources: { limits: { cpu: '2', memory: '2Gi' } },
      containers: [{ requests: { cpu: '500m' } }],
      initContainers: [{ requests: { cpu: '1' }, sidecar: always }],
    }));
    // cpu from containers (500m + 1 sidecar), memory nobody requests: the pod-level limit
    expect(p.resources?.requests).toEqual(list({ cpu: '1500m', memory: '2Gi' }));
    expect(podRequestsOf(p)).toEqual(list({ cpu: '1500m', memory: '2Gi' }));
  });

  test('defaultPodRequests: only when pod-level limits are set; requests already set are kept', () => {
    expect(defaultedPod(specOf({ resources: { requests: { cpu: '1' } }, containers: [{ requests: { memory: '1Gi' } }] })).resources?.requests)
      .toEqual(list({ cpu: '1' }));
    expect(defaultedPod(specOf({ resources: { requests: { cpu: '3' }, limits: { cpu: '4' } }, containers: [{ requests: { cpu: '1' } }] })).resources?.requests)
      .toEqual(list({ cpu: '3' }));
  });

  test('defaultHugePagePodLimits then defaultPodRequests: container hugepage limits become the pod-level limit and request', () => {
    const p = defaultedPod(specOf({
      resources: { limits: { cpu: '1', memory: '1Gi' } },
      containers: [{ limits: { 'cpu': '1', 'memory': '1Gi', 'hugepages-2Mi': '4Mi' } }, { limits: { 'hugepages-2Mi': '2Mi' } }],
    }));
    expect(p.resources?.limits).toEqual(list({ 'cpu': '1', 'memory': '1Gi', 'hugepages-2Mi': '6Mi' }));
    expect(p.resources?.requests).toEqual(list({ 'cpu': '1', 'memory': '1Gi', 'hugepages-2Mi': '6Mi' }));
  });

  test('defaultHugePagePodLimits: no pod-level hugepage limit is defaulted when the pod requests that hugepage', () => {
    const p = defaultedPod(specOf({ resources: { requests: { 'hugepages-2Mi': '2Mi' } }, containers: [{ limits: { 'hugepages-2Mi': '2Mi' } }] }));
    expect(p.resources?.limits).toBeUndefined();
  });

  test('defaultedResources: a container as the API server stores it, in scheduler amounts', () => {
    const r = defaultedResources({ name: 'app', resources: { requests: { cpu: '100m' }, limits: { cpu: '0.5', memory: '64Mi' } } });
    expect(r.requests).toEqual(new Map([['cpu', 100n], ['memory', 67108864n]]));
    expect(r.limits).toEqual(new Map([['cpu', 500n], ['memory', 67108864n]]));
  });

  test('throws when a quantity is malformed, naming the container and field', () => {
    expect(() => podRequests(specOf({ containers: [{ name: 'app', requests: { cpu: '1 core' } }] }))).toThrow(
      'quantity "1 core" (spec.containers[0] \'app\' resources.requests.cpu) is not a Kubernetes quantity');
    expect(() => podLimits(specOf({ overhead: { memory: 'lots' } }))).toThrow('(spec.overhead.memory)');
  });
});
