import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { cli, writeFiles } from './cli-helpers';
import { ALL_RULES } from '../lib/checks/rules';

const FIXTURES = path.join(__dirname, 'fixtures');

/**
 * The published SARIF 2.1.0 schema (test/fixtures/sarif-schema-2.1.0.json, from the npm package @microsoft/jest-sarif,
 * MIT). It is draft-04 JSON Schema: its `id` is draft-06's `$id`, and its `$schema` is left out because ajv 8 speaks
 * draft-07; it uses no other keyword that changed between the two. One of its patterns (language tags) is not a valid
 * `u`-flag regular expression, hence `unicodeRegExp: false`.
 */
function sarifValidator(): (log: unknown) => string[] {
  const { $schema: _draft, id, ...schema } = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'sarif-schema-2.1.0.json'), 'utf8'));
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile({ $id: id, ...schema });
  return log => (validate(log) ? [] : (validate.errors ?? []).map(e => `${e.instancePath} ${e.message}`));
}

describe('--format sarif', () => {
  const validate = sarifValidator();

  test('a log with rule findings and schema violations matches the published SARIF 2.1.0 schema', async () => {
    const dir = path.join(FIXTURES, 'schema');
    const r = await cli(['check', '--format', 'sarif', dir]);
    expect(r.code).toBe(1);
    const log = JSON.parse(r.out);
    expect(validate(log)).toEqual([]);
    expect(log.version).toBe('2.1.0');
    const run = log.runs[0];
    expect(run.tool.driver.name).toBe('cdk8s-pod-patterns');
    // one reporting descriptor per rule, and PP-SCHEMA, each with its cause and explanation from the rule data
    expect(run.tool.driver.rules.map((d: any) => d.id)).toEqual([...ALL_RULES.map(rule => rule.id), 'PP-HPA-TARGET-MISSING', 'PP-SCHEMA']);
    const imageTag = ALL_RULES.find(rule => rule.id === 'PP-IMAGE-TAG')!;
    const descriptor = run.tool.driver.rules.find((d: any) => d.id === 'PP-IMAGE-TAG');
    expect(descriptor.shortDescription.text).toBe(imageTag.cause);
    expect(descriptor.help.markdown).toBe(`**${imageTag.cause}**\n\n${imageTag.explanation}`);
    expect(descriptor.defaultConfiguration).toEqual({ level: 'warning' });
    const misspelled = run.results.find((x: any) => x.ruleId === 'PP-SCHEMA' && /imagePullPolice/.test(x.message.text));
    expect(misspelled).toEqual({
      ruleId: 'PP-SCHEMA',
      ruleIndex: ALL_RULES.length + 1,
      level: 'error',
      message: { text: "Deployment/misspelled: /spec/template/spec/containers/0/imagePullPolice: unknown field 'imagePullPolice' (did you mean 'imagePullPolicy'?)" },
      locations: [{
        physicalLocation: { artifactLocation: { uri: `file://${path.join(dir, 'misspelled-field.yaml')}` }, region: { startLine: 18, startColumn: 11 } },
        logicalLocations: [{ fullyQualifiedName: 'Deployment/misspelled', kind: 'object' }],
      }],
    });
    const quantity = run.results.find((x: any) => x.ruleId === 'PP-INVALID-QUANTITY');
    expect(quantity.locations[0].physicalLocation.region).toEqual({ startLine: 14, startColumn: 9 });
    expect(run.invocations).toEqual([{ executionSuccessful: true, toolExecutionNotifications: [] }]);
  });

  test('an acknowledged finding is kept, suppressed in source with its reason; a relative path stays relative', async () => {
    const dir = writeFiles({
      'a.yaml': fs.readFileSync(path.join(FIXTURES, 'mistakes', 'image-tag.yaml'), 'utf8')
        .replace('  name: image-tag\n', '  name: image-tag\n  annotations:\n    acknowledge.cdk8s-pod-patterns/PP-IMAGE-TAG: "pinned by the mirror"\n'),
    });
    const r = await cli(['check', '--no-schemas', '--format', 'sarif', path.relative(process.cwd(), path.join(dir, 'a.yaml'))]);
    expect(r.code).toBe(0);
    const log = JSON.parse(r.out);
    expect(validate(log)).toEqual([]);
    const [result] = log.runs[0].results;
    expect(result.suppressions).toEqual([{ kind: 'inSource', justification: 'pinned by the mirror' }]);
    expect(result.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: path.relative(process.cwd(), path.join(dir, 'a.yaml')) },
      region: { startLine: 12, startColumn: 7 },
    });
  });

  test('fails when input cannot be read: exit 2, and the log says so in its invocation (still a valid log)', async () => {
    const dir = writeFiles({ 'bad.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: [x\n' });
    const r = await cli(['check', '--no-schemas', '--format', 'sarif', dir]);
    expect(r.code).toBe(2);
    const log = JSON.parse(r.out);
    expect(validate(log)).toEqual([]);
    expect(log.runs[0].invocations[0].executionSuccessful).toBe(false);
    expect(log.runs[0].invocations[0].toolExecutionNotifications[0].message.text)
      .toBe(`${path.join(dir, 'bad.yaml')}#0: YAML syntax error at line 4, column 1: unexpected end of the stream within a flow collection`);
  });

  test('fails schema validation when a result lacks its message (the validator is not a rubber stamp)', () => {
    const broken = { version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ ruleId: 'PP-X' }] }] };
    expect(validate(broken)).toContain("/runs/0/results/0 must have required property 'message'");
  });
});
