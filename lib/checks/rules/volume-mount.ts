import { fieldPath, ModelContainer, PodModel, VolumeJson } from '../../model/pod-model';
import { PodRule } from '../rule';
import { RuleSeverity } from '../rule-severity';
import { who } from './rule-helpers';

/**
 * Volume mounts the API server rejects. kubernetes `pkg/apis/core/validation/validation.go` `ValidateVolumeMounts`
 * (VALIDATION-RULES 5.2, 5.3): every mount names a pod volume; a mountPath is used once per container. The volumes of a
 * StatefulSet's pods include one per `volumeClaimTemplates` entry, which the StatefulSet controller adds to each pod it
 * creates (`pkg/controller/statefulset/stateful_set_utils.go` `updateStorage`), so mounts may name those too.
 */
export const volumeMount: PodRule = {
  id: 'PP-VOLUME-MOUNT',
  severity: RuleSeverity.ERROR,
  apiServerRejects: true,
  cause: 'A volumeMount names a volume the pod does not declare, or a container mounts two volumes at one path.',
  explanation: 'Every `volumeMounts[].name` must be one of the pod\'s `volumes` (`Not found`), and a `mountPath` may be used '
    + 'only once within a container (`must be unique`); different containers may mount the same volume anywhere. In a '
    + 'StatefulSet a mount may also name one of its `volumeClaimTemplates`: the StatefulSet controller adds a volume of '
    + 'that name, bound to the pod\'s own claim, to every pod it creates. (The API server does not check a StatefulSet\'s '
    + 'template, but it rejects every pod the controller then tries to create from it.) '
    + 'cdk8s-plus declares the volumes of the mounts it is given, so this mostly catches hand-written manifests. Declare the '
    + 'volume, fix the name, or move one mount to another path.',
  source: 'kubernetes pkg/apis/core/validation/validation.go ValidateVolumeMounts; '
    + 'pkg/controller/statefulset/stateful_set_utils.go updateStorage',
  check: (pod: PodModel) => {
    const out: string[] = [];
    const podVolumes = pod.spec.volumes ?? [];
    const claims = pod.volumeClaimTemplates ?? [];
    const cs = pod.containers;
    for (let ci = 0; ci < cs.length; ci++) {
      const c = cs[ci];
      const mounts = c.spec.volumeMounts;
      if (!mounts || mounts.length === 0) continue;
      // strings and sets are built only for a finding: a pod has a handful of mounts
      for (let i = 0; i < mounts.length; i++) {
        const m = mounts[i];
        if (!hasVolume(podVolumes, m.name) && !claims.includes(m.name)) out.push(notFound(pod, c, i, podVolumes, claims));
        if (mountedBefore(mounts, i)) out.push(samePath(c, i));
      }
    }
    return out;
  },
};

/** Whether the pod declares a volume of that name. */
function hasVolume(volumes: readonly { name: string }[], name: string): boolean {
  for (let vi = 0; vi < volumes.length; vi++) {
    const v = volumes[vi];
    if (v.name === name) return true;
  }
  return false;
}

/** Whether a mount before index `i` uses the same mountPath. */
function mountedBefore(mounts: readonly { mountPath: string }[], i: number): boolean {
  for (let j = 0; j < i; j++) {
    if (mounts[j].mountPath === mounts[i].mountPath) return true;
  }
  return false;
}

function notFound(pod: PodModel, c: ModelContainer, i: number, podVolumes: readonly VolumeJson[], claims: readonly string[]): string {
  const m = c.spec.volumeMounts![i];
  const quoted = (names: readonly string[]): string => names.filter((n, k, all) => all.indexOf(n) === k).map(v => `'${v}'`).join(', ');
  const names = podVolumes.map(v => v.name);
  const volumes = names.length > 0 ? `the pod declares ${quoted(names)}` : 'the pod declares no volumes';
  const known = claims.length > 0 ? `${volumes} and the StatefulSet's volumeClaimTemplates add ${quoted(claims)}` : volumes;
  const fix = pod.kind === 'StatefulSet' ? `a volume named '${m.name}' to the pod (or a volumeClaimTemplates entry of that name)` : `a volume named '${m.name}' to the pod`;
  return `${who(c)} mounts volume '${m.name}' at ${m.mountPath}, but ${known} (${fieldPath(c)}.volumeMounts[${i}].name: Not found: "${m.name}"). `
    + `Add ${fix} or fix the name.`;
}

function samePath(c: ModelContainer, i: number): string {
  const m = c.spec.volumeMounts![i];
  return `${who(c)} mounts two volumes at ${m.mountPath} (${fieldPath(c)}.volumeMounts[${i}].mountPath: Invalid value: "${m.mountPath}": must be unique). `
    + 'Move one of them to another path.';
}
