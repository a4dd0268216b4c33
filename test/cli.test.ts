import * as fs from 'fs';
import * as path from 'path';
import { cli, deploymentYaml, hpaYaml, miniSchemaDir, tmpDir, WIDGET_YAML, writeFiles } from './cli-helpers';
import { PodRule } from '../lib/checks/rule';
import { RuleSeverity } from '../lib/checks/rule-severity';
import { ALL_RULES, INPUT_RULES } from '../lib/checks/rules';
import { main } from '../lib/cli/cli';
import { DEFAULT_READ_LIMITS } from '../lib/manifest/manifest-reader';

const ROOT = path.join(__dirname, '..');
const FIXTURES = path.join(__dirname, 'fixtures');
const MISTAKES = path.join(FIXTURES, 'mistakes');
const CLEAN = path.join(FIXTURES, 'clean');

/** `# expect: ID` and `# args: ...` lines at the top of a fixture. */
function fixtureHeader(file: string): { expect: string[]; args: string[] } {
  const expect: string[] = [];
  const args: string[] = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.startsWith('#')) break;
    const m = /^#\s*(expect|args):\s*(.*)$/.exec(line);
    if (m?.[1] === 'expect') expect.push(...m[2].split(/[\s,]+/).filter(Boolean));
    if (m?.[1] === 'args') args.push(...m[2].split(/\s+/).filter(Boolean));
  }
  return { expect, args };
}

const mistakeFiles = fs.readdirSync(MISTAKES).filter(f => /\.(ya?ml|json)$/.test(f)).sort();

describe('cdk8s-pod-patterns check', () => {
  describe('command line', () => {
    test('--help prints the usage and exits 0', async () => {
      const r = await cli(['--help']);
      expect(r.code).toBe(0);
      expect(r.out).toContain('Usage: cdk8s-pod-patterns check');
      expect(r.out).toContain('--k8s-version X.Y         Kubernetes version of the cluster, 1.20 to 1.36 (default 1.30)');
      expect(r.out).toContain('(shipped with the package for Kubernetes 1.29 to 1.36)');
      expect(r.out).not.toContain('fetch');
    });

    test('--version prints the version of package.json and exits 0', async () => {
      const packageJson = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
      expect(packageJson.version).toMatch(/^\d+\.\d+\.\d+/);
      const r = await cli(['--version']);
      expect(r).toEqual({ code: 0, out: `${packageJson.version}\n`, err: '' });
      expect((await cli(['check', '--version', 'x.yaml'])).out).toBe(`${packageJson.version}\n`);
    });

    test.each([
      [['check', '--bogus', 'x.yaml'], "unknown option '--bogus'"],
      [['lint', 'x.yaml'], "unknown command 'lint'"],
      [['check'], 'check needs at least one file or directory'],
      [[], 'missing command'],
      [['check', '--format', 'xml', 'x.yaml'], "--format must be one of 'table', 'json', 'sarif', 'github', not 'xml'"],
      [['check', '--k8s-version', 'latest', 'x.yaml'], "Kubernetes version 'latest' is not a version"],
      [['check', '--feature-gates', 'SidecarContainers=yes', 'x.yaml'], "'SidecarContainers=yes' is not Gate=true or Gate=false"],
      [['check', '--k8s-version'], 'option --k8s-version needs a value'],
      [['check', '--strict=1', 'x.yaml'], 'option --strict takes no value'],
      [['check', '--version=1', 'x.yaml'], 'option --version takes no value'],
      [['check', '--fetch-schemas', 'x.yaml'], "unknown option '--fetch-schemas'"],
      [['check', '--schemas', 'dir', '--no-schemas', 'x.yaml'], '--no-schemas cannot be combined with --schemas'],
      // a version written as a YAML number loses its trailing zero: 1.30 reads as 1.3
      [['check', '--k8s-version', '1.3', 'x.yaml'], '--k8s-version: Kubernetes 1.3 is not a version cdk8s-pod-patterns knows (1.20 to 1.36): did you mean 1.30?\n'],
      [['check', '--k8s-version', '1.99', 'x.yaml'], '--k8s-version: Kubernetes 1.99 is not a version cdk8s-pod-patterns knows (1.20 to 1.36): did you mean 1.36? '
        + '(--schemas DIR or K8S_SCHEMA_DIR with a vX.Y.0/_definitions.json adds a newer version)\n'],
      [['check', '--k8s-version', 'v1.19.4', 'x.yaml'], 'Kubernetes 1.19 is not a version cdk8s-pod-patterns knows (1.20 to 1.36): did you mean 1.20?'],
      [['check', '--k8s-version', '2.0', 'x.yaml'], 'Kubernetes 2.0 is not a version cdk8s-pod-patterns knows (1.20 to 1.36): did you mean 1.36?'],
      [['check', '--feature-gates', 'SidecarContainer=true', 'x.yaml'],
        "--feature-gates: feature gate 'SidecarContainer' is not one cdk8s-pod-patterns reads: did you mean 'SidecarContainers'? "
        + '(it reads SidecarContainers, HPAContainerMetrics, PodLevelResources, ContainerRestartRules, PodLifecycleSleepAction, PodLifecycleSleepActionAllowZero, RestartAllContainersOnContainerExits, ContainerStopSignals, HPAConfigurableTolerance)'],
      [['check', '--feature-gates', 'podlevelresources=true', 'x.yaml'], "did you mean 'PodLevelResources'?"],
      [['check', '--feature-gates', 'InPlacePodVerticalScaling=true', 'x.yaml'],
        "--feature-gates: feature gate 'InPlacePodVerticalScaling' is not one cdk8s-pod-patterns reads "
        + '(it reads SidecarContainers, HPAContainerMetrics, PodLevelResources, ContainerRestartRules, PodLifecycleSleepAction, PodLifecycleSleepActionAllowZero, RestartAllContainersOnContainerExits, ContainerStopSignals, HPAConfigurableTolerance)'],
    ])('fails with exit 2 on %j', async (args, message) => {
      const r = await cli(args);
      expect(r.code).toBe(2);
      expect(r.err).toContain(message);
      expect(r.err).toContain("Run 'cdk8s-pod-patterns --help' for usage.");
    });
  });

  test('check is implied when the first argument is a path', async () => {
    const r = await cli(['--no-schemas', '--format', 'json', CLEAN]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).objects).toBe(8);
  });

  describe('clean manifests', () => {
    test('exit 0 with a summary line and no finding', async () => {
      const r = await cli(['check', '--no-schemas', CLEAN]);
      expect(r.err).toBe('');
      expect(r.out.trim().split('\n')).toEqual([
        '4 files, 8 objects, 6 workloads, 1 HPA checked against Kubernetes 1.30: 0 errors, 0 warnings.',
      ]);
      expect(r.code).toBe(0);
    });

    test('are validated with the shipped schemas by default: no option, no environment variable', async () => {
      const r = await cli(['check', CLEAN]);
      expect(r.err).toBe('');
      expect(r.out).toBe('4 files, 8 objects, 6 workloads, 1 HPA checked against Kubernetes 1.30 with schema validation: 0 errors, 0 warnings.\n');
      expect(r.code).toBe(0);
      const json = JSON.parse((await cli(['check', '--format', 'json', '--k8s-version', '1.36', CLEAN])).out);
      expect(json.schemas).toBe(`${path.join(ROOT, 'schemas', 'v1.36.json.gz')} (shipped with cdk8s-pod-patterns)`);
    });

    test('fails with exit 2 for a version the package ships no schemas for, saying how to add them or check without', async () => {
      const r = await cli(['check', '--k8s-version', '1.28', CLEAN]);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toBe('cdk8s-pod-patterns: no schemas for Kubernetes 1.28: the package ships 1.29 to 1.36. Put the _definitions.json of '
        + 'Kubernetes 1.28 (cdk8s-team/cdk8s kubernetes-schemas/ layout) at DIR/v1.28.0/_definitions.json and pass --schemas DIR or '
        + 'set K8S_SCHEMA_DIR=DIR, or pass --no-schemas to run the pod checks without schema validation\n');
      const without = await cli(['check', '--no-schemas', '--k8s-version', '1.28', '--feature-gates', 'SidecarContainers=true', CLEAN]);
      expect(without.out).toBe('4 files, 8 objects, 6 workloads, 1 HPA checked against Kubernetes 1.28: 0 errors, 0 warnings.\n');
      expect(without.code).toBe(0);
    });
  });

  describe('planted mistakes (test/fixtures/mistakes: one per rule)', () => {
    test.each(mistakeFiles)('%s raises exactly the rule it plants', async file => {
      const { expect: ids, args } = fixtureHeader(path.join(MISTAKES, file));
      expect(ids.length).toBeGreaterThan(0);
      const known = [...ALL_RULES, ...INPUT_RULES].map(r => r.id);
      const pending = ids.filter(id => !known.includes(id));
      if (pending.length > 0) {
        // eslint-disable-next-line no-console
        console.warn(`fixture ${file}: rule ${pending.join(', ')} is not in ALL_RULES yet; the fixture is not checked`);
        return;
      }
      const r = await cli(['check', '--no-schemas', '--format', 'json', ...args, path.join(MISTAKES, file)]);
      const json = JSON.parse(r.out);
      expect(json.inputErrors).toEqual([]);
      expect([...new Set(json.findings.map((f: any) => f.ruleId))].sort()).toEqual([...ids].sort());
      const errorLevel = [...ALL_RULES, ...INPUT_RULES].filter(rule => ids.includes(rule.id)).some(rule => rule.severity === RuleSeverity.ERROR);
      expect(r.code).toBe(errorLevel ? 1 : 0);
      // The same file, printed as a table: one line per finding naming the file, document, kind and name.
      const table = await cli(['check', '--no-schemas', ...args, path.join(MISTAKES, file)]);
      const first = json.findings[0];
      expect(table.out).toContain(`${path.join(MISTAKES, file)}:${first.line}:${first.column}: ${first.kind}/${first.name}: ${first.ruleId} (${first.severity}): ${first.message}`);
    });

    test('every rule has a fixture, but the two manifests cannot express', () => {
      const covered = new Set(mistakeFiles.flatMap(f => fixtureHeader(path.join(MISTAKES, f)).expect));
      const missing = [...ALL_RULES, ...INPUT_RULES].map(r => r.id).filter(id => !covered.has(id));
      // both need to know which mixin added a container (a classic sidecar, an init step), which manifests do not say
      expect(missing).toEqual(['PP-JOB-CLASSIC-SIDECAR', 'PP-INIT-STEP-REPLICAS']);
    });

    test('the whole folder at once: findings of every fixture, exit 1', async () => {
      const r = await cli(['check', '--no-schemas', '--format', 'json', MISTAKES]);
      const json = JSON.parse(r.out);
      const expected = new Set(mistakeFiles.filter(f => fixtureHeader(path.join(MISTAKES, f)).args.length === 0)
        .flatMap(f => fixtureHeader(path.join(MISTAKES, f)).expect)
        .filter(id => [...ALL_RULES, ...INPUT_RULES].some(rule => rule.id === id)));
      for (const id of expected) expect(json.findings.map((f: any) => f.ruleId)).toContain(id);
      expect(r.code).toBe(expected.size > 0 ? 1 : 0);
    });
  });

  describe('target version and feature gates', () => {
    const file = path.join(MISTAKES, 'feature-version.yaml');
    test('fails when the version lacks native sidecars', async () => {
      const r = await cli(['check', '--no-schemas', '--k8s-version', '1.27', file]);
      expect(r.code).toBe(1);
      expect(r.out).toContain("PP-FEATURE-VERSION (error): native sidecar 'proxy'");
      expect(r.out).toContain('against Kubernetes 1.27');
    });

    test('1.28 with --feature-gates SidecarContainers=true is clean; 1.28 with the gate off is not', async () => {
      const on = await cli(['check', '--no-schemas', '--k8s-version', 'v1.28', '--feature-gates', 'SidecarContainers=true,PodLevelResources=false', file]);
      expect(on.code).toBe(0);
      const off = await cli(['check', '--no-schemas', '--k8s-version=1.28', '--feature-gates=SidecarContainers=false', file]);
      expect(off.code).toBe(1);
      expect(off.out).toContain('with the SidecarContainers gate off');
    });
  });

  describe('fields a version drops without their gates (test/fixtures/mistakes/feature-gates.yaml)', () => {
    const gatesFile = path.join(MISTAKES, 'feature-gates.yaml');
    test('1.34 reports the stopSignal, the restartPolicyRules and the tolerance, each where it is written', async () => {
      const json = JSON.parse((await cli(['check', '--k8s-version', '1.34', '--format', 'json', gatesFile])).out);
      // lines: the worker's restartPolicy (35) and restartPolicyRules (36), nginx's stopSignal (26); the HPA's tolerance
      // is reported on the Deployment it scales (line 7, its apiVersion), like every finding about an HPA of the workload
      expect(json.findings.map((f: any) => [f.ruleId, f.line, /sets ([\w.]+)|(restartPolicy)/.exec(f.message)?.slice(1).find(Boolean)])).toEqual([
        ['PP-REGULAR-RESTART-POLICY', 35, 'restartPolicy'],
        ['PP-FEATURE-VERSION', 36, 'restartPolicyRules'],
        ['PP-FEATURE-VERSION', 26, 'lifecycle.stopSignal'],
        ['PP-FEATURE-VERSION', 7, 'spec.behavior.scaleDown.tolerance'],
      ]);
    });

    test('passes with the three gates on, on 1.34 and on 1.36 (where only ContainerStopSignals is still needed)', async () => {
      const on134 = await cli(['check', '--k8s-version', '1.34', '--feature-gates',
        'ContainerStopSignals=true,ContainerRestartRules=true,HPAConfigurableTolerance=true', gatesFile]);
      expect(on134.out).toContain('0 errors, 0 warnings');
      const on136 = await cli(['check', '--k8s-version', '1.36', '--feature-gates', 'ContainerStopSignals=true', gatesFile]);
      expect(on136.out).toContain('0 errors, 0 warnings');
      expect(on136.code).toBe(0);
    });
  });

  describe('--strict and --format json', () => {
    const warnOnEveryPod: PodRule = {
      id: 'TEST-WARN',
      severity: RuleSeverity.WARNING,
      cause: 'test',
      explanation: 'test',
      check: pod => [`pod ${pod.name} has ${pod.containers.length} container(s)`],
    };

    test('warnings alone exit 0, and 1 with --strict', async () => {
      const dir = writeFiles({ 'd.yaml': deploymentYaml('web') });
      const lax = await cli(['check', '--no-schemas', dir], { rules: [warnOnEveryPod] });
      expect(lax.code).toBe(0);
      expect(lax.out).toContain(`${path.join(dir, 'd.yaml')}:1:1: Deployment/web: TEST-WARN (warning): pod web has 1 container(s)`);
      expect(lax.out).toContain('0 errors, 1 warning.');
      const strict = await cli(['check', '--no-schemas', '--strict', dir], { rules: [warnOnEveryPod] });
      expect(strict.code).toBe(1);
      expect(strict.out).toContain('0 errors, 1 warning (--strict: warnings fail).');
    });

    test('JSON output: target, counts, findings with their location, summary', async () => {
      const dir = writeFiles({ 'a.yaml': `${deploymentYaml('web', { namespace: 'shop' })}\n---\n${hpaYaml('web', 'web')}\n` });
      const r = await cli(['check', '--no-schemas', '--format', 'json', '--k8s-version', '1.33', dir], { rules: [warnOnEveryPod] });
      const json = JSON.parse(r.out);
      expect(json).toEqual({
        target: { version: '1.33', featureGates: {} },
        schemas: null,
        strict: false,
        files: 1,
        objects: 2,
        workloads: 1,
        hpas: 1,
        findings: [{
          source: `${path.join(dir, 'a.yaml')}#0`,
          file: path.join(dir, 'a.yaml'),
          doc: 0,
          kind: 'Deployment',
          name: 'web',
          namespace: 'shop',
          line: 1,
          column: 1,
          type: 'rule',
          ruleId: 'TEST-WARN',
          severity: 'warning',
          message: 'pod web has 1 container(s)',
        }],
        inputErrors: [],
        summary: { errors: 0, warnings: 1, acknowledged: 0, inputErrors: 0, exitCode: 0 },
      });
    });
  });

  describe('PP-HPA-TARGET-MISSING: an HPA\'s target is looked up among every file checked', () => {
    test('an HPA checked alone warns at its scaleTargetRef name; checked with its target\'s file, it passes', async () => {
      const dir = writeFiles({ 'hpa.yaml': `${hpaYaml('web', 'web')}\n`, 'app/deploy.yaml': `${deploymentYaml('web')}\n` });
      const alone = await cli(['check', '--no-schemas', path.join(dir, 'hpa.yaml')]);
      expect(alone.code).toBe(0);
      expect(alone.out).toContain(`${path.join(dir, 'hpa.yaml')}:9:5: HorizontalPodAutoscaler/web: PP-HPA-TARGET-MISSING (warning): `
        + "HPA 'web' scales Deployment 'web' (spec.scaleTargetRef), but no Deployment named 'web' is in the checked manifests");
      expect(alone.out).toContain('1 file, 1 object, 0 workloads, 1 HPA checked against Kubernetes 1.30: 0 errors, 1 warning.');
      const together = await cli(['check', '--no-schemas', dir]);
      expect(together.out).toBe('2 files, 2 objects, 1 workload, 1 HPA checked against Kubernetes 1.30: 0 errors, 0 warnings.\n');
    });

    test('the annotation on the HPA acknowledges it; a malformed one is an input error naming the HPA', async () => {
      const annotated = (reason: string) => hpaYaml('web', 'web').replace('  name: web\n',
        `  name: web\n  annotations:\n    acknowledge.cdk8s-pod-patterns/PP-HPA-TARGET-MISSING: ${JSON.stringify(reason)}\n`);
      const ok = writeFiles({ 'hpa.yaml': annotated('the Deployment is applied by the operator') });
      const r = await cli(['check', '--no-schemas', '--strict', ok]);
      expect(r.code).toBe(0);
      expect(r.out).toBe('1 file, 1 object, 0 workloads, 1 HPA checked against Kubernetes 1.30: 0 errors, 0 warnings, 1 acknowledged.\n');
      const bad = writeFiles({ 'hpa.yaml': annotated('short') });
      const b = await cli(['check', '--no-schemas', bad]);
      expect(b.code).toBe(2);
      expect(b.err).toContain(`${path.join(bad, 'hpa.yaml')}#0 HorizontalPodAutoscaler/web: annotation `
        + 'acknowledge.cdk8s-pod-patterns/PP-HPA-TARGET-MISSING: the reason must be at least 10 characters (got 5)');
    });
  });

  describe('acknowledgements: acknowledge.cdk8s-pod-patterns/<RULE-ID> annotations', () => {
    const imageTag = path.join(MISTAKES, 'image-tag.yaml');
    const withAnnotation = (key: string, value: string): string => fs.readFileSync(imageTag, 'utf8')
      .replace('  name: image-tag\n', `  name: image-tag\n  annotations:\n    ${key}: ${JSON.stringify(value)}\n`);

    test('an acknowledged finding neither prints nor fails, even with --strict; JSON keeps it with its reason', async () => {
      const dir = writeFiles({ 'a.yaml': withAnnotation('acknowledge.cdk8s-pod-patterns/PP-IMAGE-TAG', 'nginx is pinned by the mirror') });
      const r = await cli(['check', '--no-schemas', '--strict', dir]);
      expect(r.code).toBe(0);
      expect(r.out).toBe('1 file, 1 object, 1 workload, 0 HPAs checked against Kubernetes 1.30: 0 errors, 0 warnings, 1 acknowledged.\n');
      const json = JSON.parse((await cli(['check', '--no-schemas', '--format', 'json', dir])).out);
      expect(json.findings.map((f: any) => [f.ruleId, f.acknowledgedReason])).toEqual([['PP-IMAGE-TAG', 'nginx is pinned by the mirror']]);
      expect(json.summary).toEqual({ errors: 0, warnings: 0, acknowledged: 1, inputErrors: 0, exitCode: 0 });
    });

    test.each([
      ['acknowledge.cdk8s-pod-patterns/PP-IMAGE-TAG', 'short', 'the reason must be at least 10 characters (got 5)'],
      ['acknowledge.cdk8s-pod-patterns/PP-NOPE', 'a long enough reason', "unknown rule 'PP-NOPE'"],
      ['acknowledge.cdk8s-pod-patterns/PP-INVALID-NAME', 'a long enough reason', 'PP-INVALID-NAME cannot be acknowledged: the API server rejects'],
      ['acknowledge.cdk8s-pod-patterns/PP-INVALID-NAME', 'short', 'PP-INVALID-NAME cannot be acknowledged: the API server rejects'],
    ])('fails with exit 2 on annotation %s: %s', async (key, value, message) => {
      const dir = writeFiles({ 'a.yaml': withAnnotation(key, value) });
      const r = await cli(['check', '--no-schemas', dir]);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`${path.join(dir, 'a.yaml')}#0 Pod/image-tag: annotation ${key}: ${message}`);
      expect(r.out).toContain('PP-IMAGE-TAG (warning)');
    });
  });

  describe('--report', () => {
    const web = path.join(CLEAN, 'web.yaml');

    test('prints the pod report of every workload after the findings, as a table', async () => {
      const r = await cli(['check', '--no-schemas', '--report', web]);
      expect(r.code).toBe(0);
      const lines = r.out.split('\n');
      expect(lines[0]).toBe('');
      expect(lines[1]).toBe(`== ${web}#0 Deployment/web`);
      expect(r.out).toMatch(/^1 +proxy +sidecar /m);
      expect(r.out).toMatch(/^2 +app +main /m);
      expect(r.out).toContain('QoS Burstable');
      expect(lines[lines.length - 2]).toMatch(/^1 file, 3 objects, 1 workload, 1 HPA checked/);
    });

    test('--format json carries the reports: effective requests of the proxy plus the app', async () => {
      const r = await cli(['check', '--no-schemas', '--report', '--format', 'json', web]);
      const json = JSON.parse(r.out);
      expect(json.reports).toHaveLength(1);
      expect(json.reports[0]).toMatchObject({
        kind: 'Deployment',
        name: 'web',
        namespace: 'shop',
        source: `${web}#0 Deployment/web`,
        requests: { cpu: 600, memory: 640 * 1024 * 1024 },
        qosClass: 'Burstable',
      });
      expect(json.reports[0].containers.map((c: any) => c.name)).toEqual(['proxy', 'app']);
    });

    test.each([[[]], [['--report']]])('a malformed quantity is the PP-INVALID-QUANTITY finding, exit 1, not an input error (options %j)', async extra => {
      const dir = writeFiles({ 'q.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: q}\nspec:\n  containers:\n  - name: app\n    image: a:1\n    resources: {requests: {cpu: 1x}}\n' });
      const r = await cli(['check', '--no-schemas', ...extra, dir]);
      expect(r.code).toBe(1);
      expect(r.err).toBe('');
      expect(r.out).toContain(`${path.join(dir, 'q.yaml')}:8:17: Pod/q: PP-INVALID-QUANTITY (error)`);
      if (extra.length > 0) expect(r.out).toContain(`== ${path.join(dir, 'q.yaml')}#0 Pod/q\nno pod report (PP-INVALID-QUANTITY): quantity "1x"`);
      const json = JSON.parse((await cli(['check', '--no-schemas', '--format', 'json', ...extra, dir])).out);
      expect(json.summary).toEqual({ errors: 1, warnings: 0, acknowledged: 0, inputErrors: 0, exitCode: 1 });
      if (extra.length > 0) expect(json.reports).toEqual([]);
    });

    test('the report carries the findings of the check: each rule runs once per workload', async () => {
      let calls = 0;
      const counted: PodRule = {
        id: 'PP-COUNTED',
        severity: RuleSeverity.WARNING,
        cause: 'test',
        explanation: 'test',
        check: () => {
          calls++;
          return ['counted'];
        },
      };
      const r = await cli(['check', '--no-schemas', '--report', '--format', 'json', web], { rules: [counted] });
      const json = JSON.parse(r.out);
      expect(calls).toBe(1);
      expect(json.findings.map((f: any) => f.ruleId)).toEqual(['PP-COUNTED']);
      expect(json.reports[0].findings).toEqual([{ ruleId: 'PP-COUNTED', severity: RuleSeverity.WARNING, message: 'counted' }]);
    });

    test('without --report there is no report', async () => {
      const r = await cli(['check', '--no-schemas', '--format', 'json', web]);
      expect(JSON.parse(r.out).reports).toBeUndefined();
    });
  });

  describe('input that cannot be read: exit 2, naming the file and document', () => {
    test('fails when a file does not exist', async () => {
      const r = await cli(['check', '--no-schemas', 'does/not/exist.yaml']);
      expect(r.code).toBe(2);
      expect(r.err).toContain('does/not/exist.yaml: no such file or directory');
    });

    test('fails on a YAML syntax error, with its line, and still checks the other documents', async () => {
      const dir = writeFiles({ 'bad.yaml': `${deploymentYaml('ok')}\n---\nkind: Pod\napiVersion: v1\nmetadata: {name: [x\n` });
      const r = await cli(['check', '--no-schemas', '--format', 'json', dir]);
      expect(r.code).toBe(2);
      const json = JSON.parse(r.out);
      expect(json.objects).toBe(1);
      expect(json.inputErrors).toHaveLength(1);
      expect(json.inputErrors[0].source).toBe(`${path.join(dir, 'bad.yaml')}#1`);
      // The flow sequence opened on the document's 4th line is never closed: the parser stops at the end of the file.
      const lastLine = deploymentYaml('ok').split('\n').length + 5;
      expect(json.inputErrors[0].message).toMatch(new RegExp(`^YAML syntax error at line ${lastLine}, column 1: unexpected end of the stream within a flow collection`));
      expect(r.err).toBe(`${json.inputErrors[0].source}: ${json.inputErrors[0].message}\n`);
    });

    test('fails on an object without apiVersion or kind', async () => {
      const dir = writeFiles({ 'x.yaml': 'metadata:\n  name: x\n---\napiVersion: v1\nmetadata: {name: y}\n' });
      const r = await cli(['check', '--no-schemas', dir]);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`${path.join(dir, 'x.yaml')}#0: object has no apiVersion and no kind`);
      expect(r.err).toContain(`${path.join(dir, 'x.yaml')}#1: object has no kind`);
    });

    test('fails on invalid JSON, with its line', async () => {
      const dir = writeFiles({ 'x.json': '{\n  "apiVersion": "v1",\n  "kind": "Pod",\n}\n' });
      const r = await cli(['check', '--no-schemas', dir]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(new RegExp(`${escape(path.join(dir, 'x.json'))}#0: is not valid JSON: .*line 4`));
    });

    test('fails on a workload whose pod spec the rules cannot read', async () => {
      const dir = writeFiles({
        'x.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: {name: app}\n',
        'y.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: {replicas: 1}\n',
      });
      const r = await cli(['check', '--no-schemas', dir]);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`${path.join(dir, 'x.yaml')}#0 Pod/p: cannot be checked: spec.containers must be a list, not a map`);
      expect(r.err).toContain(`${path.join(dir, 'y.yaml')}#0 Deployment/d: cannot be checked: Deployment/d has no pod spec at spec.template.spec`);
    });
  });

  describe('hostile input never crashes: a clear error and exit 2', () => {
    test('fails on a file over the size cap (a sparse 65 MiB file, not read)', async () => {
      const dir = tmpDir();
      const file = path.join(dir, 'huge.yaml');
      fs.writeFileSync(file, '');
      fs.truncateSync(file, 65 * 1024 * 1024);
      const r = await cli(['check', '--no-schemas', file]);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`${file}: is 65 MiB, over the limit of 64 MiB per file`);
    });

    test('fails on binary data (a NUL byte)', async () => {
      const dir = writeFiles({ 'blob.yaml': Buffer.from([0x61, 0x3a, 0x20, 0x00, 0xff, 0xfe, 0x01]) });
      const r = await cli(['check', '--no-schemas', dir]);
      expect(r.code).toBe(2);
      expect(r.err).toContain('blob.yaml: holds binary data (a NUL byte at offset 3), not YAML or JSON text');
    });

    test('fails on a YAML alias bomb (billion laughs)', async () => {
      let bomb = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\ndata:\n  a0: &a0 "lol"\n';
      for (let i = 1; i <= 12; i++) bomb += `  a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
      const dir = writeFiles({ 'bomb.yaml': bomb });
      const r = await cli(['check', '--no-schemas', dir]);
      expect(r.code).toBe(2);
      expect(r.err).toContain('bomb.yaml#0: uses more than 100 YAML aliases (an alias bomb?)');
    });

    test('fails on nesting deeper than the cap (JSON 200,000 levels, YAML 150 levels)', async () => {
      const depth = 200_000;
      const dir = writeFiles({
        'deep.json': `{"apiVersion":"v1","kind":"ConfigMap","x":${'['.repeat(depth)}${']'.repeat(depth)}}`,
        'deep.yaml': `apiVersion: v1\nkind: ConfigMap\nx: ${'['.repeat(150)}${']'.repeat(150)}\n`,
      });
      const r = await cli(['check', '--no-schemas', dir]);
      expect(r.code).toBe(2);
      expect(r.err).toContain('deep.json#0: nesting is deeper than the limit of 100 levels');
      expect(r.err).toContain('deep.yaml#0: nesting is deeper than the limit of 100 levels');
    });

    test('fails on YAML nested so deeply that the parser itself would overflow the stack', async () => {
      const dir = writeFiles({ 'deeper.yaml': `apiVersion: v1\nkind: ConfigMap\nx: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n` });
      const r = await cli(['check', '--no-schemas', dir]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/deeper\.yaml#0: (nesting is deeper than the limit of 100 levels|YAML syntax error)/);
    });

    test('fails on values JSON cannot hold (YAML !!binary, .nan)', async () => {
      const dir = writeFiles({
        'tags.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\nbinaryData: {b: !!binary aGVsbG8=}\n---\n'
        + 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\ndata: {x: .nan}\n',
      });
      const r = await cli(['check', '--no-schemas', dir]);
      expect(r.code).toBe(2);
      expect(r.err).toContain('tags.yaml#0: YAML tag !!binary at line 4, column 17 is not one Kubernetes manifests can hold '
        + '(only strings, numbers, booleans, null, lists and maps)');
      expect(r.err).toContain('tags.yaml#1: value at /data/x (NaN) is not a JSON number');
    });

    test('random bytes without NUL never crash the CLI', async () => {
      let seed = 42;
      const rnd = (): number => {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        return seed;
      };
      for (let n = 0; n < 20; n++) {
        const bytes = Buffer.alloc(2000, 0);
        for (let i = 0; i < bytes.length; i++) bytes[i] = 1 + (rnd() % 255);
        const dir = writeFiles({ 'noise.yaml': bytes });
        const r = await cli(['check', '--no-schemas', dir]);
        expect([0, 2]).toContain(r.code);
        expect(r.err).not.toContain('internal error');
      }
    });

    test('fails on a device or a pipe named as a file (it would be read forever)', async () => {
      const r = await cli(['check', '--no-schemas', '/dev/zero']);
      expect(r.code).toBe(2);
      expect(r.err).toContain('/dev/zero: is not a regular file (a device, a pipe or a socket): use - to read standard input');
    });

    test('standard input is read up to the size cap', async () => {
      let asked = 0;
      const r = await cli(['check', '--no-schemas', '-'], {
        limits: { ...DEFAULT_READ_LIMITS, maxFileBytes: 1000 },
        readStdin: max => {
          asked = max;
          return Buffer.alloc(max, 0x61);
        },
      });
      expect(asked).toBe(1001);
      expect(r.code).toBe(2);
      expect(r.err).toContain('<stdin>: is over the limit of 1000 bytes: split the input');
    });

    test('an unexpected exception becomes exit 2 with a message', async () => {
      const dir = writeFiles({ 'd.yaml': deploymentYaml('web') });
      let err = '';
      const code = await main(['check', '--no-schemas', dir], {
        stdout: () => {
          throw new Error('stdout closed');
        },
        stderr: t => {
          err += t;
        },
        env: {},
        stderrIsTTY: false,
      });
      expect(code).toBe(2);
      expect(err).toContain('cdk8s-pod-patterns: internal error, please report it: Error: stdout closed');
    });
  });

  describe('directories, lists and documents', () => {
    test('walks directories for *.yaml, *.yml and *.json only, and expands kind: List', async () => {
      const dir = writeFiles({
        'a/one.yml': deploymentYaml('one'),
        'a/b/two.json': JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }] }),
        'notes.txt': 'not: [a manifest',
        'README.md': '# hello',
        'empty.yaml': '---\n---\n',
      });
      const r = await cli(['check', '--no-schemas', '--format', 'json', dir]);
      const json = JSON.parse(r.out);
      expect(r.code).toBe(0);
      expect(json.files).toBe(3);
      expect(json.objects).toBe(2);
    });

    test('fails with exit 2 when standard input is empty (helm template ... | check - after helm failed)', async () => {
      const r = await cli(['check', '-'], { readStdin: () => Buffer.alloc(0) });
      expect(r.code).toBe(2);
      expect(r.err).toBe('<stdin>: nothing was read from standard input (0 bytes): if a command pipes into this one, '
        + 'it printed nothing; look for its errors above\n');
      expect(r.out).toBe('1 file, 0 objects, 0 workloads, 0 HPAs checked against Kubernetes 1.30 with schema validation: '
        + '0 errors, 0 warnings, 1 input that cannot be read or checked.\n');
    });

    test('- reads standard input (helm template ... | cdk8s-pod-patterns check -)', async () => {
      const text = fs.readFileSync(path.join(MISTAKES, 'port-conflict.yaml'));
      const r = await cli(['check', '--no-schemas', '-'], { readStdin: () => text });
      expect(r.code).toBe(1);
      expect(r.out).toContain('<stdin>:22:15: Deployment/port-conflict: PP-PORT-CONFLICT (error): ');
    });

    test('prints a progress line on stderr for long runs', async () => {
      const docs = Array.from({ length: 2500 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c${i}}`).join('\n---\n');
      const dir = writeFiles({ 'many.yaml': docs });
      const r = await cli(['check', '--no-schemas', dir], { progressThreshold: 1500 });
      expect(r.code).toBe(0);
      expect(r.err).toBe(['read 2000 documents', 'checked 1000/2500 objects', 'checked 2000/2500 objects']
        .map(l => `cdk8s-pod-patterns: ${l}\n`).join(''));
      const quiet = await cli(['check', '--no-schemas', dir]);
      expect(quiet.err).toBe('');
      const tty = await cli(['check', '--no-schemas', dir], { stderrIsTTY: true });
      expect(tty.err).toBe(['read 1000 documents', 'read 2000 documents', 'checked 1000/2500 objects', 'checked 2000/2500 objects']
        .map(l => `cdk8s-pod-patterns: ${l}\n`).join(''));
    });
  });

  describe('10,000 objects', () => {
    // how long it takes is the benchmark's to measure (`npm run bench -- --cli`)
    test('5,000 Deployments and their 5,000 HPAs are checked', async () => {
      const docs: string[] = [];
      for (let i = 0; i < 5000; i++) docs.push(deploymentYaml(`app-${i}`), hpaYaml(`app-${i}`, `app-${i}`));
      const dir = writeFiles({ 'many.yaml': docs.join('\n---\n') });
      const r = await cli(['check', '--no-schemas', '--format', 'json', dir]);
      const json = JSON.parse(r.out);
      expect(json.objects).toBe(10_000);
      expect(json.workloads).toBe(5000);
      expect(json.hpas).toBe(5000);
      expect(r.code).toBe(0);
    }, 120_000);
  });
});

describe('cdk8s-pod-patterns check with schema validation', () => {
  test('fails on the schema fixtures: one line per problem, file:line:column Kind/name: PP-SCHEMA (error): /pointer: message', async () => {
    const dir = path.join(FIXTURES, 'schema');
    const r = await cli(['check', dir]);
    expect(r.code).toBe(1);
    for (const f of fs.readdirSync(dir)) {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      const kind = /^kind: (\w+)$/m.exec(text)![1];
      const name = /^ {2}name: (\S+)$/m.exec(text)![1];
      const expected = [...text.matchAll(/^# expect-schema: (.*)$/gm)].map(m => m[1]);
      expect(expected.length).toBeGreaterThan(0);
      for (const e of expected) expect(r.out).toContain(`${path.join(dir, f)}:${e.replace(/: /, `: ${kind}/${name}: PP-SCHEMA (error): `)}\n`);
    }
  });

  describe('--schemas DIR and K8S_SCHEMA_DIR add or override versions (a tiny schema with a Widget kind)', () => {
    const widget = (): string => writeFiles({ 'w.yaml': WIDGET_YAML });
    const widgetFinding = (dir: string): string => `${path.join(dir, 'w.yaml')}:7:3: Widget/w: PP-SCHEMA (error): /spec/replicaz: unknown field 'replicaz' (did you mean 'replicas'?)`;

    test('the shipped 1.30 has no Widget: the shipped schemas are used without a folder', async () => {
      const dir = widget();
      const r = await cli(['check', dir]);
      expect(r.code).toBe(1);
      expect(r.out).toContain(`${path.join(dir, 'w.yaml')}:1:1: Widget/w: PP-SCHEMA (error): /: Kubernetes 1.30 has no Widget in v1\n`);
    });

    test('--schemas DIR overrides a shipped version', async () => {
      const schemas = miniSchemaDir('1.30');
      const dir = widget();
      const r = await cli(['check', '--schemas', schemas, '--format', 'json', dir]);
      const json = JSON.parse(r.out);
      expect(json.schemas).toBe(`${path.join(schemas, 'v1.30.0', '_definitions.json')} (--schemas ${schemas})`);
      expect(json.findings.map((f: any) => `${f.file}:${f.line}:${f.column}: ${f.kind}/${f.name}: ${f.ruleId} (${f.severity}): ${f.pointer}: ${f.message}`))
        .toEqual([widgetFinding(dir)]);
      expect(r.code).toBe(1);
    });

    test('K8S_SCHEMA_DIR overrides a shipped version', async () => {
      const schemas = miniSchemaDir('1.30');
      const dir = widget();
      const r = await cli(['check', dir], { env: { K8S_SCHEMA_DIR: schemas } });
      expect(r.out).toContain(`${widgetFinding(dir)}\n`);
      expect(r.code).toBe(1);
    });

    test('--schemas DIR adds a version newer than the package knows, which --k8s-version then accepts', async () => {
      const schemas = miniSchemaDir('1.37');
      const dir = widget();
      const r = await cli(['check', '--schemas', schemas, '--k8s-version', '1.37', dir]);
      expect(r.err).toBe('');
      expect(r.out).toContain(`${widgetFinding(dir)}\n`);
      expect(r.out).toContain('checked against Kubernetes 1.37 with schema validation');
      expect(r.code).toBe(1);
      const env = await cli(['check', '--k8s-version', '1.37', dir], { env: { K8S_SCHEMA_DIR: schemas } });
      expect(env.out).toContain(`${widgetFinding(dir)}\n`);
      const without = await cli(['check', '--k8s-version', '1.38', dir], { env: { K8S_SCHEMA_DIR: schemas } });
      expect(without.code).toBe(2);
      expect(without.err).toContain('--k8s-version: Kubernetes 1.38 is not a version cdk8s-pod-patterns knows (1.20 to 1.37): did you mean 1.37?');
    });

    test('--schemas DIR comes before K8S_SCHEMA_DIR, which comes before the shipped schemas', async () => {
      const first = miniSchemaDir('1.30');
      const second = miniSchemaDir('1.30', '1.31');
      const dir = widget();
      const origin = async (version: string): Promise<string> => JSON.parse((await cli(
        ['check', '--schemas', first, '--k8s-version', version, '--format', 'json', dir], { env: { K8S_SCHEMA_DIR: second } })).out).schemas;
      expect(await origin('1.30')).toBe(`${path.join(first, 'v1.30.0', '_definitions.json')} (--schemas ${first})`);
      expect(await origin('1.31')).toBe(`${path.join(second, 'v1.31.0', '_definitions.json')} (K8S_SCHEMA_DIR ${second})`);
      expect(await origin('1.32')).toBe(`${path.join(ROOT, 'schemas', 'v1.32.json.gz')} (shipped with cdk8s-pod-patterns)`);
    });

    test('fails with exit 2 when --schemas or K8S_SCHEMA_DIR names no directory', async () => {
      const missing = path.join(tmpDir(), 'nope');
      const r = await cli(['check', '--schemas', missing, CLEAN]);
      expect(r.code).toBe(2);
      expect(r.err).toBe(`cdk8s-pod-patterns: --schemas ${missing}: no such directory (it should hold vX.Y.0/_definitions.json files)\n`);
      const env = await cli(['check', CLEAN], { env: { K8S_SCHEMA_DIR: missing } });
      expect(env.err).toBe(`cdk8s-pod-patterns: K8S_SCHEMA_DIR ${missing}: no such directory (it should hold vX.Y.0/_definitions.json files)\n`);
      expect(env.code).toBe(2);
    });

    test('fails with exit 2 for a version found nowhere, naming the folders searched', async () => {
      const schemas = miniSchemaDir('1.37');
      const r = await cli(['check', '--schemas', schemas, '--k8s-version', '1.27', CLEAN]);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`no schemas for Kubernetes 1.27: the package ships 1.29 to 1.36; --schemas ${schemas} has 1.37. `);
    });

    test('--no-schemas ignores K8S_SCHEMA_DIR', async () => {
      const r = await cli(['check', '--no-schemas', '--format', 'json', CLEAN], { env: { K8S_SCHEMA_DIR: path.join(tmpDir(), 'nope') } });
      expect(JSON.parse(r.out).schemas).toBeNull();
      expect(r.code).toBe(0);
    });
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('Kubernetes fidelity (test/fixtures/fidelity): what the API server and kubectl accept is not an error', () => {
  const dir = path.join(FIXTURES, 'fidelity');
  const VERSIONS = ['1.29', '1.33', '1.36'];

  test.each(VERSIONS)('passes on a StatefulSet whose containers mount a volumeClaimTemplates entry (%s)', async v => {
    const r = await cli(['check', '--k8s-version', v, '--format', 'json', path.join(dir, 'statefulset-claim-templates.yaml')]);
    const json = JSON.parse(r.out);
    expect({ findings: json.findings, inputErrors: json.inputErrors, workloads: json.workloads })
      .toEqual({ findings: [], inputErrors: [], workloads: 1 });
    expect(r.code).toBe(0);
  });

  test.each(VERSIONS)('passes on null fields the API server reads as unset: creationTimestamp: null, annotations: (%s)', async v => {
    const r = await cli(['check', '--k8s-version', v, '--format', 'json', path.join(dir, 'null-fields.yaml')]);
    const json = JSON.parse(r.out);
    expect({ findings: json.findings, inputErrors: json.inputErrors, workloads: json.workloads })
      .toEqual({ findings: [], inputErrors: [], workloads: 1 });
    expect(r.code).toBe(0);
  });

  test('passes RestartAllContainers rules (on a native sidecar too) on 1.36, and on 1.35 only with the gate', async () => {
    const file = path.join(dir, 'restart-all-containers.yaml');
    const on136 = JSON.parse((await cli(['check', '--k8s-version', '1.36', '--format', 'json', file])).out);
    expect({ findings: on136.findings, inputErrors: on136.inputErrors }).toEqual({ findings: [], inputErrors: [] });
    const gated = await cli(['check', '--k8s-version', '1.35', '--feature-gates', 'RestartAllContainersOnContainerExits=true', file]);
    expect(gated.code).toBe(0);
    const on135 = await cli(['check', '--k8s-version', '1.35', '--format', 'json', file]);
    expect(on135.code).toBe(1);
    // the sidecar's restartPolicyRules (line 13), its action (14), the trainer's action (29)
    expect(JSON.parse(on135.out).findings.map((f: any) => [f.ruleId, f.line])).toEqual([
      ['PP-RESTART-RULES', 13], ['PP-RESTART-RULES', 14], ['PP-RESTART-RULES', 29],
    ]);
  });

  test.each(VERSIONS)('counts a Pod with the overhead of the RuntimeClass of the input it names, as the Pod Overhead documentation does (%s)', async v => {
    const file = path.join(dir, 'runtime-class-overhead.yaml');
    const r = await cli(['check', '--k8s-version', v, '--report', '--format', 'json', file]);
    const json = JSON.parse(r.out);
    expect({ findings: json.findings, inputErrors: json.inputErrors, workloads: json.workloads })
      .toEqual({ findings: [], inputErrors: [], workloads: 1 });
    // the documentation: "requests for 2250m CPU, and for 320MiB of memory", limits the same (every container limits both)
    expect(json.reports).toHaveLength(1);
    expect(json.reports[0]).toMatchObject({
      requests: { cpu: 2250, memory: 335544320 },
      limits: { cpu: 2250, memory: 335544320 },
      qosClass: 'Guaranteed',
      overhead: { resources: { cpu: 250, memory: 125829120 }, runtimeClass: 'kata-fc', declaredIn: `${file}#0 RuntimeClass/kata-fc` },
    });
    expect(r.code).toBe(0);
  });

  test('the report table says where the overhead comes from', async () => {
    const file = path.join(dir, 'runtime-class-overhead.yaml');
    const r = await cli(['check', '--no-schemas', '--report', file]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('pod: requests cpu 2.25, memory 320Mi; limits cpu 2.25, memory 320Mi; QoS Guaranteed\n');
    expect(r.out).toContain(`pod overhead: cpu 250m, memory 120Mi, set at admission from RuntimeClass kata-fc (${file}#0 RuntimeClass/kata-fc); `
      + 'included in the requests and in the limits that are set\n');
  });

  test('a RuntimeClass the API server refuses is an input error (exit 2), and its pods are checked without it', async () => {
    const d = writeFiles({
      'rc.yaml': 'apiVersion: node.k8s.io/v1\nkind: RuntimeClass\nmetadata: {name: kata}\nhandler: kata\noverhead: {podFixed: {cpu: 250x}}\n',
      'pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  runtimeClassName: kata\n  overhead: {cpu: 100m}\n'
        + '  containers:\n  - name: app\n    image: a:1\n',
    });
    const r = await cli(['check', '--no-schemas', '--format', 'json', d]);
    const json = JSON.parse(r.out);
    expect(r.code).toBe(2);
    expect(json.inputErrors).toEqual([{
      file: path.join(d, 'rc.yaml'),
      doc: 0,
      source: `${path.join(d, 'rc.yaml')}#0 RuntimeClass/kata`,
      message: 'cannot be used as a RuntimeClass (the API server refuses it, so the pods that name it are checked as if it were not in the '
        + 'input): quantity "250x" (overhead.podFixed[\'cpu\']) is not a Kubernetes quantity: it does not match <sign><digits>[.<digits>]<suffix>; '
        + 'use a number with an optional suffix, e.g. \'500m\', \'0.5\', \'128Mi\', \'1G\', \'1e3\'. Fix its overhead.',
    }]);
    // the pod's own overhead is not compared with a RuntimeClass that cannot exist
    expect(json.findings.filter((f: any) => f.ruleId === 'PP-POD-OVERHEAD')).toEqual([]);
  });

  test('fails on the empty entries of a List alone, as kubectl does: the other items are checked', async () => {
    const file = path.join(dir, 'list-null-items.yaml');
    const r = await cli(['check', '--k8s-version', '1.36', file]);
    expect(r.code).toBe(2);
    expect(r.out).toContain(`${file}:26:11: Deployment/web: PP-IMAGE-TAG (warning): image 'nginx' of container 'web'`);
    expect(r.out).toContain('1 file, 1 object, 1 workload, 0 HPAs checked against Kubernetes 1.36 with schema validation: '
      + '0 errors, 1 warning, 2 inputs that cannot be read or checked.');
    expect(r.err.trim().split('\n')).toEqual([0, 2].map(i => `${file}#0/items/${i}: is empty (null), not a Kubernetes object: `
      + "kubectl applies the List's other items and fails on this one (Object 'Kind' is missing). Remove the empty entry from items"));
  });
});
