import { fieldPointerOf, positionIn } from './finding-position';
import { acknowledgementsOf } from '../checks/acknowledgements';
import { PodRule, RuleInfo, runRules } from '../checks/rule';
import { RuleSeverity } from '../checks/rule-severity';
import { INPUT_RULES } from '../checks/rules';
import { hpaTargetMissing, HpaTargets } from '../checks/rules/hpa-target-missing';
import { HpaIndex, isHpaObject, isWorkloadObject, ManifestShapeError, objectLabel, podModelOfManifest, RuntimeClassIndex, scaleTargetOf } from '../manifest/manifest-model';
import { InputError, ManifestObject } from '../manifest/manifest-reader';
import { KubernetesSchemas } from '../manifest/schema-validator';
import { PodModel, TargetModel } from '../model/pod-model';

/** The rule ID of schema violations, so that they are reported like every other finding. */
export const SCHEMA_RULE_ID = 'PP-SCHEMA';

/**
 * One pass over the objects read from manifests: schema validation (when schemas are given), then the pod rules
 * on every workload. Pure: no I/O, so the CLI, the benchmark and the tests share it. Internal module.
 */

/** A finding about one object: a rule's, or a schema violation (always at error level). */
export type ManifestFinding = {
  readonly source: string;
  readonly file: string;
  readonly doc: number;
  readonly item?: number;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  /** Line (from 1) of the field the finding names, or of its object. */
  readonly line: number;
  /** Column (from 1) of the field the finding names, or of its object. */
  readonly column: number;
  /** The rule's ID; `PP-SCHEMA` for a schema violation. */
  readonly ruleId: string;
  readonly severity: RuleSeverity;
  readonly message: string;
} & (
  | {
    readonly type: 'rule';
    /** JSON pointer of the field the message names, when it names one of the pod spec. */
    readonly pointer?: string;
    /** The reason of an `acknowledge.cdk8s-pod-patterns/<RULE-ID>` annotation: the finding neither prints nor fails. */
    readonly acknowledgedReason?: string;
  }
  | { readonly type: 'schema'; readonly pointer: string }
);

export interface CheckOptions {
  readonly target: TargetModel;
  readonly rules: readonly PodRule[];
  /** Validate against these schemas; no schema validation when undefined. */
  readonly schemas?: KubernetesSchemas;
  /** Called with the object count so far, every `progressInterval(total)` objects. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Called with every workload's model and its findings (the CLI's `--report`). */
  readonly onWorkload?: (model: PodModel, findings: readonly ManifestFinding[], manifest: ManifestObject) => void;
}

export interface CheckResult {
  readonly findings: ManifestFinding[];
  /** Objects that could not be checked (no pod template, a malformed acknowledgement annotation). */
  readonly errors: InputError[];
  readonly objects: number;
  readonly workloads: number;
  readonly hpas: number;
}

/**
 * Checks every object: HPAs and RuntimeClasses indexed once, one pass over the objects. A pod naming a RuntimeClass of
 * the input is admitted with its overhead; one the API server would refuse is an input error.
 */
export function checkManifests(objects: readonly ManifestObject[], options: CheckOptions): CheckResult {
  const hpaIndex = HpaIndex.of(objects);
  const targets = new HpaTargets('the checked manifests');
  for (const m of objects) targets.add(m.object.kind, m.object.metadata?.name, m.object.metadata?.namespace);
  // an acknowledgement may name any rule that runs here: the pod rules and the rules over the whole input
  const ackRules: readonly RuleInfo[] = [...options.rules, ...INPUT_RULES];
  const runtimeClasses = RuntimeClassIndex.of(objects);
  const findings: ManifestFinding[] = [];
  const errors: InputError[] = [...runtimeClasses.problems];
  let workloads = 0;
  let hpas = 0;
  const every = progressInterval(objects.length);
  objects.forEach((m, i) => {
    if (options.onProgress && i > 0 && i % every === 0) options.onProgress(i, objects.length);
    const o = m.object;
    const base = {
      source: m.source,
      file: m.file,
      doc: m.doc,
      ...(m.item !== undefined ? { item: m.item } : {}),
      kind: o.kind,
      name: typeof o.metadata?.name === 'string' ? o.metadata.name : '',
      ...(typeof o.metadata?.namespace === 'string' ? { namespace: o.metadata.namespace } : {}),
    };
    const own: ManifestFinding[] = [];
    if (o.kind === 'HorizontalPodAutoscaler') hpas++;
    if (options.schemas) {
      for (const p of options.schemas.validate(o, options.target.version, { nullFields: m.nullFields })) {
        own.push({
          ...base, ...positionIn(m, p.pointer), type: 'schema', ruleId: SCHEMA_RULE_ID, pointer: p.pointer, severity: RuleSeverity.ERROR, message: p.message,
        });
      }
    }
    if (isHpaObject(o)) {
      const finding = hpaTargetFinding(m, targets, ackRules, errors);
      if (finding) own.push({ ...base, ...positionIn(m, finding.pointer), ...finding });
    }
    if (isWorkloadObject(o)) {
      workloads++;
      const where = `${m.source} ${objectLabel(o)}`;
      let model: PodModel | undefined;
      try {
        model = podModelOfManifest(m, hpaIndex, options.target, runtimeClasses.lookup);
      } catch (e) {
        if (!(e instanceof ManifestShapeError)) throw e;
        errors.push({ file: m.file, doc: m.doc, source: where, message: `cannot be checked: ${e.message}` });
      }
      const acks = acknowledgementsOf(o, ackRules);
      for (const message of acks.problems) errors.push({ file: m.file, doc: m.doc, source: where, message });
      if (model) {
        // runRules turns a rule that throws into a finding of that rule, so every rule's findings come back here
        for (const f of runRules(options.rules, model)) {
          const reason = acks.reasons.get(f.ruleId);
          const pointer = fieldPointerOf(f.message, o);
          own.push({
            ...base,
            ...positionIn(m, pointer),
            type: 'rule',
            ...(pointer !== undefined ? { pointer } : {}),
            ruleId: f.ruleId,
            severity: f.severity,
            message: f.message,
            ...(reason !== undefined ? { acknowledgedReason: reason } : {}),
          });
        }
        options.onWorkload?.(model, own, m);
      }
    }
    findings.push(...own);
  });
  return { findings, errors, objects: objects.length, workloads, hpas };
}

/**
 * PP-HPA-TARGET-MISSING on an HPA of the input, with its acknowledgement annotation honoured; a malformed annotation
 * is an input error, as on a workload.
 */
function hpaTargetFinding(m: ManifestObject, targets: HpaTargets, ackRules: readonly RuleInfo[], errors: InputError[]) {
  const o = m.object;
  const ref = scaleTargetOf(o);
  if (!ref) return undefined; // the schema's to report
  const acks = acknowledgementsOf(o, ackRules);
  for (const message of acks.problems) errors.push({ file: m.file, doc: m.doc, source: `${m.source} ${objectLabel(o)}`, message });
  const message = targets.missing({
    name: typeof o.metadata?.name === 'string' ? o.metadata.name : '',
    namespace: typeof o.metadata?.namespace === 'string' ? o.metadata.namespace : undefined,
    kind: ref.kind,
    target: ref.name,
  });
  if (message === undefined) return undefined;
  const reason = acks.reasons.get(hpaTargetMissing.id);
  return {
    type: 'rule' as const,
    pointer: '/spec/scaleTargetRef/name',
    ruleId: hpaTargetMissing.id,
    severity: hpaTargetMissing.severity,
    message,
    ...(reason !== undefined ? { acknowledgedReason: reason } : {}),
  };
}

/** Every 1,000 objects, or every power of ten that gives at most about 20 lines for larger runs. */
function progressInterval(total: number): number {
  let every = 1000;
  while (total / every > 20) every *= 10;
  return every;
}
