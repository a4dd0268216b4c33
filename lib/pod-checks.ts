import * as kplus from 'cdk8s-plus-30';
import { IConstruct, IMixin, IValidation } from 'constructs';
import { ACKNOWLEDGE_PREFIX, acknowledgementProblem } from './manifest-acknowledgements';
import { acknowledgementOf, acknowledgementsFor, isDisabled, recordAcknowledgement, recordDisabled } from './pod-checks-acknowledgements';
import { printOnce } from './pod-checks-warnings';
import { PodModel } from './pod-model';
import { Finding, runRules, RuleSeverity } from './rule';
import { ALL_RULES } from './rules';
import { passToken } from './validation-pass';
import { isPodWorkload, podModelOfWorkload, requirePodWorkload } from './workload-model';
import { podSpecAtSynth, shareRenderWithSynth } from './workload-render';
import { WorkloadState } from './workload-state';

/**
 * Options of the pod checks.
 */
export interface PodChecksOptions {
  /**
   * Turn unacknowledged warnings into errors: synth fails on them.
   * @default false
   */
  readonly strict?: boolean;

  /**
   * Whether the checks run at all. `false` turns them off for the workloads the mixin is applied to
   * (for a whole scope, `PodChecks.disable(scope)` also covers workloads added later).
   * @default true
   */
  readonly enabled?: boolean;
}

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
 * Runs every rule over a pod model: the findings of all rules, errors and warnings, none filtered.
 * Used by the checks at synth (`WorkloadChecks`), `PodChecks.findings` and the report; the CLI runs `runRules` itself.
 * @internal
 */
export function findingsOf(model: PodModel): Finding[] {
  return runRules(ALL_RULES, model);
}

/** No options: what the mixins register the checks with. */
const NO_OPTIONS: PodChecksOptions = Object.freeze({});

/** No finding, shared: most workloads have none. */
const NO_FINDINGS: readonly Finding[] = Object.freeze([]);

/**
 * The pod checks of one workload: its options (merged over every `registerPodChecks` call), and the validation cdk8s
 * runs in every validation pass. One object per workload, which is also the validation itself and the cache of its
 * findings: the findings are computed once per synth, since cdk8s validates the app in `app.synth()` and again for
 * every chart it synthesizes, and nothing but cdk8s runs between those passes (see `validation-pass.ts`).
 */
class WorkloadChecks implements IValidation {
  public options: PodChecksOptions = NO_OPTIONS;
  /** Whether the validation is added to the workload. */
  public registered = false;
  private pass: object | undefined = undefined;
  private findings: readonly Finding[] = NO_FINDINGS;

  constructor(private readonly workload: kplus.AbstractPod) {}

  public validate(): string[] {
    const w = this.workload;
    const options = this.options;
    if (options.enabled === false || isDisabled(w)) return [];
    const pass = passToken(w);
    if (this.pass !== pass) {
      // at app.synth(), the pod as synth writes it, rendered once: cdk8s writes this render (workload-render.ts)
      const found = findingsOf(podModelOfWorkload(w, podSpecAtSynth(w)));
      this.findings = found.length > 0 ? found : NO_FINDINGS;
      this.pass = pass;
    }
    if (this.findings.length === 0) return [];
    const errors: string[] = [];
    for (const f of this.findings) {
      if (acknowledgementOf(w, f.ruleId) !== undefined) continue;
      if (f.severity === RuleSeverity.ERROR) {
        errors.push(`${f.ruleId}: ${f.message}`);
      } else if (options.strict) {
        errors.push(`${f.ruleId}: ${f.message} (a warning, failing because the checks are strict: fix it, or acknowledge it with `
          + `PodChecks.acknowledge(scope, '${f.ruleId}', reason))`);
      } else {
        printOnce(w, `[${w.node.path}] WARNING ${f.ruleId}: ${f.message}`);
      }
    }
    return errors;
  }
}

/**
 * Registers the pod checks on a workload, once: every mixin calls it, `WithPodChecks` too. Options merge over
 * earlier calls (a later `{}` keeps an earlier `strict`). Nothing is registered when the checks are turned off for
 * the workload's scope (`PodChecks.disable`) or by `enabled: false`, so switched-off checks cost nothing at synth.
 *
 * At validation, the pod model is built once and every rule runs over it: errors are returned to cdk8s
 * (`[path] RULE-ID: message`), warnings are printed once per App on stderr (`[path] WARNING RULE-ID: message`),
 * or returned as errors under `strict`; acknowledged findings are skipped.
 * @internal
 */
export function registerPodChecks(w: kplus.AbstractPod, options?: PodChecksOptions, state: WorkloadState = WorkloadState.of(w)): void {
  // kept on the workload's one record (workload-state.ts), which a mixin calling this passes in, having just looked it up
  let checks = state.checks as WorkloadChecks | undefined;
  // every mixin calls this with no options: once the checks are registered, that changes nothing
  if (checks?.registered && (options === undefined || Object.values(options).every(v => v === undefined))) return;
  if (!checks) {
    checks = new WorkloadChecks(w);
    state.checks = checks;
  }
  if (options !== undefined) checks.options = { ...checks.options, ...definedOnly(options) };
  if (checks.registered || checks.options.enabled === false || isDisabled(w)) return;
  checks.registered = true;
  w.node.addValidation(checks);
  shareRenderWithSynth(w);
  for (const [ruleId, reason] of acknowledgementsFor(w)) annotateAcknowledgement(w, ruleId, reason);
}

/**
 * Writes an acknowledgement into the workload's manifest as `acknowledge.cdk8s-pod-patterns/<RULE-ID>: <reason>`,
 * the annotation the CLI honours, so that checking the synthesized YAML finds what synth reported, no more.
 */
function annotateAcknowledgement(w: kplus.AbstractPod, ruleId: string, reason: string): void {
  w.metadata.addAnnotation(`${ACKNOWLEDGE_PREFIX}${ruleId}`, reason);
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Checks every workload it is applied to, patterns or not: apply it to an App or a Chart with
 * `chart.with(new WithPodChecks())` once the workloads are defined (like every mixin, it reaches the constructs
 * that exist when `with()` runs). Workloads a pattern mixin joins are checked without it; this mixin adds the
 * other workloads, and options such as `strict`.
 *
 * @example
 * chart.with(new WithPodChecks({ strict: true }));
 */
export class WithPodChecks implements IMixin {
  /**
   * @param options strict mode, or the checks turned off
   */
  constructor(private readonly options: PodChecksOptions = {}) {}

  /** True for every cdk8s-plus workload: Pod, Deployment, StatefulSet, DaemonSet, Job, CronJob. */
  public supports(construct: IConstruct): boolean {
    return isPodWorkload(construct);
  }

  /** Registers the checks on the workload, with this mixin's options. */
  public applyTo(construct: IConstruct): void {
    if (isPodWorkload(construct)) registerPodChecks(construct, this.options);
  }
}

/**
 * The pod checks' switches and metadata: acknowledge a finding on a scope, turn the checks off, list the rules,
 * read the findings of a workload.
 */
export class PodChecks {
  /**
   * Acknowledges a rule for `scope` and everything below it: its findings are no longer printed nor, under
   * `strict`, failing. The reason is kept with the finding (`PodChecks.findings`) and written into the manifest of
   * every workload below `scope` as the annotation `acknowledge.cdk8s-pod-patterns/<RULE-ID>: <reason>`, which the
   * CLI honours: checking the synthesized YAML then finds what synth reported.
   *
   * @param scope an App, a Chart or a workload
   * @param ruleId the rule's ID, e.g. `PP-IMAGE-TAG`
   * @param reason why the finding does not apply here, at least 10 characters
   * @throws if the rule ID is unknown, the API server itself rejects what the rule finds (acknowledging would
   *   only move the failure to `kubectl apply`), or the reason is shorter than 10 characters
   */
  public static acknowledge(scope: IConstruct, ruleId: string, reason: string): void {
    const text = typeof reason === 'string' ? reason.trim() : '';
    const problem = acknowledgementProblem(ruleId, text, ALL_RULES);
    if (problem) throw new Error(`PodChecks.acknowledge(${scope.node.path || '<root>'}, '${ruleId}'): ${problem}.`);
    recordAcknowledgement(scope, ruleId, text);
    // workloads that exist now get the annotation here; later ones when their checks are registered
    for (const c of scope.node.findAll()) {
      if (isPodWorkload(c)) annotateAcknowledgement(c, ruleId, acknowledgementOf(c, ruleId)!);
    }
  }

  /**
   * Turns the pod checks off for `scope` and everything below it, including workloads added later.
   * Called before the workloads are built, it keeps the checks from being registered at all.
   */
  public static disable(scope: IConstruct): void {
    recordDisabled(scope);
  }

  /** Every rule of the checks, errors first. */
  public static rules(): PodRuleInfo[] {
    return ALL_RULES.map(r => ({
      id: r.id,
      severity: r.severity,
      cause: r.cause,
      explanation: r.explanation,
      source: r.source,
      apiServerRejects: r.apiServerRejects === true,
    }));
  }

  /**
   * Every finding of the rules on a workload as it is now, acknowledged ones included (with their reason),
   * whether or not the checks are registered on it. The pod is read from the workload's objects, without rendering it;
   * the checks at `app.synth()` read the manifest synth writes, which can differ only by the JSON patches of
   * `apiObject.addJsonPatch`.
   * @param workload a cdk8s-plus Pod, Deployment, StatefulSet, DaemonSet, Job or CronJob
   * @throws if `workload` is not one of those
   */
  public static findings(workload: IConstruct): PodFinding[] {
    requirePodWorkload(workload, 'PodChecks.findings');
    return findingsOf(podModelOfWorkload(workload)).map(f => ({
      ruleId: f.ruleId,
      severity: f.severity,
      message: f.message,
      path: workload.node.path,
      acknowledgedReason: acknowledgementOf(workload, f.ruleId),
    }));
  }

  private constructor() {}
}
