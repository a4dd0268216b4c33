import { Finding, runRules } from './rule';
import { ALL_RULES } from './rules';
import { PodModel } from '../model/pod-model';

/**
 * Every finding of every built-in rule on a pod model, errors and warnings, none filtered: what the checks at synth,
 * `PodChecks.findings` and the pod report read. Internal.
 */
export function findingsOf(model: PodModel): Finding[] {
  return runRules(ALL_RULES, model);
}
