import { fieldPath, PodModel, QuantityValue, ResourceList } from '../../model/pod-model';
import { cachedNanos, quantityNanos, QuantityError } from '../../model/quantity';
import { INVALID_QUANTITY_ID, PodRule } from '../rule';
import { RuleSeverity } from '../rule-severity';
import { who } from './rule-helpers';

/**
 * Quantities the API server refuses: text `resource.ParseQuantity` cannot read (apimachinery
 * `pkg/api/resource/quantity.go`, via `Quantity.UnmarshalJSON`: the object is not even decoded), and negative
 * resource amounts (`pkg/apis/core/validation/validation.go` `ValidateResourceQuantityValue` →
 * `ValidateNonnegativeQuantity`: `must be greater than or equal to 0`). Checked wherever a pod spec holds one:
 * container and init container requests and limits, pod-level `spec.resources`, `spec.overhead`, emptyDir `sizeLimit`.
 * The other rules skip a pod's malformed quantities (see `runRules`), so each is reported once, here.
 */
export const invalidQuantity: PodRule = {
  id: INVALID_QUANTITY_ID,
  severity: RuleSeverity.ERROR,
  apiServerRejects: true,
  cause: 'A resource quantity is not a Kubernetes quantity, or is negative.',
  explanation: 'Quantities are a number with an optional suffix: `500m`, `0.5`, `128Mi`, `1G`, `1e3`. The API server cannot '
    + 'decode a manifest whose quantity does not parse, and rejects a negative request, limit, overhead or sizeLimit '
    + '(`must be greater than or equal to 0`). Write the amount with a Kubernetes suffix, e.g. `cpu: 500m`, `memory: 256Mi`.',
  source: 'apimachinery pkg/api/resource/quantity.go ParseQuantity; kubernetes pkg/apis/core/validation/validation.go ValidateResourceQuantityValue',
  check: (pod: PodModel) => {
    const out: string[] = [];
    // paths and owners are built only for a finding
    const cs = pod.containers;
    for (let ci = 0; ci < cs.length; ci++) {
      const c = cs[ci];
      const r = c.spec.resources;
      if (!r) continue;
      if (!allWellFormed(r.requests)) visit(out, r.requests, () => `${fieldPath(c)}.resources.requests`, () => who(c));
      if (!allWellFormed(r.limits)) visit(out, r.limits, () => `${fieldPath(c)}.resources.limits`, () => who(c));
    }
    const podResources = pod.spec.resources;
    // an overhead the RuntimeClass admission set is the RuntimeClass's, checked where it is declared, not the template's
    const overhead = pod.runtimeClass?.overheadSet ? undefined : pod.spec.overhead;
    if (podResources || overhead) {
      const thePod = () => 'the pod';
      visit(out, podResources?.requests, () => 'spec.resources.requests', thePod);
      visit(out, podResources?.limits, () => 'spec.resources.limits', thePod);
      visit(out, overhead, () => 'spec.overhead', thePod);
    }
    (pod.spec.volumes ?? []).forEach((v, i) => {
      const size = v.emptyDir?.sizeLimit;
      if (size === undefined) return;
      const problem = quantityProblem(size, () => `spec.volumes[${i}].emptyDir.sizeLimit`);
      if (problem) out.push(`emptyDir '${v.name}': ${problem}`);
    });
    return out;
  },
};

/** True when every quantity of the list is one already read and found well-formed and not negative (no allocation). */
function allWellFormed(list: ResourceList | undefined): boolean {
  if (list === undefined || list === null) return true;
  for (const resource in list) {
    if (!Object.prototype.hasOwnProperty.call(list, resource)) continue;
    const n = cachedNanos(list[resource]);
    if (n === undefined || n < 0n) return false;
  }
  return true;
}

function visit(out: string[], list: ResourceList | undefined, path: () => string, owner: () => string): void {
  if (list === undefined || list === null) return;
  for (const resource of Object.keys(list)) {
    const problem = quantityProblem(list[resource], () => `${path()}[${resource}]`);
    if (problem) out.push(`${owner()}: ${problem}`);
  }
}

function quantityProblem(value: QuantityValue, path: () => string): string | undefined {
  try {
    const nanos = quantityNanos(value, path);
    if (nanos < 0n) {
      return `${path()}: Invalid value: ${JSON.stringify(String(value))}: must be greater than or equal to 0. Use a positive amount.`;
    }
    return undefined;
  } catch (e) {
    if (e instanceof QuantityError) return e.message;
    throw e;
  }
}
