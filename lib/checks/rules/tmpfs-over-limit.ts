import { hasMemoryBackedVolume, memoryBackedVolumes, sizeLimitsTogether } from '../../accounting/memory-backed-volumes';
import { PodModel } from '../../model/pod-model';
import { formatAmount } from '../../model/quantity';
import { PodRule } from '../rule';
import { RuleSeverity } from '../rule-severity';
import { andList, whoNamed } from './rule-helpers';

/**
 * A memory-backed emptyDir (tmpfs) whose sizeLimit is at least the memory limit of a container that mounts it
 * writable, or several that one container writes whose sizeLimits add up to at least its limit: the bytes written into
 * a tmpfs are charged to the writing container's memory cgroup, so filling the volumes OOM-kills the container before
 * the sizeLimit is ever reached (the report's headroom, `remaining`, is then negative). Built on the rows of `memoryHeadroom`
 * (lib/accounting/memory-backed-volumes.ts), which the pod report shows: read-only mounts are not counted, a memory limit of 0 is
 * none, a container without a limit of its own is bounded by the pod's memory cgroup limit (kubernetes
 * pkg/kubelet/cm/helpers_linux.go `ResourceConfigForPod`), and a sizeLimit that is not positive is unset
 * (pkg/volume/emptydir/empty_dir.go `calculateEmptyDirMemorySize`).
 */
export const tmpfsOverLimit: PodRule = {
  id: 'PP-TMPFS-OVER-LIMIT',
  severity: RuleSeverity.ERROR,
  cause: 'A memory-backed emptyDir\'s sizeLimit (or the sizeLimits of several that one container writes, added up) is at least the memory limit of a container that mounts it writable.',
  explanation: 'An `emptyDir` with `medium: Memory` is a tmpfs: what a container writes into it counts against that '
    + 'container\'s memory limit, not against ephemeral storage. With a sizeLimit at or above the limit, the container is '
    + 'OOM-killed before the volume is full, and the process itself has no memory left. A container without a memory limit '
    + 'of its own (a limit of 0 is none) is held to the pod\'s memory limit when the pod has one (pod-level '
    + '`spec.resources.limits.memory`); a read-only mount cannot fill the volume and is not counted. Several tmpfs volumes '
    + 'that one container writes add up in its memory cgroup, so their sizeLimits are compared together as well. Lower the '
    + 'sizeLimit well below the memory limit (leave at least a quarter for the process), or raise the limit.',
  source: 'https://kubernetes.io/docs/concepts/storage/volumes/#emptydir (medium: Memory); kubernetes '
    + 'pkg/volume/emptydir/empty_dir.go calculateEmptyDirMemorySize, pkg/kubelet/cm/helpers_linux.go ResourceConfigForPod',
  check: (pod: PodModel) => {
    const out: string[] = [];
    if (!hasMemoryBackedVolume(pod.spec)) return out; // the usual pod: nothing parsed, nothing built
    const { volumes, rows } = memoryBackedVolumes(pod.spec);
    for (const v of volumes) {
      const sizeLimit = v.sizeLimit;
      if (sizeLimit === undefined || sizeLimit <= 0n) continue; // unset (calculateEmptyDirMemorySize): PP-TMPFS-HEADROOM's case
      for (const r of rows) {
        const limit = r.memoryLimit;
        if (limit === undefined || sizeLimit < limit || !r.volumes.includes(v)) continue;
        const room = limit - limit / 4n;
        const who = whoNamed(pod, r.container);
        const ofLimit = r.limitSource === 'pod'
          ? `the pod's ${formatAmount('memory', limit)} memory limit, which bounds ${who} that mounts it (it has no memory limit of its own)`
          : `the ${formatAmount('memory', limit)} memory limit of ${who} that mounts it`;
        const raise = r.limitSource === 'pod' ? 'the pod\'s memory limit (spec.resources.limits.memory)' : `the memory limit of '${r.container}'`;
        out.push(`emptyDir '${v.name}' (medium: Memory) has sizeLimit ${formatAmount('memory', sizeLimit)}, at least ${ofLimit}: `
          + `what '${r.container}' writes there counts against ${r.limitSource === 'pod' ? 'the pod\'s' : 'its'} memory limit, so it is `
          + `OOM-killed before the volume is full. Lower sizeLimit to at most ${formatAmount('memory', room)} `
          + `(leaving a quarter for the process) or raise ${raise}.`);
      }
    }
    // several tmpfs volumes written by one container: their pages add up in the same memory cgroup; one at or above
    // the limit is reported above on its own
    for (const r of rows) {
      const limit = r.memoryLimit;
      const total = sizeLimitsTogether(r);
      if (limit === undefined || total === undefined || total < limit || r.volumes.some(v => v.sizeLimit! >= limit)) continue;
      const sizes = r.volumes.map(v => formatAmount('memory', v.sizeLimit!)).join(' + ');
      const whose = r.limitSource === 'pod' ? `the pod's ${formatAmount('memory', limit)} memory limit, which bounds` : `the ${formatAmount('memory', limit)} memory limit of`;
      out.push(`emptyDirs ${andList(r.volumes.map(v => `'${v.name}'`))} (medium: Memory) may together hold ${formatAmount('memory', total)} `
        + `(sizeLimit ${sizes}), at least ${whose} ${whoNamed(pod, r.container)}, which writes all of them: their pages count against one `
        + 'memory limit, so it is OOM-killed before they are full. Lower the sizeLimits so that together they leave at least a quarter '
        + `of the limit for the process (at most ${formatAmount('memory', limit - limit / 4n)} in all), or raise the memory limit.`);
    }
    return out;
  },
};
