import { emptyDirMemorySize, hasMemoryBackedVolume, memoryBackedVolumes, memoryHeadroom, podMemoryCgroupLimit, sizeLimitsTogether } from '../lib/accounting/memory-backed-volumes';
import { defaultedPod } from '../lib/accounting/pod-resources';
import { ContainerJson, PodSpecJson } from '../lib/model/pod-model';

const MI = 1024n * 1024n;
const tmpfs = (name: string, sizeLimit?: string) => ({ name, emptyDir: { medium: 'Memory', ...(sizeLimit ? { sizeLimit } : {}) } });
type Mount = string | { name: string; readOnly: boolean };
const c = (name: string, mem: { request?: string; limit?: string }, mounts: Mount[] = [], extra: Partial<ContainerJson> = {}): ContainerJson => ({
  name,
  resources: {
    requests: { cpu: '100m', ...(mem.request ? { memory: mem.request } : {}) },
    limits: { cpu: '100m', ...(mem.limit ? { memory: mem.limit } : {}) },
  },
  volumeMounts: mounts.map(m => (typeof m === 'string' ? { name: m, mountPath: `/${m}` } : { ...m, mountPath: `/${m.name}` })),
  ...extra,
});

describe('emptyDirMemorySize (pkg/volume/emptydir/empty_dir.go calculateEmptyDirMemorySize)', () => {
  test('takes the pod memory limit, lowered to a smaller positive sizeLimit', () => {
    expect(emptyDirMemorySize(512n, 128n)).toBe(128n);
    expect(emptyDirMemorySize(512n, 1024n)).toBe(512n);
    expect(emptyDirMemorySize(512n, undefined)).toBe(512n);
    expect(emptyDirMemorySize(512n, 0n)).toBe(512n);
  });

  test('is unknown (node allocatable) with neither, and the sizeLimit without a pod limit', () => {
    expect(emptyDirMemorySize(undefined, undefined)).toBeUndefined();
    expect(emptyDirMemorySize(undefined, 64n)).toBe(64n);
    expect(emptyDirMemorySize(0n, undefined)).toBeUndefined();
  });
});

describe('podMemoryCgroupLimit (pkg/kubelet/cm/helpers_linux.go ResourceConfigForPod)', () => {
  test('is PodLimits memory (with overhead) for a Guaranteed pod', () => {
    const spec: PodSpecJson = { overhead: { memory: '16Mi' }, containers: [c('app', { limit: '256Mi' }), c('b', { limit: '64Mi' })] };
    expect(podMemoryCgroupLimit(defaultedPod(spec))).toBe((256n + 64n + 16n) * MI);
  });

  test('is none for a Burstable pod where some container sets no memory limit', () => {
    expect(podMemoryCgroupLimit(defaultedPod({ containers: [c('app', { request: '64Mi', limit: '256Mi' }), c('b', {})] }))).toBeUndefined();
  });

  test('counts an init container as limited when a sidecar started before it is (ContainerFn sees the init phase)', () => {
    const sidecar = c('proxy', { request: '32Mi', limit: '64Mi' }, [], { restartPolicy: 'Always' });
    const init: ContainerJson = { name: 'migrate' };
    const app = c('app', { request: '128Mi', limit: '256Mi' });
    expect(podMemoryCgroupLimit(defaultedPod({ initContainers: [sidecar, init], containers: [app] }))).toBe(320n * MI);
    expect(podMemoryCgroupLimit(defaultedPod({ initContainers: [init, sidecar], containers: [app] }))).toBeUndefined();
  });

  test('is the pod-level memory limit when the pod sets one', () => {
    expect(podMemoryCgroupLimit(defaultedPod({ resources: { limits: { memory: '1Gi' } }, containers: [c('app', {})] }))).toBe(1024n * MI);
  });

  test('is none for a BestEffort pod', () => {
    expect(podMemoryCgroupLimit(defaultedPod({ containers: [{ name: 'app' }] }))).toBeUndefined();
  });
});

describe('memoryHeadroom', () => {
  test('subtracts the sizeLimit of the tmpfs a container writes from its memory limit', () => {
    const rows = memoryHeadroom({ volumes: [tmpfs('cache', '128Mi')], containers: [c('app', { limit: '512Mi' }, ['cache'])] });
    expect(rows).toEqual([{
      container: 'app',
      memoryLimit: 512n * MI,
      limitSource: 'container',
      volumes: [{ name: 'cache', sizeLimit: 128n * MI, size: 128n * MI }],
      remaining: 384n * MI,
    }]);
  });

  test('a tmpfs without sizeLimit may take the whole pod limit (since 1.32 its size is the pod memory limit)', () => {
    const rows = memoryHeadroom({ volumes: [tmpfs('scratch')], containers: [c('app', { limit: '512Mi' }, ['scratch']), c('b', { limit: '512Mi' })] });
    expect(rows[0].volumes[0]).toEqual({ name: 'scratch', sizeLimit: undefined, size: 1024n * MI });
    expect(rows[0].remaining).toBe(-512n * MI);
  });

  test('a sizeLimit above the pod limit is capped at the pod limit', () => {
    const rows = memoryHeadroom({ volumes: [tmpfs('big', '4Gi')], containers: [c('app', { limit: '1Gi' }, ['big'])] });
    expect(rows[0].volumes[0].size).toBe(1024n * MI);
    expect(rows[0].remaining).toBe(0n);
  });

  test('sums every tmpfs a container writes, each counted once, and may go negative', () => {
    const spec: PodSpecJson = {
      volumes: [tmpfs('a', '300Mi'), tmpfs('b', '300Mi'), { name: 'disk', emptyDir: {} }],
      containers: [c('app', { limit: '512Mi' }, ['a', 'b', 'disk', { name: 'a', readOnly: false }])],
    };
    const [row] = memoryHeadroom(spec);
    expect(row.volumes.map(v => v.name)).toEqual(['a', 'b']);
    expect(row.remaining).toBe(-88n * MI);
  });

  test('leaves out read-only mounts and containers that write no tmpfs', () => {
    const spec: PodSpecJson = {
      volumes: [tmpfs('shared', '64Mi')],
      initContainers: [c('fill', { limit: '128Mi' }, ['shared'])],
      containers: [c('reader', { limit: '128Mi' }, [{ name: 'shared', readOnly: true }]), c('other', { limit: '128Mi' })],
    };
    expect(memoryHeadroom(spec).map(r => r.container)).toEqual(['fill']);
  });

  test('falls back to the pod limit for a container without its own, and to unknown without either', () => {
    const withPodLimit: PodSpecJson = { resources: { limits: { memory: '1Gi' } }, volumes: [tmpfs('t', '256Mi')], containers: [c('app', {}, ['t'])] };
    expect(memoryHeadroom(withPodLimit)[0]).toMatchObject({ memoryLimit: 1024n * MI, limitSource: 'pod', remaining: 768n * MI });
    const none: PodSpecJson = { volumes: [tmpfs('t', '256Mi')], containers: [c('app', {}, ['t'])] };
    expect(memoryHeadroom(none)[0]).toEqual({
      container: 'app', memoryLimit: undefined, limitSource: undefined, volumes: [{ name: 't', sizeLimit: 256n * MI, size: 256n * MI }], remaining: undefined,
    });
  });

  test('is empty for a pod without memory-backed emptyDirs', () => {
    expect(memoryHeadroom({ volumes: [{ name: 'disk', emptyDir: {} }], containers: [c('app', { limit: '1Gi' }, ['disk'])] })).toEqual([]);
  });

  test('reads no quantity of a pod without memory-backed emptyDirs', () => {
    expect(memoryHeadroom({ volumes: [{ name: 'disk', emptyDir: {} }], containers: [c('app', { limit: 'lots' }, ['disk'])] })).toEqual([]);
  });

  test('throws when a sizeLimit is malformed, naming the volume', () => {
    expect(() => memoryHeadroom({ volumes: [tmpfs('t', '1 GB')], containers: [c('app', {}, ['t'])] })).toThrow(
      'quantity "1 GB" (spec.volumes[0] \'t\' emptyDir.sizeLimit) is not a Kubernetes quantity');
  });
});

describe('memoryBackedVolumes (what the report and the PP-TMPFS-* rules share)', () => {
  test('lists every memory-backed emptyDir in spec order, written or not, and the rows share its objects', () => {
    const spec: PodSpecJson = {
      volumes: [tmpfs('b', '64Mi'), { name: 'disk', emptyDir: {} }, tmpfs('a'), tmpfs('ro', '0')],
      containers: [c('app', { limit: '512Mi' }, ['a', { name: 'ro', readOnly: true }])],
    };
    const { volumes, rows } = memoryBackedVolumes(spec);
    expect(volumes).toEqual([
      { name: 'b', sizeLimit: 64n * MI, size: 64n * MI },
      { name: 'a', sizeLimit: undefined, size: 512n * MI },
      { name: 'ro', sizeLimit: 0n, size: 512n * MI },
    ]);
    expect(rows).toEqual(memoryHeadroom(spec));
    expect(rows[0].volumes[0]).toBe(volumes[1]);
  });

  test('treats a memory limit of 0 as none, falling back to the pod limit', () => {
    const spec: PodSpecJson = { volumes: [tmpfs('t', '64Mi')], containers: [c('app', { limit: '0' }, ['t'])] };
    expect(memoryBackedVolumes(spec).rows[0]).toMatchObject({ memoryLimit: undefined, limitSource: undefined });
    const withPod: PodSpecJson = { ...spec, resources: { limits: { memory: '256Mi' } } };
    expect(memoryBackedVolumes(withPod).rows[0]).toMatchObject({ memoryLimit: 256n * MI, limitSource: 'pod' });
  });

  test('hasMemoryBackedVolume is true only for emptyDir.medium Memory', () => {
    expect(hasMemoryBackedVolume({ containers: [] })).toBe(false);
    expect(hasMemoryBackedVolume({ volumes: [{ name: 'd', emptyDir: {} }, { name: 'c', configMap: { name: 'x' } }], containers: [] })).toBe(false);
    expect(hasMemoryBackedVolume({ volumes: [{ name: 'd', emptyDir: {} }, tmpfs('t')], containers: [] })).toBe(true);
  });
});

describe('sizeLimitsTogether', () => {
  const vol = (name: string, sizeLimit?: string) => ({ name, emptyDir: { medium: 'Memory', ...(sizeLimit ? { sizeLimit } : {}) } });
  const rowOf = (volumes: any[], mounted: string[]) => memoryHeadroom({
    volumes,
    containers: [{
      name: 'app',
      image: 'mycompany/web:1.6.0',
      volumeMounts: mounted.map((name, k) => ({ name, mountPath: `/v${k}` })),
      resources: { limits: { memory: '512Mi' } },
    }],
  })[0];

  test('adds up the sizeLimits of the volumes one container writes, when it writes several', () => {
    expect(sizeLimitsTogether(rowOf([vol('a', '100Mi'), vol('b', '200Mi')], ['a', 'b']))).toBe(300n * 1024n * 1024n);
  });

  test('is undefined for one volume, or when a volume has no positive sizeLimit', () => {
    expect(sizeLimitsTogether(rowOf([vol('a', '100Mi'), vol('b', '200Mi')], ['a']))).toBeUndefined();
    expect(sizeLimitsTogether(rowOf([vol('a', '100Mi'), vol('b')], ['a', 'b']))).toBeUndefined();
    expect(sizeLimitsTogether(rowOf([vol('a', '100Mi'), vol('b', '0')], ['a', 'b']))).toBeUndefined();
  });
});
