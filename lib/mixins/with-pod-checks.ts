import { IConstruct, IMixin } from 'constructs';
import { RulePack } from '../checks/custom/rule-pack';
import { annotateAcknowledgements } from '../synth/pod-checks-registration';
import { recordChecks } from '../synth/pod-checks-registry';
import { recordRulePack } from '../synth/rule-packs';
import { ensureAppChecks } from '../synth/synth-checks';
import { isPodWorkload } from '../synth/workload-model';

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
   * Whether the checks run at all. `false` turns them off for the construct the mixin is applied to and everything
   * below it, like `PodChecks.disable(scope)`.
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * Rule packs whose rules run next to the built-in rules on every workload below the construct the mixin is applied
   * to, like `PodChecks.addRulePack(construct, pack)` for each.
   * @default - the built-in rules only (and the packs added to scopes above)
   */
  readonly rulePacks?: RulePack[];
}

/**
 * Checks every workload under the construct it is applied to, whenever the workload was created: apply it to an App
 * or a Chart, at the top of the chart or after its workloads (`chart.with(new WithPodChecks())`). It covers cdk8s-plus
 * workloads, L1 objects with a pod template (`KubeDeployment`...), and the objects of an `Include` or a `Helm` chart,
 * which are checked from their JSON as the CLI checks a manifest. Workloads a pattern mixin joins are checked without
 * it; this mixin adds the others, and options such as `strict` (the nearest `WithPodChecks` above a workload wins).
 *
 * @example
 * chart.with(new WithPodChecks({ strict: true }));
 */
export class WithPodChecks implements IMixin {
  private readonly applied = new WeakSet<IConstruct>();

  /**
   * @param options strict mode, or the checks turned off
   */
  constructor(private readonly options: PodChecksOptions = {}) {}

  /** True for every construct: applied to a scope, the checks cover every workload below it, now or later. */
  public supports(_construct: IConstruct): boolean {
    return true;
  }

  /**
   * Registers the checks, with this mixin's options, on the construct and everything below it (below a construct this
   * mixin was already applied to, it only writes the acknowledgements into the workloads' manifests).
   */
  public applyTo(construct: IConstruct): void {
    for (const pack of this.options.rulePacks ?? []) {
      if (!RulePack.isRulePack(pack)) throw new Error(`WithPodChecks on '${construct.node.path || '<root>'}': 'rulePacks' holds something that is not a RulePack.`);
    }
    if (isPodWorkload(construct)) annotateAcknowledgements(construct);
    for (let s = construct.node.scope; s !== undefined; s = s.node.scope) {
      if (this.applied.has(s)) return;
    }
    this.applied.add(construct);
    for (const pack of this.options.rulePacks ?? []) recordRulePack(construct, pack);
    recordChecks(construct, { strict: this.options.strict, enabled: this.options.enabled });
    ensureAppChecks(construct);
  }
}

