import * as path from 'path';
import { RulePack } from '../checks/custom/rule-pack';
import { PodRule } from '../checks/rule';

/**
 * `--rules <module>`: loads the rule packs a module exports (a team's published package, or a file), for the CLI and
 * the cdk8s synth validation plugin. Internal module.
 */

export interface LoadedRulePacks {
  readonly packs: RulePack[];
  /** Modules that cannot be loaded or export no pack, in the user's terms (exit code 2). */
  readonly problems: string[];
}

/**
 * Loads every module: a path (`./rules.js`, `/abs/rules.js`) is resolved from `cwd`, anything else as a package name
 * from `cwd`'s `node_modules`. Each module must export at least one `RulePack`, as a named export, the default export,
 * or in an exported list. Two packs defining one rule ID are a problem too. `option` names the setting in messages.
 */
export function loadRulePacks(modules: readonly string[], cwd: string, option = '--rules'): LoadedRulePacks {
  const packs: RulePack[] = [];
  const problems: string[] = [];
  for (const spec of modules) {
    let exported: unknown;
    try {
      const file = spec.startsWith('.') || path.isAbsolute(spec) ? path.resolve(cwd, spec) : require.resolve(spec, { paths: [cwd] });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      exported = require(file);
    } catch (e) {
      problems.push(`${option} ${spec}: cannot load the module: ${firstLine(e)}`);
      continue;
    }
    const found = packsIn(exported);
    if (found.length === 0) {
      problems.push(`${option} ${spec}: the module exports no RulePack (export one, e.g. \`export const rules = new RulePack({ name, rules })\`)`);
    }
    for (const p of found) if (!packs.includes(p)) packs.push(p);
  }
  const owner = new Map<string, string>();
  for (const p of packs) {
    for (const r of p.rules) {
      const other = owner.get(r.id);
      if (other !== undefined && other !== p.name) problems.push(`${option}: rule packs '${other}' and '${p.name}' both define ${r.id}`);
      owner.set(r.id, p.name);
    }
  }
  return { packs, problems };
}

/** The rules of the packs, after the library's own. */
export function packRules(packs: readonly RulePack[]): PodRule[] {
  return packs.flatMap(p => p._podRules());
}

function packsIn(exported: unknown): RulePack[] {
  if (RulePack.isRulePack(exported)) return [exported];
  if (typeof exported !== 'object' || exported === null) return [];
  const out: RulePack[] = [];
  for (const value of Object.values(exported as { [key: string]: unknown })) {
    const candidates = Array.isArray(value) ? value : [value];
    for (const c of candidates) if (RulePack.isRulePack(c) && !out.includes(c)) out.push(c);
  }
  return out;
}

/** The first line of an error's message (node adds the require stack on the next lines). */
function firstLine(e: unknown): string {
  const message = typeof e === 'object' && e !== null && typeof (e as Error).message === 'string' ? (e as Error).message : String(e);
  return message.split('\n')[0];
}
