import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import { ValidationContext } from 'cdk8s-cli/plugins';
import * as kplus from 'cdk8s-plus-30';
import { tmpDir, writeFiles } from './cli-helpers';
import { PodChecksValidation, PodChecksValidationProps } from '../lib/cli/pod-checks-validation';
import { IValidationContext, ResourceConstructMetadata } from '../lib/cli/validation-context';
import { PodChecks } from '../lib/pod-checks';

/**
 * The plugin against the cdk8s CLI's own `ValidationContext` and `ValidationReport` (cdk8s-cli/plugins), over manifests
 * and construct metadata written by a real `app.synth()`. test/pod-checks-validation.e2e.test.ts runs `cdk8s synth`.
 */

interface Synthesized {
  readonly manifests: string[];
  readonly metadata: { [name: string]: ResourceConstructMetadata };
}

/** Synthesizes a chart `shop` into a temporary directory with construct metadata, as `cdk8s synth` asks the app to. */
function synth(build: (chart: Chart) => void): Synthesized {
  const outdir = tmpDir();
  const app = new App({ outdir, recordConstructMetadata: true });
  build(new Chart(app, 'shop'));
  app.synth();
  // what cdk8s-cli's ValidationPlugin.loadConstructMetadata reads from construct-metadata.json
  const recorded = JSON.parse(fs.readFileSync(path.join(outdir, 'construct-metadata.json'), 'utf8'));
  const metadata: { [name: string]: ResourceConstructMetadata } = {};
  for (const [name, m] of Object.entries<{ path: string }>(recorded.resources)) metadata[name] = { path: m.path };
  const manifests = fs.readdirSync(outdir).filter(f => f.endsWith('.yaml')).map(f => path.join(outdir, f));
  return { manifests, metadata };
}

interface Run {
  /** The report as cdk8s-cli writes it with --validation-reports-output-file. */
  readonly json: ReturnType<ValidationContext['report']['toJson']>;
  readonly text: string;
  readonly logged: string[];
}

/** Runs the plugin with cdk8s-cli's own context (its report), the logger captured. */
async function validate(s: Synthesized, props?: PodChecksValidationProps): Promise<Run> {
  const cli = new ValidationContext(s.manifests, 'cdk8s-pod-patterns', '0.0.0', s.metadata, false);
  const logged: string[] = [];
  // jsii has no readonly arrays, so IValidationContext.manifests is string[] where cdk8s-cli's is readonly string[]
  const context: IValidationContext = {
    manifests: [...cli.manifests],
    metadata: cli.metadata,
    report: cli.report,
    logger: { log: m => logged.push(m) },
  };
  await new PodChecksValidation(props).validate(context);
  return { json: cli.report.toJson(), text: cli.report.toString(), logged };
}

/** Two containers that both bind 8080 (or `proxyPort` for the proxy). */
function twoContainers(chart: Chart, proxyPort = 8080, image = 'nginx:1.27'): kplus.Deployment {
  return new kplus.Deployment(chart, 'web', {
    containers: [
      { name: 'app', image, portNumber: 8080 },
      { name: 'proxy', image: 'envoyproxy/envoy:v1.31.0', portNumber: proxyPort },
    ],
  });
}

describe('PodChecksValidation', () => {
  test('fails when two containers bind one port, naming the rule, the construct, the manifest and the containers', async () => {
    const s = synth(chart => twoContainers(chart));
    const r = await validate(s);
    expect(r.json.summary.status).toEqual('failure');
    expect(r.json.violations.map(v => v.ruleName)).toEqual(['PP-PORT-CONFLICT (error)']);
    const v = r.json.violations[0];
    expect(v.recommendation).toEqual('Two containers that run at the same time declare the same containerPort and protocol.');
    expect(v.fix).toContain('Move one of the two containers to another port.');
    expect(v.violatingConstructs).toHaveLength(1);
    const c = v.violatingConstructs[0];
    expect(c.constructPath).toEqual('shop/web/Resource');
    expect(c.manifestPath).toEqual(s.manifests[0]);
    expect(c.resourceName).toMatch(/^shop-web-c8[0-9a-f]{6}$/);
    expect(c.locations).toHaveLength(1);
    expect(c.locations[0]).toMatch(/^Deployment\/shop-web-c8[0-9a-f]{6}: container 'app' and container 'proxy' both bind TCP port 8080 /);
    expect(r.logged).toHaveLength(1);
    expect(r.logged[0]).toMatch(/^\[shop\/web\/Resource\] PP-PORT-CONFLICT \(error\): container 'app' and container 'proxy' both bind TCP port 8080 /);
    expect(r.json.summary.metadata).toEqual({
      Target: 'Kubernetes 1.30, feature gates at their defaults',
      Checked: '1 object, 1 workload',
      Findings: '1 error, 0 warnings, 0 acknowledged',
      Schemas: 'not validated by the plugin (cdk8s-pod-patterns check dist/ validates them)',
    });
    expect(r.text).toContain('Construct Path: shop/web/Resource');
  });

  test('passes when the containers bind different ports', async () => {
    const r = await validate(synth(chart => twoContainers(chart, 9901)));
    expect(r.json.summary.status).toEqual('success');
    expect(r.json.violations).toEqual([]);
    expect(r.logged).toEqual([]);
    expect(r.json.summary.metadata?.Findings).toEqual('0 errors, 0 warnings, 0 acknowledged');
  });

  test('passes over objects that hold no pod (not applicable)', async () => {
    const r = await validate(synth(chart => new kplus.ConfigMap(chart, 'settings', { data: { mode: 'fast' } })));
    expect(r.json.summary.status).toEqual('success');
    expect(r.json.summary.metadata?.Checked).toEqual('1 object, 0 workloads');
  });

  test('passes when cdk8s wrote no manifest', async () => {
    const r = await validate({ manifests: [], metadata: {} });
    expect(r.json.summary.status).toEqual('success');
    expect(r.json.summary.metadata?.Checked).toEqual('0 objects, 0 workloads');
  });

  test('reports a warning without failing, and fails on it with strict', async () => {
    const s = synth(chart => twoContainers(chart, 9901, 'nginx'));
    const lenient = await validate(s);
    expect(lenient.json.summary.status).toEqual('success');
    expect(lenient.json.violations.map(v => v.ruleName)).toEqual(['PP-IMAGE-TAG (warning)']);
    expect(lenient.json.violations[0].violatingConstructs[0].constructPath).toEqual('shop/web/Resource');
    expect(lenient.json.summary.metadata?.Findings).toEqual('0 errors, 1 warning, 0 acknowledged');

    const strict = await validate(s, { strict: true });
    expect(strict.json.summary.status).toEqual('failure');
    expect(strict.json.violations.map(v => v.ruleName)).toEqual(['PP-IMAGE-TAG (warning)']);
    expect(strict.json.summary.metadata?.Findings).toEqual('0 errors, 1 warning (strict: warnings fail), 0 acknowledged');
  });

  test('leaves out findings acknowledged with PodChecks.acknowledge, even with strict', async () => {
    const s = synth(chart => {
      twoContainers(chart, 9901, 'nginx');
      PodChecks.acknowledge(chart, 'PP-IMAGE-TAG', 'image pinned by the deploy pipeline');
    });
    const r = await validate(s, { strict: true });
    expect(r.json.summary.status).toEqual('success');
    expect(r.json.violations).toEqual([]);
    expect(r.json.summary.metadata?.Findings).toEqual('0 errors, 0 warnings (strict: warnings fail), 1 acknowledged');
  });

  test('groups the findings of one rule, one resource per object, errors before warnings', async () => {
    const s = synth(chart => {
      new kplus.Deployment(chart, 'a', { containers: [{ name: 'x', image: 'nginx', portNumber: 80 }, { name: 'y', image: 'busybox:1.36', portNumber: 80 }] });
      new kplus.Deployment(chart, 'b', { containers: [{ name: 'x', image: 'nginx:1.27', portNumber: 80 }, { name: 'y', image: 'busybox:1.36', portNumber: 80 }] });
    });
    const r = await validate(s);
    expect(r.json.violations.map(v => v.ruleName)).toEqual(['PP-PORT-CONFLICT (error)', 'PP-IMAGE-TAG (warning)']);
    expect(r.json.violations[0].violatingConstructs.map(c => c.constructPath)).toEqual(['shop/a/Resource', 'shop/b/Resource']);
    expect(r.json.violations[1].violatingConstructs.map(c => c.constructPath)).toEqual(['shop/a/Resource']);
  });

  test('checks against k8sVersion and featureGates', async () => {
    const s = synth(chart => {
      const d = new kplus.Deployment(chart, 'web', { containers: [{ name: 'app', image: 'nginx:1.27', portNumber: 8080 }] });
      d.addInitContainer({
        name: 'proxy',
        image: 'envoyproxy/envoy:v1.31.0',
        restartPolicy: kplus.ContainerRestartPolicy.ALWAYS,
        ports: [{ number: 9901 }],
        startup: kplus.Probe.fromTcpSocket({ port: 9901 }),
      });
    });
    const old = await validate(s, { k8sVersion: '1.28' });
    expect(old.json.summary.status).toEqual('failure');
    expect(old.json.violations.map(v => v.ruleName)).toEqual(['PP-FEATURE-VERSION (error)']);
    expect(old.json.summary.metadata?.Target).toEqual('Kubernetes 1.28, feature gates at their defaults');

    const gated = await validate(s, { k8sVersion: '1.28', featureGates: { SidecarContainers: true } });
    expect(gated.json.summary.status).toEqual('success');
    expect(gated.json.summary.metadata?.Target).toEqual('Kubernetes 1.28, feature gates SidecarContainers=true');

    const current = await validate(s, { k8sVersion: 'v1.33.2' });
    expect(current.json.summary.status).toEqual('success');
    expect(current.json.summary.metadata?.Target).toEqual('Kubernetes 1.33, feature gates at their defaults');
  });

  test('fails when an object cannot be checked, naming its construct', async () => {
    const s = synth(chart => new ApiObject(chart, 'raw', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'raw' },
      spec: { template: { spec: { containers: 'app' } } },
    }));
    const r = await validate(s);
    expect(r.json.summary.status).toEqual('failure');
    expect(r.json.violations.map(v => v.ruleName)).toEqual(['cannot be checked']);
    const c = r.json.violations[0].violatingConstructs[0];
    expect(c.constructPath).toEqual('shop/raw');
    expect(c.resourceName).toEqual('raw');
    expect(c.locations).toHaveLength(1);
    expect(c.locations[0]).toContain('Deployment/raw: cannot be checked: ');
    expect(r.json.summary.metadata?.Checked).toEqual('1 object, 1 workload, 1 input that cannot be read or checked');
  });

  test('fails when a manifest cannot be read', async () => {
    const dir = writeFiles({ 'broken.k8s.yaml': 'kind: [unclosed\n' });
    const r = await validate({ manifests: [path.join(dir, 'broken.k8s.yaml')], metadata: {} });
    expect(r.json.summary.status).toEqual('failure');
    expect(r.json.violations.map(v => v.ruleName)).toEqual(['cannot be checked']);
    expect(r.json.violations[0].violatingConstructs[0].manifestPath).toEqual(path.join(dir, 'broken.k8s.yaml'));
  });

  test('names the object by file and kind when the construct metadata does not know it', async () => {
    const s = synth(chart => twoContainers(chart));
    const r = await validate({ manifests: s.manifests, metadata: {} });
    expect(r.json.violations[0].violatingConstructs[0].constructPath).toBeUndefined();
    expect(r.logged[0]).toMatch(new RegExp(`^${escape(s.manifests[0])}#0 Deployment/shop-web-c8[0-9a-f]{6}: PP-PORT-CONFLICT \\(error\\): `));
  });

  describe('properties', () => {
    test.each<[string, unknown, string]>([
      ['a property is unknown', { strcit: true }, "PodChecksValidation: unknown property 'strcit' (known properties: k8sVersion, strict, featureGates, rules)."],
      ['k8sVersion is a number', { k8sVersion: 1.3 }, "PodChecksValidation: k8sVersion (1.3) must be a string: quote it in cdk8s.yaml (k8sVersion: '1.30'), since YAML reads 1.30 as the number 1.3."],
      ['k8sVersion is not a version', { k8sVersion: 'latest' }, "PodChecksValidation: Kubernetes version 'latest' is not a version: use MAJOR.MINOR, e.g. '1.30'."],
      ['strict is not a boolean', { strict: 'yes' }, 'PodChecksValidation: strict ("yes") must be true or false.'],
      ['featureGates is not a map', { featureGates: ['SidecarContainers'] }, 'PodChecksValidation: featureGates (["SidecarContainers"]) must be a map of gate names to true or false.'],
      ['a feature gate is not a boolean', { featureGates: { SidecarContainers: 'on' } }, "PodChecksValidation: feature gate 'SidecarContainers' (\"on\") must be true or false."],
    ])('throws when %s', (_, props, message) => {
      expect(() => new PodChecksValidation(props as PodChecksValidationProps)).toThrow(message);
    });

    test('takes no properties at all, as cdk8s passes {} when cdk8s.yaml has none', async () => {
      const r = await validate(synth(chart => twoContainers(chart, 9901)), {});
      expect(r.json.summary.metadata?.Target).toEqual('Kubernetes 1.30, feature gates at their defaults');
    });
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
