import { compareMinor, parseMinorVersion } from '../../model/minor-version';
import { fieldPath, PodModel } from '../../model/pod-model';
import { PodRule } from '../rule';
import { RuleSeverity } from '../rule-severity';
import { who } from './rule-helpers';

/** A container's `resizePolicy` entries (in-place pod resize, KEP-1287). */
type ResizePolicyJson = Array<{ resourceName?: string; restartPolicy?: string }>;

/** The first minor version whose API server accepts `resizePolicy` on init containers (AllowSidecarResizePolicy). */
const SIDECAR_RESIZE_POLICY = '1.33';

/**
 * The first minor version whose API server refuses `RestartContainer` on a plain init container: kubernetes/kubernetes
 * #137458 ("Disallowed resizePolicy RestartContainer on non-sidecar initContainers", CHANGELOG-1.36, v1.36.0).
 */
const PLAIN_INIT_RESTART_CONTAINER = '1.36';

/**
 * `resizePolicy` the API server rejects (kubernetes `pkg/apis/core/validation/validation.go`):
 * `validateResizePolicy` refuses any restartPolicy but `NotRequired` in a pod with `restartPolicy: Never`;
 * `validateInitContainers` refuses `resizePolicy` on init containers before 1.33 (the AllowSidecarResizePolicy
 * validation option) and, from 1.36, `RestartContainer` on a plain (non-sidecar) init container. VALIDATION-RULES 3.10.
 */
export const resizePolicy: PodRule = {
  id: 'PP-RESIZE-POLICY',
  severity: RuleSeverity.ERROR,
  apiServerRejects: true,
  cause: 'A container\'s resizePolicy asks for RestartContainer in a restartPolicy: Never pod, or sits on an init container '
    + 'where the target does not allow it.',
  explanation: 'A pod with `restartPolicy: Never` cannot restart a container to apply a resize, so every `resizePolicy` '
    + 'entry must be `NotRequired`. Init containers may carry `resizePolicy` only from Kubernetes 1.33 (native sidecars '
    + 'can then be resized in place), and from 1.36 a plain init container, which runs once, may not ask for '
    + '`RestartContainer`. '
    + 'Use `NotRequired`, or remove the resizePolicy.',
  source: 'kubernetes pkg/apis/core/validation/validation.go validateResizePolicy, validateInitContainers (AllowSidecarResizePolicy)',
  check: (pod: PodModel) => {
    const out: string[] = [];
    const version = parseMinorVersion(pod.target.version);
    const sidecarResize = compareMinor(version, parseMinorVersion(SIDECAR_RESIZE_POLICY)) >= 0;
    const plainInitRestartRefused = compareMinor(version, parseMinorVersion(PLAIN_INIT_RESTART_CONTAINER)) >= 0;
    for (const c of pod.containers) {
      const policies = c.spec.resizePolicy as ResizePolicyJson | undefined;
      if (!Array.isArray(policies) || policies.length === 0) continue;
      const path = `${fieldPath(c)}.resizePolicy`;
      if (c.list === 'initContainers' && !sidecarResize) {
        out.push(`${who(c)} sets resizePolicy, which Kubernetes ${pod.target.version} does not allow on init containers (${path}: `
          + `must not be set for init containers; allowed from ${SIDECAR_RESIZE_POLICY}). Remove it, or target ${SIDECAR_RESIZE_POLICY} or later.`);
        continue;
      }
      policies.forEach((p, i) => {
        if (!p || p.restartPolicy === undefined || p.restartPolicy === 'NotRequired') return;
        if (c.role === 'init') {
          if (!plainInitRestartRefused) return;
          out.push(`${who(c)} asks for ${p.restartPolicy} on resize of ${p.resourceName}, but a plain init container runs once `
            + `(${path}[${i}].restartPolicy: Invalid value: "${p.restartPolicy}": must not be set to 'RestartContainer' for `
            + 'non-sidecar initContainers). Use NotRequired, or remove the resizePolicy.');
        } else if (pod.spec.restartPolicy === 'Never') {
          out.push(`${who(c)} asks for ${p.restartPolicy} on resize of ${p.resourceName} in a pod with restartPolicy: Never `
            + `(${path}: Invalid value: "${p.restartPolicy}": must be 'NotRequired' when \`restartPolicy\` is 'Never'). Use NotRequired.`);
        }
      });
    }
    return out;
  },
};
