import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import * as YAML from 'yaml';
import { MINI_SCHEMA, miniSchemaDir, writeFiles } from './cli-helpers';
import { schemaFileIn, shippedSchemaVersions, validateManifests } from '../lib/manifest/schema-source';
import { KubernetesSchemas, withoutNullFields } from '../lib/manifest/schema-validator';
import { parseQuantity } from '../lib/model/quantity';

const MINI_DIR = miniSchemaDir('1.30', '1.29');

function widget(spec: object, extra: object = {}): object {
  return { apiVersion: 'v1', kind: 'Widget', metadata: { name: 'w' }, spec, ...extra };
}

function problems(obj: object): string[] {
  return validateManifests([obj], '1.30', MINI_DIR).map(f => `${f.pointer}: ${f.message}`);
}

describe('schema validator (a small schema in the cdk8s layout)', () => {
  test('accepts a valid object', () => {
    expect(problems(widget({ size: '1Gi', port: 'http', replicas: 3, labels: { a: 'b' }, items: ['x'] }))).toEqual([]);
    expect(problems(widget({ size: 2, port: 8080 }))).toEqual([]);
  });

  test('fails when a field is misspelled: unknown fields are errors, with a suggestion', () => {
    expect(problems(widget({ size: '1', replicaz: 2 }))).toEqual(["/spec/replicaz: unknown field 'replicaz' (did you mean 'replicas'?)"]);
    expect(problems(widget({ size: '1' }, { metdata: {} }))).toEqual(["/metdata: unknown field 'metdata' (did you mean 'metadata'?)"]);
    expect(problems(widget({ size: '1', zzz: 1 }))).toEqual(["/spec/zzz: unknown field 'zzz'"]);
  });

  test('maps with additionalProperties of their own stay open', () => {
    expect(problems(widget({ size: '1', labels: { anything: 'goes' } }))).toEqual([]);
    expect(problems(widget({ size: '1', labels: { n: 1 } }))).toEqual(['/spec/labels/n: must be a string, not number 1']);
  });

  test('fails when a required field is missing', () => {
    expect(problems(widget({}))).toEqual(["/spec: missing required field 'size'"]);
    expect(problems({ apiVersion: 'v1', kind: 'Widget' })).toEqual(["/: missing required field 'spec'"]);
  });

  test('fails on wrong types, formats, quantities, int-or-string and enums', () => {
    expect(problems(widget({ size: '1', replicas: '3' }))).toEqual(['/spec/replicas: must be an integer, not string "3"']);
    expect(problems(widget({ size: '1', replicas: 2 ** 31 }))).toEqual(['/spec/replicas: number 2147483648 is not a valid int32']);
    expect(problems(widget({ size: '1', port: true }))).toEqual(['/spec/port: must be a string or an integer, not boolean true']);
    expect(problems(widget({ size: '512MB' }))).toEqual(['/spec/size: string "512MB" is not a valid quantity (e.g. \'500m\', \'1Gi\', \'2\')']);
    expect(problems(widget({ size: '1' }, { metadata: { creationTimestamp: 'yesterday' } })))
      .toEqual(['/metadata/creationTimestamp: string "yesterday" is not a valid date-time']);
    expect(problems({ apiVersion: 'v1', kind: 'Widgets', spec: { size: '1' } })).toEqual(['/: Kubernetes 1.30 has no Widgets in v1']);
  });

  test.each(['1', '500m', '1.5', '.5', '1.', '+1', '-1', '1Gi', '1Ki', '2Ei', '1k', '1M', '1E', '1n', '1u', '1e3', '1E-2', '1e+3', '0'])(
    'quantity %s is valid (apimachinery ParseQuantity)', q => {
      expect(problems(widget({ size: q }))).toEqual([]);
    });

  test.each(['', '1Mb', '1 Gi', '1K', '1ki', '1e', '1e1.5', '1.2.3', '--1', '1i', 'Pi', '1e99999'])('quantity %j is invalid', q => {
    expect(problems(widget({ size: q }))).toEqual([`/spec/size: string ${JSON.stringify(q)} is not a valid quantity (e.g. '500m', '1Gi', '2')`]);
  });

  test.each(['.', 'm', 'Gi', ' 1Gi'])('quantity %j is what ParseQuantity (after UnmarshalJSON) reads it as: valid, as the API server takes it', q => {
    // the schema check and PP-INVALID-QUANTITY share lib/model/quantity.ts, so they agree on every string
    expect(() => parseQuantity(q)).not.toThrow();
    expect(problems(widget({ size: q }))).toEqual([]);
  });

  describe('null fields are unset, as the API server decodes them (sigs.k8s.io/json: null leaves a Go field at its zero value)', () => {
    test('passes when a map, string, integer or quantity field is null, as if absent', () => {
      expect(problems(widget({ size: '1', labels: null, replicas: null, port: null }, { metadata: { name: 'w', creationTimestamp: null } })))
        .toEqual([]);
      expect(problems(widget({ size: '1', labels: { a: null } }))).toEqual([]);
    });

    test('fails when a required field is null, exactly as when it is missing', () => {
      expect(problems(widget({ size: null }))).toEqual(["/spec: missing required field 'size'"]);
      expect(problems(widget({ size: '1' }, { spec: null }))).toEqual(["/: missing required field 'spec'"]);
    });

    test('fails on a null list item, which the API server reads as an item with no field set (mostly rejected: no name)', () => {
      expect(problems(widget({ size: '1', items: ['x', null] }))).toEqual(['/spec/items/1: must be a string, not null']);
    });

    test('withoutNullFields copies only what holds a null field, and never changes its argument', () => {
      const clean = { a: { b: [1, { c: 'd' }] }, e: 'f' };
      expect(withoutNullFields(clean)).toBe(clean);
      const dirty = { a: { b: [1, { c: null, g: 2 }] }, e: 'f', h: null, i: { j: 1 } };
      const copy = withoutNullFields(dirty) as typeof dirty;
      expect(copy).toEqual({ a: { b: [1, { g: 2 }] }, e: 'f', i: { j: 1 } });
      expect(copy.i).toBe(dirty.i);
      expect(dirty).toEqual({ a: { b: [1, { c: null, g: 2 }] }, e: 'f', h: null, i: { j: 1 } });
      const proto = JSON.parse('{"__proto__": {"x": null, "y": 1}}');
      const protoCopy = withoutNullFields(proto) as object;
      expect(Object.getPrototypeOf(protoCopy)).toBe(Object.prototype);
      expect(Object.getOwnPropertyDescriptor(protoCopy, '__proto__')?.value).toEqual({ y: 1 });
    });
  });

  test('objects of API groups Kubernetes does not serve (custom resources) are not held to a schema', () => {
    expect(problems({ apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', spec: { anything: 1 } })).toEqual([]);
  });

  test('an unknown version or kind of a built-in group is an error', () => {
    expect(problems({ apiVersion: 'apps/v2', kind: 'Gadget' })).toEqual(['/: Kubernetes 1.30 has no Gadget in apps/v2']);
  });

  test('findings carry the index, kind and name of the object', () => {
    const found = validateManifests([widget({ size: '1' }), widget({})], '1.30', MINI_DIR);
    expect(found).toEqual([{ index: 1, kind: 'Widget', name: 'w', pointer: '/spec', message: "missing required field 'size'" }]);
  });

  test('throws when the directory lacks the version, listing what it has', () => {
    expect(() => validateManifests([], '1.31', MINI_DIR)).toThrow(`no schema for Kubernetes 1.31 in ${MINI_DIR}`);
    expect(() => validateManifests([], '1.31', MINI_DIR)).toThrow('it has 1.29, 1.30');
  });

  test('the schema file is loaded once and validators compiled once per kind', () => {
    const file = schemaFileIn(MINI_DIR, '1.30');
    const a = KubernetesSchemas.load(file);
    expect(KubernetesSchemas.load(file)).toBe(a);
    const v = a.validatorFor('v1', 'Widget');
    expect(v).toBeDefined();
    expect(a.validatorFor('v1', 'Widget')).toBe(v);
    expect(a.validatorFor('v1', 'Gadget')).toBeUndefined();
  });

  test('loads a gzip file (*.gz, as the package ships its schemas) like the JSON it holds', () => {
    const dir = writeFiles({ 'mini.json.gz': zlib.gzipSync(JSON.stringify(MINI_SCHEMA)) });
    const schemas = KubernetesSchemas.load(path.join(dir, 'mini.json.gz'));
    expect(schemas.validate({ apiVersion: 'v1', kind: 'Widget', spec: { size: '1', replicaz: 2 } }, '1.30'))
      .toEqual([{ pointer: '/spec/replicaz', message: "unknown field 'replicaz' (did you mean 'replicas'?)" }]);
  });

  test('throws when the file is not a definitions document', () => {
    const dir = writeFiles({ 'v1.30.0/_definitions.json': '{"swagger": "2.0"}' });
    expect(() => validateManifests([], '1.30', dir)).toThrow("is not a Kubernetes schema file: it has no 'definitions'");
  });

  test('at most 50 problems per object, the rest counted', () => {
    const spec: { [k: string]: unknown } = { size: '1' };
    for (let i = 0; i < 60; i++) spec[`unknown${i}`] = i;
    const found = problems(widget(spec));
    expect(found).toHaveLength(51);
    expect(found[50]).toBe('/: and 10 more schema problem(s)');
  });
});

describe('schema validator (the official Kubernetes schemas shipped with the package)', () => {
  const versions = shippedSchemaVersions();
  const fixtures = path.join(__dirname, 'fixtures');

  function load(dir: string): Array<{ file: string; object: any }> {
    const out: Array<{ file: string; object: any }> = [];
    for (const f of fs.readdirSync(dir).sort()) {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      const docs = f.endsWith('.json') ? [JSON.parse(text)] : YAML.parseAllDocuments(text).map(d => d.toJS());
      for (const o of docs) {
        if (o?.kind === 'List') out.push(...o.items.map((object: any) => ({ file: f, object })));
        else if (o) out.push({ file: f, object: o });
      }
    }
    return out;
  }

  test('the package ships 1.29 (native sidecars on by default) to 1.36', () => {
    expect(versions).toEqual(['1.29', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35', '1.36']);
  });

  test('accepts the clean fixtures on every shipped version', () => {
    const objects = load(path.join(fixtures, 'clean'));
    for (const v of versions) {
      expect({ version: v, findings: validateManifests(objects.map(o => o.object), v) }).toEqual({ version: v, findings: [] });
    }
  });

  test('throws when the package ships no schema for the version', () => {
    expect(() => validateManifests([], '1.28')).toThrow('no schema for Kubernetes 1.28 shipped with the package');
  });

  test('the planted mistakes are valid API objects: only the pod rules catch them (on 1.30, or the version their header names)', () => {
    const dir = path.join(fixtures, 'mistakes');
    const objects = load(dir);
    // a fixture of a newer field (pod-level resources, restartPolicyRules) says its version: `# args: --k8s-version 1.35`
    const versionOf = (file: string) => /^# args:.*--k8s-version\s+(\S+)/m.exec(fs.readFileSync(path.join(dir, file), 'utf8'))?.[1];
    const byVersion = new Map<string, any[]>();
    for (const o of objects) {
      const v = versionOf(o.file);
      const version = v && Number(v.split('.')[1]) > 30 ? v : '1.30';
      byVersion.set(version, [...(byVersion.get(version) ?? []), o.object]);
    }
    for (const [version, list] of byVersion) expect({ version, findings: validateManifests(list, version) }).toEqual({ version, findings: [] });
  });

  test('fails when a field is misspelled (imagePullPolice)', () => {
    const objects = load(path.join(fixtures, 'schema')).filter(o => o.file === 'misspelled-field.yaml').map(o => o.object);
    expect(validateManifests(objects, '1.30')).toEqual([{
      index: 0,
      kind: 'Deployment',
      name: 'misspelled',
      pointer: '/spec/template/spec/containers/0/imagePullPolice',
      message: "unknown field 'imagePullPolice' (did you mean 'imagePullPolicy'?)",
    }]);
  });

  test('fails when a required field is missing (containers, a container name)', () => {
    const objects = load(path.join(fixtures, 'schema')).filter(o => o.file === 'missing-required.yaml').map(o => o.object);
    expect(validateManifests(objects, '1.30').map(f => `${f.pointer}: ${f.message}`))
      .toEqual(["/spec/template/spec: missing required field 'containers'"]);
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ image: 'busybox:1.36.1' }] } };
    expect(validateManifests([pod], '1.36').map(f => `${f.pointer}: ${f.message}`))
      .toEqual(["/spec/containers/0: missing required field 'name'"]);
  });

  test('a field the version does not have is unknown: pod-level resources before 1.32', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { resources: { limits: { cpu: '1' } }, containers: [{ name: 'a', image: 'a:1' }] } };
    expect(validateManifests([pod], '1.31').map(f => f.pointer)).toEqual(['/spec/resources']);
    expect(validateManifests([pod], '1.34')).toEqual([]);
  });

  test('passes on the nulls kubectl writes and charts leave: creationTimestamp: null, annotations: with no value', () => {
    // `kubectl create deployment web --image=nginx:1.25 --dry-run=client -o yaml`, as kubectl 1.29 to 1.36 print it
    const deployment = YAML.parse([
      'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  creationTimestamp: null', '  labels:', '    app: web', '  name: web',
      '  annotations:', 'spec:', '  replicas: 1', '  selector:', '    matchLabels:', '      app: web', '  strategy: {}', '  template:',
      '    metadata:', '      creationTimestamp: null', '      labels:', '        app: web', '    spec:', '      containers:',
      '      - image: nginx:1.25', '        name: nginx', '        resources: {}', 'status: {}',
    ].join('\n'));
    expect(deployment.metadata.annotations).toBeNull();
    for (const v of versions) expect({ v, findings: validateManifests([deployment], v) }).toEqual({ v, findings: [] });
    expect(validateManifests([{ ...deployment, spec: { ...deployment.spec, selector: null } }], '1.36').map(f => f.message))
      .toEqual(["missing required field 'selector'"]);
  });

  test('the kind is checked against its API version: batch/v1beta1 CronJob is gone', () => {
    expect(validateManifests([{ apiVersion: 'batch/v1beta1', kind: 'CronJob', metadata: { name: 'c' } }], '1.30'))
      .toEqual([{ index: 0, kind: 'CronJob', name: 'c', pointer: '/', message: 'Kubernetes 1.30 has no CronJob in batch/v1beta1' }]);
  });
});
