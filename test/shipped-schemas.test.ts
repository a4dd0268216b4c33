import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import * as YAML from 'yaml';
import { tmpDir } from './cli-helpers';
import { SHIPPED_SCHEMA_DIR, shippedSchemaVersions, validateManifests } from '../lib/manifest/schema-source';
import { KubernetesTarget } from '../lib/model/kubernetes-target';
import { renderShippedSchemas, shippedSchemaText } from '../scripts/gen-schemas';

/**
 * The schemas in `schemas/` are what `npx projen schemas` (scripts/gen-schemas.ts) makes from the schema folder
 * beside the repository, `../shared/k8s-schemas` (present on every developer machine and in CI). Without that folder
 * these tests fail: they cannot prove anything without it.
 */

const ROOT = path.resolve(__dirname, '..');
const SOURCE = path.resolve(ROOT, '..', 'shared', 'k8s-schemas');

function sourceDir(): string {
  if (!fs.existsSync(path.join(SOURCE, 'SOURCE.md'))) {
    throw new Error(`the schema folder ${SOURCE} (../shared/k8s-schemas beside the repository) is missing: the shipped schemas in `
      + 'schemas/ are compared with it. Put the vX.Y.0/_definitions.json files and their SOURCE.md there.');
  }
  return SOURCE;
}

const SHIPPED_NAMES = [
  'NOTICE.md', 'v1.29.json.gz', 'v1.30.json.gz', 'v1.31.json.gz', 'v1.32.json.gz',
  'v1.33.json.gz', 'v1.34.json.gz', 'v1.35.json.gz', 'v1.36.json.gz',
];

describe('shipped schemas (schemas/)', () => {
  test('schemas/ is what scripts/gen-schemas.ts makes from ../shared/k8s-schemas (else: npx projen schemas)', () => {
    const expected = renderShippedSchemas(sourceDir());
    expect(expected.map(f => f.name).sort()).toEqual(SHIPPED_NAMES);
    expect(fs.readdirSync(SHIPPED_SCHEMA_DIR).sort()).toEqual(SHIPPED_NAMES);
    for (const f of expected) {
      const shipped = fs.readFileSync(path.join(SHIPPED_SCHEMA_DIR, f.name));
      if (f.name.endsWith('.gz')) {
        // gzip (magic 1f 8b, deflate), written at level 9 (XFL 2). The compressed bytes may differ between zlib
        // builds, so the content is compared: it must be the same text, byte for byte.
        expect({ file: f.name, magic: [...shipped.subarray(0, 3)], xfl: shipped[8] }).toEqual({ file: f.name, magic: [0x1f, 0x8b, 8], xfl: 2 });
        expect({ file: f.name, same: zlib.gunzipSync(shipped).equals(zlib.gunzipSync(f.bytes)) }).toEqual({ file: f.name, same: true });
      } else {
        expect({ file: f.name, text: shipped.toString('utf8') }).toEqual({ file: f.name, text: f.bytes.toString('utf8') });
      }
    }
  });

  test('each shipped file holds every definition of its source, with no schema description left', () => {
    for (const v of shippedSchemaVersions()) {
      const source = fs.readFileSync(path.join(sourceDir(), `v${v}.0`, '_definitions.json'), 'utf8');
      const shipped = zlib.gunzipSync(fs.readFileSync(path.join(SHIPPED_SCHEMA_DIR, `v${v}.json.gz`))).toString('utf8');
      expect(Object.keys(JSON.parse(shipped).definitions)).toEqual(Object.keys(JSON.parse(source).definitions));
      // a schema's description is a string; a property named `description` (PriorityClass.description) is a schema
      expect(source).toMatch(/"description": ?"/);
      expect({ version: v, descriptions: /"description":"/.test(shipped) }).toEqual({ version: v, descriptions: false });
      expect(JSON.parse(shipped).definitions['io.k8s.api.scheduling.v1.PriorityClass'].properties.description).toEqual({ type: 'string' });
    }
  });

  test('the shipped versions are 1.29 to the newest version the library knows', () => {
    expect(shippedSchemaVersions()).toEqual(['1.29', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35', '1.36']);
    expect(KubernetesTarget.NEWEST_VERSION).toBe('1.36');
  });

  test('the schemas take less than 5 MB on disk (about 170 kB today)', () => {
    const total = fs.readdirSync(SHIPPED_SCHEMA_DIR).reduce((n, f) => n + fs.statSync(path.join(SHIPPED_SCHEMA_DIR, f)).size, 0);
    expect(total).toBeLessThan(5_000_000);
    expect(total).toBeGreaterThan(100_000);
  });

  test('validating with a shipped file finds what validating with its source finds (the fixtures, 1.30 and 1.36)', () => {
    const dir = path.join(__dirname, 'fixtures', 'schema');
    const objects = fs.readdirSync(dir).sort().flatMap(f => YAML.parseAllDocuments(fs.readFileSync(path.join(dir, f), 'utf8')).map(d => d.toJS()));
    for (const v of ['1.30', '1.36']) {
      const shipped = validateManifests(objects, v);
      expect(shipped.length).toBeGreaterThan(0);
      expect(validateManifests(objects, v, sourceDir())).toEqual(shipped);
    }
  });

  test('npm pack includes the schemas and their notice', () => {
    const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(0);
    const files: string[] = JSON.parse(r.stdout)[0].files.map((f: { path: string }) => f.path);
    for (const name of SHIPPED_NAMES) expect(files).toContain(`schemas/${name}`);
    expect(files).toContain('LICENSE');
  }, 60_000);
});

describe('scripts/gen-schemas.ts', () => {
  test('shippedSchemaText: minified, every schema without its description, everything else kept as it is', () => {
    const source = {
      definitions: {
        'a.Kind': {
          'description': 'A kind.',
          'type': 'object',
          'required': ['spec'],
          'properties': {
            description: { description: 'a property named description', type: 'string' },
            spec: { $ref: '#/definitions/a.Spec' },
            list: { description: 'x', type: 'array', items: { description: 'y', type: 'string' }, default: [{ description: 'data' }] },
            map: { type: 'object', additionalProperties: { description: 'z', type: 'string' } },
            either: { oneOf: [{ description: 's', type: 'string' }, { type: 'integer' }] },
          },
          'x-kubernetes-group-version-kind': [{ group: '', kind: 'Kind', version: 'v1' }],
        },
        'a.Spec': { description: 'The spec.', type: 'object', enum: [{ description: 'kept' }], format: 'f' },
      },
    };
    expect(shippedSchemaText(JSON.stringify(source, undefined, 2))).toBe(
      '{"definitions":{"a.Kind":{"type":"object","required":["spec"],"properties":{"description":{"type":"string"},'
      + '"spec":{"$ref":"#/definitions/a.Spec"},"list":{"type":"array","items":{"type":"string"},"default":[{"description":"data"}]},'
      + '"map":{"type":"object","additionalProperties":{"type":"string"}},"either":{"oneOf":[{"type":"string"},{"type":"integer"}]}},'
      + '"x-kubernetes-group-version-kind":[{"group":"","kind":"Kind","version":"v1"}]},'
      + '"a.Spec":{"type":"object","enum":[{"description":"kept"}],"format":"f"}}}');
  });

  test('throws when the text is not a definitions document', () => {
    expect(() => shippedSchemaText('{"swagger": "2.0"}')).toThrow("not a Kubernetes schema file: it has no 'definitions' map");
  });

  test('throws when the schema folder is missing or has no SOURCE.md', () => {
    const missing = path.join(tmpDir(), 'nope');
    expect(() => renderShippedSchemas(missing)).toThrow(`gen-schemas: the schema folder ${missing} does not exist`);
    const dir = tmpDir();
    fs.mkdirSync(path.join(dir, 'v1.30.0'));
    fs.writeFileSync(path.join(dir, 'v1.30.0', '_definitions.json'), '{"definitions":{}}');
    expect(() => renderShippedSchemas(dir)).toThrow(`gen-schemas: ${path.join(dir, 'SOURCE.md')} is missing`);
  });
});
