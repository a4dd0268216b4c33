import { PodModel } from '../pod-model';
import { formatAmount } from '../quantity';
import { PodRule, RuleSeverity } from '../rule';
import { memoryLimit, memoryVolumes, who } from './rule-helpers';

/**
 * A memory-backed emptyDir (tmpfs) whose sizeLimit is at least the memory limit of a container that mounts it:
 * the bytes written into a tmpfs are charged to the writing container's memory cgroup, so filling the volume
 * OOM-kills the container before the sizeLimit is ever reached.
 */
export const tmpfsOverLimit: PodRule = {
  id: 'PP-TMPFS-OVER-LIMIT',
  severity: RuleSeverity.ERROR,
  cause: 'A memory-backed emptyDir\'s sizeLimit is at least the memory limit of a container that mounts it.',
  explanation: 'An `emptyDir` with `medium: Memory` is a tmpfs: what a container writes into it counts against that '
    + 'container\'s memory limit, not against ephemeral storage. With a sizeLimit at or above the limit, the container is '
    + 'OOM-killed before the volume is full, and the process itself has no memory left. Lower the sizeLimit well below the '
    + 'memory limit (leave at least a quarter for the process), or raise the limit.',
  source: 'https://kubernetes.io/docs/concepts/storage/volumes/#emptydir (medium: Memory)',
  check: (pod: PodModel) => {
    const out: string[] = [];
    for (const v of memoryVolumes(pod)) {
      if (v.sizeLimit === undefined) continue;
      for (const c of v.mountedBy) {
        const limit = memoryLimit(c);
        if (limit === undefined || v.sizeLimit < limit) continue;
        const room = limit - limit / 4n;
        out.push(`emptyDir '${v.volume.name}' (medium: Memory) has sizeLimit ${formatAmount('memory', v.sizeLimit)}, at least the `
          + `${formatAmount('memory', limit)} memory limit of ${who(c)} that mounts it: what '${c.name}' writes there counts against `
          + `its memory limit, so it is OOM-killed before the volume is full. Lower sizeLimit to at most ${formatAmount('memory', room)} `
          + `(leaving a quarter for the process) or raise the memory limit of '${c.name}'.`);
      }
    }
    return out;
  },
};
