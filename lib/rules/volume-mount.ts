import { fieldPath, PodModel } from '../pod-model';
import { PodRule, RuleSeverity } from '../rule';
import { who } from './rule-helpers';

/**
 * Volume mounts the API server rejects. kubernetes `pkg/apis/core/validation/validation.go` `ValidateVolumeMounts`
 * (VALIDATION-RULES 5.2, 5.3): every mount names a pod volume; a mountPath is used once per container.
 */
export const volumeMount: PodRule = {
  id: 'PP-VOLUME-MOUNT',
  severity: RuleSeverity.ERROR,
  apiServerRejects: true,
  cause: 'A volumeMount names a volume the pod does not declare, or a container mounts two volumes at one path.',
  explanation: 'Every `volumeMounts[].name` must be one of the pod\'s `volumes` (`Not found`), and a `mountPath` may be used '
    + 'only once within a container (`must be unique`); different containers may mount the same volume anywhere. '
    + 'cdk8s-plus declares the volumes of the mounts it is given, so this mostly catches hand-written manifests. Declare the '
    + 'volume, fix the name, or move one mount to another path.',
  source: 'kubernetes pkg/apis/core/validation/validation.go ValidateVolumeMounts',
  check: (pod: PodModel) => {
    const volumes = new Set((pod.spec.volumes ?? []).map(v => v.name));
    const out: string[] = [];
    for (const c of pod.containers) {
      const paths = new Set<string>();
      (c.spec.volumeMounts ?? []).forEach((m, i) => {
        const path = `${fieldPath(c)}.volumeMounts[${i}]`;
        if (!volumes.has(m.name)) {
          const known = volumes.size > 0 ? `the pod declares ${[...volumes].map(v => `'${v}'`).join(', ')}` : 'the pod declares no volumes';
          out.push(`${who(c)} mounts volume '${m.name}' at ${m.mountPath}, but ${known} (${path}.name: Not found: "${m.name}"). `
            + `Add a volume named '${m.name}' to the pod or fix the name.`);
        }
        if (paths.has(m.mountPath)) {
          out.push(`${who(c)} mounts two volumes at ${m.mountPath} (${path}.mountPath: Invalid value: "${m.mountPath}": must be unique). `
            + 'Move one of them to another path.');
        }
        paths.add(m.mountPath);
      });
    }
    return out;
  },
};
