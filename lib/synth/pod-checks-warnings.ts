import { IConstruct } from 'constructs';

/**
 * Printing warnings once. cdk8s validates the whole app at `app.synth()` and again for every chart it
 * synthesizes (`Chart.toJson` → `App._synthChart`), so the same warning would otherwise print several times;
 * each line is printed once per App (the construct tree's root). Internal.
 */
const PRINTED = new WeakMap<IConstruct, Set<string>>();

/** Writes `line` to stderr unless it was already printed for this construct's App. Returns whether it printed. */
export function printOnce(c: IConstruct, line: string): boolean {
  const root = c.node.root;
  let printed = PRINTED.get(root);
  if (!printed) {
    printed = new Set();
    PRINTED.set(root, printed);
  }
  if (printed.has(line)) return false;
  printed.add(line);
  process.stderr.write(`${line}\n`);
  return true;
}
