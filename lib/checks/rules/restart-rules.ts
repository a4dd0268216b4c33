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
 * `validateContainerRestartPolicy`, `validateInitContainerRestartPolicy` (VALIDATION-RULES 2.3). The action
 * `RestartAllContainers`, and restart rules on native sidecars, need RestartAllContainersOnContainerExits (KEP-5532,
 * alpha 1.35, beta 1.36; kubernetes/kubernetes#134345, #136681); without it the only action is `Restart`
 * (kubernetes/kubernetes#137368: `...restartPolicyRules[0].action: Unsupported value: "invalid": supported values:
 * "Restart"`, and with the gate, since #137369, `supported values: "Restart", "RestartAllContainers"`).
 */
export const restartRules: PodRule = {
  id: 'PP-RESTART-RULES',
  severity: RuleSeverity.ERROR,
  apiServerRejects: true,
  cause: 'A container\'s restartPolicyRules lack an explicit restartPolicy, number more than 20, use an action the target '
    + 'does not have, or sit on a native sidecar where the target does not allow it.',
  explanation: 'Container restart rules (KEP-5307) refine a container-level `restartPolicy`, so the API server requires '
    + 'that `restartPolicy` be set on the same container, allows at most 20 rules, and refuses them on an init container '
    + 'with `restartPolicy: Always` (a native sidecar always restarts) unless RestartAllContainersOnContainerExits is on '
    + '(beta, on by default since 1.36; alpha in 1.35). Each rule\'s `action` is `Restart`, or, with that gate, '
    + '`RestartAllContainers` (restart every container of the pod when this one exits so). Set the container\'s '
    + 'restartPolicy, trim the rules, use a supported action, or move the rules off the sidecar.',
  source: 'kubernetes pkg/apis/core/validation/validation.go validateContainerRestartPolicy, validateInitContainerRestartPolicy',
  check: (pod: PodModel) => {
    if (!KubernetesFeature.CONTAINER_RESTART_RULES.isEnabled(pod.target.version, pod.target.featureGates)) return [];
    const restartAll = KubernetesFeature.RESTART_ALL_CONTAINERS.isEnabled(pod.target.version, pod.target.featureGates);
    const actions = restartAll ? ['Restart', 'RestartAllContainers'] : ['Restart'];
    const out: string[] = [];
    for (const c of pod.containers) {
      const rules = c.spec.restartPolicyRules;
      if (!Array.isArray(rules) || rules.length === 0) continue;
      const path = fieldPath(c);
      if (c.spec.restartPolicy === undefined) {
        out.push(`${who(c)} has restartPolicyRules but no restartPolicy of its own (${path}.restartPolicy: Required value: must `
          + 'specify restartPolicy when restart rules are used). Set its restartPolicy (Never or OnFailure), or remove the rules.');
      } else if (c.role === 'sidecar' && !restartAll) {
        out.push(`${who(c)} has restartPolicyRules, which a native sidecar may not have on Kubernetes ${pod.target.version} `
          + `without the ${KubernetesFeature.RESTART_ALL_CONTAINERS.gate} gate (${path}.restartPolicyRules: Forbidden: restartPolicyRules `
          + 'are not allowed for init containers with restart policy Always). Remove them (a native sidecar is always restarted); '
          + `rules on native sidecars come with the RestartAllContainers action: ${KubernetesFeature.RESTART_ALL_CONTAINERS.requirement()}.`);
      }
      rules.forEach((rule: unknown, i: number) => {
        const action = (rule as { action?: unknown } | null)?.action;
        if (typeof action === 'string' && actions.includes(action)) return;
        const supported = actions.map(a => `"${a}"`).join(', ');
        const hint = action === 'RestartAllContainers'
          ? `${KubernetesFeature.RESTART_ALL_CONTAINERS.requirement()}; use Restart, or target a newer version`
          : `use ${actions.join(' or ')}`;
        out.push(`${who(c)} has restart rule ${i} with action ${JSON.stringify(action ?? null)} (${path}.restartPolicyRules[${i}].action: `
          + `${action === undefined ? 'Required value' : `Unsupported value: ${JSON.stringify(action)}: supported values: ${supported}`}): ${hint}.`);
      });
      if (rules.length > MAX_RULES) {
        out.push(`${who(c)} has ${rules.length} restartPolicyRules (${path}.restartPolicyRules: Too many: ${rules.length}: must have `
          + `at most ${MAX_RULES} items). Merge rules (one rule may list several exit codes) to at most ${MAX_RULES}.`);
      }
    }
    return out;
  },
};
