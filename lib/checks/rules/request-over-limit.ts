import { isOvercommitAllowed } from '../../accounting/pod-resources';
import { fieldPath, ModelContainer, PodModel, ResourceList } from '../../model/pod-model';
import { cachedNanos, quantityNanos, roundNanosUpToMilli } from '../../model/quantity';
import { PodRule } from '../rule';
import { RuleSeverity } from '../rule-severity';
import { who } from './rule-helpers';

const NO_LIMITS: ResourceList = Object.freeze({});

/** The quantity in nanos, as written (`SetDefaults_ResourceList` rounds it up to milli); the error text is built only on a malformed one. */
function nanos(c: ModelContainer, list: 'requests' | 'limits', resource: string): bigint {
  const q = c.spec.resources![list]![resource];
  return cachedNanos(q) ?? quantityNanos(q, () => `${who(c)} resources.${list}.${resource}`);
}

/**
 * A request above its limit, or a non-overcommittable resource (hugepages, extended resources) whose request is not
 * equal to its limit. kubernetes `pkg/apis/core/validation/validation.go` `validateResourceRequirements`
 * (VALIDATION-RULES 6.3, 6.4); quantities compared after `SetDefaults_ResourceList` rounds them up to milli.
 */
export const requestOverLimit: PodRule = {
  id: 'PP-REQUEST-OVER-LIMIT',
  severity: RuleSeverity.ERROR,
  apiServerRejects: true,
  cause: 'A container requests more of a resource than its limit (or, for hugepages and extended resources, not exactly its limit).',
  explanation: 'The API server rejects a request above the limit (`must be less than or equal to cpu limit of 1`). For '
    + 'resources that cannot be overcommitted (hugepages, extended resources such as `nvidia.com/gpu`) the request must '
    + 'equal the limit, and a limit is required. Lower the request or raise the limit.',
  source: 'kubernetes pkg/apis/core/validation/validation.go validateResourceRequirements',
  check: (pod: PodModel) => {
    const out: string[] = [];
    const cs = pod.containers;
    for (let ci = 0; ci < cs.length; ci++) {
      const c = cs[ci];
      const requests = c.spec.resources?.requests;
      if (!requests) continue;
      const limits = c.spec.resources?.limits ?? NO_LIMITS;
      for (const resource in requests) {
        const overcommit = isOvercommitAllowed(resource);
        if (limits[resource] === undefined) {
          if (!overcommit) out.push(noLimit(c, resource));
          continue;
        }
        const request = nanos(c, 'requests', resource);
        const limit = nanos(c, 'limits', resource);
        // rounding up to milli is monotonic: values in order (or equal) stay so, and only the others are rounded
        if (overcommit ? request <= limit : request === limit) continue;
        const rRequest = roundNanosUpToMilli(request);
        const rLimit = roundNanosUpToMilli(limit);
        if (overcommit ? rRequest <= rLimit : rRequest === rLimit) continue;
        out.push(overcommit ? overLimit(c, resource) : notEqual(c, resource));
      }
    }
    return out;
  },
};

// The messages, built only for a finding (in functions of their own, which keeps the loop above short)

function noLimit(c: ModelContainer, resource: string): string {
  return `${who(c)} requests ${c.spec.resources!.requests![resource]} ${resource} without a limit (${fieldPath(c)}.resources.limits: Required value: `
    + `Limit must be set for non overcommitable resources). Set the ${resource} limit equal to the request.`;
}

function overLimit(c: ModelContainer, resource: string): string {
  const request = c.spec.resources!.requests![resource];
  const limit = c.spec.resources!.limits![resource];
  return `${who(c)} requests ${request} ${resource}, more than its limit of ${limit} `
    + `(${fieldPath(c)}.resources.requests: Invalid value: "${request}": must be less than or equal to ${resource} limit of ${limit}). `
    + `Lower the ${resource} request of '${c.name}' or raise its limit.`;
}

function notEqual(c: ModelContainer, resource: string): string {
  const request = c.spec.resources!.requests![resource];
  const limit = c.spec.resources!.limits![resource];
  return `${who(c)} requests ${request} ${resource} but its limit is ${limit} `
    + `(${fieldPath(c)}.resources.requests: Invalid value: "${request}": must be equal to ${resource} limit of ${limit}): `
    + `${resource} cannot be overcommitted. Make the request equal to the limit.`;
}
