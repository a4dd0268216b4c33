/**
 * `npm run docs`: writes the generated documentation.
 *
 *   ts-node --project examples/tsconfig.json scripts/gen-docs.ts [--check]
 *
 * - docs/catalogue.md from examples/ (scripts/gen-catalogue-doc.ts)
 * - docs/rules.md from the rules' metadata (scripts/gen-rules-doc.ts)
 * - docs/platform-catalogue-rules.md from the platform-catalogue example's rule pack (`RulePack.toMarkdown()`)
 *
 * With `--check` it writes nothing and fails when a committed file differs from what it would write.
 */
import * as fs from 'fs';
import * as path from 'path';
import { renderCatalogueDoc } from './gen-catalogue-doc';
import { renderRulesDoc, RULES_DOC } from './gen-rules-doc';
import { acmePlatformRules } from '../examples/platform-catalogue';

const ROOT = path.resolve(__dirname, '..');

/** The documentation of the platform-catalogue example's rule pack, as a team would publish its own. */
export const PLATFORM_RULES_DOC = path.join('docs', 'platform-catalogue-rules.md');

/** A generated document: its path relative to the project, and its text. */
export interface GeneratedDoc {
  readonly file: string;
  readonly text: string;
}

/** Every generated document, rendered in memory. */
export function generatedDocs(): GeneratedDoc[] {
  return [
    { file: 'docs/catalogue.md', text: renderCatalogueDoc() },
    { file: RULES_DOC, text: renderRulesDoc() },
    { file: PLATFORM_RULES_DOC, text: acmePlatformRules.toMarkdown() },
  ];
}

export function main(argv: string[]): void {
  const check = argv.includes('--check');
  const unknown = argv.filter(a => a !== '--check');
  if (unknown.length > 0) throw new Error(`gen-docs: unknown argument ${unknown.join(' ')}; usage: gen-docs.ts [--check]`);
  const stale: string[] = [];
  for (const doc of generatedDocs()) {
    const target = path.join(ROOT, doc.file);
    const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : undefined;
    if (current === doc.text) continue;
    if (check) {
      stale.push(doc.file);
    } else {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, doc.text);
      process.stdout.write(`wrote ${doc.file}\n`);
    }
  }
  if (stale.length > 0) throw new Error(`gen-docs: ${stale.join(', ')} out of date; run \`npm run docs\`.`);
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exitCode = 1;
  }
}
