import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { cli, MINI_SCHEMA, miniSchemaDir, tmpDir, WIDGET_YAML, writeFiles } from './cli-helpers';
import { locateSchemas, schemaFileIn, schemaVersionsIn, SHIPPED_SCHEMA_DIR, shippedSchemaFile, shippedSchemaVersions } from '../lib/manifest/schema-source';
import { KubernetesSchemas } from '../lib/manifest/schema-validator';

/** A shipped-schemas folder of our own: MINI_SCHEMA as `v1.30.json.gz`, and a `v1.31.json.gz` that is not gzip. */
function fakeShippedDir(): string {
  return writeFiles({ 'v1.30.json.gz': zlib.gzipSync(JSON.stringify(MINI_SCHEMA), { level: 9 }), 'v1.31.json.gz': 'not gzip' });
}

describe('schema source', () => {
  test('the shipped schemas are schemas/vX.Y.json.gz at the package root', () => {
    expect(SHIPPED_SCHEMA_DIR).toBe(path.resolve(__dirname, '..', 'schemas'));
    expect(shippedSchemaFile('1.33')).toBe(path.resolve(__dirname, '..', 'schemas', 'v1.33.json.gz'));
    expect(shippedSchemaVersions(fakeShippedDir())).toEqual(['1.30', '1.31']);
    expect(shippedSchemaVersions(path.join(tmpDir(), 'nope'))).toEqual([]);
  });

  test('schemaVersionsIn lists a folder\'s versions in version order; schemaFileIn follows the layout', () => {
    const dir = miniSchemaDir('1.30', '1.9', '1.29');
    fs.mkdirSync(path.join(dir, 'v1.31.0'));
    expect(schemaVersionsIn(dir)).toEqual(['1.9', '1.29', '1.30']);
    expect(schemaVersionsIn(path.join(dir, 'nope'))).toEqual([]);
    expect(schemaFileIn('/s', '1.33')).toBe(path.join('/s', 'v1.33.0', '_definitions.json'));
  });

  test('--schemas, then K8S_SCHEMA_DIR, then the shipped schemas', () => {
    const option = miniSchemaDir('1.30');
    const env = miniSchemaDir('1.30', '1.31');
    const shippedDir = fakeShippedDir();
    const at = (version: string, schemasOption?: string, e: NodeJS.ProcessEnv = { K8S_SCHEMA_DIR: env }) =>
      locateSchemas({ schemasOption, env: e, version, shippedDir });
    expect(at('1.30', option)).toEqual({ kind: 'file', file: schemaFileIn(option, '1.30'), origin: `--schemas ${option}` });
    expect(at('1.31', option)).toEqual({ kind: 'file', file: schemaFileIn(env, '1.31'), origin: `K8S_SCHEMA_DIR ${env}` });
    expect(at('1.30')).toEqual({ kind: 'file', file: schemaFileIn(env, '1.30'), origin: `K8S_SCHEMA_DIR ${env}` });
    expect(at('1.31', undefined, {})).toEqual({ kind: 'file', file: path.join(shippedDir, 'v1.31.json.gz'), origin: 'shipped with cdk8s-pod-patterns' });
    expect(at('1.31', undefined, { K8S_SCHEMA_DIR: '' })).toEqual(at('1.31', undefined, {}));
  });

  test('fails when the version is found nowhere, naming what each place has', () => {
    const option = miniSchemaDir('1.37');
    const empty = tmpDir();
    const r = locateSchemas({ schemasOption: option, env: { K8S_SCHEMA_DIR: empty }, version: '1.28', shippedDir: fakeShippedDir() });
    expect(r.kind).toBe('error');
    expect(r.kind === 'error' && r.message).toMatch(new RegExp('^no schemas for Kubernetes 1\\.28: the package ships 1\\.30 to 1\\.31; '
      + `--schemas ${escape(option)} has 1\\.37; K8S_SCHEMA_DIR ${escape(empty)} has none\\. Put the _definitions\\.json`));
  });

  test('lazy: only the version asked for is decompressed, when the check needs it', async () => {
    const shippedDir = fakeShippedDir();
    // v1.31.json.gz is not gzip: finding it reads nothing, and checking 1.30 never touches it
    expect(locateSchemas({ env: {}, version: '1.31', shippedDir }).kind).toBe('file');
    const dir = writeFiles({ 'w.yaml': WIDGET_YAML });
    const r = await cli(['check', dir], { shippedSchemaDir: shippedDir });
    expect(r.out).toContain(`${path.join(dir, 'w.yaml')}:7:3: Widget/w: PP-SCHEMA (error): /spec/replicaz: unknown field 'replicaz' (did you mean 'replicas'?)\n`);
    expect(r.code).toBe(1);
    const broken = await cli(['check', '--k8s-version', '1.31', dir], { shippedSchemaDir: shippedDir });
    expect(broken.code).toBe(2);
    expect(broken.err).toContain(`cdk8s-pod-patterns: cannot load the schemas ${path.join(shippedDir, 'v1.31.json.gz')}: `);
    expect(broken.err).toContain('incorrect header check');
    expect(() => KubernetesSchemas.load(path.join(shippedDir, 'v1.31.json.gz'))).toThrow('incorrect header check');
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
