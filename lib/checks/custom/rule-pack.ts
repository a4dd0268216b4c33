import { PodRuleDefinition } from './pod-rule-definition';
import { podViewOf } from './pod-view';
import { PodModel } from '../../model/pod-model';
import { PodRule } from '../rule';
import { renderRulesMarkdown } from '../rules-markdown';

/**
 * Props of a rule pack.
 */
export interface RulePackProps {
  /** The pack's name, e.g. `acme-platform`: lowercase letters, digits and '-'. Messages and the documentation show it. */
  readonly name: string;

  /** The rules, in the order their findings are reported; their IDs must be distinct. */
  readonly rules: PodRuleDefinition[];

  /**
   * One paragraph on what the pack enforces, shown at the top of its documentation.
   * @default - none
   */
  readonly description?: string;
}

const PACK_BRAND = Symbol.for('cdk8s-pod-patterns.RulePack');
const PACK_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * A platform team's rules, published in its own package: a scope opts into the pack at synth
 * (`PodChecks.addRulePack(scope, pack)` or `new WithPodChecks({ rulePacks: [pack] })`), and the CLI loads it with
 * `cdk8s-pod-patterns check --rules <module>` from a module that exports it. `toMarkdown()` renders its documentation
 * as the library's own `docs/rules.md` is rendered.
 */
export class RulePack {
  /**
   * Whether `x` is a `RulePack`, also one made by another copy of this library (`Symbol.for`, not `instanceof`).
   * @param x any value
   */
  public static isRulePack(x: any): x is RulePack {
    return typeof x === 'object' && x !== null && (x as { [PACK_BRAND]?: boolean })[PACK_BRAND] === true;
  }

  /** The pack's name. */
  public readonly name: string;
  /** The pack's rules. */
  public readonly rules: PodRuleDefinition[];
  /**
   * What the pack enforces.
   * @default - none
   */
  public readonly description?: string;
  private podRules?: readonly PodRule[];

  /**
   * @param props the name and the rules
   * @throws if the name is not lowercase letters, digits and '-', a rule is not a `PodRuleDefinition`, or two rules
   *   share an ID
   */
  constructor(props: RulePackProps) {
    if (typeof props?.name !== 'string' || !PACK_NAME.test(props.name)) {
      throw new Error(`RulePack: 'name' (${JSON.stringify(props?.name)}) must be lowercase letters, digits and '-', e.g. 'acme-platform'.`);
    }
    if (!Array.isArray(props.rules) || props.rules.length === 0) {
      throw new Error(`RulePack '${props.name}': 'rules' must list at least one PodRuleDefinition.`);
    }
    const seen = new Set<string>();
    props.rules.forEach((r, i) => {
      if (!PodRuleDefinition.isPodRuleDefinition(r)) {
        throw new Error(`RulePack '${props.name}': rules[${i}] is not a PodRuleDefinition (subclass PodRuleDefinition and implement check).`);
      }
      if (seen.has(r.id)) throw new Error(`RulePack '${props.name}': two rules have the ID ${r.id}; rule IDs must be distinct.`);
      seen.add(r.id);
    });
    this.name = props.name;
    this.rules = [...props.rules];
    this.description = props.description;
    Object.defineProperty(this, PACK_BRAND, { value: true });
  }

  /**
   * The pack's documentation in Markdown: a table of its rules by severity, then one section per rule (cause,
   * explanation, source, how to acknowledge), as `docs/rules.md` documents the built-in rules.
   */
  public toMarkdown(): string {
    return renderRulesMarkdown(this.podRulesOf(), {
      title: `Rule pack \`${this.name}\``,
      intro: [
        ...(this.description ? [this.description.trim(), ''] : []),
        'Opt a scope into these rules with `PodChecks.addRulePack(scope, pack)` at synth, and check manifests with '
          + '`cdk8s-pod-patterns check --rules <module exporting the pack>`. Their findings are reported and acknowledged '
          + 'like the built-in rules\' (docs/rules.md of cdk8s-pod-patterns).',
      ],
    });
  }

  /**
   * The pack's rules in the shape the checks run: each reads the `PodView` of the model.
   * @internal
   */
  public _podRules(): readonly PodRule[] {
    return this.podRulesOf();
  }

  private podRulesOf(): readonly PodRule[] {
    this.podRules ??= this.rules.map((r): PodRule => Object.freeze({
      id: r.id,
      severity: r.severity,
      cause: r.cause,
      explanation: r.explanation,
      source: r.source,
      pack: this.name,
      check: (model: PodModel) => checked(r, r.check(podViewOf(model))),
    }));
    return this.podRules;
  }
}

/** A rule's findings, refused when they are not a list of texts (a rule in another jsii language may return anything). */
function checked(r: PodRuleDefinition, messages: unknown): string[] {
  if (!Array.isArray(messages) || messages.some(m => typeof m !== 'string')) {
    throw new Error(`${r.id}.check must return a list of messages (strings), not ${JSON.stringify(messages)}`);
  }
  return messages;
}
