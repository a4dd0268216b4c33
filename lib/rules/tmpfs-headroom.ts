import { PodModel } from '../pod-model';
import { formatAmount } from '../quantity';
import { PodRule, RuleSeverity } from '../rule';
import { memoryLimit, memoryVolumes, who } from './rule-helpers';

/**
 * A memory-backed emptyDir without a sizeLimit, or whose sizeLimit leaves a mounting container less than a
 * quarter of its memory limit. (A sizeLimit at or above the limit is PP-TMPFS-OVER-LIMIT, an error.)
 */
export const tmpfsHeadroom: PodRule = {
  id: 'PP-TMPFS-HEADROOM',
  severity: RuleSeverity.WARNING,
  cause: 'A memory-backed emptyDir has no sizeLimit, or its sizeLimit leaves a mounting container less than a quarter of its memory limit.',
  explanation: 'Bytes in a `medium: Memory` emptyDir count against the memory limit of the container that writes them. '
    + 'Without a sizeLimit the volume can grow until that container is OOM-killed; with a sizeLimit close to the limit the '
    + 'process itself is left with too little. Set a sizeLimit that leaves at least a quarter of every mounting container\'s '
    + 'memory limit, e.g. 300Mi of 512Mi leaves 212Mi.',
  source: 'https://kubernetes.io/docs/concepts/storage/volumes/#emptydir (medium: Memory)',
  check: (pod: PodModel) => {
    const out: string[] = [];
    for (const v of memoryVolumes(pod)) {
      if (v.sizeLimit === undefined) {
        if (v.mountedBy.length === 0) continue;
        const limits = v.mountedBy.map(c => {
          const l = memoryLimit(c);
          return `'${c.name}' ${l === undefined ? 'with no memory limit' : `with a ${formatAmount('memory', l)} memory limit`}`;
        });
        const known = v.mountedBy.map(memoryLimit).filter((l): l is bigint => l !== undefined);
        const smallest = known.length > 0 ? known.reduce((a, b) => (b < a ? b : a)) : undefined;
        const advice = smallest === undefined ? '' : `, at most ${formatAmount('memory', smallest - smallest / 4n)} to leave a quarter of the smallest limit`;
        out.push(`emptyDir '${v.volume.name}' (medium: Memory) has no sizeLimit: it can grow until it fills the memory of the `
          + `containers that mount it (${limits.join(', ')}) and gets them OOM-killed. `
          + `Set emptyDir.sizeLimit (cdk8s-plus: Volume.fromEmptyDir(scope, id, name, { medium: EmptyDirMedium.MEMORY, sizeLimit }))${advice}.`);
        continue;
      }
      for (const c of v.mountedBy) {
        const limit = memoryLimit(c);
        if (limit === undefined || v.sizeLimit >= limit) continue;
        const left = limit - v.sizeLimit;
        if (left * 4n >= limit) continue;
        out.push(`emptyDir '${v.volume.name}' (medium: Memory) may take most of the memory of ${who(c)}: sizeLimit `
          + `${formatAmount('memory', v.sizeLimit)} of ${formatAmount('memory', limit)} leaves ${formatAmount('memory', left)}, less than a `
          + `quarter (${formatAmount('memory', limit / 4n)}) for the process. Lower sizeLimit to at most `
          + `${formatAmount('memory', limit - limit / 4n)} or raise the memory limit of '${c.name}'.`);
      }
    }
    return out;
  },
};
