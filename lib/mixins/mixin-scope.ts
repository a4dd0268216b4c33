import * as kplus from 'cdk8s-plus-30';
import { IConstruct } from 'constructs';
import { isPodWorkload, workloadKind } from '../synth/workload-model';

/**
 * How every pattern mixin treats the constructs `.with()` hands it. `scope.with(mixin)` offers the mixin the scope and
 * every construct below it that exists at that moment; the mixin joins the cdk8s-plus workloads among them. It also
 * takes the scope itself (a Chart, an App, any construct outside a workload), so that a mixin applied where there is
 * no workload yet (too early, or to the wrong scope) says so instead of doing nothing. Every error a mixin throws names
 * the construct it was applied to (`placeOf`, `cannotJoin`), its props' errors included: those are found by the constructor
 * (`propsProblem`) and thrown when the mixin is applied (`throwPropsProblem`), when the construct is known. Internal.
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
    throw new Error(`${what} was applied to ${placeOf(c)}, which holds no cdk8s-plus Pod, Deployment, StatefulSet, `
      + 'DaemonSet, Job or CronJob: `.with()` reaches only the constructs that exist when it is called. Apply the mixin '
      + 'after the workloads are defined, or to a workload itself.');
  }
  entered.add(c);
}

/**
 * Where a mixin was applied, in its errors: `Deployment 'web/app'` for a workload, `the scope 'web'` for any other
 * construct (a Chart, a Service), `the app` for the root of the tree.
 */
export function placeOf(c: IConstruct): string {
  if (isPodWorkload(c)) return `${workloadKind(c)} '${c.node.path}'`;
  return c.node.path === '' ? 'the app' : `the scope '${c.node.path}'`;
}

/**
 * How every refusal of a workload begins, naming the mixin, its container and the workload:
 * `WithClassicSidecar 'log-shipper' cannot join Job 'batch/report'`.
 */
export function cannotJoin(mixin: string, name: string, w: kplus.AbstractPod): string {
  return `${mixin} '${name}' cannot join ${placeOf(w)}`;
}

/**
 * Runs a mixin's props checks, which throw with the message the user reads, and returns the message of the one that
 * failed (undefined when the props are valid): the constructor keeps it, and `throwPropsProblem` throws it when the
 * mixin is applied. Anything thrown that is not an Error is thrown on.
 */
export function propsProblem(checks: () => void): string | undefined {
  try {
    checks();
    return undefined;
  } catch (e) {
    if (e instanceof Error) return e.message;
    throw e;
  }
}

/**
 * Called first by a mixin's `applyTo`: throws the problem its props have (`propsProblem`), if any, naming the construct
 * it was applied to, e.g. `... e.g. 'log-shipper'. It was applied to Deployment 'web/app'.` Nothing has changed then.
 */
export function throwPropsProblem(problem: string | undefined, c: IConstruct): void {
  if (problem !== undefined) throw new Error(`${problem} It was applied to ${placeOf(c)}.`);
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
