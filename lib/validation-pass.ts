import { IConstruct } from 'constructs';

/**
 * Knowing which cdk8s validation pass is running, so per-workload work is done once per synth.
 *
 * cdk8s validates the whole app in `app.synth()` (and `app.synthYaml()`), and again inside every `chart.toJson()` it
 * then calls (`App._synthChart`): with one chart every validation runs twice per synth, with ten charts eleven times.
 * Between those passes only cdk8s runs, so a result computed in the first pass of a synth holds for its later passes.
 * A pass is a *repeat* when cdk8s's `_synthChart` runs it from inside `App.synth`/`App.synthYaml` (read from the call
 * stack once per pass, by a validation on the root that cdk8s runs first in every pass, as it walks the tree in
 * pre-order). Any other pass (the first of a synth, `Testing.synth`, a chart's `toJson()` called by the user) starts
 * afresh, and so does every pass if cdk8s's call stack ever looks different: the fallback is only slower, never stale.
 * Internal.
 */

interface PassState {
  /** Identity of the current synth's passes: a new object for every pass that is not a repeat. */
  token: object;
}

const STATES = new WeakMap<IConstruct, PassState>();

/**
 * The identity of the current synth's validation passes, for the app `c` belongs to: the same object in every pass of
 * one synth, a new one for the first pass of the next. A result computed with one token holds while the token lasts.
 */
export function passToken(c: IConstruct): object {
  return stateOf(c.node.root).token;
}

function stateOf(root: IConstruct): PassState {
  let state = STATES.get(root);
  if (!state) {
    const created: PassState = { token: {} };
    state = created;
    STATES.set(root, created);
    // Runs first in every pass from now on: cdk8s validates `app.node.findAll()`, root first.
    root.node.addValidation({
      validate: () => {
        if (!isRepeatPass()) created.token = {};
        return [];
      },
    });
  }
  return state;
}

/** True when the running validation pass is cdk8s's `_synthChart` inside `App.synth` or `App.synthYaml`. */
export function isRepeatPass(): boolean {
  const sites = callSites();
  let synthChart = false;
  for (const s of sites) {
    if (!isCdk8sApp(s)) continue;
    const fn = s.getFunctionName() ?? '';
    const method = s.getMethodName() ?? '';
    if (fn === '_synthChart' || method === '_synthChart') {
      synthChart = true;
    } else if (synthChart && (fn === 'synth' || fn === 'synthYaml' || method === 'synth' || method === 'synthYaml')) {
      return true;
    }
  }
  return false;
}

function isCdk8sApp(s: NodeJS.CallSite): boolean {
  const file = s.getFileName() ?? '';
  return /[\\/]cdk8s[\\/]lib[\\/]app\.js$/.test(file);
}

/** The raw V8 call sites of the caller (not source-mapped: source-map-support's `prepareStackTrace` is bypassed). */
function callSites(): NodeJS.CallSite[] {
  const prepare = Error.prepareStackTrace;
  const limit = Error.stackTraceLimit;
  try {
    Error.stackTraceLimit = 40;
    Error.prepareStackTrace = (_e, sites) => sites;
    const holder: { stack?: unknown } = {};
    Error.captureStackTrace(holder, callSites);
    return Array.isArray(holder.stack) ? holder.stack as NodeJS.CallSite[] : [];
  } finally {
    Error.prepareStackTrace = prepare;
    Error.stackTraceLimit = limit;
  }
}
