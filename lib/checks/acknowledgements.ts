import { RuleInfo } from './rule';
import { KubeObject } from '../model/kube-object';

/**
 * Acknowledgements in manifests: the manifest counterpart of `PodChecks.acknowledge(scope, ruleId, reason)`.
 * One annotation per rule on the workload object, the rule ID as the annotation's name and the reason as its value:
 *
 *   metadata:
 *     annotations:
 *       acknowledge.cdk8s-pod-patterns/PP-IMAGE-TAG: "image pinned by the deploy pipeline"
 *
 * The same rules apply as at synth (`acknowledgementProblem`, shared with `PodChecks.acknowledge`): a known rule,
 * never a rule whose findings the API server rejects anyway, and a reason of at least 10 characters. Internal module.
 */

/** The annotation prefix: `acknowledge.cdk8s-pod-patterns/<RULE-ID>`. */
export const ACKNOWLEDGE_PREFIX = 'acknowledge.cdk8s-pod-patterns/';

/** The shortest reason accepted, in a manifest as by `PodChecks.acknowledge`. */
const MIN_REASON = 10;

/**
 * Why `ruleId` cannot be acknowledged with `reason` (already trimmed), or `undefined` when it can: the one check
 * behind both `PodChecks.acknowledge` and the manifest annotations. In this order: an unknown rule (listing `rules`),
 * a rule whose findings the API server rejects (no reason can help, so its length is not asked about), then a
 * reason shorter than 10 characters. The message names the rule but not where it was given; the caller adds that.
 */
export function acknowledgementProblem(ruleId: string, reason: string, rules: readonly RuleInfo[]): string | undefined {
  const rule = rules.find(r => r.id === ruleId);
  if (!rule) {
    const hint = ruleId.startsWith('PP-') ? '' : ": a team's rule is known once its rule pack is added "
      + '(PodChecks.addRulePack at synth, --rules <module> in the CLI)';
    return `unknown rule '${ruleId}' (known rules: ${rules.map(r => r.id).join(', ')})${hint}`;
  }
  if (rule.apiServerRejects) {
    return `${ruleId} cannot be acknowledged: the API server rejects such a pod whatever is acknowledged; fix the pod instead`;
  }
  if (reason.length < MIN_REASON) {
    return `the reason must be at least ${MIN_REASON} characters (got ${reason.length}): `
      + "say why the finding does not apply, e.g. 'image pinned by the deploy pipeline'";
  }
  return undefined;
}

export interface ManifestAcknowledgements {
  /** Rule ID -> reason. */
  readonly reasons: ReadonlyMap<string, string>;
  /** Annotations that cannot be honoured, in the user's terms (exit code 2). */
  readonly problems: string[];
}

/** The acknowledgements an object's annotations carry, checked against the rules that run. */
export function acknowledgementsOf(o: KubeObject, rules: readonly RuleInfo[]): ManifestAcknowledgements {
  const reasons = new Map<string, string>();
  const problems: string[] = [];
  const annotations = o.metadata?.annotations;
  if (typeof annotations !== 'object' || annotations === null) return { reasons, problems };
  for (const [key, value] of Object.entries(annotations as { [key: string]: unknown })) {
    if (!key.startsWith(ACKNOWLEDGE_PREFIX)) continue;
    const ruleId = key.slice(ACKNOWLEDGE_PREFIX.length);
    const reason = typeof value === 'string' ? value.trim() : '';
    const problem = acknowledgementProblem(ruleId, reason, rules);
    if (problem) problems.push(`annotation ${key}: ${problem}`);
    else reasons.set(ruleId, reason);
  }
  return { reasons, problems };
}
