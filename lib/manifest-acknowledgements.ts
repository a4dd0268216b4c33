import { KubeObject } from './manifest-reader';
import { PodRule } from './rule';

/**
 * Acknowledgements in manifests: the manifest counterpart of `PodChecks.acknowledge(scope, ruleId, reason)`.
 * One annotation per rule on the workload object, the rule ID as the annotation's name and the reason as its value:
 *
 *   metadata:
 *     annotations:
 *       acknowledge.cdk8s-pod-patterns/PP-IMAGE-TAG: "image pinned by the deploy pipeline"
 *
 * The same rules apply as at synth: a known rule, a reason of at least 10 characters, and never a rule whose
 * findings the API server rejects anyway. Internal module.
 */

/** The annotation prefix: `acknowledge.cdk8s-pod-patterns/<RULE-ID>`. */
export const ACKNOWLEDGE_PREFIX = 'acknowledge.cdk8s-pod-patterns/';

/** The shortest reason accepted, as `PodChecks.acknowledge` requires. */
const MIN_REASON = 10;

export interface ManifestAcknowledgements {
  /** Rule ID -> reason. */
  readonly reasons: ReadonlyMap<string, string>;
  /** Annotations that cannot be honoured, in the user's terms (exit code 2). */
  readonly problems: string[];
}

/** The acknowledgements an object's annotations carry, checked against the rules that run. */
export function acknowledgementsOf(o: KubeObject, rules: readonly PodRule[]): ManifestAcknowledgements {
  const reasons = new Map<string, string>();
  const problems: string[] = [];
  const annotations = o.metadata?.annotations;
  if (typeof annotations !== 'object' || annotations === null) return { reasons, problems };
  for (const [key, value] of Object.entries(annotations as { [key: string]: unknown })) {
    if (!key.startsWith(ACKNOWLEDGE_PREFIX)) continue;
    const ruleId = key.slice(ACKNOWLEDGE_PREFIX.length);
    const rule = rules.find(r => r.id === ruleId);
    const reason = typeof value === 'string' ? value.trim() : '';
    if (!rule) {
      problems.push(`annotation ${key}: unknown rule '${ruleId}' (known rules: ${rules.map(r => r.id).join(', ')})`);
    } else if (rule.apiServerRejects) {
      problems.push(`annotation ${key}: ${ruleId} cannot be acknowledged: the API server rejects such a pod whatever is acknowledged. `
        + 'Fix the pod instead.');
    } else if (reason.length < MIN_REASON) {
      problems.push(`annotation ${key}: the reason must be at least ${MIN_REASON} characters (got ${reason.length}): `
        + "say why the finding does not apply, e.g. 'image pinned by the deploy pipeline'");
    } else {
      reasons.set(ruleId, reason);
    }
  }
  return { reasons, problems };
}
