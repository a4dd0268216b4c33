import { KubernetesFeature } from '../../model/kubernetes-feature';
import { fieldPath, PodModel } from '../../model/pod-model';
import { PodRule } from '../rule';
import { RuleSeverity } from '../rule-severity';
import { who } from './rule-helpers';

const ALLOWED = ['Always', 'Never', 'OnFailure'];

/**
 * `restartPolicy` on a regular container. kubernetes `pkg/apis/core/validation/validation.go` `validateContainers`
 * (VALIDATION-RULES 2.4): forbidden unless the ContainerRestartRules gate is on (beta, on by default since 1.35),
 * and then only `Always`, `Never` or `OnFailure` (`validateContainerRestartPolicy`, 2.3).
 */
export const regularRestartPolicy: PodRule = {
  id: 'PP-REGULAR-RESTART-POLICY',
  severity: RuleSeverity.ERROR,
  apiServerRejects: true,
  cause: 'A regular container sets restartPolicy, which the target Kubernetes version does not allow.',
  explanation: 'A container-level `restartPolicy` is what makes an *init* container a native sidecar. On a regular '
    + 'container the API server rejects it (`Forbidden: may not be set for non-init containers`) unless the '
    + 'ContainerRestartRules feature is on (Kubernetes 1.35+, or 1.34 with the gate), which allows `Always`, `Never` and '
    + '`OnFailure`. To make a sidecar, put the container in `initContainers` (`WithNativeSidecar`); otherwise drop the field.',
  source: 'kubernetes pkg/apis/core/validation/validation.go validateContainers, validateContainerRestartPolicy',
  check: (pod: PodModel) => {
    const { version, featureGates } = pod.target;
    const gateOn = KubernetesFeature.CONTAINER_RESTART_RULES.isEnabled(version, featureGates);
    const out: string[] = [];
    const cs = pod.containers;
    for (let ci = 0; ci < cs.length; ci++) {
      const c = cs[ci];
      const policy = c.spec.restartPolicy;
      if (c.role !== 'main' || policy === undefined) continue;
      if (!gateOn) {
        out.push(`${who(c)} sets restartPolicy: ${policy}, which Kubernetes ${version} rejects on a regular container `
          + `(${fieldPath(c)}.restartPolicy: Forbidden: may not be set for non-init containers; `
          + `${KubernetesFeature.CONTAINER_RESTART_RULES.requirement()}). Remove it, or move '${c.name}' to initContainers `
          + 'with restartPolicy: Always (WithNativeSidecar) to make it a native sidecar.');
      } else if (!ALLOWED.includes(policy)) {
        out.push(`${who(c)} sets restartPolicy: ${policy} (${fieldPath(c)}.restartPolicy: Unsupported value: "${policy}": `
          + 'supported values: "Always", "Never", "OnFailure"). Use one of those or remove it.');
      }
    }
    return out;
  },
};
