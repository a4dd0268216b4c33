import { checkManifests, ManifestFinding } from './check-manifests';
import { loadRulePacks, packRules } from './rule-modules';
import { IValidationContext, ValidationViolatingResource, ValidationViolation } from './validation-context';
import { PodRule } from '../checks/rule';
import { RuleSeverity } from '../checks/rule-severity';
import { ALL_RULES } from '../checks/rules';
import { InputError, readManifests } from '../manifest/manifest-reader';
import { KubernetesTarget } from '../model/kubernetes-target';
import { parseMinorVersion } from '../model/minor-version';

/**
 * The properties of `PodChecksValidation`: the `properties` of its entry under `validations` in `cdk8s.yaml`.
 */
export interface PodChecksValidationProps {
  /**
   * Kubernetes minor version of the cluster, e.g. `'1.33'`. Quote it in `cdk8s.yaml`: YAML reads `1.30` as the
   * number 1.3.
   * @default '1.30'
   */
  readonly k8sVersion?: string;

  /**
   * Warnings fail `cdk8s synth` too, as the CLI's `--strict` does.
   * @default false
   */
  readonly strict?: boolean;

  /**
   * Feature gates set explicitly on the cluster, e.g. `{ SidecarContainers: true }` on 1.28.
   * @default - every gate at its upstream default for the version
   */
  readonly featureGates?: { [gate: string]: boolean };

  /**
   * Modules exporting rule packs (a package name, or a path to a .js file from the directory `cdk8s synth` runs in),
   * whose rules run after the library's, as the CLI's `--rules` does.
   * @default - the library's rules only
   */
  readonly rules?: string[];
}

const PROPERTIES = ['k8sVersion', 'strict', 'featureGates', 'rules'];
const NAME = 'PodChecksValidation';

/**
 * A validation plugin of the cdk8s CLI: `cdk8s synth` runs the pod checks over the manifests it wrote, with the rules
 * and the manifest reading of `cdk8s-pod-patterns check`, and names the construct behind each finding.
 *
 * Errors fail synth; warnings are reported and fail synth only with `strict`. Findings acknowledged with an
 * `acknowledge.cdk8s-pod-patterns/<RULE-ID>` annotation (which `PodChecks.acknowledge` writes) are not reported.
 * Schema validation is not part of the plugin: run `cdk8s-pod-patterns check dist/` for it.
 *
 * In `cdk8s.yaml`:
 *
 * ```yaml
 * validations:
 *   - package: cdk8s-pod-patterns
 *     version: 1.2.3                # an exact version (the cdk8s CLI refuses ranges)
 *     class: PodChecksValidation
 *     properties:
 *       k8sVersion: '1.33'
 *       strict: true
 * ```
 *
 * @see https://cdk8s.io/docs/latest/cli/synth/#validation-plugins
 */
export class PodChecksValidation {
  private readonly version: string;
  private readonly strict: boolean;
  private readonly featureGates: { [gate: string]: boolean };
  private readonly rules: readonly PodRule[];

  /**
   * @param props the `properties` given in `cdk8s.yaml`
   * @throws if a property is unknown or has the wrong type, or `k8sVersion` is not a version
   */
  constructor(props: PodChecksValidationProps = {}) {
    const given = props as { readonly [key: string]: unknown };
    for (const key of Object.keys(given)) {
      if (!PROPERTIES.includes(key)) {
        throw new Error(`${NAME}: unknown property '${key}' (known properties: ${PROPERTIES.join(', ')}).`);
      }
    }
    this.version = normalizeVersion(given.k8sVersion);
    if (given.strict !== undefined && typeof given.strict !== 'boolean') {
      throw new Error(`${NAME}: strict (${JSON.stringify(given.strict)}) must be true or false.`);
    }
    this.strict = given.strict === true;
    this.featureGates = featureGatesOf(given.featureGates);
    this.rules = rulesOf(given.rules);
  }

  /**
   * Checks every manifest of the context and submits the report: `failure` when a finding is an error (or a
   * warning, with `strict`) or an object cannot be read or checked, else `success`.
   * @param context what the cdk8s CLI gives the plugin
   */
  public async validate(context: IValidationContext): Promise<void> {
    const read = readManifests(context.manifests);
    const result = checkManifests(read.objects, {
      target: { version: this.version, featureGates: this.featureGates },
      rules: this.rules,
    });
    const names = new Map<string, string>();
    for (const m of read.objects) names.set(`${m.file}#${m.doc}`, nameOf(m.object.metadata?.name));

    const counts = { errors: 0, warnings: 0, acknowledged: 0 };
    const byRule = new Map<string, ManifestFinding[]>();
    for (const f of result.findings) {
      if (f.type !== 'rule') continue; // no schemas are given, so every finding is a rule's
      if (f.acknowledgedReason !== undefined) {
        counts.acknowledged++;
        continue;
      }
      if (f.severity === RuleSeverity.ERROR) counts.errors++;
      else counts.warnings++;
      const path = context.metadata[f.name]?.path;
      context.logger.log(`${path ? `[${path}]` : `${f.source} ${f.kind}/${f.name || '(no name)'}:`} ${f.ruleId} (${f.severity}): ${f.message}`);
      const list = byRule.get(f.ruleId) ?? [];
      list.push(f);
      byRule.set(f.ruleId, list);
    }
    for (const rule of this.rules) {
      const findings = byRule.get(rule.id);
      if (findings) context.report.addViolation(violationOf(rule, findings));
    }
    const inputErrors = [...read.errors, ...result.errors];
    if (inputErrors.length > 0) context.report.addViolation(inputViolation(inputErrors, names));

    const failed = counts.errors > 0 || (this.strict && counts.warnings > 0) || inputErrors.length > 0;
    const gates = Object.entries(this.featureGates).map(([g, on]) => `${g}=${on}`).join(',');
    const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
    context.report.submit(failed ? 'failure' : 'success', {
      Target: `Kubernetes ${this.version}, ${gates ? `feature gates ${gates}` : 'feature gates at their defaults'}`,
      Checked: `${plural(result.objects, 'object')}, ${plural(result.workloads, 'workload')}`
        + (inputErrors.length > 0 ? `, ${plural(inputErrors.length, 'input')} that cannot be read or checked` : ''),
      Findings: `${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')}`
        + `${this.strict ? ' (strict: warnings fail)' : ''}, ${counts.acknowledged} acknowledged`,
      Schemas: 'not validated by the plugin (cdk8s-pod-patterns check dist/ validates them)',
    });
  }
}

/** One violation per rule: its findings grouped by object, one location per finding. */
function violationOf(rule: PodRule, findings: readonly ManifestFinding[]): ValidationViolation {
  const resources = new Map<string, { resourceName: string; manifestPath: string; locations: string[] }>();
  for (const f of findings) {
    let r = resources.get(f.source);
    if (!r) {
      r = { resourceName: f.name, manifestPath: f.file, locations: [] };
      resources.set(f.source, r);
    }
    r.locations.push(`${f.kind}/${f.name || '(no name)'}: ${f.message}`);
  }
  return {
    ruleName: `${rule.id} (${rule.severity})`,
    recommendation: rule.cause,
    fix: rule.explanation,
    violatingResources: [...resources.values()],
  };
}

/** The objects that could not be read or checked, as one violation (they fail the report). */
function inputViolation(errors: readonly InputError[], names: ReadonlyMap<string, string>): ValidationViolation {
  const resources: ValidationViolatingResource[] = errors.map(e => ({
    resourceName: names.get(`${e.file}#${e.doc}`) ?? '',
    manifestPath: e.file,
    locations: [`${e.source}: ${e.message}`],
  }));
  return {
    ruleName: 'cannot be checked',
    recommendation: 'cdk8s-pod-patterns could not read or check these objects, so their pods were not checked.',
    fix: 'Fix what each location says: a pod template the rules cannot read, or an acknowledge.cdk8s-pod-patterns/<RULE-ID> '
      + 'annotation that cannot be honoured (an unknown rule, a rule the API server enforces, a reason under 10 characters).',
    violatingResources: resources,
  };
}

function nameOf(name: unknown): string {
  return typeof name === 'string' ? name : '';
}

function normalizeVersion(value: unknown): string {
  if (value === undefined) return KubernetesTarget.DEFAULT_VERSION;
  if (typeof value !== 'string') {
    throw new Error(`${NAME}: k8sVersion (${JSON.stringify(value)}) must be a string: quote it in cdk8s.yaml `
      + "(k8sVersion: '1.30'), since YAML reads 1.30 as the number 1.3.");
  }
  try {
    const v = parseMinorVersion(value);
    return `${v.major}.${v.minor}`;
  } catch (e) {
    throw new Error(`${NAME}: ${(e as Error).message}`);
  }
}

/** The library's rules, then those of the packs the modules export (`rules` in cdk8s.yaml). */
function rulesOf(value: unknown): readonly PodRule[] {
  if (value === undefined) return ALL_RULES;
  if (!Array.isArray(value) || value.some(m => typeof m !== 'string')) {
    throw new Error(`${NAME}: rules (${JSON.stringify(value)}) must be a list of module names or paths.`);
  }
  const loaded = loadRulePacks(value, process.cwd(), 'rules:');
  if (loaded.problems.length > 0) throw new Error(`${NAME}: ${loaded.problems.join('; ')}.`);
  return [...ALL_RULES, ...packRules(loaded.packs)];
}

function featureGatesOf(value: unknown): { [gate: string]: boolean } {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${NAME}: featureGates (${JSON.stringify(value)}) must be a map of gate names to true or false.`);
  }
  const gates: { [gate: string]: boolean } = {};
  for (const [gate, on] of Object.entries(value)) {
    if (typeof on !== 'boolean') {
      throw new Error(`${NAME}: feature gate '${gate}' (${JSON.stringify(on)}) must be true or false.`);
    }
    gates[gate] = on;
  }
  return gates;
}
