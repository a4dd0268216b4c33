import { IConstruct } from 'constructs';
import { acknowledgementProblem } from './checks/acknowledgements';
import { RulePack } from './checks/custom/rule-pack';
import { runRules } from './checks/rule';
import { RuleSeverity } from './checks/rule-severity';
import { acknowledgementOf, recordAcknowledgement, recordDisabled } from './synth/pod-checks-acknowledgements';
import { annotateAcknowledgement } from './synth/pod-checks-registration';
import { recordChecks } from './synth/pod-checks-registry';
import { knownRules, packsAround, recordRulePack, rulePacksOf, rulesOf } from './synth/rule-packs';
import { ensureAppChecks, podModelAtSynth } from './synth/synth-checks';
import { isPodWorkload, requirePodWorkload } from './synth/workload-model';

/**
 * What one rule of the pod checks looks for. The same data generates `docs/rules.md`.
 */
export interface PodRuleInfo {
  /** Stable rule ID, e.g. `PP-PORT-CONFLICT`: what tests and acknowledgements name. */
  readonly id: string;
  /** Error (synth fails) or warning (printed, or an error under `strict`). */
  readonly severity: RuleSeverity;
  /** One-line cause. */
  readonly cause: string;
  /** Why it matters and how to fix it (Markdown). */
  readonly explanation: string;
  /**
   * The upstream code or document the rule follows.
   * @default - none
   */
  readonly source?: string;
  /** True when the API server itself rejects such a pod: such findings cannot be acknowledged. */
  readonly apiServerRejects: boolean;

  /**
   * The rule pack the rule comes from.
   * @default - none: a rule of the library
   */
  readonly pack?: string;
}

/**
 * One finding of the pod checks on one workload.
 */
export interface PodFinding {
  /** The rule that found it, e.g. `PP-PORT-CONFLICT`. */
  readonly ruleId: string;
  /** The rule's severity. */
  readonly severity: RuleSeverity;
  /** What is wrong, naming the containers, ports, volumes or version, the values, and the fix. */
  readonly message: string;
  /** Construct path of the workload. */
  readonly path: string;
  /**
   * The reason given with `PodChecks.acknowledge` on the workload or a scope above it.
   * @default - not acknowledged
   */
  readonly acknowledgedReason?: string;
}

/**
 * The pod checks' switches and metadata: acknowledge a finding on a scope, turn the checks off, list the rules,
 * read the findings of a workload.
 */
export class PodChecks {
  /**
   * Acknowledges a rule for `scope` and everything below it: its findings are no longer printed nor, under
   * `strict`, failing. The reason is kept with the finding (`PodChecks.findings`) and written into the manifest of
   * every cdk8s-plus workload below `scope` (those that exist now, and those a pattern mixin or `WithPodChecks` joins
   * later) as the annotation `acknowledge.cdk8s-pod-patterns/<RULE-ID>: <reason>`, which the CLI honours: checking
   * the synthesized YAML then finds what synth reported.
   *
   * @param scope an App, a Chart or a workload
   * @param ruleId the rule's ID, e.g. `PP-IMAGE-TAG`, or the ID of a rule of a pack added (`addRulePack`) to `scope`,
   *   a scope above it or a scope below it: add the pack first
   * @param reason why the finding does not apply here, at least 10 characters
   * @throws if the rule ID is unknown, the API server itself rejects what the rule finds (acknowledging would
   *   only move the failure to `kubectl apply`), or the reason is shorter than 10 characters
   */
  public static acknowledge(scope: IConstruct, ruleId: string, reason: string): void {
    const text = typeof reason === 'string' ? reason.trim() : '';
    const problem = acknowledgementProblem(ruleId, text, knownRules(packsAround(scope)));
    if (problem) throw new Error(`PodChecks.acknowledge(${scope.node.path || '<root>'}, '${ruleId}'): ${problem}.`);
    recordAcknowledgement(scope, ruleId, text);
    // workloads that exist now get the annotation here; later ones when a pattern mixin or WithPodChecks joins them
    for (const c of scope.node.findAll()) {
      if (isPodWorkload(c)) annotateAcknowledgement(c, ruleId, acknowledgementOf(c, ruleId)!);
    }
  }

  /**
   * Opts `scope` and everything below it into a rule pack: its rules run at synth next to the built-in rules, on every
   * workload the checks cover there, whenever it was created. Adding a pack registers the checks on `scope` as
   * `WithPodChecks` does (the built-in rules then run on every workload below it too). Packs of the scopes above a
   * workload add up. The same pack added twice to one scope counts once.
   *
   * @param scope an App, a Chart or a workload
   * @param pack the rules, e.g. a platform team's published pack
   * @throws if `pack` is not a `RulePack`, or one of its rule IDs is the ID of another pack's rule that would check the
   *   same workloads
   */
  public static addRulePack(scope: IConstruct, pack: RulePack): void {
    if (!RulePack.isRulePack(pack)) {
      throw new Error(`PodChecks.addRulePack(${scope.node.path || '<root>'}): the pack is not a RulePack (new RulePack({ name, rules })).`);
    }
    recordRulePack(scope, pack);
    recordChecks(scope);
    ensureAppChecks(scope);
  }

  /**
   * The rule packs that apply to a construct: those added to it and to the scopes above it, outermost first.
   * @param construct any construct
   */
  public static rulePacks(construct: IConstruct): RulePack[] {
    return rulePacksOf(construct);
  }

  /**
   * Turns the pod checks off for `scope` and everything below it, including workloads added later.
   * What synth writes is the same with the checks on or off.
   */
  public static disable(scope: IConstruct): void {
    recordDisabled(scope);
  }

  /**
   * Every rule of the library (the pod rules, errors first, then the rules over a whole input such as
   * PP-HPA-TARGET-MISSING), then the rules of the given packs.
   * @param packs rule packs whose rules to list after the library's
   */
  public static rules(...packs: RulePack[]): PodRuleInfo[] {
    return knownRules(packs).map(r => ({
      id: r.id,
      severity: r.severity,
      cause: r.cause,
      explanation: r.explanation,
      source: r.source,
      apiServerRejects: r.apiServerRejects === true,
      pack: r.pack,
    }));
  }

  /**
   * Every finding of the rules (the library's, and those of the rule packs added to the workload or a scope above it)
   * on a workload as it is now, acknowledged ones included (with their reason),
   * whether or not the checks are registered on it, read as the checks at synth read it: from the workload's objects,
   * or from its render when JSON patches were added to it.
   * @param workload a cdk8s-plus Pod, Deployment, StatefulSet, DaemonSet, Job or CronJob
   * @throws if `workload` is not one of those
   */
  public static findings(workload: IConstruct): PodFinding[] {
    requirePodWorkload(workload, 'PodChecks.findings');
    return runRules(rulesOf(workload), podModelAtSynth(workload)).map(f => ({
      ruleId: f.ruleId,
      severity: f.severity,
      message: f.message,
      path: workload.node.path,
      acknowledgedReason: acknowledgementOf(workload, f.ruleId),
    }));
  }

  private constructor() {}
}
