import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-30';
import { Construct, IConstruct, IValidation } from 'constructs';
import { hasJsonPatches, spreadsPods } from './cdk8s-plus-reads';
import { acknowledgementOf } from './pod-checks-acknowledgements';
import { ChecksOptions, checksOptionsOf } from './pod-checks-registry';
import { printOnce } from './pod-checks-warnings';
import { knownRules, rulePacksOf, rulesOf } from './rule-packs';
import { isHpa, isPodWorkload, podModelOfWorkload } from './workload-model';
import { acknowledgementsOf } from '../checks/acknowledgements';
import { Finding, runRules } from '../checks/rule';
import { RuleSeverity } from '../checks/rule-severity';
import { hpaTargetMissing, HpaTargets } from '../checks/rules/hpa-target-missing';
import { HpaIndex, isHpaObject, isRuntimeClassObject, isWorkloadObject, podModelOfManifest, podSpecIn, RuntimeClassIndex, scaleTargetOf } from '../manifest/manifest-model';
import { ManifestObject } from '../manifest/manifest-reader';
import { errorText } from '../model/error-text';
import { KubeObject } from '../model/kube-object';
import { KubernetesTarget } from '../model/kubernetes-target';
import { PodModel, RuntimeClassLookup } from '../model/pod-model';
import { chainRuntimeClasses } from '../model/runtime-class';

/**
 * The pod checks at synth: one validation per App, which cdk8s runs in every validation pass (`app.synth()` validates
 * the app once, and again before it renders each chart; `Testing.synth` and `chart.toJson()` validate it once).
 *
 * Each pass walks the app once: it finds the cdk8s-plus workloads, the HPAs (indexed by the workload they target), the
 * RuntimeClass objects (whose overhead the pods naming them are admitted with, before those `KubernetesTarget`
 * declares: applying the App's object is what defines the class), and the API objects that hold a pod template without
 * being a cdk8s-plus workload's (L1 `Kube*` objects, `ApiObject`s, the objects of an `Include` or a `Helm` chart).
 * Every one of them that a registration covers (`pod-checks-registry.ts`) is checked: cdk8s-plus workloads through the
 * model read from their objects (their render when JSON patches were added, so the patches are checked too), the others
 * through the manifest adapter on their own JSON, as the CLI checks a file.
 *
 * The checks only read: they never change a construct, never keep a render for synth, and a pass computes everything
 * afresh, so what synth writes does not depend on whether they ran, and they see what other validations did before them.
 * Errors are returned to cdk8s as `[<construct path>] <RULE-ID>: <message>`, which cdk8s prints after the validation's
 * own path: `[cdk8s-pod-patterns] [chart/web] PP-PORT-CONFLICT: ...`; warnings are printed once per App. Internal.
 */

/** The id of the construct, directly under the App, that holds the validation: cdk8s prints it before every error. */
export const CHECKS_CONSTRUCT_ID = 'cdk8s-pod-patterns';

const CHECKS = new WeakMap<IConstruct, AppChecks>();

/**
 * Makes sure the app that `c` belongs to runs the checks at synth: the first call adds a construct holding the
 * validation under the app's root (no API object: nothing is synthesized from it). Cheap on every later call.
 */
export function ensureAppChecks(c: IConstruct): void {
  const root = rootOf(c);
  if (CHECKS.has(root)) return;
  const checks = new AppChecks(root);
  CHECKS.set(root, checks);
  const host = root.node.tryFindChild(CHECKS_CONSTRUCT_ID) ?? new Construct(root as Construct, CHECKS_CONSTRUCT_ID);
  host.node.addValidation(checks);
}

/** The root of the tree `c` is in (`node.root` without the list of every scope it builds). */
function rootOf(c: IConstruct): IConstruct {
  let root = c;
  for (let s = c.node.scope; s !== undefined; s = s.node.scope) root = s;
  return root;
}

const NO_HPAS: readonly kplus.HorizontalPodAutoscaler[] = Object.freeze([]);

/** What one walk of the app finds. */
interface Found {
  readonly workloads: kplus.AbstractPod[];
  /** cdk8s-plus HPAs by the construct they target. */
  readonly hpas: Map<unknown, kplus.HorizontalPodAutoscaler[]>;
  /** API objects that hold a pod template and are not a cdk8s-plus workload's own. */
  readonly podObjects: ApiObject[];
  /** API objects of kind HorizontalPodAutoscaler that are not a cdk8s-plus HPA's own. */
  readonly hpaObjects: ApiObject[];
  /** Every API object of the app, cdk8s-plus objects' own included: what an HPA object's target is looked up among. */
  readonly apiObjects: ApiObject[];
  /** API objects of kind PodDisruptionBudget: what PP-PDB-HPA-MIN reads, for every workload whose pods they select. */
  readonly pdbObjects: ApiObject[];
  /** API objects of kind RuntimeClass (node.k8s.io). */
  readonly runtimeClassObjects: ApiObject[];
}

class AppChecks implements IValidation {
  constructor(private readonly root: IConstruct) {}

  public validate(): string[] {
    const found = walk(this.root);
    const errors: string[] = [];
    const pdbManifests = found.pdbObjects.length > 0 ? renderPdbObjects(found) : [];
    const pdbIndex = pdbManifests.length > 0 ? HpaIndex.of(pdbManifests) : undefined;
    const appRuntimeClasses = found.runtimeClassObjects.length > 0 ? runtimeClassesOfApp(found, errors) : undefined;
    for (const w of found.workloads) {
      const options = checksOptionsOf(w);
      if (options === undefined) continue;
      let findings: Finding[];
      try {
        const runtimeClasses = appRuntimeClasses && chainRuntimeClasses(appRuntimeClasses, KubernetesTarget.of(w)._runtimeClassLookup());
        findings = runRules(rulesOf(w), podModelAtSynth(w, found.hpas.get(w) ?? NO_HPAS, runtimeClasses, pdbIndex));
      } catch (e) {
        errors.push(`[${w.node.path}] cannot be checked: ${errorText(e)}`);
        continue;
      }
      report(w, findings, options, undefined, errors);
    }
    const hpaManifests = found.hpaObjects.length > 0 ? renderHpaObjects(found, errors) : [];
    if (hpaManifests.length > 0) checkHpaTargets(found, hpaManifests, errors);
    if (found.podObjects.length > 0) {
      checkApiObjects(found, [...hpaManifests.map(h => h.manifest), ...pdbManifests], appRuntimeClasses, errors);
    }
    return errors;
  }
}

/** The App's RuntimeClass objects, rendered; one the API server would refuse is reported and left out. */
function runtimeClassesOfApp(found: Found, errors: string[]): RuntimeClassLookup | undefined {
  const manifests: ManifestObject[] = [];
  for (const api of found.runtimeClassObjects) {
    const json = renderOrReport(api, errors, false);
    if (json !== undefined) manifests.push(manifestOf(api, json));
  }
  const index = RuntimeClassIndex.of(manifests);
  for (const p of index.problems) errors.push(`[${p.file}] ${p.message}`);
  return index.lookup;
}

/** One walk of the app: every workload, HPA, RuntimeClass and pod-holding API object in it. */
function walk(root: IConstruct): Found {
  const found: Found = { workloads: [], hpas: new Map(), podObjects: [], hpaObjects: [], apiObjects: [], pdbObjects: [], runtimeClassObjects: [] };
  for (const c of root.node.findAll()) {
    if (isPodWorkload(c)) {
      found.workloads.push(c);
    } else if (isHpa(c)) {
      const list = found.hpas.get(c.target);
      if (list) list.push(c);
      else found.hpas.set(c.target, [c]);
    } else if (ApiObject.isApiObject(c)) {
      found.apiObjects.push(c);
      if (isOwnedByL2(c)) continue;
      const kind = c.kind;
      const type = { apiVersion: c.apiVersion, kind } as KubeObject;
      if (kind === 'HorizontalPodAutoscaler') found.hpaObjects.push(c);
      else if (kind === 'PodDisruptionBudget') found.pdbObjects.push(c);
      else if (isRuntimeClassObject(type)) found.runtimeClassObjects.push(c);
      else if (isWorkloadObject(type)) found.podObjects.push(c);
    }
  }
  return found;
}

/** Whether the API object is the one a cdk8s-plus workload or HPA renders to (its default child). */
function isOwnedByL2(api: ApiObject): boolean {
  const parent = api.node.scope;
  return parent !== undefined && parent.node.defaultChild === api && (isPodWorkload(parent) || isHpa(parent));
}

/**
 * The model of a cdk8s-plus workload as the checks at synth read it: from its objects, or from its render when JSON patches were added (only the
 * render says what they change). A workload with `spread` is never rendered here: cdk8s-plus adds its spread terms again
 * at every render, which would change what synth writes; its patches are then not checked, and a note says so.
 */
export function podModelAtSynth(w: kplus.AbstractPod, hpas?: readonly kplus.HorizontalPodAutoscaler[],
  runtimeClasses?: RuntimeClassLookup, pdbIndex?: HpaIndex): PodModel {
  const api = ApiObject.of(w);
  if (!hasJsonPatches(api)) return podModelOfWorkload(w, undefined, hpas, runtimeClasses, pdbIndex);
  if (spreadsPods(w)) {
    printOnce(w, `[${w.node.path}] NOTE the pod checks read this workload without its JSON patches: it spreads its pods `
      + '(spread: true), and cdk8s-plus changes such a workload every time it is rendered. Check the synthesized YAML with '
      + '`cdk8s-pod-patterns check` to cover the patches.');
    return podModelOfWorkload(w, undefined, hpas, runtimeClasses, pdbIndex);
  }
  return podModelOfWorkload(w, podSpecIn(api.toJson() as KubeObject), hpas, runtimeClasses, pdbIndex);
}

/** The HPAs among API objects (not cdk8s-plus HPAs), rendered; one whose render throws is left out. */
function renderHpaObjects(found: Found, errors: string[]): Array<{ api: ApiObject; manifest: ManifestObject }> {
  const out: Array<{ api: ApiObject; manifest: ManifestObject }> = [];
  for (const api of found.hpaObjects) {
    const json = renderOrReport(api, errors, false);
    if (json !== undefined && isHpaObject(json)) out.push({ api, manifest: manifestOf(api, json) });
  }
  return out;
}

/**
 * PP-HPA-TARGET-MISSING on the HPAs among API objects that the checks cover: their target is looked up among every API
 * object of the app (a cdk8s-plus HPA targets a construct of the app, so it always has its target).
 */
function checkHpaTargets(found: Found, hpas: ReadonlyArray<{ api: ApiObject; manifest: ManifestObject }>, errors: string[]): void {
  let targets: HpaTargets | undefined;
  for (const { api, manifest } of hpas) {
    const options = checksOptionsOf(api);
    if (options === undefined) continue;
    const o = manifest.object;
    const ref = scaleTargetOf(o);
    if (!ref) continue;
    if (targets === undefined) {
      targets = new HpaTargets('the app');
      for (const a of found.apiObjects) targets.add(a.kind, a.name, a.metadata.namespace);
    }
    const message = targets.missing({ name: api.name, namespace: api.metadata.namespace, kind: ref.kind, target: ref.name });
    if (message === undefined) continue;
    const acks = acknowledgementsOf(o, knownRules(rulePacksOf(api)));
    for (const problem of acks.problems) errors.push(`[${api.node.path}] ${problem}`);
    report(api, [{ ruleId: hpaTargetMissing.id, severity: hpaTargetMissing.severity, message }], options, acks.reasons, errors);
  }
}

/** The PodDisruptionBudgets among API objects, rendered; one whose render throws is left out (synth reports it). */
function renderPdbObjects(found: Found): ManifestObject[] {
  const out: ManifestObject[] = [];
  for (const api of found.pdbObjects) {
    const json = renderOrReport(api, [], false);
    if (json !== undefined) out.push(manifestOf(api, json));
  }
  return out;
}

/**
 * The API objects that hold a pod template, checked from their JSON like manifests, with the HPAs and
 * PodDisruptionBudgets among API objects (`indexed`) and the RuntimeClasses of the app.
 */
function checkApiObjects(found: Found, indexed: readonly ManifestObject[], appRuntimeClasses: RuntimeClassLookup | undefined,
  errors: string[]): void {
  const rendered: Array<{ api: ApiObject; options: ChecksOptions; manifest: ManifestObject }> = [];
  for (const api of found.podObjects) {
    const options = checksOptionsOf(api);
    if (options === undefined) continue;
    const json = renderOrReport(api, errors, true);
    if (json !== undefined) rendered.push({ api, options, manifest: manifestOf(api, json) });
  }
  const index = HpaIndex.of(indexed);
  for (const { api, options, manifest } of rendered) {
    const rules = rulesOf(api);
    let findings: Finding[];
    try {
      const target = KubernetesTarget.of(api);
      const runtimeClasses = chainRuntimeClasses(appRuntimeClasses, target._runtimeClassLookup());
      findings = runRules(rules, podModelOfManifest(manifest, index, target, runtimeClasses));
    } catch (e) {
      errors.push(`[${api.node.path}] cannot be checked: ${errorText(e)}`);
      continue;
    }
    const acks = acknowledgementsOf(manifest.object, knownRules(rulePacksOf(api)));
    for (const problem of acks.problems) errors.push(`[${api.node.path}] ${problem}`);
    report(api, findings, options, acks.reasons, errors);
  }
}

/** The object's JSON; an object whose render throws is reported (synth would fail on it right after) when `report`. */
function renderOrReport(api: ApiObject, errors: string[], reportError: boolean): KubeObject | undefined {
  try {
    return api.toJson() as KubeObject;
  } catch (e) {
    if (reportError) errors.push(`[${api.node.path}] cannot be checked: rendering it failed: ${errorText(e)}`);
    return undefined;
  }
}

function manifestOf(api: ApiObject, json: KubeObject): ManifestObject {
  return { file: api.node.path, doc: 0, source: api.node.path, object: json };
}

/**
 * Turns findings into cdk8s errors and printed warnings: acknowledged ones are skipped (by `PodChecks.acknowledge` on
 * the construct or above it, or by an `acknowledge.cdk8s-pod-patterns/<RULE-ID>` annotation of an API object's own).
 */
function report(c: IConstruct, findings: readonly Finding[], options: ChecksOptions,
  annotated: ReadonlyMap<string, string> | undefined, errors: string[]): void {
  for (const f of findings) {
    if (acknowledgementOf(c, f.ruleId) !== undefined || annotated?.has(f.ruleId)) continue;
    const path = c.node.path;
    if (f.severity === RuleSeverity.ERROR) {
      errors.push(`[${path}] ${f.ruleId}: ${f.message}`);
    } else if (options.strict) {
      errors.push(`[${path}] ${f.ruleId}: ${f.message} (a warning, failing because the checks are strict: fix it, or acknowledge it `
        + `with PodChecks.acknowledge(scope, '${f.ruleId}', reason))`);
    } else {
      printOnce(c, `[${path}] WARNING ${f.ruleId}: ${f.message}`);
    }
  }
}
