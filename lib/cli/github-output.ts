import { ManifestFinding } from './check-manifests';
import { RuleSeverity } from '../checks/rule-severity';

/**
 * `--format github`: one GitHub Actions workflow command per finding, which the run's page shows as an annotation on the
 * file and line (`::error file=dist/app.k8s.yaml,line=12,col=9,title=PP-IMAGE-TAG::Deployment/web: ...`). Acknowledged
 * findings are not annotated. Internal module of the CLI.
 * @see https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands
 */
export function githubAnnotation(f: ManifestFinding): string {
  const command = f.severity === RuleSeverity.ERROR ? 'error' : 'warning';
  const properties = `file=${property(f.file)},line=${f.line},col=${f.column},title=${property(f.ruleId)}`;
  const text = `${f.kind}/${f.name || '(no name)'}: ${f.type === 'schema' ? `${f.pointer}: ` : ''}${f.message}`;
  return `::${command} ${properties}::${data(text)}`;
}

/** Escapes a command's message (`%`, CR and LF), as the runner's toolkit does. */
function data(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a command's property value: also `:` and `,`. */
function property(s: string): string {
  return data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
