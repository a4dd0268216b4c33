import * as fs from 'fs';
import * as path from 'path';
import { CATALOGUE } from '../examples/catalogue';
import { DECISION_MATRIX, exampleFiles, matrixRowsOf, renderCatalogueDoc } from '../scripts/gen-catalogue-doc';

const DOC = path.join(__dirname, '..', 'docs', 'catalogue.md');

describe('docs/catalogue.md', () => {
  const rendered = renderCatalogueDoc();

  test('is what scripts/gen-catalogue-doc.ts renders from examples/ now', () => {
    const committed = fs.existsSync(DOC) ? fs.readFileSync(DOC, 'utf8') : '';
    if (committed !== rendered) {
      const a = committed.split('\n');
      const b = rendered.split('\n');
      const at = a.findIndex((l, i) => l !== b[i]);
      throw new Error(`docs/catalogue.md is out of date (first difference at line ${at + 1}: `
        + `${JSON.stringify(a[at])} vs generated ${JSON.stringify(b[at])}): run \`npm run docs\` and commit the result.`);
    }
  });

  test('rendering is deterministic', () => {
    expect(renderCatalogueDoc()).toEqual(rendered);
  });

  test.each(CATALOGUE.map(e => [e.name, e] as const))('has %s: its section, code, YAML, and a report and picture per workload', (name, example) => {
    const start = rendered.indexOf(`\n## ${name}\n`);
    expect(start).toBeGreaterThan(0);
    const next = rendered.indexOf('\n## ', start + 1);
    const section = rendered.slice(start, next < 0 ? undefined : next);
    expect(section).toContain(`**When to use it:** ${example.when}.`);
    for (const file of exampleFiles(name)) {
      expect(section).toContain(fs.readFileSync(path.join(__dirname, '..', 'examples', file), 'utf8').trimEnd());
    }
    expect(section).toMatch(/```yaml\n(apiVersion|kind): /);
    const workloads = section.match(/^### (Deployment|StatefulSet|DaemonSet|Job|CronJob|Pod) /gm) ?? [];
    expect(workloads.length).toBeGreaterThan(0);
    expect((section.match(/^```mermaid$/gm) ?? []).length).toEqual(workloads.length);
    expect((section.match(/^#  container/gm) ?? []).length).toEqual(workloads.length);
  });

  test('the decision matrix is the article\'s, and an example gets the rows whose need its "when" states', () => {
    expect(DECISION_MATRIX).toHaveLength(8);
    expect(rendered).toContain('| Block app startup until a sidecar is ready | Native sidecar with startupProbe | Init containers cannot do probes |');
    const native = CATALOGUE.find(e => e.name === 'native-sidecar')!;
    expect(matrixRowsOf({ ...native, when: 'Run a setup task that must finish before the app starts' }).map(r => r.pattern)).toEqual(['Init container']);
    expect(matrixRowsOf({ ...native, when: 'Something the article does not list' })).toEqual([]);
  });
});
