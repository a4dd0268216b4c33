import { fieldPath, ModelContainer, PodModel } from '../../model/pod-model';
import { PodRule } from '../rule';
import { RuleSeverity } from '../rule-severity';
import { who } from './rule-helpers';

/**
 * `successThreshold` of a liveness or startup probe must be 1. kubernetes `pkg/apis/core/validation/validation.go`
 * `validateLivenessProbe`, `validateStartupProbe` (VALIDATION-RULES 3.3).
 */
/** The probes whose successThreshold must be 1. */
const PROBES = ['livenessProbe', 'startupProbe'] as const;

export const probeSuccessThreshold: PodRule = {
  id: 'PP-PROBE-SUCCESS-THRESHOLD',
  severity: RuleSeverity.ERROR,
  apiServerRejects: true,
  cause: 'A livenessProbe or startupProbe has a successThreshold other than 1.',
  explanation: 'Only a readinessProbe may require several consecutive successes; for liveness and startup probes the API '
    + 'server rejects any `successThreshold` but 1 (`must be 1`). Remove it (it defaults to 1), or move the requirement to a '
    + 'readinessProbe.',
  source: 'kubernetes pkg/apis/core/validation/validation.go validateLivenessProbe, validateStartupProbe',
  check: (pod: PodModel) => {
    const out: string[] = [];
    const cs = pod.containers;
    for (let ci = 0; ci < cs.length; ci++) {
      const c = cs[ci];
      for (let probeIndex = 0; probeIndex < PROBES.length; probeIndex++) {
        const probe = PROBES[probeIndex];
        const t = c.spec[probe]?.successThreshold;
        if (t !== undefined && t !== 0 && t !== 1) out.push(message(c, probe, t));
      }
    }
    return out;
  },
};

function message(c: ModelContainer, probe: typeof PROBES[number], t: number): string {
  return `the ${probe} of ${who(c)} has successThreshold ${t} (${fieldPath(c)}.${probe}.successThreshold: Invalid value: ${t}: `
    + 'must be 1). Remove it (it defaults to 1); only a readinessProbe may need several successes.';
}
