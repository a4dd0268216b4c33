import { IConstruct } from 'constructs';
import { RulePack } from '../checks/custom/rule-pack';
import { PodRule, RuleInfo } from '../checks/rule';
import { ALL_RULES, INPUT_RULES } from '../checks/rules';

/**
 * The rule packs scopes opted into (`PodChecks.addRulePack`, `WithPodChecks({ rulePacks })`): a pack added to a
 * scope applies to it and everything below it, with the packs of the scopes above (union, nearest last). Internal.
 */

const PACKS = new WeakMap<IConstruct, RulePack[]>();
/** Until a pack is added, every workload runs the built-in rules alone and no lookup walks its scopes. */
let anyPack = false;

/**
 * Records that `scope` runs `pack`'s rules (a pack added twice to one scope counts once).
 * @throws if a rule of `pack` has the ID of another pack's rule on `scope`, above it or below it
 */
export function recordRulePack(scope: IConstruct, pack: RulePack): void {
  for (const other of packsAround(scope)) {
    if (other === pack) continue;
    const clash = pack.rules.find(r => other.rules.some(o => o.id === r.id));
    if (clash) {
      throw new Error(`rule packs '${pack.name}' and '${other.name}' both define ${clash.id}, and both would check `
        + `'${scope.node.path || '<root>'}': give one of the rules another ID.`);
    }
  }
  const list = PACKS.get(scope) ?? [];
  if (!list.includes(pack)) list.push(pack);
  PACKS.set(scope, list);
  anyPack = true;
}

/** The packs that apply to `c`: those of its scopes, outermost first, each once. */
export function rulePacksOf(c: IConstruct): RulePack[] {
  if (!anyPack) return [];
  const out: RulePack[] = [];
  for (const s of c.node.scopes) {
    for (const p of PACKS.get(s) ?? []) if (!out.includes(p)) out.push(p);
  }
  return out;
}

/** The packs added on `scope`, above it or below it: the rules an acknowledgement on `scope` may name. */
export function packsAround(scope: IConstruct): RulePack[] {
  if (!anyPack) return [];
  const out = rulePacksOf(scope);
  for (const c of scope.node.findAll()) {
    for (const p of PACKS.get(c) ?? []) if (!out.includes(p)) out.push(p);
  }
  return out;
}

/** The rules that run on `c`: the built-in rules, then the rules of its packs. */
export function rulesOf(c: IConstruct): readonly PodRule[] {
  return withPacks(rulePacksOf(c));
}

/**
 * Every rule an acknowledgement or a listing may name: the built-in pod rules, the built-in rules over a whole input
 * (`INPUT_RULES`), then the rules of `packs`.
 */
export function knownRules(packs: readonly RulePack[]): readonly RuleInfo[] {
  return [...ALL_RULES, ...INPUT_RULES, ...packs.flatMap(p => p._podRules())];
}

/** The built-in rules, then the rules of `packs`. */
export function withPacks(packs: readonly RulePack[]): readonly PodRule[] {
  return packs.length === 0 ? ALL_RULES : [...ALL_RULES, ...packs.flatMap(p => p._podRules())];
}
