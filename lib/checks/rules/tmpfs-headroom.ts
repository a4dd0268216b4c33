import { hasMemoryBackedVolume, memoryBackedVolumes, sizeLimitsTogether } from '../../accounting/memory-backed-volumes';
import { injectorOwnedVolumes } from '../../model/injected-sidecars';
import { PodModel } from '../../model/pod-model';
import { formatAmount } from '../../model/quantity';
import { PodRule } from '../rule';
import { RuleSeverity } from '../rule-severity';
import { andList, whoNamed } from './rule-helpers';

/**
 * A memory-backed emptyDir without a sizeLimit, or whose sizeLimit leaves a container that writes it less than a
 * quarter of its memory limit. (A sizeLimit at or above the limit is PP-TMPFS-OVER-LIMIT, an error.) Built on the rows
 * of `memoryHeadroom` (lib/accounting/memory-backed-volumes.ts), as PP-TMPFS-OVER-LIMIT is: a sizeLimit that is not positive is
 * no sizeLimit (kubernetes pkg/volume/emptydir/empty_dir.go `calculateEmptyDirMemorySize`), read-only mounts are not
 * counted, and a container without a memory limit of its own (or with 0) is held to the pod's, if any.
 */
export const tmpfsHeadroom: PodRule = {
  id: 'PP-TMPFS-HEADROOM',
  severity: RuleSeverity.WARNING,
  cause: 'A memory-backed emptyDir has no sizeLimit, or its sizeLimit leaves a container that writes it less than a quarter of its memory limit.',
  explanation: 'Bytes in a `medium: Memory` emptyDir count against the memory limit of the container that writes them. '
    + 'Without a sizeLimit (a sizeLimit of 0 counts as none) the volume can grow until that container is OOM-killed (or, '
    + 'when no memory limit bounds it, until the node runs short of memory and the kubelet evicts the pod); with a '
    + 'sizeLimit close to the limit the process itself is left with too little. Set a sizeLimit that leaves at least a quarter '
    + 'of the memory limit of every container that mounts the volume writable (its own limit, else the pod\'s), e.g. 300Mi '
    + 'of 512Mi leaves 212Mi. Read-only mounts cannot fill the volume and are not counted; several volumes that one '
    + 'container writes are added up. Volumes an injector adds are not reported, since the user does not write them and the '
    + 'injector would put them back as they were: those Istio lists in the pod\'s `sidecar.istio.io/status` annotation '
    + '(`istio-envoy`) and Linkerd\'s `linkerd-identity-end-entity`; their size is set in the injector\'s configuration.',
  source: 'https://kubernetes.io/docs/concepts/storage/volumes/#emptydir (medium: Memory); '
    + 'https://kubernetes.io/docs/concepts/scheduling-eviction/node-pressure-eviction/; kubernetes '
    + 'pkg/volume/emptydir/empty_dir.go calculateEmptyDirMemorySize, pkg/kubelet/cm/helpers_linux.go ResourceConfigForPod',
  check: (pod: PodModel) => {
    const out: string[] = [];
    if (!hasMemoryBackedVolume(pod.spec)) return out; // the usual pod: nothing parsed, nothing built
    const { volumes, rows } = memoryBackedVolumes(pod.spec);
    const owned = injectorOwnedVolumes(pod);
    for (const v of volumes) {
      if (owned.has(v.name)) continue; // an injector writes it, not the user: it would put it back as it was
      const writers = rows.filter(r => r.volumes.includes(v));
      if (writers.length === 0) continue; // unmounted, or mounted read-only only: nothing can fill it
      const sizeLimit = v.sizeLimit;
      if (sizeLimit === undefined || sizeLimit <= 0n) {
        const limits = writers.map(r => {
          const l = r.memoryLimit === undefined ? undefined : formatAmount('memory', r.memoryLimit);
          return `'${r.container}' ${l === undefined ? 'with no memory limit' : r.limitSource === 'pod' ? `with the pod's ${l} memory limit` : `with a ${l} memory limit`}`;
        });
        const known = writers.map(r => r.memoryLimit).filter((l): l is bigint => l !== undefined);
        const smallest = known.length > 0 ? known.reduce((a, b) => (b < a ? b : a)) : undefined;
        const advice = smallest === undefined ? '' : `, at most ${formatAmount('memory', smallest - smallest / 4n)} to leave a quarter of the smallest limit`;
        const none = sizeLimit === undefined ? 'no sizeLimit' : `sizeLimit ${formatAmount('memory', sizeLimit)}, which Kubernetes treats as no sizeLimit`;
        out.push(`emptyDir '${v.name}' (medium: Memory) has ${none}: it can grow until it fills the memory of the `
          + `containers that mount it writable (${limits.join(', ')}) ${outcome(known.length, writers.length)}. `
          + `Set emptyDir.sizeLimit (cdk8s-plus: Volume.fromEmptyDir(scope, id, name, { medium: EmptyDirMedium.MEMORY, sizeLimit }))${advice}.`);
        continue;
      }
      for (const r of writers) {
        const limit = r.memoryLimit;
        if (limit === undefined || sizeLimit >= limit) continue;
        const left = limit - sizeLimit;
        if (left * 4n >= limit) continue;
        const pods = r.limitSource === 'pod';
        out.push(`emptyDir '${v.name}' (medium: Memory) may take most of the memory of ${whoNamed(pod, r.container)}: sizeLimit `
          + `${formatAmount('memory', sizeLimit)} of ${pods ? 'the pod\'s ' : ''}${formatAmount('memory', limit)}${pods ? ' memory limit' : ''} `
          + `leaves ${formatAmount('memory', left)}, less than a quarter (${formatAmount('memory', limit / 4n)}) for the process. `
          + `Lower sizeLimit to at most ${formatAmount('memory', limit - limit / 4n)} or raise `
          + `${pods ? 'the pod\'s memory limit (spec.resources.limits.memory)' : `the memory limit of '${r.container}'`}.`);
      }
    }
    // several tmpfs volumes written by one container add up in its memory cgroup (at or above the limit:
    // PP-TMPFS-OVER-LIMIT); one that alone leaves less than a quarter is reported above on its own
    for (const r of rows) {
      const limit = r.memoryLimit;
      const total = sizeLimitsTogether(r);
      if (limit === undefined || total === undefined || r.volumes.some(v => (limit - v.sizeLimit!) * 4n < limit)) continue;
      const left = limit - total;
      if (left <= 0n || left * 4n >= limit) continue;
      const pods = r.limitSource === 'pod';
      out.push(`emptyDirs ${andList(r.volumes.map(v => `'${v.name}'`))} (medium: Memory) may together take most of the `
        + `memory of ${whoNamed(pod, r.container)}, which writes all of them: sizeLimit `
        + `${r.volumes.map(v => formatAmount('memory', v.sizeLimit!)).join(' + ')} = ${formatAmount('memory', total)} of `
        + `${pods ? 'the pod\'s ' : ''}${formatAmount('memory', limit)}${pods ? ' memory limit' : ''} leaves ${formatAmount('memory', left)}, less than `
        + `a quarter (${formatAmount('memory', limit / 4n)}) for the process. Lower the sizeLimits to at most `
        + `${formatAmount('memory', limit - limit / 4n)} in all, or raise the memory limit.`);
    }
    return out;
  },
};

/**
 * What a full tmpfs does to the containers that write it: a container with a memory limit is OOM-killed at that limit;
 * one without (tmpfs pages count in the pod's memory, and the tmpfs is then sized to the node's allocatable memory by
 * `calculateEmptyDirMemorySize`) takes the node's memory until the kubelet evicts the pod under memory pressure.
 */
function outcome(limited: number, writers: number): string {
  if (limited === writers) return 'and gets them OOM-killed';
  if (limited === 0) return "and, as no memory limit bounds them, takes the node's memory until the kubelet evicts the pod";
  return "and gets those with a memory limit OOM-killed; the others take the node's memory until the kubelet evicts the pod";
}
