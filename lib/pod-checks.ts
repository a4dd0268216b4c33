import * as kplus from 'cdk8s-plus-30';
import { IConstruct, IMixin } from 'constructs';
import { runRules, RuleSeverity } from './rule';
import { ALL_RULES } from './rules';
import { isPodWorkload, podModelOfWorkload } from './workload-model';

/**
 * Options of the pod checks.
 */
export interface PodChecksOptions {
  /**
   * Turn unacknowledged warnings into errors.
   * @default false
   */
  readonly strict?: boolean;
}

const REGISTERED = new WeakMap<kplus.AbstractPod, PodChecksOptions>();

/**
 * Registers the pod checks on a workload, once: every mixin calls it, `WithPodChecks` too.
 * Findings at error level reach the user through `node.addValidation`, as `RULE-ID: message`.
 */
export function registerPodChecks(w: kplus.AbstractPod, options: PodChecksOptions = {}): void {
  const existing = REGISTERED.get(w);
  if (existing) {
    REGISTERED.set(w, { ...existing, ...definedOnly(options) });
    return;
  }
  REGISTERED.set(w, { ...options });
  w.node.addValidation({
    validate: () => {
      const findings = runRules(ALL_RULES, podModelOfWorkload(w));
      return findings.filter(f => f.severity === RuleSeverity.ERROR).map(f => `${f.ruleId}: ${f.message}`);
    },
  });
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Checks every workload it is applied to, patterns or not: apply it to an App or a Chart with
 * `chart.with(new WithPodChecks())`.
 */
export class WithPodChecks implements IMixin {
  constructor(private readonly options: PodChecksOptions = {}) {}

  public supports(construct: IConstruct): boolean {
    return isPodWorkload(construct);
  }

  public applyTo(construct: IConstruct): void {
    if (isPodWorkload(construct)) registerPodChecks(construct, this.options);
  }
}
