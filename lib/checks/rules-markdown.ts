import { RuleInfo } from './rule';
import { RuleSeverity } from './rule-severity';

/**
 * The Markdown documentation of a list of rules: a table of the errors, a table of the warnings, then one section per
 * rule. `docs/rules.md` (scripts/gen-rules-doc.ts) and `RulePack.toMarkdown()` are both rendered by it, so a team's
 * pack is documented as the built-in rules are. Internal module.
 */

export interface RulesMarkdownOptions {
  /** The first line of the document, a comment naming its generator. */
  readonly banner?: string;
  /** The title (without `#`). */
  readonly title: string;
  /** Lines between the title and the tables. */
  readonly intro: readonly string[];
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function anchor(id: string): string {
  return id.toLowerCase();
}

function section(r: RuleInfo): string {
  const lines = [
    `### ${r.id}`,
    '',
    `**${r.severity === RuleSeverity.ERROR ? 'Error' : 'Warning'}.** ${r.cause}`,
    '',
    r.explanation,
    '',
  ];
  if (r.source) lines.push(`Source: ${r.source}.`, '');
  lines.push(r.apiServerRejects
    ? 'The API server rejects such a pod: this rule cannot be acknowledged.'
    : `Acknowledge with \`PodChecks.acknowledge(scope, '${r.id}', reason)\`.`, '');
  return lines.join('\n');
}

/** The whole document. */
export function renderRulesMarkdown(rules: readonly RuleInfo[], options: RulesMarkdownOptions): string {
  const errors = rules.filter(r => r.severity === RuleSeverity.ERROR);
  const warnings = rules.filter(r => r.severity === RuleSeverity.WARNING);
  const table = (list: readonly RuleInfo[]) => [
    '| Rule | Cause |',
    '| --- | --- |',
    ...list.map(r => `| [${r.id}](#${anchor(r.id)}) | ${cell(r.cause)} |`),
  ].join('\n');
  return [
    ...(options.banner ? [options.banner] : []),
    `# ${options.title}`,
    '',
    ...options.intro,
    '',
    `## Errors (${errors.length})`,
    '',
    table(errors),
    '',
    `## Warnings (${warnings.length})`,
    '',
    table(warnings),
    '',
    '## Rules',
    '',
    ...rules.map(section),
  ].join('\n');
}
