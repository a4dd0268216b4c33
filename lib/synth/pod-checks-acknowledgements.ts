import { IConstruct } from 'constructs';

/**
 * Scope-level state of the pod checks: acknowledgements (rule ID and reason) and scopes whose checks are
 * turned off. Both apply to the scope and everything below it; lookups walk the construct's scopes (its depth,
 * never the tree). Internal: the public API is `PodChecks` in `pod-checks.ts`.
 */

const ACKNOWLEDGED = new WeakMap<IConstruct, Map<string, string>>();
const DISABLED = new WeakSet<IConstruct>();
/** Whether anything was ever acknowledged or disabled: until then no lookup needs to walk a construct's scopes. */
let anyAcknowledged = false;
let anyDisabled = false;
const NONE: ReadonlyMap<string, string> = new Map();

/** Records that `ruleId` is acknowledged on `scope` with `reason` (validated by the caller). */
export function recordAcknowledgement(scope: IConstruct, ruleId: string, reason: string): void {
  anyAcknowledged = true;
  let m = ACKNOWLEDGED.get(scope);
  if (!m) {
    m = new Map();
    ACKNOWLEDGED.set(scope, m);
  }
  m.set(ruleId, reason);
}

/** The reason `ruleId` is acknowledged for `c` (on it or on a scope above it, nearest first), if it is. */
export function acknowledgementOf(c: IConstruct, ruleId: string): string | undefined {
  if (!anyAcknowledged) return undefined;
  const scopes = c.node.scopes;
  for (let i = scopes.length - 1; i >= 0; i--) {
    const reason = ACKNOWLEDGED.get(scopes[i])?.get(ruleId);
    if (reason !== undefined) return reason;
  }
  return undefined;
}

/** Turns the checks off for `scope` and everything below it. */
export function recordDisabled(scope: IConstruct): void {
  anyDisabled = true;
  DISABLED.add(scope);
}

/** Whether the checks are turned off for `c` (on it or on a scope above it). */
export function isDisabled(c: IConstruct): boolean {
  if (!anyDisabled) return false;
  for (const s of c.node.scopes) {
    if (DISABLED.has(s)) return true;
  }
  return false;
}

/** Every rule acknowledged for `c` (on it or above it), with the nearest reason. */
export function acknowledgementsFor(c: IConstruct): ReadonlyMap<string, string> {
  if (!anyAcknowledged) return NONE;
  const out = new Map<string, string>();
  for (const scope of c.node.scopes) {
    for (const [ruleId, reason] of ACKNOWLEDGED.get(scope) ?? []) out.set(ruleId, reason);
  }
  return out;
}
