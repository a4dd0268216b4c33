import * as path from 'path';
import { Testing, Yaml } from 'cdk8s';
import { ValidationContext } from 'cdk8s-cli/plugins';
import { cli, deploymentYaml, writeFiles } from './cli-helpers';
import { CATALOGUE } from '../examples/catalogue';
import { PodChecksValidation } from '../lib/cli/pod-checks-validation';

/** `cdk8s-pod-patterns check --rules <module>`: a team's rule pack in the CLI, over the platform-catalogue example's pack. */

const ROOT = path.join(__dirname, '..');
const PACKAGE = './examples/platform-catalogue/index.ts';
const io = { cwd: ROOT };

function acknowledged(yaml: string, ruleId: string, reason: string): string {
  return yaml.replace('metadata:\n', `metadata:\n  annotations:\n    acknowledge.cdk8s-pod-patterns/${ruleId}: ${reason}\n`);
}

describe('cdk8s-pod-patterns check --rules', () => {
  test('fails when a workload breaks a rule of the loaded pack: the finding names the rule and the fix', async () => {
    const dir = writeFiles({ 'web.yaml': deploymentYaml('web') });
    const r = await cli(['check', '--no-schemas', '--rules', PACKAGE, dir], io);
    expect(r.code).toEqual(1);
    expect(r.out).toContain(`${path.join(dir, 'web.yaml')}:1:1: Deployment/web: ACME-LOG-SHIPPER (error): no container 'log-shipper': `
      + 'apply new WithAcmeLogShipper(chart) to the Deployment or its chart\n');
    expect(r.out).toContain(': 1 error, 0 warnings.');
    expect(r.err).toEqual('');
  });

  test('without --rules the pack does not run', async () => {
    const dir = writeFiles({ 'web.yaml': deploymentYaml('web') });
    const r = await cli(['check', '--no-schemas', dir], io);
    expect(r.code).toEqual(0);
    expect(r.out).not.toContain('ACME-');
  });

  test('an acknowledgement annotation silences the pack\'s rule, and is counted', async () => {
    const dir = writeFiles({ 'web.yaml': acknowledged(deploymentYaml('web'), 'ACME-LOG-SHIPPER', 'logs go to stdout for this one') });
    const r = await cli(['check', '--no-schemas', '--rules', PACKAGE, dir], io);
    expect(r.code).toEqual(0);
    expect(r.out).toContain(': 0 errors, 0 warnings, 1 acknowledged.');
  });

  test('fails with exit code 2 when a manifest acknowledges a team rule whose pack is not loaded, saying how to load it', async () => {
    const dir = writeFiles({ 'web.yaml': acknowledged(deploymentYaml('web'), 'ACME-LOG-SHIPPER', 'logs go to stdout for this one') });
    const r = await cli(['check', '--no-schemas', dir], io);
    expect(r.code).toEqual(2);
    expect(r.err).toContain("annotation acknowledge.cdk8s-pod-patterns/ACME-LOG-SHIPPER: unknown rule 'ACME-LOG-SHIPPER' (known rules: PP-INVALID-QUANTITY,");
    expect(r.err).toContain("): a team's rule is known once its rule pack is added (PodChecks.addRulePack at synth, --rules <module> in the CLI)");
  });

  test('the platform-catalogue example\'s synthesized YAML passes with its own pack', async () => {
    const example = CATALOGUE.find(e => e.name === 'platform-catalogue')!;
    const dir = writeFiles({ 'platform-catalogue.k8s.yaml': Yaml.stringify(...Testing.synth(example.build(Testing.app()))) });
    const r = await cli(['check', '--rules', PACKAGE, dir], io);
    expect(r.out).toContain('2 workloads, 0 HPAs checked against Kubernetes 1.30 with schema validation: 0 errors, 0 warnings.');
    expect(r.code).toEqual(0);
  });

  test('fails with exit code 2 when the module cannot be loaded or exports no RulePack', async () => {
    const dir = writeFiles({ 'web.yaml': deploymentYaml('web'), 'empty.js': 'module.exports = { answer: 42 };\n' });
    const missing = await cli(['check', '--no-schemas', '--rules', './no-such-module.js', dir], { cwd: dir });
    expect(missing.code).toEqual(2);
    expect(missing.err).toContain('cdk8s-pod-patterns: --rules ./no-such-module.js: cannot load the module: Cannot find module');
    const empty = await cli(['check', '--no-schemas', '--rules', './empty.js', dir], { cwd: dir });
    expect(empty.code).toEqual(2);
    expect(empty.err).toEqual('cdk8s-pod-patterns: --rules ./empty.js: the module exports no RulePack '
      + '(export one, e.g. `export const rules = new RulePack({ name, rules })`)\n');
  });

  test('fails with exit code 2 when --rules has no value', async () => {
    const r = await cli(['check', '--rules'], io);
    expect(r.code).toEqual(2);
    expect(r.err).toContain('option --rules needs a value');
  });
});

describe('PodChecksValidation with rules', () => {
  test('runs the rule packs the modules in `rules` export, and reports their findings as the built-in rules\'', async () => {
    const dir = writeFiles({ 'web.yaml': deploymentYaml('web') });
    const context = new ValidationContext([path.join(dir, 'web.yaml')], 'cdk8s-pod-patterns', '0.0.0', {}, false);
    const logged: string[] = [];
    await new PodChecksValidation({ rules: [PACKAGE] }).validate({
      manifests: [...context.manifests], metadata: context.metadata, report: context.report, logger: { log: m => logged.push(m) },
    });
    const report = context.report.toJson();
    expect(report.summary.status).toEqual('failure');
    expect(report.violations.map(v => [v.ruleName, v.recommendation])).toEqual([
      ['ACME-LOG-SHIPPER (error)', "A workload does not run the platform log shipper ('log-shipper') as a native sidecar."],
    ]);
    expect(logged).toEqual([`${path.join(dir, 'web.yaml')}#0 Deployment/web: ACME-LOG-SHIPPER (error): no container 'log-shipper': `
      + 'apply new WithAcmeLogShipper(chart) to the Deployment or its chart']);
  });

  test('throws when rules is not a list of modules, or a module exports no pack', () => {
    expect(() => new PodChecksValidation({ rules: 'x' as unknown as string[] })).toThrow('PodChecksValidation: rules ("x") must be a list of module names or paths.');
    expect(() => new PodChecksValidation({ rules: ['./package.json'] })).toThrow(
      'PodChecksValidation: rules: ./package.json: the module exports no RulePack');
  });
});
