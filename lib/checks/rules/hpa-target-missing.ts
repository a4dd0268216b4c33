import { closestName } from '../../model/closest-match';
import { RuleInfo } from '../rule';
import { RuleSeverity } from '../rule-severity';

/**
 * An HPA whose `scaleTargetRef` names no object of the input: kube-linter's `dangling-horizontalpodautoscaler`, made
 * namespace-aware. The HPA controller reads the target's scale subresource in the HPA's own namespace
 * (kubernetes `pkg/controller/podautoscaler/horizontal.go` `reconcileAutoscaler`: `scaleForResourceMappings(hpa.Namespace,
 * hpa.Spec.ScaleTargetRef.Name, ...)`); when it is missing, the HPA's `AbleToScale` condition is False with reason
 * `FailedGetScale` ("the HPA controller was unable to get the target's current scale: deployments/scale.apps "web" not
 * found") and nothing is scaled.
 *
 * This rule looks at the objects of a whole input, not at one pod, so it is a `RuleInfo` without a pod check: the CLI
 * (`lib/cli/check-manifests.ts`) runs it over the files it reads, the checks at synth (`lib/synth/synth-checks.ts`)
 * over the API objects of the app, both through `HpaTargets` below.
 */
export const hpaTargetMissing: RuleInfo = {
  id: 'PP-HPA-TARGET-MISSING',
  severity: RuleSeverity.WARNING,
  cause: 'An HPA\'s scaleTargetRef names an object that is not among the checked manifests (or not in the app at synth).',
  explanation: 'The HPA controller reads the scale of `spec.scaleTargetRef` (kind and name) in the HPA\'s own namespace. '
    + 'When no such object exists the HPA reports `AbleToScale: False` with reason `FailedGetScale` and scales nothing, '
    + 'with no error at `kubectl apply`: a renamed Deployment, a typo, or an HPA whose target moved to another namespace. '
    + 'The CLI looks for the target among all the files it checks (pass the HPA\'s and its target\'s manifests together), '
    + 'the checks at synth among the API objects of the whole app; an object without a namespace matches one of the same '
    + 'kind and name in any namespace, since it lands wherever it is applied. Fix the kind or name (the message suggests '
    + 'a close one), or, when the target is applied from elsewhere (another repository, an operator), acknowledge the '
    + 'rule on the HPA: the annotation `acknowledge.cdk8s-pod-patterns/PP-HPA-TARGET-MISSING` on the HPA object, or '
    + '`PodChecks.acknowledge` on its scope at synth.',
  source: 'kubernetes pkg/controller/podautoscaler/horizontal.go reconcileAutoscaler (FailedGetScale); '
    + 'kube-linter dangling-horizontalpodautoscaler',
};

/** An HPA as this rule reads it. */
export interface HpaReference {
  /** The HPA's name. */
  readonly name: string;
  readonly namespace?: string;
  /** `spec.scaleTargetRef.kind`. */
  readonly kind: string;
  /** `spec.scaleTargetRef.name`. */
  readonly target: string;
}

/**
 * The objects of an input by kind, name and namespace, to look HPA targets up in. Names are compared exactly, kinds
 * too (`scaleTargetRef.kind` is case-sensitive, as the REST mapper's kind is).
 */
export class HpaTargets {
  /** kind -> name -> namespaces ('' for an object written without one). */
  private readonly byKind = new Map<string, Map<string, Set<string>>>();

  /**
   * @param where how a message names what was searched: `the checked manifests`, `the app`
   */
  constructor(private readonly where: string) {}

  /** Records an object of the input. */
  public add(kind: unknown, name: unknown, namespace: unknown): void {
    if (typeof kind !== 'string' || typeof name !== 'string') return;
    let names = this.byKind.get(kind);
    if (!names) this.byKind.set(kind, names = new Map());
    let namespaces = names.get(name);
    if (!namespaces) names.set(name, namespaces = new Set());
    namespaces.add(typeof namespace === 'string' ? namespace : '');
  }

  /** The finding's message when the HPA's target is not among the objects, else undefined. */
  public missing(hpa: HpaReference): string | undefined {
    const namespaces = this.byKind.get(hpa.kind)?.get(hpa.target);
    const ns = hpa.namespace ?? '';
    if (namespaces && (ns === '' || namespaces.has(ns) || namespaces.has(''))) return undefined;
    const inNamespace = ns === '' ? '' : ` in namespace '${ns}'`;
    const elsewhere = namespaces ? ` (there is one in namespace ${[...namespaces].sort().map(n => `'${n}'`).join(', ')}, `
      + 'but an HPA scales only its own namespace\'s objects)' : '';
    const close = namespaces ? undefined : this.suggestion(hpa);
    return `HPA '${hpa.name}' scales ${hpa.kind} '${hpa.target}' (spec.scaleTargetRef), but no ${hpa.kind} named '${hpa.target}'`
      + `${inNamespace} is in ${this.where}${elsewhere}: if it does not exist, the HPA reports AbleToScale False (FailedGetScale) `
      + `and scales nothing. ${close ? `Did you mean ${close}? ` : ''}Fix spec.scaleTargetRef, check the HPA together with its `
      + `target's manifests, or, if the target is applied from elsewhere, acknowledge ${hpaTargetMissing.id} on the HPA.`;
  }

  /** `Deployment 'web'` for a close name of the same kind, or the same name under another kind. */
  private suggestion(hpa: HpaReference): string | undefined {
    const names = this.byKind.get(hpa.kind);
    const name = names ? closestName(hpa.target, [...names.keys()]) : undefined;
    if (name !== undefined) return `${hpa.kind} '${name}'`;
    for (const [kind, byName] of this.byKind) {
      if (byName.has(hpa.target) && SCALABLE_KINDS.has(kind)) return `${kind} '${hpa.target}'`;
    }
    return undefined;
  }
}

/** The built-in kinds with a scale subresource an HPA can target. */
const SCALABLE_KINDS = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController']);
