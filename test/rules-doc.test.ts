import * as fs from 'fs';
import * as path from 'path';
import { ALL_RULES, INPUT_RULES } from '../lib/checks/rules';
import { renderRulesDoc, RULES_DOC } from '../scripts/gen-rules-doc';

describe('docs/rules.md', () => {
  test('is what scripts/gen-rules-doc.ts renders from the rules (run it after changing a rule)', () => {
    const committed = fs.readFileSync(path.join(__dirname, '..', RULES_DOC), 'utf-8');
    expect(committed).toEqual(renderRulesDoc());
  });

  test('has a section and a table row for every rule', () => {
    const doc = renderRulesDoc();
    for (const r of [...ALL_RULES, ...INPUT_RULES]) {
      expect(doc).toContain(`### ${r.id}\n`);
      expect(doc).toContain(`| [${r.id}](#${r.id.toLowerCase()}) |`);
    }
  });

  test('the README counts the rules there are', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf-8').replace(/\s+/g, ' ');
    expect(readme).toContain(`${ALL_RULES.length + INPUT_RULES.length} rules, each in its own file`);
  });
});
