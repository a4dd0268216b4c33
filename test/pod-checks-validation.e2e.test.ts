import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { tmpDir } from './cli-helpers';

/**
 * End to end: the real `cdk8s synth` (cdk8s-cli, a devDependency) in a temporary app whose cdk8s.yaml lists
 * PodChecksValidation, loaded from this package's compiled output (out/, what `npm pack` ships). Offline: the app's
 * node_modules are links into this repository's, and the plugin is given as a local path, or by package name from a
 * plugins directory filled beforehand (cdk8s-cli would otherwise `npm install` it there).
 */

const ROOT = path.resolve(__dirname, '..');
const VERSION: string = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
const CDK8S = path.join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s');

/** Compiles the library (jsii, as `npx projen compile`) when out/ is missing or older than a source file. */
function ensureCompiled(): void {
  const entry = path.join(ROOT, 'out', 'index.js');
  const built = fs.existsSync(entry) ? fs.statSync(entry).mtimeMs : -1;
  const sources = fs.readdirSync(path.join(ROOT, 'lib'), { recursive: true, encoding: 'utf8' }).filter(f => f.endsWith('.ts'));
  if (sources.every(f => fs.statSync(path.join(ROOT, 'lib', f)).mtimeMs <= built)) return;
  const r = spawnSync('npx', ['jsii', '--silence-warnings=reserved-word'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`the library does not compile (npx projen compile):\n${r.stdout}${r.stderr}`);
}

/** A chart `shop` with a Deployment `web` whose two containers bind 8080 and `proxyPort`. */
function chartSource(proxyPort: number, appImage = 'nginx:1.27'): string {
  return `const { App, Chart } = require('cdk8s');
const kplus = require('cdk8s-plus-30');
const app = new App();
const chart = new Chart(app, 'shop');
new kplus.Deployment(chart, 'web', {
  containers: [
    { name: 'app', image: '${appImage}', portNumber: 8080 },
    { name: 'proxy', image: 'envoyproxy/envoy:v1.31.0', portNumber: ${proxyPort} },
  ],
});
app.synth();
`;
}

interface Validation {
  readonly package: string;
  readonly properties: string[];
}

function cdk8sYaml(v: Validation): string {
  return [
    'language: javascript',
    'app: node main.js',
    'validations:',
    `  - package: ${v.package}`,
    `    version: ${VERSION}`,
    '    class: PodChecksValidation',
    ...(v.properties.length > 0 ? ['    properties:', ...v.properties.map(p => `      ${p}`)] : []),
    '',
  ].join('\n');
}

/** The cdk8s.yaml of the README's section "Inside `cdk8s synth`", with `app` set to run main.js. */
function readmeCdk8sYaml(): string {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Inside `cdk8s synth`'));
  const block = /```yaml\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error('README.md: no yaml block in the section "Inside `cdk8s synth`"');
  return YAML.stringify({ ...YAML.parse(block[1]), language: 'javascript', app: 'node main.js' });
}

/** A temporary cdk8s app with cdk8s, cdk8s-plus-30, constructs and this package linked into its node_modules. */
function makeApp(): string {
  const dir = tmpDir();
  fs.mkdirSync(path.join(dir, 'node_modules'));
  for (const dep of ['cdk8s', 'cdk8s-plus-30', 'constructs']) {
    fs.symlinkSync(path.join(ROOT, 'node_modules', dep), path.join(dir, 'node_modules', dep), 'dir');
  }
  fs.symlinkSync(ROOT, path.join(dir, 'node_modules', 'cdk8s-pod-patterns'), 'dir');
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'shop', private: true }));
  return dir;
}

interface Synth {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `cdk8s synth` in `dir`, with HOME and the plugins directory inside the temporary app, no upgrade check. */
function synth(dir: string): Synth {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('CDK8S_')) env[k] = v;
  env.HOME = dir;
  const r = spawnSync(process.execPath, [CDK8S, 'synth', '--check-upgrade=false', '--plugins-dir', path.join(dir, 'plugins')], {
    cwd: dir, env, encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(ensureCompiled, 120_000);

describe('PodChecksValidation in cdk8s synth', () => {
  test('fails when two containers bind one port, naming the construct; passes once the chart is fixed (README cdk8s.yaml)', () => {
    const dir = makeApp();
    fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), readmeCdk8sYaml());
    fs.writeFileSync(path.join(dir, 'main.js'), chartSource(8080));

    const broken = synth(dir);
    expect(broken.status).toBe(2);
    expect(broken.stdout).toMatch(/^\[shop\/web\/Resource\] PP-PORT-CONFLICT \(error\): container 'app' and container 'proxy' both bind TCP port 8080 /m);
    expect(broken.stdout).toContain('PP-PORT-CONFLICT (error) (1 occurrences)');
    expect(broken.stdout).toContain('- Construct Path: shop/web/Resource');
    expect(broken.stdout).toContain('- Manifest Path: dist/shop.k8s.yaml');
    expect(broken.stdout).toMatch(/║ Target +│ Kubernetes 1\.33, feature gates at their defaults +║/);
    expect(broken.stderr).toContain('Validation failed. See above reports for details');

    fs.writeFileSync(path.join(dir, 'main.js'), chartSource(9901));
    const fixed = synth(dir);
    expect(fixed.stderr).toEqual('');
    expect(fixed.status).toBe(0);
    expect(fixed.stdout).toMatch(/║ Status +│ success +║/);
    expect(fixed.stdout).toMatch(/║ Findings +│ 0 errors, 0 warnings \(strict: warnings fail\), 0 acknowledged +║/);
    expect(fixed.stdout).not.toContain('PP-');
    expect(fixed.stdout).toContain('Validations ended succesfully'); // sic, cdk8s-cli's wording
    expect(fs.readFileSync(path.join(dir, 'dist', 'shop.k8s.yaml'), 'utf8')).toContain('containerPort: 9901');
  }, 60_000);

  test('fails on a warning with strict, the plugin given by package name', () => {
    const dir = makeApp();
    // what cdk8s-cli's PluginManager requires before it would `npm install` the package: <plugins>/<name>/<version>/node_modules/<name>
    const installed = path.join(dir, 'plugins', 'cdk8s-pod-patterns', VERSION, 'node_modules');
    fs.mkdirSync(installed, { recursive: true });
    fs.symlinkSync(ROOT, path.join(installed, 'cdk8s-pod-patterns'), 'dir');
    fs.writeFileSync(path.join(dir, 'main.js'), chartSource(9901, 'nginx'));

    fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), cdk8sYaml({ package: 'cdk8s-pod-patterns', properties: ["k8sVersion: '1.33'"] }));
    const lenient = synth(dir);
    expect(lenient.status).toBe(0);
    expect(lenient.stdout).toContain('PP-IMAGE-TAG (warning) (1 occurrences)');
    expect(lenient.stdout).not.toContain('Installing validation plugin');

    fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), cdk8sYaml({ package: 'cdk8s-pod-patterns', properties: ["k8sVersion: '1.33'", 'strict: true'] }));
    const strict = synth(dir);
    expect(strict.status).toBe(2);
    expect(strict.stdout).toMatch(/^\[shop\/web\/Resource\] PP-IMAGE-TAG \(warning\): image 'nginx' of container 'app' /m);
    expect(strict.stdout).toMatch(/║ Findings +│ 0 errors, 1 warning \(strict: warnings fail\), 0 acknowledged +║/);
  }, 60_000);

  test('fails when k8sVersion is written as a number in cdk8s.yaml', () => {
    const dir = makeApp();
    fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), cdk8sYaml({ package: './node_modules/cdk8s-pod-patterns', properties: ['k8sVersion: 1.30'] }));
    fs.writeFileSync(path.join(dir, 'main.js'), chartSource(9901));
    const r = synth(dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("PodChecksValidation: k8sVersion (1.3) must be a string: quote it in cdk8s.yaml (k8sVersion: '1.30')");
  }, 60_000);
});
