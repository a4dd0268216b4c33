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
 * The same reading tells whether a pass is one of `App.synth`'s or `App.synthYaml`'s at all (`isAppSynthPass`), and
 * whether cdk8s went on from its validation to rendering charts (`isRenderingSynth`), which `workload-render.ts` needs
 * to share the checks' render with synth.
 * Internal.
 */

interface PassState {
  /** Identity of the current synth's passes: a new object for every pass that is not a repeat. */
  token: object;
  /** Whether the current pass is one of `App.synth`'s or `App.synthYaml`'s, the first or a repeat. */
  inAppSynth: boolean;
  /**
   * Whether a repeat pass ran under the current token: cdk8s's `_synthChart` validated again after the synth's first
   * pass succeeded, and renders its chart next.
   */
  repeated: boolean;
}

const STATES = new WeakMap<IConstruct, PassState>();

/**
 * The identity of the current synth's validation passes, for the app `c` belongs to: the same object in every pass of
 * one synth, a new one for the first pass of the next. A result computed with one token holds while the token lasts.
 */
export function passToken(c: IConstruct): object {
  return stateOf(rootOf(c)).token;
}

/**
 * True once cdk8s, in the current synth, went on from the validation to rendering the charts: a repeat pass ran under
 * the current `passToken` (a synth whose first pass failed never gets there).
 */
export function isRenderingSynth(c: IConstruct): boolean {
  const state = STATES.get(rootOf(c));
  return state !== undefined && state.repeated;
}

/**
 * True when the current validation pass of the app `c` belongs to is one of `App.synth`'s or `App.synthYaml`'s: cdk8s
 * then renders every chart of the app right after it, each after a repeat pass.
 */
export function isAppSynthPass(c: IConstruct): boolean {
  return stateOf(rootOf(c)).inAppSynth;
}

/**
 * The root of the tree `c` is in. `node.root` builds the array of every scope above `c` (with `unshift`) to take its
 * first element; the checks ask several times per workload at synth, so this walks up without building anything.
 */
export function rootOf(c: IConstruct): IConstruct {
  let root = c;
  for (let s = c.node.scope; s !== undefined; s = s.node.scope) root = s;
  return root;
}

function stateOf(root: IConstruct): PassState {
  let state = STATES.get(root);
  if (!state) {
    // made by the first validation that asks, inside a pass that began before the root's validation below existed
    const first = passKind();
    const created: PassState = { token: {}, inAppSynth: first !== 'other', repeated: first === 'repeat' };
    state = created;
    STATES.set(root, created);
    // Runs first in every pass from now on: cdk8s validates `app.node.findAll()`, root first.
    root.node.addValidation({
      validate: () => {
        const kind = passKind();
        if (kind !== 'repeat') created.token = {};
        created.inAppSynth = kind !== 'other';
        created.repeated = kind === 'repeat';
        return [];
      },
    });
  }
  return state;
}

/**
 * Which pass is running, read from the call stack: `repeat` (cdk8s's `_synthChart` inside `App.synth` or
 * `App.synthYaml`), `synth` (the first pass of `App.synth` or `App.synthYaml`) or `other` (`Testing.synth`, a chart's
 * `toJson()` called by the user, a validation called by hand).
 */
function passKind(): 'repeat' | 'synth' | 'other' {
  const sites = callSites();
  let synthChart = false;
  for (const s of sites) {
    if (!isCdk8sApp(s)) continue;
    const fn = s.getFunctionName() ?? '';
    const method = s.getMethodName() ?? '';
    if (fn === '_synthChart' || method === '_synthChart') {
      synthChart = true;
    } else if (fn === 'synth' || fn === 'synthYaml' || method === 'synth' || method === 'synthYaml') {
      return synthChart ? 'repeat' : 'synth';
    }
  }
  return 'other';
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
