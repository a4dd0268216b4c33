import { KubernetesFeature } from '../../model/kubernetes-feature';
import { fieldPath, PodModel } from '../../model/pod-model';
import { PodRule } from '../rule';
import { RuleSeverity } from '../rule-severity';
import { who } from './rule-helpers';

/** The most `restartPolicyRules` one container may have. */
const MAX_RULES = 20;

/**
 * `restartPolicyRules` the API server rejects where ContainerRestartRules is on (alpha 1.34, beta 1.35; below it
 * PP-FEATURE-VERSION reports the field): kubernetes `pkg/apis/core/validation/validation.go`
 * `validateContainerRestartPolicy`, `validateInitContainerRestartPolicy` (VALIDATION-RULES 2.3).
 */
export const restartRules: PodRule = {
  id: 'PP-RESTART-RULES',
  severity: RuleSeverity.ERROR,
  apiServerRejects: true,
  cause: 'A container\'s restartPolicyRules lack an explicit restartPolicy, number more than 20, or sit on a native sidecar.',
  explanation: 'Container restart rules (KEP-5307) refine a container-level `restartPolicy`, so the API server requires '
    + 'that `restartPolicy` be set on the same container, allows at most 20 rules, and refuses them on an init container '
    + 'with `restartPolicy: Always` (a native sidecar always restarts) unless the RestartAllContainers gate is on. Set '
    + 'the container\'s restartPolicy, trim the rules, or move them off the sidecar.',
  source: 'kubernetes pkg/apis/core/validation/validation.go validateContainerRestartPolicy, validateInitContainerRestartPolicy',
  check: (pod: PodModel) => {
    if (!KubernetesFeature.CONTAINER_RESTART_RULES.isEnabled(pod.target.version, pod.target.featureGates)) return [];
    const out: string[] = [];
    for (const c of pod.containers) {
      const rules = c.spec.restartPolicyRules;
      if (!Array.isArray(rules) || rules.length === 0) continue;
      const path = fieldPath(c);
      if (c.spec.restartPolicy === undefined) {
        out.push(`${who(c)} has restartPolicyRules but no restartPolicy of its own (${path}.restartPolicy: Required value: must `
          + 'specify restartPolicy when restart rules are used). Set its restartPolicy (Never or OnFailure), or remove the rules.');
      } else if (c.role === 'sidecar') {
        out.push(`${who(c)} has restartPolicyRules, which a native sidecar may not have (${path}.restartPolicyRules: Forbidden: `
          + 'restartPolicyRules are not allowed for init containers with restart policy Always). Remove them: a native sidecar is always restarted.');
      }
      if (rules.length > MAX_RULES) {
        out.push(`${who(c)} has ${rules.length} restartPolicyRules (${path}.restartPolicyRules: Too many: ${rules.length}: must have `
          + `at most ${MAX_RULES} items). Merge rules (one rule may list several exit codes) to at most ${MAX_RULES}.`);
      }
    }
    return out;
  },
};
