import { PodModel } from './pod-model';
import { RuleSeverity } from './rule-severity';

export { RuleSeverity };

/** One problem a rule found in one pod. Internal shape; see `PodFinding` for the public one. */
export interface Finding {
  readonly ruleId: string;
  readonly severity: RuleSeverity;
  /** One line naming the culprits, the values and the fix. */
  readonly message: string;
}

/**
 * A check over one pod: a pure function of the pod model (its spec, the HPAs that target it and the
 * Kubernetes target), with its metadata kept as data so `docs/rules.md` is generated from it.
 */
export interface PodRule {
  /** Stable ID, e.g. `PP-PORT-CONFLICT`. Tests and acknowledgements target the ID, never the prose. */
  readonly id: string;
  readonly severity: RuleSeverity;
  /** One-line cause. */
  readonly cause: string;
  /** Why it matters and how to fix it (Markdown, a few sentences). */
  readonly explanation: string;
  /** Upstream source the rule follows (file and function), if any. */
  readonly source?: string;
  /** Returns the messages of its findings; empty when the pod complies or the rule does not apply. */
  readonly check: (pod: PodModel) => string[];
}

/** Runs rules over a pod. */
export function runRules(rules: readonly PodRule[], pod: PodModel): Finding[] {
  const out: Finding[] = [];
  for (const r of rules) {
    for (const message of r.check(pod)) out.push({ ruleId: r.id, severity: r.severity, message });
  }
  return out;
}
