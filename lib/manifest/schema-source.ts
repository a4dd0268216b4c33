import * as fs from 'fs';
import * as path from 'path';
import { KubernetesSchemas, SchemaFinding } from './schema-validator';
import { describeVersions } from '../model/minor-version';

/**
 * Where the Kubernetes API schemas of a version come from, in this order: `--schemas DIR`, then `K8S_SCHEMA_DIR`
 * (folders laid out as `vX.Y.0/_definitions.json`, as cdk8s-team/cdk8s publishes them: they add versions or
 * override the shipped ones), then the schemas shipped with the package (`schemas/vX.Y.json.gz`, made by
 * scripts/gen-schemas.ts; their origin and licence are in `schemas/NOTICE.md`). Nothing is read here: a file is
 * decompressed and parsed by `KubernetesSchemas.load` when the check first needs it, so only the version asked for is.
 * Internal module (not exported from the package entry point).
 */

/** The schemas shipped with the package: `schemas/` at the package root (beside `lib/` and `out/`). */
export const SHIPPED_SCHEMA_DIR = path.resolve(__dirname, '..', '..', 'schemas');

/** The shipped schema file of a Kubernetes minor version (`1.30`): `schemas/v1.30.json.gz`. */
export function shippedSchemaFile(version: string, shippedDir: string = SHIPPED_SCHEMA_DIR): string {
  return path.join(shippedDir, `v${version}.json.gz`);
}

/** The minor versions (`1.29`, ...) shipped with the package, in version order. */
export function shippedSchemaVersions(shippedDir: string = SHIPPED_SCHEMA_DIR): string[] {
  return versionsOf(namesIn(shippedDir), /^v(\d+)\.(\d+)\.json\.gz$/, () => true);
}

/** The schema file of a Kubernetes minor version (`1.30`) in a folder laid out as `vX.Y.0/_definitions.json`. */
export function schemaFileIn(schemaDir: string, version: string): string {
  return path.join(schemaDir, `v${version}.0`, '_definitions.json');
}

/** The minor versions (`1.29`, ...) a schema folder holds, in version order. */
export function schemaVersionsIn(schemaDir: string): string[] {
  return versionsOf(namesIn(schemaDir), /^v(\d+)\.(\d+)\.0$/, n => fs.existsSync(path.join(schemaDir, n, '_definitions.json')));
}

export interface SchemaLookup {
  /** `--schemas DIR`. */
  readonly schemasOption?: string;
  /** `K8S_SCHEMA_DIR` is read from it. */
  readonly env: NodeJS.ProcessEnv;
  /** Kubernetes minor version, `1.30`. */
  readonly version: string;
  /** The shipped schemas (tests). @default SHIPPED_SCHEMA_DIR */
  readonly shippedDir?: string;
}

/** Where the schemas of the version are: a file and where it was found, or an error (exit 2). */
export type SchemaLocation =
  | { readonly kind: 'file'; readonly file: string; readonly origin: string }
  | { readonly kind: 'error'; readonly message: string };

/** The folders given on the command line and in the environment, in the order they are searched. */
export function schemaFolders(schemasOption: string | undefined, env: NodeJS.ProcessEnv): Array<{ readonly dir: string; readonly origin: string }> {
  const out: Array<{ dir: string; origin: string }> = [];
  if (schemasOption !== undefined) out.push({ dir: schemasOption, origin: '--schemas' });
  if (env.K8S_SCHEMA_DIR) out.push({ dir: env.K8S_SCHEMA_DIR, origin: 'K8S_SCHEMA_DIR' });
  return out;
}

/** Finds the schema file of the target version: `--schemas DIR`, then `K8S_SCHEMA_DIR`, then the shipped schemas. */
export function locateSchemas(q: SchemaLookup): SchemaLocation {
  const folders = schemaFolders(q.schemasOption, q.env);
  for (const { dir, origin } of folders) {
    if (!isDirectory(dir)) {
      return { kind: 'error', message: `${origin} ${dir}: no such directory (it should hold vX.Y.0/_definitions.json files)` };
    }
    const file = schemaFileIn(dir, q.version);
    if (fs.existsSync(file)) return { kind: 'file', file, origin: `${origin} ${dir}` };
  }
  const shippedDir = q.shippedDir ?? SHIPPED_SCHEMA_DIR;
  const shipped = shippedSchemaFile(q.version, shippedDir);
  if (fs.existsSync(shipped)) return { kind: 'file', file: shipped, origin: 'shipped with cdk8s-pod-patterns' };
  const have = shippedSchemaVersions(shippedDir);
  const searched = folders.map(f => `; ${f.origin} ${f.dir} has ${describeVersions(schemaVersionsIn(f.dir))}`).join('');
  return {
    kind: 'error',
    message: `no schemas for Kubernetes ${q.version}: the package ships ${describeVersions(have)}${searched}. `
      + `Put the _definitions.json of Kubernetes ${q.version} (cdk8s-team/cdk8s kubernetes-schemas/ layout) at `
      + `DIR/v${q.version}.0/_definitions.json and pass --schemas DIR or set K8S_SCHEMA_DIR=DIR, `
      + 'or pass --no-schemas to run the pod checks without schema validation',
  };
}

/**
 * Validates objects (plain JSON, as parsed from YAML) against the schemas of Kubernetes `version` (`1.30`): those
 * in `schemaDir` (laid out as `vX.Y.0/_definitions.json`), or the shipped ones when it is not given. For tests and
 * scripts (the catalogue test validates every example with it).
 * @throws if there is no schema for that version
 */
export function validateManifests(objects: readonly unknown[], version: string, schemaDir?: string): SchemaFinding[] {
  const file = schemaDir === undefined ? shippedSchemaFile(version) : schemaFileIn(schemaDir, version);
  if (!fs.existsSync(file)) {
    const have = schemaDir === undefined ? shippedSchemaVersions() : schemaVersionsIn(schemaDir);
    throw new Error(`no schema for Kubernetes ${version} ${schemaDir === undefined ? 'shipped with the package' : `in ${schemaDir}`} `
      + `(expected ${file}; ${have.length > 0 ? `it has ${have.join(', ')}` : 'it has none'})`);
  }
  const schemas = KubernetesSchemas.load(file);
  const out: SchemaFinding[] = [];
  objects.forEach((obj, index) => {
    const o = (typeof obj === 'object' && obj !== null ? obj : {}) as { kind?: unknown; metadata?: { name?: unknown } };
    const kind = typeof o.kind === 'string' ? o.kind : '';
    const name = typeof o.metadata?.name === 'string' ? o.metadata.name : '';
    for (const p of schemas.validate(obj, version)) out.push({ index, kind, name, pointer: p.pointer, message: p.message });
  });
  return out;
}

function namesIn(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

function versionsOf(names: readonly string[], pattern: RegExp, keep: (name: string) => boolean): string[] {
  return names
    .map(n => pattern.exec(n))
    .filter((m): m is RegExpExecArray => m !== null && keep(m[0]))
    .map(m => [Number(m[1]), Number(m[2])])
    .sort((a, b) => a[0] - b[0] || a[1] - b[1])
    .map(([a, b]) => `${a}.${b}`);
}
