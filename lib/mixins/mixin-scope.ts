import { IConstruct } from 'constructs';
import { isPodWorkload } from '../synth/workload-model';

/**
 * How every pattern mixin treats the constructs `.with()` hands it. `scope.with(mixin)` offers the mixin the scope and
 * every construct below it that exists at that moment; the mixin joins the cdk8s-plus workloads among them. It also
 * takes the scope itself (a Chart, an App, any construct outside a workload), so that a mixin applied where there is
 * no workload yet (too early, or to the wrong scope) says so instead of doing nothing. Internal.
 */

const ENTERED = new WeakMap<object, WeakSet<IConstruct>>();

/** True for a cdk8s-plus workload, and for any construct outside one: a scope the mixin reaches workloads through. */
export function supportsWorkloadOrScope(c: IConstruct): boolean {
  if (isPodWorkload(c)) return true;
  for (let s = c.node.scope; s !== undefined; s = s.node.scope) {
    if (isPodWorkload(s)) return false;
  }
  return true;
}

/**
 * Called by a mixin's `applyTo` with a construct that is not a workload. The first such construct of a `.with()` call is
 * the scope it was called on (`.with()` offers it first): if no workload is below it, this throws, naming the mixin
 * (`what`) and the scope. Constructs below a scope the same mixin (`mixin`, its identity) already entered are skipped.
 */
export function enterScope(mixin: object, c: IConstruct, what: string): void {
  let entered = ENTERED.get(mixin);
  if (entered === undefined) {
    entered = new WeakSet();
    ENTERED.set(mixin, entered);
  }
  for (let s: IConstruct | undefined = c; s !== undefined; s = s.node.scope) {
    if (entered.has(s)) return;
  }
  if (!hasWorkloadBelow(c)) {
    throw new Error(`${what} was applied to ${c.node.path || 'the app'}, which holds no cdk8s-plus Pod, Deployment, StatefulSet, `
      + 'DaemonSet, Job or CronJob: `.with()` reaches only the constructs that exist when it is called. Apply the mixin '
      + 'after the workloads are defined, or to a workload itself.');
  }
  entered.add(c);
}

/** Whether a cdk8s-plus workload is below `c` (depth first, stopping at the first). */
function hasWorkloadBelow(c: IConstruct): boolean {
  const stack: IConstruct[] = [...c.node.children];
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (isPodWorkload(x)) return true;
    stack.push(...x.node.children);
  }
  return false;
}
