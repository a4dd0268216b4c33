import * as fs from 'fs';
import * as path from 'path';
import { checkManifests, CheckResult, ManifestFinding } from './check-manifests';
import { CliOptions, parseCliOptions, usage, UsageError } from './cli-options';
import { githubAnnotation } from './github-output';
import { loadRulePacks, packRules } from './rule-modules';
import { sarifLog } from './sarif-output';
import { INVALID_QUANTITY_ID, PodRule } from '../checks/rule';
import { RuleSeverity } from '../checks/rule-severity';
import { ALL_RULES, INPUT_RULES } from '../checks/rules';
import { DEFAULT_READ_LIMITS, InputError, ManifestObject, readManifests, ReadLimits } from '../manifest/manifest-reader';
import { locateSchemas, schemaFolders, schemaVersionsIn } from '../manifest/schema-source';
import { KubernetesSchemas } from '../manifest/schema-validator';
import { errorText } from '../model/error-text';
import { parseMinorVersion } from '../model/minor-version';
import { PodModel } from '../model/pod-model';
import { QuantityError } from '../model/quantity';
import { knownVersions, unknownVersionProblem } from '../model/target-problems';
import { reportDataOf } from '../report/pod-report-data';
import { PodReportData, PodReportFinding } from '../report/pod-report-types';
import { reportText } from '../report/report-format';

/**
 * `cdk8s-pod-patterns check <files or directories...>`: the pod checks (and strict schema validation) over
 * existing manifests. `bin/cdk8s-pod-patterns` calls `main(argv)`; `npx ts-node -T lib/cli/cli.ts check ...` runs it
 * from the sources. Internal module (not exported from the package entry point).
 */

/** Where the CLI writes and what it reads from its environment (injectable for in-process tests). */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
  /** Progress lines every 1,000 objects when stderr is a terminal (and always past `progressThreshold` objects). */
  readonly stderrIsTTY: boolean;
  readonly limits?: ReadLimits;
  /** The shipped schemas (tests); `schemas/` of the package by default. */
  readonly shippedSchemaDir?: string;
  /** Objects past which progress is printed even when stderr is not a terminal. */
  readonly progressThreshold?: number;
  /** Reads standard input (`check -`), at most `max` bytes; the process's fd 0 by default. */
  readonly readStdin?: (max: number) => Buffer;
  /** The rules to run (tests); every rule of the library by default. `--rules` adds to them. */
  readonly rules?: readonly PodRule[];
  /** The directory `--rules` paths and package names are resolved from; the process's by default. */
  readonly cwd?: string;
}

const EXIT_OK = 0;
const EXIT_FINDINGS = 1;
const EXIT_INPUT = 2;

const PROGRAM = 'cdk8s-pod-patterns';

function processIo(): CliIo {
  // `check ... | head`: once the reader has gone, the rest of the output is dropped instead of crashing on EPIPE.
  const open = { stdout: true, stderr: true };
  const guard = (name: 'stdout' | 'stderr') => (e: NodeJS.ErrnoException) => {
    open[name] = false;
    if (e.code !== 'EPIPE') process.exitCode = EXIT_INPUT;
  };
  process.stdout.on('error', guard('stdout'));
  process.stderr.on('error', guard('stderr'));
  return {
    stdout: t => {
      if (open.stdout) process.stdout.write(t);
    },
    stderr: t => {
      if (open.stderr) process.stderr.write(t);
    },
    env: process.env,
    stderrIsTTY: process.stderr.isTTY === true,
  };
}

/** Runs the CLI; resolves to the exit code. Never rejects: anything unexpected is exit code 2 with a message. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  try {
    return await run(argv, io);
  } catch (e) {
    const detail = e instanceof Error ? (e.stack ?? e.message) : String(e);
    io.stderr(`${PROGRAM}: internal error, please report it: ${detail}\n`);
    return EXIT_INPUT;
  }
}

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  let options: CliOptions;
  try {
    options = parseCliOptions(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`${PROGRAM}: ${e.message}\nRun '${PROGRAM} --help' for usage.\n`);
    return EXIT_INPUT;
  }
  if (options.command === 'help') {
    io.stdout(`${usage()}\n`);
    return EXIT_OK;
  }
  if (options.command === 'version') {
    io.stdout(`${packageVersion()}\n`);
    return EXIT_OK;
  }
  const versionError = targetVersionProblem(options, io.env);
  if (versionError) {
    io.stderr(`${PROGRAM}: --k8s-version: ${versionError}\nRun '${PROGRAM} --help' for usage.\n`);
    return EXIT_INPUT;
  }

  const loaded = loadRulePacks(options.rules, io.cwd ?? process.cwd());
  if (loaded.problems.length > 0) {
    for (const problem of loaded.problems) io.stderr(`${PROGRAM}: ${problem}\n`);
    return EXIT_INPUT;
  }

  let schemas: KubernetesSchemas | undefined;
  let schemaOrigin: string | undefined;
  if (!options.noSchemas) {
    // --schemas DIR, then K8S_SCHEMA_DIR, then the shipped schemas; without any for the version: exit 2 (issue 5:
    // a check that silently skipped half its work would read as clean), unless --no-schemas says so
    const location = locateSchemas({ schemasOption: options.schemas, env: io.env, version: options.version, shippedDir: io.shippedSchemaDir });
    if (location.kind === 'error') {
      io.stderr(`${PROGRAM}: ${location.message}\n`);
      return EXIT_INPUT;
    }
    try {
      schemas = KubernetesSchemas.load(location.file);
    } catch (e) {
      io.stderr(`${PROGRAM}: cannot load the schemas ${location.file}: ${errorText(e)}\n`);
      return EXIT_INPUT;
    }
    schemaOrigin = `${location.file} (${location.origin})`;
  }

  const threshold = io.progressThreshold ?? 5000;
  const read = readManifests(options.paths, io.limits ?? DEFAULT_READ_LIMITS, {
    // Called every 1,000 documents: on a terminal from the start, else past the threshold; then 10,000 from 10,000 on, etc.
    onProgress: n => {
      if ((io.stderrIsTTY || n > threshold) && n % Math.max(1000, 10 ** Math.floor(Math.log10(n))) === 0) {
        io.stderr(`${PROGRAM}: read ${n} documents\n`);
      }
    },
    readStdin: io.readStdin,
  });
  const showProgress = io.stderrIsTTY || read.objects.length > threshold;
  const reports: WorkloadReport[] = [];
  const rules = [...(io.rules ?? ALL_RULES), ...packRules(loaded.packs)];
  const result = checkManifests(read.objects, {
    target: { version: options.version, featureGates: options.featureGates },
    rules,
    schemas,
    onProgress: showProgress ? (done, total) => io.stderr(`${PROGRAM}: checked ${done}/${total} objects\n`) : undefined,
    onWorkload: options.report ? (model, findings, m) => reports.push(reportOf(model, findings, m)) : undefined,
  });
  const inputErrors = [...read.errors, ...result.errors, ...reports.flatMap(r => (r.error ? [r.error] : []))];
  const counts = countFindings(result.findings);
  const exitCode = inputErrors.length > 0
    ? EXIT_INPUT
    : counts.errors > 0 || (options.strict && counts.warnings > 0) ? EXIT_FINDINGS : EXIT_OK;

  // Input errors always reach stderr, whatever the format: they are for the person running the check.
  for (const e of inputErrors) io.stderr(`${formatInputError(e)}\n`);
  if (options.format === 'json') {
    io.stdout(`${JSON.stringify({
      target: { version: options.version, featureGates: options.featureGates },
      schemas: schemaOrigin ?? null,
      strict: options.strict,
      files: read.files.length,
      objects: result.objects,
      workloads: result.workloads,
      hpas: result.hpas,
      findings: result.findings,
      ...(options.report ? { reports: reports.flatMap(r => (r.data ? [r.data] : [])) } : {}),
      inputErrors,
      summary: { ...counts, inputErrors: inputErrors.length, exitCode },
    }, undefined, 2)}\n`);
  } else if (options.format === 'sarif') {
    io.stdout(`${JSON.stringify(sarifLog({ version: packageVersion(), rules: [...(io.rules ?? ALL_RULES), ...INPUT_RULES, ...packRules(loaded.packs)], findings: result.findings, inputErrors }), undefined, 2)}\n`);
  } else {
    const lines: string[] = [];
    const format = options.format === 'github' ? githubAnnotation : formatFinding;
    for (const f of result.findings) if (!isAcknowledged(f)) lines.push(`${format(f)}\n`);
    for (const r of reports) if (r.text) lines.push(`\n== ${r.source}\n${r.text}`);
    if (reports.some(r => r.text)) lines.push('\n');
    lines.push(`${summaryLine(options, read.files.length, result, counts, inputErrors.length, schemas !== undefined)}\n`);
    io.stdout(lines.join(''));
  }
  return exitCode;
}

/** The version of this package, read from its package.json (beside `lib/` and `out/`). */
function packageVersion(): string {
  return JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).version;
}

/**
 * Why the target version is not one to check against, or undefined: the versions the library knows, and those the
 * schema folders (`--schemas`, `K8S_SCHEMA_DIR`) add, e.g. a Kubernetes release newer than the package.
 */
function targetVersionProblem(options: CliOptions, env: NodeJS.ProcessEnv): string | undefined {
  const known = knownVersions();
  if (!options.noSchemas) {
    for (const { dir } of schemaFolders(options.schemas, env)) {
      for (const v of schemaVersionsIn(dir)) {
        const parsed = parseMinorVersion(v);
        if (!known.some(k => k.major === parsed.major && k.minor === parsed.minor)) known.push(parsed);
      }
    }
  }
  known.sort((a, b) => a.major - b.major || a.minor - b.minor);
  const version = parseMinorVersion(options.version);
  const problem = unknownVersionProblem(version, known);
  const newest = known[known.length - 1];
  const newer = version.major > newest.major || (version.major === newest.major && version.minor > newest.minor);
  return problem && newer ? `${problem} (--schemas DIR or K8S_SCHEMA_DIR with a vX.Y.0/_definitions.json adds a newer version)` : problem;
}

/**
 * The pod report of one workload (`--report`), or why there is none: a malformed quantity (the text says so; the
 * PP-INVALID-QUANTITY finding already fails the check, so the exit code is the same with and without `--report`),
 * or any other failure, an input error (exit 2).
 */
interface WorkloadReport {
  readonly source: string;
  readonly data?: PodReportData;
  readonly text?: string;
  readonly error?: InputError;
}

/** The report of a workload from the findings the check already has for it (its rule findings; rules do not run again). */
function reportOf(model: PodModel, findings: readonly ManifestFinding[], m: ManifestObject): WorkloadReport {
  const ruleFindings: PodReportFinding[] = [];
  for (const f of findings) if (f.type === 'rule') ruleFindings.push({ ruleId: f.ruleId, severity: f.severity, message: f.message });
  try {
    const data = reportDataOf(model, ruleFindings);
    return { source: model.source, data, text: reportText(data).join('\n') + '\n' };
  } catch (e) {
    if (e instanceof QuantityError) return { source: model.source, text: `no pod report (${INVALID_QUANTITY_ID}): ${e.message}\n` };
    const message = `cannot make the pod report: ${errorText(e)}`;
    return { source: model.source, error: { file: m.file, doc: m.doc, source: model.source, message } };
  }
}

/**
 * `file:line:column: Kind/name: RULE-ID (severity): message` (editors and terminals open `file:line:column`), with the
 * JSON pointer before the message of a schema violation.
 */
function formatFinding(f: ManifestFinding): string {
  const where = `${f.file}:${f.line}:${f.column}: ${f.kind}/${f.name || '(no name)'}`;
  return `${where}: ${f.ruleId} (${f.severity}): ${f.type === 'schema' ? `${f.pointer}: ` : ''}${f.message}`;
}

function formatInputError(e: InputError): string {
  return `${e.source}: ${e.message}`;
}

/** Findings by severity; acknowledged ones are counted apart and fail nothing. */
function countFindings(findings: readonly ManifestFinding[]): { errors: number; warnings: number; acknowledged: number } {
  let errors = 0;
  let warnings = 0;
  let acknowledged = 0;
  for (const f of findings) {
    if (isAcknowledged(f)) acknowledged++;
    else if (f.severity === RuleSeverity.ERROR) errors++;
    else warnings++;
  }
  return { errors, warnings, acknowledged };
}

function isAcknowledged(f: ManifestFinding): boolean {
  return f.type === 'rule' && f.acknowledgedReason !== undefined;
}

function summaryLine(
  options: CliOptions, files: number, r: CheckResult, counts: { errors: number; warnings: number; acknowledged: number }, inputErrors: number,
  validated: boolean,
): string {
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  const parts = [plural(counts.errors, 'error'), plural(counts.warnings, 'warning')];
  if (counts.acknowledged > 0) parts.push(`${counts.acknowledged} acknowledged`);
  if (inputErrors > 0) parts.push(`${plural(inputErrors, 'input')} that cannot be read or checked`);
  const strict = options.strict && counts.warnings > 0 ? ' (--strict: warnings fail)' : '';
  return `${plural(files, 'file')}, ${plural(r.objects, 'object')}, ${plural(r.workloads, 'workload')}, ${plural(r.hpas, 'HPA')} `
    + `checked against Kubernetes ${options.version}${validated ? ' with schema validation' : ''}: ${parts.join(', ')}${strict}.`;
}

if (require.main === module) {
  void main(process.argv.slice(2)).then(code => {
    process.exitCode = code;
  });
}
