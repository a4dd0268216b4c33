import { PodView } from './pod-view';
import { RuleSeverity } from '../rule-severity';

/**
 * What a rule of a `RulePack` says about itself: the same data as a built-in rule's, from which its documentation and
 * the acknowledgement it takes are made.
 */
export interface PodRuleDefinitionProps {
  /**
   * Stable ID that findings, tests and acknowledgements name: upper-case letters and digits in at least two
   * '-'-separated parts, at most 63 characters, e.g. `ACME-LOG-SHIPPER`. The `PP-` prefix is the library's own.
   */
  readonly id: string;

  /** Error (synth fails) or warning (printed, or an error under `strict`). */
  readonly severity: RuleSeverity;

  /** One-line cause, e.g. 'A workload does not run the platform log shipper.'. */
  readonly cause: string;

  /** Why it matters and how to fix it (Markdown, a few sentences). */
  readonly explanation: string;

  /**
   * The document or policy the rule follows, shown in the generated documentation.
   * @default - none
   */
  readonly source?: string;
}

/** Custom rule IDs: upper-case parts joined by '-', at least two, at most 63 characters (an annotation name's limit). */
const ID_PATTERN = /^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$/;

const RULE_BRAND = Symbol.for('cdk8s-pod-patterns.PodRuleDefinition');

/**
 * A rule of a platform team's own, run at synth and by `cdk8s-pod-patterns check --rules <module>` next to the
 * built-in rules, over the same pod (`PodView`). Subclass it and implement `check`, a pure function of the pod:
 *
 * ```ts
 * class NoLatest extends PodRuleDefinition {
 *   constructor() {
 *     super({ id: 'ACME-NO-LATEST', severity: RuleSeverity.ERROR, cause: '...', explanation: '...' });
 *   }
 *   public check(pod: PodView): string[] {
 *     return pod.containers.filter(c => c.image?.endsWith(':latest')).map(c => `container '${c.name}' ...`);
 *   }
 * }
 * ```
 *
 * Put rules in a `RulePack` and opt a scope into it with `PodChecks.addRulePack`. Findings are acknowledged like the
 * built-in rules' (`PodChecks.acknowledge` or the `acknowledge.cdk8s-pod-patterns/<ID>` annotation).
 */
export abstract class PodRuleDefinition {
  /**
   * Whether `x` is a `PodRuleDefinition`, also one made by another copy of this library (`Symbol.for`, not `instanceof`).
   * @param x any value
   */
  public static isPodRuleDefinition(x: any): x is PodRuleDefinition {
    return typeof x === 'object' && x !== null && (x as { [RULE_BRAND]?: boolean })[RULE_BRAND] === true;
  }

  /** The rule's ID. */
  public readonly id: string;
  /** The rule's severity. */
  public readonly severity: RuleSeverity;
  /** One-line cause. */
  public readonly cause: string;
  /** Why it matters and how to fix it (Markdown). */
  public readonly explanation: string;
  /**
   * The document or policy the rule follows.
   * @default - none
   */
  public readonly source?: string;

  /**
   * @param props the rule's ID, severity, cause and explanation
   * @throws if the ID is not upper-case parts joined by '-', starts with the library's `PP-`, or the cause or
   *   explanation is empty
   */
  constructor(props: PodRuleDefinitionProps) {
    const problem = definitionProblem(props);
    if (problem) throw new Error(`PodRuleDefinition: ${problem}`);
    this.id = props.id;
    this.severity = props.severity;
    this.cause = props.cause.trim();
    this.explanation = props.explanation.trim();
    this.source = props.source;
    Object.defineProperty(this, RULE_BRAND, { value: true });
  }

  /**
   * The findings of the rule on one pod: one message per finding, naming the container, the value and the fix; empty
   * when the pod complies or the rule does not apply. Must not change anything. A rule that throws becomes a finding
   * carrying the error's message.
   * @param pod the pod, as the built-in rules read it
   */
  public abstract check(pod: PodView): string[];
}

/** What is wrong with a rule's props, in the user's terms, or undefined. */
function definitionProblem(props: PodRuleDefinitionProps): string | undefined {
  const id: unknown = props?.id;
  if (typeof id !== 'string' || !ID_PATTERN.test(id) || id.length > 63) {
    return `'id' (${JSON.stringify(id)}) must be upper-case letters and digits in at least two '-'-separated parts, `
      + "at most 63 characters, e.g. 'ACME-LOG-SHIPPER'.";
  }
  if (id.startsWith('PP-')) {
    return `'id' (${id}) must not start with 'PP-', the prefix of the library's own rules: use your team's prefix, e.g. 'ACME-${id.slice(3)}'.`;
  }
  if (props.severity !== 'error' && props.severity !== 'warning') {
    return `${id}: 'severity' (${JSON.stringify(props.severity)}) must be RuleSeverity.ERROR or RuleSeverity.WARNING.`;
  }
  for (const field of ['cause', 'explanation'] as const) {
    const text: unknown = props[field];
    if (typeof text !== 'string' || text.trim() === '') return `${id}: '${field}' must be a non-empty text.`;
  }
  return undefined;
}
