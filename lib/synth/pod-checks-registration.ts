import * as kplus from 'cdk8s-plus-30';
import { acknowledgementsFor } from './pod-checks-acknowledgements';
import { hasOwnChecks, recordChecks } from './pod-checks-registry';
import { ensureAppChecks } from './synth-checks';
import { ACKNOWLEDGE_PREFIX } from '../checks/acknowledgements';

/**
 * Registers the pod checks on a workload: every pattern mixin calls it for the workloads it joins. Writes the
 * acknowledgements that apply to the workload into its manifest (whether or not the checks run, so what synth writes
 * does not depend on them), and makes sure the app runs the checks at synth (`synth-checks.ts`).
 * @internal
 */
export function registerPodChecks(w: kplus.AbstractPod): void {
  if (!hasOwnChecks(w)) {
    recordChecks(w);
    annotateAcknowledgements(w);
  }
  ensureAppChecks(w);
}

/**
 * Writes an acknowledgement into the workload's manifest as `acknowledge.cdk8s-pod-patterns/<RULE-ID>: <reason>`,
 * the annotation the CLI honours, so that checking the synthesized YAML finds what synth reported, no more.
 */
export function annotateAcknowledgement(w: kplus.AbstractPod, ruleId: string, reason: string): void {
  w.metadata.addAnnotation(`${ACKNOWLEDGE_PREFIX}${ruleId}`, reason);
}


/** Writes every acknowledgement that applies to the workload (on it or above it) into its manifest. */
export function annotateAcknowledgements(w: kplus.AbstractPod): void {
  for (const [ruleId, reason] of acknowledgementsFor(w)) annotateAcknowledgement(w, ruleId, reason);
}
