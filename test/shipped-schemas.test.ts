import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import * as YAML from 'yaml';
import { tmpDir } from './cli-helpers';
import { SHIPPED_SCHEMA_DIR, shippedSchemaVersions, validateManifests } from '../lib/manifest/schema-source';
import { KubernetesTarget } from '../lib/model/kubernetes-target';
import { renderShippedSchemas, shippedSchemaText } from '../scripts/gen-schemas';

/**
 * The schemas in `schemas/` are what `npx projen schemas` (scripts/gen-schemas.ts) makes from the official schema files.
 * Those files are in the repository, gzipped, in `test/fixtures/k8s-schemas/` (copied byte for byte from
 * `../shared/k8s-schemas`, which is cdk8s-team/cdk8s `kubernetes-schemas/` at commit
 * 71f8cba7ecc809d861e837e842217202d5e5a16c): their sha256 is checked against that commit's, so the tests prove the
 * shipped files derive from the upstream bytes on a fresh clone, with nothing beside the repository. Where
 * `../shared/k8s-schemas` exists, it must hold the same bytes.
 */

const ROOT = path.resolve(__dirname, '..');
const VENDORED = path.join(__dirname, 'fixtures', 'k8s-schemas');
const SHARED = path.resolve(ROOT, '..', 'shared', 'k8s-schemas');

/** sha256 of `kubernetes-schemas/vX.Y.0/_definitions.json` at cdk8s-team/cdk8s 71f8cba7ecc809d861e837e842217202d5e5a16c. */
const UPSTREAM_SHA256: { [version: string]: string } = {
  '1.29': '522b38c0a75cb25f9fc1672dc5e5ad7bdf418cbad3e9b5b9fadb57dde8dfea99',
  '1.30': '428559f7d50d8624ce29ea144ba079309a025168e8bb7714e954dcb80d50cd9a',
  '1.31': 'c588bcd318298193c3774dbe58d2e2356b8e847eafa2a1d53c52bf4eea089517',
  '1.32': '9963f50d824263f4b44860c6a6f72d5489cdb8bef01cfcdb9a87ed7f3af16e9b',
  '1.33': '58ea1d4c5b1c7d13fecab9aaad1a2a3187607b704219ddf1794211bfcb3cdb12',
  '1.34': '20c1170fc31e4e0021067e9d9c4969eee2ad54bbf851cb83239d69438a3de774',
  '1.35': '8390593209c0aa7d759c14b4f8609f2f7b1ecb010d1b99cf1ce29643a14870bb',
  '1.36': 'a9e98cdc6ab09980f23b5e987a5f11d0ec1fc838187efb92f347ccf38ed8fd65',
};

let unpacked: string | undefined;

/** The official schema folder (vX.Y.0/_definitions.json and SOURCE.md), unpacked once from the vendored copy. */
function sourceDir(): string {
  if (unpacked) return unpacked;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pp-k8s-schemas-'));
  fs.copyFileSync(path.join(VENDORED, 'SOURCE.md'), path.join(dir, 'SOURCE.md'));
  for (const v of Object.keys(UPSTREAM_SHA256)) {
    fs.mkdirSync(path.join(dir, `v${v}.0`));
    const bytes = zlib.gunzipSync(fs.readFileSync(path.join(VENDORED, `v${v}.0`, '_definitions.json.gz')));
    fs.writeFileSync(path.join(dir, `v${v}.0`, '_definitions.json'), bytes);
  }
  return unpacked = dir;
}

function sha256(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

describe('the official schema files the shipped ones are made from (test/fixtures/k8s-schemas)', () => {
  test('are cdk8s-team/cdk8s\'s, byte for byte', () => {
    for (const [v, sha] of Object.entries(UPSTREAM_SHA256)) {
      expect({ v, sha: sha256(path.join(sourceDir(), `v${v}.0`, '_definitions.json')) }).toEqual({ v, sha });
    }
  });

  test('are the files of ../shared/k8s-schemas where that folder is beside the repository', () => {
    const versions = Object.keys(UPSTREAM_SHA256).filter(v => fs.existsSync(path.join(SHARED, `v${v}.0`, '_definitions.json')));
    for (const v of versions) {
      expect({ v, sha: sha256(path.join(SHARED, `v${v}.0`, '_definitions.json')) }).toEqual({ v, sha: UPSTREAM_SHA256[v] });
    }
  });
});

const SHIPPED_NAMES = [
  'NOTICE.md', 'v1.29.json.gz', 'v1.30.json.gz', 'v1.31.json.gz', 'v1.32.json.gz',
  'v1.33.json.gz', 'v1.34.json.gz', 'v1.35.json.gz', 'v1.36.json.gz',
];

describe('shipped schemas (schemas/)', () => {
  test('schemas/ is what scripts/gen-schemas.ts makes from the official schema files (else: npx projen schemas)', () => {
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
