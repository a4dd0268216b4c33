import { KubernetesFeature } from '../../model/kubernetes-feature';
import { fieldPath, ModelContainer, PodModel } from '../../model/pod-model';
import { PodRule } from '../rule';
import { RuleSeverity } from '../rule-severity';
import { who } from './rule-helpers';


const WITH_RESTART_RULES: readonly string[] = ['Always', 'Never', 'OnFailure'];
const ALWAYS_ONLY: readonly string[] = ['Always'];
/**
 * An init container's `restartPolicy`. kubernetes `pkg/apis/core/validation/validation.go`
 * `validateInitContainerRestartPolicy` (VALIDATION-RULES 2.2, 2.3): only `Always` while the ContainerRestartRules gate
 * is off (below 1.35), `Always`, `Never` or `OnFailure` once it is on.
 */
export const initRestartPolicy: PodRule = {
  id: 'PP-INIT-RESTART-POLICY',
  severity: RuleSeverity.ERROR,
  apiServerRejects: true,
  cause: 'An init container sets a restartPolicy other than Always, which the target Kubernetes version does not allow.',
  explanation: 'On an init container, `restartPolicy: Always` makes a native sidecar. Any other value is rejected '
    + '(`Unsupported value: ...: supported values: "Always"`) unless the ContainerRestartRules feature is on (Kubernetes '
    + '1.35+, or 1.34 with the gate), which also accepts `Never` and `OnFailure` (the container stays a plain init '
    + 'container). Remove the field for a plain init container, or set `Always` for a sidecar.',
  source: 'kubernetes pkg/apis/core/validation/validation.go validateInitContainerRestartPolicy',
  check: (pod: PodModel) => {
    const { version, featureGates } = pod.target;
    const allowed = KubernetesFeature.CONTAINER_RESTART_RULES.isEnabled(version, featureGates) ? WITH_RESTART_RULES : ALWAYS_ONLY;
    const out: string[] = [];
    const cs = pod.containers;
    for (let ci = 0; ci < cs.length; ci++) {
      const c = cs[ci];
      const policy = c.spec.restartPolicy;
      if (c.list !== 'initContainers' || policy === undefined || allowed.includes(policy)) continue;
      out.push(message(c, policy, allowed, version));
    }
    return out;
  },
};

function message(c: ModelContainer, policy: string, allowed: readonly string[], version: string): string {
  const why = allowed.length === 1 ? ` on Kubernetes ${version} (${KubernetesFeature.CONTAINER_RESTART_RULES.requirement()} for Never and OnFailure)` : '';
  return `${who(c)} sets restartPolicy: ${policy}, which init containers may not have${why} `
    + `(${fieldPath(c)}.restartPolicy: Unsupported value: "${policy}": supported values: ${allowed.map(a => `"${a}"`).join(', ')}). `
    + `Remove it to keep '${c.name}' a plain init container, or set Always to make it a native sidecar.`;
}
