import { IConstruct } from 'constructs';
import { isDisabled } from './pod-checks-acknowledgements';

/**
 * Which constructs the pod checks cover, and with which options. A registration is made on a workload (by every
 * pattern mixin that joins it, or `WithPodChecks` applied to it) or on a scope (`WithPodChecks` applied to an App, a
 * Chart or any construct): it covers the construct and everything below it, whenever it was created. Options of the
 * nearest registration win, field by field. Internal: the public API is `WithPodChecks` and `PodChecks`.
 */

/** The options a registration holds (the public `PodChecksOptions`, which `pod-checks.ts` declares for jsii). */
export interface ChecksOptions {
  readonly strict?: boolean;
  readonly enabled?: boolean;
}

const REGISTERED = new WeakMap<IConstruct, ChecksOptions>();
const NONE: ChecksOptions = Object.freeze({});
const STRICT: ChecksOptions = Object.freeze({ strict: true });

/** Records a registration on `c`; its defined options merge over those of an earlier registration on `c`. */
export function recordChecks(c: IConstruct, options: ChecksOptions = NONE): void {
  const earlier = REGISTERED.get(c);
  const merged: { strict?: boolean; enabled?: boolean } = { ...earlier };
  if (options.strict !== undefined) merged.strict = options.strict;
  if (options.enabled !== undefined) merged.enabled = options.enabled;
  REGISTERED.set(c, merged);
}

/** Whether `c` itself holds a registration. */
export function hasOwnChecks(c: IConstruct): boolean {
  return REGISTERED.has(c);
}

/**
 * The options the checks run with on `c`, or undefined when they do not run there: nothing registered on `c` or above
 * it, `enabled: false` nearest, or `PodChecks.disable` on `c` or above it.
 */
export function checksOptionsOf(c: IConstruct): ChecksOptions | undefined {
  let strict: boolean | undefined;
  let enabled: boolean | undefined;
  let found = false;
  for (let s: IConstruct | undefined = c; s !== undefined; s = s.node.scope) {
    const o = REGISTERED.get(s);
    if (o === undefined) continue;
    found = true;
    strict ??= o.strict;
    enabled ??= o.enabled;
  }
  if (!found || enabled === false || isDisabled(c)) return undefined;
  return strict === true ? STRICT : NONE;
}
