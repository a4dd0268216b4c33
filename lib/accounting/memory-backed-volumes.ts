import { defaultedPod, isPodLevelResourcesSet, NanoList, podLimitsOf, ResourcePod } from './pod-resources';
import { computePodQos } from './qos';
import { QosClass } from './qos-class';
import { ContainerJson, PodSpecJson } from '../model/pod-model';
import { divRoundUp, NANO, quantityNanos } from '../model/quantity';

/** One memory-backed emptyDir a container writes, with the bytes it may hold. */
export interface MemoryVolumeRow {
  readonly name: string;
  /** `emptyDir.sizeLimit` in bytes (`Value()`), if set. */
  readonly sizeLimit?: bigint;
  /** What the tmpfs may hold: `calculateEmptyDirMemorySize` without node allocatable; undefined when unbounded. */
  readonly size?: bigint;
}

/** A container's memory once the tmpfs volumes it writes are full. */
export interface MemoryHeadroomRow {
  readonly container: string;
  /** Its memory limit in bytes: its own, else the pod's memory cgroup limit; undefined when neither exists. */
  readonly memoryLimit?: bigint;
  /** Where `memoryLimit` comes from. */
  readonly limitSource?: 'container' | 'pod';
  /** The memory-backed emptyDirs it mounts writable (a read-only mount cannot fill the tmpfs). */
  readonly volumes: MemoryVolumeRow[];
  /** `memoryLimit` minus the volumes' sizes; undefined when the limit or a size is unknown. May be negative. */
  readonly remaining?: bigint;
}

const bytes = (nanos: bigint): bigint => divRoundUp(nanos, NANO);

/**
 * The memory limit of the pod cgroup, as pkg/kubelet/cm/helpers_linux.go `ResourceConfigForPod` sets it:
 * `PodLimits(memory).Value()` for a Guaranteed pod, and for a Burstable pod only when every container and every init
 * phase (its `ContainerFn` lists) declares a memory limit, or the pod sets a pod-level memory limit; none otherwise.
 */
export function podMemoryCgroupLimit(pod: ResourcePod): bigint | undefined {
  let declared = true;
  const limits = podLimitsOf(pod, {
    containerFn: list => {
      if ((list.get('memory') ?? 0n) === 0n) declared = false;
    },
  });
  if (isPodLevelResourcesSet(pod) && (pod.resources?.limits?.get('memory') ?? 0n) !== 0n) declared = true;
  const qos = computePodQos(pod);
  const memory = bytes(limits.get('memory') ?? 0n);
  if (qos === QosClass.GUARANTEED || (qos === QosClass.BURSTABLE && declared)) return memory;
  return undefined;
}

/**
 * pkg/volume/emptydir/empty_dir.go `calculateEmptyDirMemorySize` (SizeMemoryBackedVolumes, GA in 1.32): the tmpfs
 * size is node allocatable memory, lowered to the pod's memory limit when that is positive, lowered again to the
 * volume's `sizeLimit` when that is positive and smaller. Node allocatable is unknown here, so undefined means
 * "up to the node's allocatable memory".
 */
export function emptyDirMemorySize(podLimit: bigint | undefined, sizeLimit: bigint | undefined): bigint | undefined {
  let size: bigint | undefined;
  if (podLimit !== undefined && podLimit > 0n) size = podLimit;
  if (sizeLimit !== undefined && sizeLimit > 0n && (size === undefined || sizeLimit <= size)) size = sizeLimit;
  return size;
}

function containerMemoryLimit(limits: NanoList | undefined): bigint | undefined {
  const v = limits?.get('memory');
  return v === undefined || v === 0n ? undefined : bytes(v);
}

/** The memory-backed emptyDirs of a pod and the containers that write them. */
export interface MemoryBackedVolumes {
  /** Every `emptyDir.medium: Memory` volume, in spec order, written or not. */
  readonly volumes: MemoryVolumeRow[];
  /** `memoryHeadroom`'s rows: one per container that mounts one of `volumes` writable, sharing its `MemoryVolumeRow`s. */
  readonly rows: MemoryHeadroomRow[];
}

/**
 * Whether the pod has a memory-backed emptyDir. Reads no quantity and allocates nothing, so the report and the
 * PP-TMPFS-* rules return at once for the usual pod, which has none.
 */
export function hasMemoryBackedVolume(spec: PodSpecJson): boolean {
  const volumes = spec.volumes;
  if (!volumes) return false;
  for (let i = 0; i < volumes.length; i++) if (volumes[i].emptyDir?.medium === 'Memory') return true;
  return false;
}

/**
 * The pod's memory-backed emptyDirs, with `memoryHeadroom`'s rows: what the report shows and what PP-TMPFS-OVER-LIMIT
 * and PP-TMPFS-HEADROOM check, so the two never disagree. A malformed quantity (a sizeLimit, any resource of the pod)
 * throws `QuantityError`; a pod without a memory-backed emptyDir reads none.
 */
export function memoryBackedVolumes(spec: PodSpecJson): MemoryBackedVolumes {
  if (!hasMemoryBackedVolume(spec)) return { volumes: [], rows: [] };
  const byName = new Map<string, MemoryVolumeRow>();
  const sizeLimits: Array<{ name: string; sizeLimit?: bigint }> = [];
  (spec.volumes ?? []).forEach((v, i) => {
    if (v.emptyDir?.medium !== 'Memory') return;
    const raw = v.emptyDir.sizeLimit;
    const where = (): string => `spec.volumes[${i}] '${v.name}' emptyDir.sizeLimit`;
    sizeLimits.push({ name: v.name, sizeLimit: raw === undefined || raw === null ? undefined : bytes(quantityNanos(raw, where)) });
  });
  const pod = defaultedPod(spec);
  const podLimit = podMemoryCgroupLimit(pod);
  const volumes = sizeLimits.map(({ name, sizeLimit }) => {
    const v: MemoryVolumeRow = { name, sizeLimit, size: emptyDirMemorySize(podLimit, sizeLimit) };
    byName.set(name, v);
    return v;
  });
  const rows: MemoryHeadroomRow[] = [];
  const row = (c: ContainerJson, limits: NanoList | undefined): void => {
    const written: MemoryVolumeRow[] = [];
    for (const m of c.volumeMounts ?? []) {
      const v = byName.get(m.name);
      if (v && !m.readOnly && !written.includes(v)) written.push(v);
    }
    if (written.length === 0) return;
    const own = containerMemoryLimit(limits);
    const memoryLimit = own ?? podLimit;
    const limitSource = own !== undefined ? 'container' : podLimit !== undefined ? 'pod' : undefined;
    let remaining: bigint | undefined = memoryLimit;
    for (const v of written) remaining = remaining === undefined || v.size === undefined ? undefined : remaining - v.size;
    rows.push({ container: c.name, memoryLimit, limitSource, volumes: written, remaining });
  };
  (spec.initContainers ?? []).forEach((c, i) => row(c, pod.initContainers[i].limits));
  (spec.containers ?? []).forEach((c, i) => row(c, pod.containers[i].limits));
  return { volumes, rows };
}

/**
 * The sizeLimits of the memory-backed emptyDirs one container writes, added up, when it writes several and every one of
 * them has a positive sizeLimit (their pages all count in its memory cgroup); undefined otherwise. What
 * PP-TMPFS-OVER-LIMIT and PP-TMPFS-HEADROOM compare with the limit beside each volume on its own.
 */
export function sizeLimitsTogether(row: MemoryHeadroomRow): bigint | undefined {
  if (row.volumes.length < 2) return undefined;
  let total = 0n;
  for (const v of row.volumes) {
    if (v.sizeLimit === undefined || v.sizeLimit <= 0n) return undefined;
    total += v.sizeLimit;
  }
  return total;
}

/**
 * For each container (init containers, sidecars, then regular containers, in spec order): its memory limit minus the
 * memory-backed emptyDirs it mounts writable. tmpfs pages count against the memory cgroup of the container that writes
 * them, so a full volume leaves the container only `remaining` bytes before it is OOM-killed. Containers that write no
 * memory-backed volume are left out.
 */
export function memoryHeadroom(spec: PodSpecJson): MemoryHeadroomRow[] {
  return memoryBackedVolumes(spec).rows;
}
