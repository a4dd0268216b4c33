import * as fs from 'fs';
import { shippedSchemaVersions } from '../manifest/schema-source';
import { KubernetesTarget } from '../model/kubernetes-target';
import { parseMinorVersion, describeVersions } from '../model/minor-version';
import { unknownGateProblem } from '../model/target-problems';

/**
 * The command line of `cdk8s-pod-patterns`: parsing and usage text. Internal module.
 */

export type OutputFormat = 'table' | 'json' | 'sarif' | 'github';

/** The values `--format` takes. */
const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'json', 'sarif', 'github'];

export interface CliOptions {
  readonly command: 'check' | 'help' | 'version';
  readonly paths: string[];
  /** Kubernetes minor version, normalized: `1.33` (whether it is one the package knows is checked by the CLI). */
  readonly version: string;
  readonly featureGates: { [gate: string]: boolean };
  readonly format: OutputFormat;
  readonly strict: boolean;
  readonly report: boolean;
  readonly schemas?: string;
  readonly noSchemas: boolean;
  /** `--rules <module>`, in the order given: modules exporting rule packs to run after the library's rules. */
  readonly rules: string[];
}

/** A command line that cannot be understood: exit code 2 with the usage hint. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The usage text (`--help`); it names the schema versions the package ships. */
export function usage(): string {
  return `Usage: cdk8s-pod-patterns check [options] <files or directories...>

Checks the pods in existing Kubernetes manifests (YAML, multi-document, or JSON) with the same rules
cdk8s-pod-patterns runs at synth, and validates them strictly against the official Kubernetes API schemas
(shipped with the package for Kubernetes ${describeVersions(shippedSchemaVersions())}). Directories are walked for
*.yaml, *.yml and *.json; - reads standard input:
  helm template my-release ./chart | cdk8s-pod-patterns check -

Options:
  --k8s-version X.Y         Kubernetes version of the cluster, ${KubernetesTarget.OLDEST_VERSION} to ${KubernetesTarget.NEWEST_VERSION} (default ${KubernetesTarget.DEFAULT_VERSION})
  --feature-gates A=true,B=false
                            feature gates set on the cluster (default: each at its default for the version)
  --format table|json|sarif|github
                            output format (default table): sarif is a SARIF 2.1.0 log for code scanning,
                            github prints GitHub Actions annotations (::error file=...,line=...::)
  --strict                  warnings fail the check too (exit 1)
  --report                  print the pod report of every workload
  --schemas DIR             more schemas, laid out as DIR/vX.Y.0/_definitions.json (cdk8s-team/cdk8s
                            kubernetes-schemas/): its versions override the shipped ones or add new ones;
                            $K8S_SCHEMA_DIR is searched after it, the shipped schemas last
  --no-schemas              run the pod checks without schema validation (a version without schemas
                            is exit 2 unless this option is given)
  --rules MODULE            also run the rule packs MODULE exports (a package name, or a path to a .js
                            file); repeat it for several modules
  --version                 print the version of cdk8s-pod-patterns
  -h, --help                show this help

Exit codes: 0 no finding at error level; 1 findings at error level (or warnings with --strict);
2 input that cannot be read, or a bad command line.`;
}

/**
 * Parses the arguments after the program name.
 * @throws UsageError
 */
export function parseCliOptions(argv: readonly string[]): CliOptions {
  const args = [...argv];
  const paths: string[] = [];
  let command: 'check' | 'help' | 'version' | undefined;
  let version = KubernetesTarget.DEFAULT_VERSION;
  const featureGates: { [gate: string]: boolean } = {};
  let format: OutputFormat = 'table';
  let strict = false;
  let report = false;
  let schemas: string | undefined;
  let noSchemas = false;
  let onlyPaths = false;
  const rules: string[] = [];

  while (args.length > 0) {
    const arg = args.shift()!;
    if (onlyPaths || !arg.startsWith('-') || arg === '-') {
      if (command === undefined) {
        if (arg === 'check') {command = 'check';} else if (arg === 'help') {command = 'help';} else if (arg === '-' || exists(arg)) {
          // `cdk8s-pod-patterns dist/`: a path where the command should be means `check` (the only command).
          command = 'check';
          paths.push(arg);
        } else {
          throw new UsageError(`unknown command '${arg}': the command is 'check'`);
        }
      } else {
        paths.push(arg);
      }
      continue;
    }
    if (arg === '--') {
      onlyPaths = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 && arg.startsWith('--') ? arg.slice(0, eq) : arg;
    const inline = eq > 0 && arg.startsWith('--') ? arg.slice(eq + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) return inline;
      const v = args.shift();
      if (v === undefined || (v.startsWith('--') && v.length > 2)) throw new UsageError(`option ${name} needs a value`);
      return v;
    };
    const flag = (): true => {
      if (inline !== undefined) throw new UsageError(`option ${name} takes no value`);
      return true;
    };
    switch (name) {
      case '-h':
      case '--help':
        flag();
        command = 'help';
        break;
      case '--version':
        flag();
        if (command !== 'help') command = 'version';
        break;
      case '--k8s-version':
        version = normalizeVersion(value());
        break;
      case '--feature-gates':
        Object.assign(featureGates, parseFeatureGates(value()));
        break;
      case '--format': {
        const f = value();
        if (!(OUTPUT_FORMATS as readonly string[]).includes(f)) {
          throw new UsageError(`--format must be one of ${OUTPUT_FORMATS.map(x => `'${x}'`).join(', ')}, not '${f}'`);
        }
        format = f as OutputFormat;
        break;
      }
      case '--strict':
        strict = flag();
        break;
      case '--report':
        report = flag();
        break;
      case '--schemas':
        schemas = value();
        break;
      case '--no-schemas':
        noSchemas = flag();
        break;
      case '--rules':
        rules.push(value());
        break;
      default:
        throw new UsageError(`unknown option '${name}'`);
    }
  }
  if (command === 'help' || command === 'version') {
    return { command, paths, version, featureGates, format, strict, report, schemas, noSchemas, rules };
  }
  if (command === undefined) throw new UsageError('missing command: cdk8s-pod-patterns check <files or directories...>');
  if (paths.length === 0) throw new UsageError('check needs at least one file or directory');
  if (noSchemas && schemas !== undefined) throw new UsageError('--no-schemas cannot be combined with --schemas');
  return { command, paths, version, featureGates, format, strict, report, schemas, noSchemas, rules };
}

function normalizeVersion(v: string): string {
  try {
    const m = parseMinorVersion(v);
    return `${m.major}.${m.minor}`;
  } catch (e) {
    throw new UsageError(`--k8s-version: ${(e as Error).message}`);
  }
}

/**
 * `SidecarContainers=true,PodLevelResources=false`, as the kubelet's `--feature-gates` flag takes it; only the gates
 * cdk8s-pod-patterns reads may be named.
 */
export function parseFeatureGates(text: string): { [gate: string]: boolean } {
  const out: { [gate: string]: boolean } = {};
  for (const part of text.split(',')) {
    const item = part.trim();
    if (item === '') continue;
    const m = /^([A-Za-z][A-Za-z0-9]*)=(true|false)$/i.exec(item);
    if (!m) throw new UsageError(`--feature-gates: '${item}' is not Gate=true or Gate=false`);
    const unknown = unknownGateProblem(m[1]);
    if (unknown) throw new UsageError(`--feature-gates: ${unknown}`);
    out[m[1]] = m[2].toLowerCase() === 'true';
  }
  return out;
}

function exists(p: string): boolean {
  try {
    fs.statSync(p);
    return true;
  } catch {
    return false;
  }
}
