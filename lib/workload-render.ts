import { ApiObject, YamlOutputType } from 'cdk8s';
import * as kplus from 'cdk8s-plus-30';
import { podSpecIn, podSpecPathOfKind } from './manifest-model';
import { KubeObject } from './manifest-reader';
import { PodSpecJson } from './pod-model';
import { isAppSynthPass, isRenderingSynth, passToken, rootOf } from './validation-pass';
import { podSpecOf } from './workload-model';

/**
 * At `app.synth()`, the pod checks read the manifest synth writes, and synth writes the render they read.
 *
 * `App.synth` and `App.synthYaml` validate the app, then render every chart: `App._synthChart` runs a repeat pass
 * (whose findings the checks reuse), then `chartToKube(chart).map(obj => obj.toJson())`; between the validation and the
 * render only cdk8s runs. So in such a pass the checks render the workload's own API object (`apiObject.toJson()`:
 * cdk8s-plus's `_toKube`, the JSON patches, cdk8s's `resolve`), read its pod template (as rendered; its shape is
 * checked as the CLI checks a manifest's only when JSON patches may have changed it), and keep the render for cdk8s:
 * the pod is rendered once, as without the checks, and the checks see exactly what is written. The model read from the
 * objects (`podSpecOf`) is the same JSON without the scheduling fields and the JSON patches; it serves every other pass
 * (`Testing.synth`, a chart's `toJson()`), where cdk8s renders one chart after validating them all, so a render of
 * every workload would be a second one for all the others.
 *
 * A kept render is handed out once, and only while cdk8s renders the synth whose validation made it: under the same
 * `passToken`, once a repeat pass showed that the validation succeeded and cdk8s went on to render the charts
 * (`isRenderingSynth`), and within the synchronous run of that synth. A `toJson()` after a synth whose validation
 * failed, after a synth that returned or threw, or after a later pass began, renders afresh.
 * A synth whose validation fails leaves its renders unused, so only workloads whose render can be repeated are
 * rendered: not those with `spread`, to which cdk8s-plus's `Workload._toPodSpec` adds the spread terms again at every
 * render (they are read from the objects), nor an object whose `toJson` someone else replaced. The object's `toJson` is
 * set when the checks are registered, so validation changes nothing. Internal.
 */

interface KeptRender {
  /** The validation pass (`passToken`) whose render this is. */
  readonly pass: object;
  /** The `tick` it was made in. */
  readonly tick: number;
  readonly json: any;
}

/** The render of each API object the checks made in the current synth, until cdk8s takes it. */
const KEPT = new WeakMap<ApiObject, KeptRender>();

/**
 * Counts the ends of the synchronous runs in which renders were kept: a synth is synchronous, so a render kept in one
 * is never handed out after it returned or threw (say, a render error in an earlier chart left this one's unused).
 */
let tick = 0;
let tickEndPending = false;

function currentTick(): number {
  if (!tickEndPending) {
    tickEndPending = true;
    queueMicrotask(() => {
      tick++;
      tickEndPending = false;
    });
  }
  return tick;
}

/**
 * Lets the checks of this workload share their render with synth: puts `keptOrRendered` in front of its API object's
 * class's `toJson`. Called once, when the checks are registered (from a mixin's `applyTo`, where the library may change
 * a workload), so validation itself changes nothing. Not for workloads with `spread`, nor for an object that already
 * has a `toJson` of its own (a test's spy, a user's override).
 */
export function shareRenderWithSynth(w: kplus.AbstractPod): void {
  const api: ApiObject | undefined = (w as any).apiObject;
  if (api === undefined || (w as any).spread === true || Object.getOwnPropertyDescriptor(api, 'toJson') !== undefined) return;
  Object.defineProperty(api, 'toJson', { value: keptOrRendered, configurable: true, writable: true, enumerable: false });
}

/**
 * The pod spec the checks read in the current validation pass: in a pass of `App.synth`/`App.synthYaml`, the render
 * synth writes (kept for cdk8s), else the pod read from the objects (`podSpecOf`). A workload whose render is not shared
 * (`shareRenderWithSynth`), or whose object's `toJson` was replaced since, is read from the objects in every pass.
 * @throws what the render throws (no container, `restartPolicy` on a regular container, two volumes with one name),
 *   or a ManifestShapeError when a JSON patch left the pod template in a shape the rules cannot read
 */
export function podSpecAtSynth(w: kplus.AbstractPod): PodSpecJson {
  const api: ApiObject | undefined = (w as any).apiObject;
  if (api === undefined || (api as any).toJson !== keptOrRendered || !isAppSynthPass(w) || !chartsRendered(w)) return podSpecOf(w);
  const json = api.toJson();
  KEPT.set(api, { pass: passToken(api), tick: currentTick(), json });
  // cdk8s-plus renders a pod template of the right shape; only a JSON patch can change that
  const patches: unknown[] | undefined = (api as any).patches;
  if (patches === undefined || patches.length > 0) return podSpecIn(json as KubeObject);
  const path = podSpecPathOfKind(json.kind)!;
  let spec = json;
  for (let i = 0; i < path.length; i++) spec = spec[path[i]];
  return spec as PodSpecJson;
}

/**
 * Whether `App.synth` renders through `chart.toJson()` (after a repeat pass, when a kept render is handed over): every
 * output type but `FOLDER_PER_CHART_FILE_PER_RESOURCE`, which renders the objects one by one after the first pass.
 */
function chartsRendered(w: kplus.AbstractPod): boolean {
  return (rootOf(w) as any).yamlOutputType !== YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE;
}

/** The `toJson` of an API object whose render the checks may keep: one function, shared by every such object. */
function keptOrRendered(this: ApiObject): any {
  const kept = KEPT.get(this);
  if (kept !== undefined) {
    KEPT.delete(this);
    if (kept.tick === tick && kept.pass === passToken(this) && isRenderingSynth(this)) return kept.json;
  }
  return Object.getPrototypeOf(this).toJson.call(this);
}
