import { RuleSeverity } from './rule-severity';
import { PodModel } from '../model/pod-model';
import { QuantityError } from '../model/quantity';

export { RuleSeverity };

/** The ID of the rule that reports malformed quantities (lib/checks/rules/invalid-quantity.ts). */
export const INVALID_QUANTITY_ID = 'PP-INVALID-QUANTITY';

/** One problem a rule found in one pod. Internal shape; see `PodFinding` for the public one. */
export interface Finding {
  readonly ruleId: string;
  readonly severity: RuleSeverity;
  /** One line naming the culprits, the values and the fix. */
  readonly message: string;
}

/**
 * What a rule is, kept as data so `docs/rules.md` is generated from it: its ID, severity, cause, explanation and
 * source. A `PodRule` adds the check over one pod; a rule over the objects of a whole input (an HPA and the workload
 * it targets: `INPUT_RULES`) has only this, its check living where the input is read. Internal shape.
 */
export interface RuleInfo {
  /** Stable ID, e.g. `PP-PORT-CONFLICT`. Tests and acknowledgements target the ID, never the prose. */
  readonly id: string;
  readonly severity: RuleSeverity;
  /** One-line cause. */
  readonly cause: string;
  /** Why it matters and how to fix it (Markdown, a few sentences). */
  readonly explanation: string;
  /** Upstream source the rule follows (file and function), if any. */
  readonly source?: string;
  /**
   * True when the API server itself rejects such a pod: acknowledging the finding could only move the
   * failure to `kubectl apply`, so `PodChecks.acknowledge` refuses these rules.
   */
  readonly apiServerRejects?: boolean;
  /** The `RulePack` a team's rule comes from; undefined for the built-in rules. */
  readonly pack?: string;
}

/**
 * A check over one pod: a pure function of the pod model (its spec, the HPAs that target it and the
 * Kubernetes target), with its metadata (`RuleInfo`) kept as data.
 */
export interface PodRule extends RuleInfo {
  /** Returns the messages of its findings; empty when the pod complies or the rule does not apply. */
  readonly check: (pod: PodModel) => string[];
}

/**
 * Runs rules over a pod. A rule that throws becomes a finding of that rule carrying the error's message, so one bad
 * value never hides the other rules' findings; a rule that meets a malformed quantity is skipped instead, since
 * PP-INVALID-QUANTITY reports every malformed quantity once.
 */
export function runRules(rules: readonly PodRule[], pod: PodModel): Finding[] {
  const out: Finding[] = [];
  for (const r of rules) {
    let messages: string[];
    try {
      messages = r.check(pod);
    } catch (e) {
      // a malformed quantity is PP-INVALID-QUANTITY's finding, reported once, not one more per rule that met it
      if (e instanceof QuantityError && r.id !== INVALID_QUANTITY_ID) continue;
      messages = [`cannot check the pod: ${(e as Error).message}`];
    }
    for (const message of messages) out.push({ ruleId: r.id, severity: r.severity, message });
  }
  return out;
}
