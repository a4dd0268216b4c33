import { fieldPath, ModelContainer, PodModel } from '../../model/pod-model';
import { PodRule } from '../rule';
import { RuleSeverity } from '../rule-severity';
import { who } from './rule-helpers';

const FIELDS = ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe'] as const;

/**
 * Plain init containers may not have probes or lifecycle hooks.
 * kubernetes `pkg/apis/core/validation/validation.go` `validateInitContainers` (VALIDATION-RULES 3.1).
 */
export const initProbe: PodRule = {
  id: 'PP-INIT-PROBE',
  severity: RuleSeverity.ERROR,
  apiServerRejects: true,
  cause: 'A plain init container (no restartPolicy: Always) has a probe or a lifecycle hook.',
  explanation: 'An init container without `restartPolicy: Always` runs to completion before the next one starts; it may '
    + 'not have `lifecycle`, `livenessProbe`, `readinessProbe` or `startupProbe`, and the API server rejects the pod '
    + '(`Forbidden: may not be set for init containers without restartPolicy=Always`). Remove the probe or hook, or make '
    + 'the container a native sidecar (`restartPolicy: Always`, `WithNativeSidecar`) if it should keep running. '
    + 'cdk8s-plus adds a TCP startupProbe to every container given `portNumber`, init containers included: use `ports` '
    + 'on an init container instead.',
  source: 'kubernetes pkg/apis/core/validation/validation.go validateInitContainers',
  check: (pod: PodModel) => {
    const out: string[] = [];
    const cs = pod.containers;
    for (let ci = 0; ci < cs.length; ci++) {
      const c = cs[ci];
      if (c.role !== 'init') continue;
      for (let fieldIndex = 0; fieldIndex < FIELDS.length; fieldIndex++) {
        const field = FIELDS[fieldIndex];
        if (c.spec[field] !== undefined) out.push(message(c, field));
      }
    }
    return out;
  },
};

function message(c: ModelContainer, field: typeof FIELDS[number]): string {
  const hint = field === 'startupProbe' && c.spec.startupProbe?.tcpSocket && (c.spec.ports ?? []).length > 0
    ? " (cdk8s-plus adds a TCP startupProbe to a container given 'portNumber': declare the port with 'ports' instead)"
    : '';
  return `${who(c)} has a ${field}, which plain init containers may not have (${fieldPath(c)}.${field}: `
    + `Forbidden: may not be set for init containers without restartPolicy=Always)${hint}. Remove it, or make '${c.name}' `
    + 'a native sidecar (restartPolicy: Always, WithNativeSidecar) if it should keep running.';
}
