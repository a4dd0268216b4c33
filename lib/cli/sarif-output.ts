import * as path from 'path';
import * as url from 'url';
import { ManifestFinding, SCHEMA_RULE_ID } from './check-manifests';
import { RuleInfo } from '../checks/rule';
import { RuleSeverity } from '../checks/rule-severity';
import { InputError } from '../manifest/manifest-reader';

/**
 * `--format sarif`: the findings as a SARIF 2.1.0 log (OASIS), for code-scanning uploads
 * (`github/codeql-action/upload-sarif`). One reporting descriptor per rule, with the rule's cause and explanation as its
 * help; acknowledged findings are kept, suppressed in source with their reason. Internal module of the CLI.
 * @see https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
 */

/** What the schema rule says, in the shape of a pod rule's data. */
const SCHEMA_RULE = {
  id: SCHEMA_RULE_ID,
  severity: RuleSeverity.ERROR,
  cause: 'The object does not match the official Kubernetes API schema of the target version.',
  explanation: 'The object was validated strictly (unknown fields are errors, as with `kubeconform -strict`) against the '
    + 'Kubernetes API schema of the version given by `--k8s-version`. The API server would reject it, or silently drop the '
    + 'misspelled field. The message names the field by JSON pointer and what it must be.',
};

export interface SarifRun {
  readonly version: string;
  /** The rules that ran, as `RuleInfo` (the pod rules, the rules over the whole input, the packs'). */
  readonly rules: readonly RuleInfo[];
  readonly findings: readonly ManifestFinding[];
  readonly inputErrors: readonly InputError[];
}

/** The SARIF log of one run, as a JSON value. */
export function sarifLog(run: SarifRun): object {
  const descriptors = [...run.rules, SCHEMA_RULE].map(r => ({
    id: r.id,
    shortDescription: { text: r.cause },
    fullDescription: { text: plain(r.explanation) },
    help: { text: `${r.cause}\n\n${plain(r.explanation)}`, markdown: `**${r.cause}**\n\n${r.explanation}` },
    defaultConfiguration: { level: level(r.severity) },
  }));
  const index = new Map(descriptors.map((d, i) => [d.id, i]));
  const results = run.findings.map(f => ({
    ruleId: f.ruleId,
    ...(index.has(f.ruleId) ? { ruleIndex: index.get(f.ruleId) } : {}),
    level: level(f.severity),
    message: { text: `${f.kind}/${f.name || '(no name)'}: ${f.type === 'schema' ? `${f.pointer}: ` : ''}${f.message}` },
    locations: [{
      physicalLocation: { artifactLocation: { uri: fileUri(f.file) }, region: { startLine: f.line, startColumn: f.column } },
      logicalLocations: [{ fullyQualifiedName: `${f.namespace ? `${f.namespace}/` : ''}${f.kind}/${f.name}`, kind: 'object' }],
    }],
    ...(f.type === 'rule' && f.acknowledgedReason !== undefined
      ? { suppressions: [{ kind: 'inSource', justification: f.acknowledgedReason }] }
      : {}),
  }));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'cdk8s-pod-patterns',
          version: run.version,
          informationUri: 'https://www.npmjs.com/package/cdk8s-pod-patterns',
          rules: descriptors,
        },
      },
      invocations: [{
        executionSuccessful: run.inputErrors.length === 0,
        toolExecutionNotifications: run.inputErrors.map(e => ({
          level: 'error',
          message: { text: `${e.source}: ${e.message}` },
          locations: [{ physicalLocation: { artifactLocation: { uri: fileUri(e.file) } } }],
        })),
      }],
      results,
    }],
  };
}

function level(s: RuleSeverity): 'error' | 'warning' {
  return s === RuleSeverity.ERROR ? 'error' : 'warning';
}

/** A relative path stays relative (code scanning resolves it from the repository root); an absolute one is a file: URI. */
function fileUri(file: string): string {
  if (path.isAbsolute(file)) return url.pathToFileURL(file).href;
  return file.split(path.sep).map(encodeURIComponent).join('/');
}

/** Markdown without its backticks and emphasis, for the plain-text fields. */
function plain(markdown: string): string {
  return markdown.replace(/`([^`]*)`/g, '$1').replace(/\*\*([^*]*)\*\*/g, '$1');
}
