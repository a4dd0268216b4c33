/**
 * What `npm pack` ships: every file the README links to by a relative path, the schemas, and no CI or development script.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');

function packedFiles(): string[] {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return (JSON.parse(out)[0].files as Array<{ path: string }>).map(f => f.path);
}

describe('the npm package', () => {
  const files = packedFiles();

  test('ships every file the README links to by a relative path', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const links = [...readme.matchAll(/\]\(([^)#]+)(?:#[^)]*)?\)/g)].map(m => m[1]).filter(l => !/^[a-z]+:/.test(l));
    expect(links.length).toBeGreaterThan(3);
    const missing = links.filter(l => !files.some(f => f === l || f.startsWith(l.endsWith('/') ? l : `${l}/`)));
    expect(missing).toEqual([]);
  });

  test('ships the schemas and their notice, and no CI script, bench, test or source map of the repository', () => {
    expect(files).toContain('schemas/v1.36.json.gz');
    expect(files).toContain('schemas/NOTICE.md');
    expect(files.filter(f => /^(\.ci|bench|scripts|test|examples)\//.test(f))).toEqual([]);
  });
});
