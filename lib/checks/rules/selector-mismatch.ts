import { selectorMatches } from '../../model/label-selector';
import { LabelSelectorJson, PodModel } from '../../model/pod-model';
import { PodRule } from '../rule';
import { RuleSeverity } from '../rule-severity';

function describeSelector(s: LabelSelectorJson): string {
  const parts = Object.entries(s.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of s.matchExpressions ?? []) if (e) parts.push(`${e.key} ${e.operator}${e.values ? ` (${e.values.join(', ')})` : ''}`);
  return parts.join(', ');
}

/**
 * A Deployment, ReplicaSet, StatefulSet or DaemonSet whose `spec.selector` does not select its own pod template.
 * kubernetes `pkg/apis/apps/validation/validation.go` `ValidateDeploymentSpec` (and `ValidateReplicaSetSpec`,
 * `ValidateStatefulSetSpec`, `ValidateDaemonSetSpec`): `spec.template.metadata.labels: Invalid value: ...:
 * \`selector\` does not match template \`labels\``.
 */
export const selectorMismatch: PodRule = {
  id: 'PP-SELECTOR-MISMATCH',
  severity: RuleSeverity.ERROR,
  apiServerRejects: true,
  cause: 'A Deployment, ReplicaSet, StatefulSet or DaemonSet has a selector that does not match its pod template\'s labels.',
  explanation: 'The controller finds its pods by `spec.selector`; a template whose pods it would not select is rejected by '
    + 'the API server (`` `selector` does not match template `labels` ``). Give the pod template every label the '
    + 'selector asks for (`spec.template.metadata.labels`), or fix the selector.',
  source: 'kubernetes pkg/apis/apps/validation/validation.go ValidateDeploymentSpec, ValidateReplicaSetSpec, ValidateStatefulSetSpec, ValidateDaemonSetSpec',
  check: (pod: PodModel) => {
    const selector = pod.selector;
    if (!selector) return [];
    if (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0) return []; // empty: another error
    const labels = pod.podMetadata.labels ?? {};
    if (selectorMatches(selector, labels)) return [];
    return [`${pod.kind} '${pod.name}' selects ${describeSelector(selector)}, which its pod template's labels `
      + `(${Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(', ') || 'none'}) do not match (spec.template.metadata.labels: `
      + `Invalid value: ${JSON.stringify(labels)}: \`selector\` does not match template \`labels\`): the API server rejects it. `
      + 'Add the selector\'s labels to spec.template.metadata.labels, or fix the selector.'];
  },
};
