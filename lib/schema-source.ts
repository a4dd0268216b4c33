import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { errorText } from './error-text';
import { schemaFileIn, schemaVersionsIn } from './schema-validator';

/**
 * Where the CLI finds the Kubernetes API schemas: `--schemas DIR`, else `K8S_SCHEMA_DIR`, else a cache filled
 * by `--fetch-schemas` from cdk8s-team/cdk8s at a pinned commit, each file checked against its sha256.
 * The schemas are never part of this package. Internal module (not exported from the package entry point).
 */

/** The cdk8s-team/cdk8s commit the schemas are fetched from. */
export const PINNED_SCHEMA_COMMIT = '71f8cba7ecc809d861e837e842217202d5e5a16c';

/** sha256 of `kubernetes-schemas/vX.Y.0/_definitions.json` at the pinned commit. */
export const PINNED_SCHEMA_SHA256: { readonly [version: string]: string } = {
  '1.29': '522b38c0a75cb25f9fc1672dc5e5ad7bdf418cbad3e9b5b9fadb57dde8dfea99',
  '1.30': '428559f7d50d8624ce29ea144ba079309a025168e8bb7714e954dcb80d50cd9a',
  '1.31': 'c588bcd318298193c3774dbe58d2e2356b8e847eafa2a1d53c52bf4eea089517',
  '1.32': '9963f50d824263f4b44860c6a6f72d5489cdb8bef01cfcdb9a87ed7f3af16e9b',
  '1.33': '58ea1d4c5b1c7d13fecab9aaad1a2a3187607b704219ddf1794211bfcb3cdb12',
  '1.34': '20c1170fc31e4e0021067e9d9c4969eee2ad54bbf851cb83239d69438a3de774',
  '1.35': '8390593209c0aa7d759c14b4f8609f2f7b1ecb010d1b99cf1ce29643a14870bb',
  '1.36': 'a9e98cdc6ab09980f23b5e987a5f11d0ec1fc838187efb92f347ccf38ed8fd65',
};

/** The URL of a version's schema file at the pinned commit. */
export function pinnedSchemaUrl(version: string): string {
  return `https://raw.githubusercontent.com/cdk8s-team/cdk8s/${PINNED_SCHEMA_COMMIT}/kubernetes-schemas/v${version}.0/_definitions.json`;
}

/** Downloads a URL into bytes (injectable for tests; the default uses Node's `fetch`). */
export type Fetcher = (url: string) => Promise<Uint8Array>;

export const defaultFetcher: Fetcher = async (url: string) => {
  const res = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`);
  return new Uint8Array(await res.arrayBuffer());
};

/** The cache directory: `$XDG_CACHE_HOME/cdk8s-pod-patterns/k8s-schemas/<commit>`, else under `~/.cache`. */
export function defaultSchemaCacheDir(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'cdk8s-pod-patterns', 'k8s-schemas', PINNED_SCHEMA_COMMIT);
}

export interface SchemaLookup {
  /** `--schemas DIR`. */
  readonly schemasOption?: string;
  /** `--fetch-schemas`: download into the cache when it lacks the version. */
  readonly fetch: boolean;
  readonly env: NodeJS.ProcessEnv;
  /** Kubernetes minor version, `1.30`. */
  readonly version: string;
  readonly cacheDir: string;
  readonly fetcher: Fetcher;
}

/** Where the schemas come from: a file to validate with, or no validation (and why), or an error (exit 2). */
export type SchemaLocation =
  | { readonly kind: 'file'; readonly file: string; readonly origin: string }
  | { readonly kind: 'none'; readonly note: string }
  | { readonly kind: 'error'; readonly message: string };

/** How to get schemas, printed whenever they are missing. */
export function howToGetSchemas(version: string): string {
  const pinned = PINNED_SCHEMA_SHA256[version] !== undefined;
  return pinned
    ? `use --fetch-schemas (downloads ${pinnedSchemaUrl(version)}), or put that file at DIR/v${version}.0/_definitions.json `
      + 'and pass --schemas DIR or set K8S_SCHEMA_DIR=DIR'
    : `put a _definitions.json for Kubernetes ${version} (cdk8s-team/cdk8s kubernetes-schemas/ layout) at DIR/v${version}.0/ `
      + 'and pass --schemas DIR or set K8S_SCHEMA_DIR=DIR';
}

/** Finds the schema file of the target version. */
export async function locateSchemas(q: SchemaLookup): Promise<SchemaLocation> {
  const explicit = q.schemasOption ?? (q.env.K8S_SCHEMA_DIR || undefined);
  if (explicit !== undefined) {
    const origin = q.schemasOption !== undefined ? '--schemas' : 'K8S_SCHEMA_DIR';
    const file = schemaFileIn(explicit, q.version);
    if (fs.existsSync(file)) return { kind: 'file', file, origin: `${origin} ${explicit}` };
    const have = schemaVersionsIn(explicit);
    return {
      kind: 'error',
      message: `${origin} ${explicit} has no schema for Kubernetes ${q.version} (expected ${file}`
        + `${have.length > 0 ? `; it has ${have.join(', ')}` : fs.existsSync(explicit) ? '; it has none' : '; the directory does not exist'}): `
        + howToGetSchemas(q.version),
    };
  }
  const cached = schemaFileIn(q.cacheDir, q.version);
  if (fs.existsSync(cached)) return { kind: 'file', file: cached, origin: `cache ${q.cacheDir}` };
  if (!q.fetch) {
    return {
      kind: 'none',
      note: `no schemas for Kubernetes ${q.version}: ${howToGetSchemas(q.version)}; or pass --no-schemas to run the pod checks without schema validation`,
    };
  }
  const expected = PINNED_SCHEMA_SHA256[q.version];
  if (!expected) {
    return {
      kind: 'error',
      message: `--fetch-schemas: no pinned schema for Kubernetes ${q.version} (pinned: ${Object.keys(PINNED_SCHEMA_SHA256).join(', ')}); `
        + 'pass --schemas DIR with a vX.Y.0/_definitions.json for it',
    };
  }
  const url = pinnedSchemaUrl(q.version);
  let bytes: Uint8Array;
  try {
    bytes = await q.fetcher(url);
  } catch (e) {
    return {
      kind: 'error',
      message: `--fetch-schemas: cannot download ${url}: ${errorText(e)}; without network access, copy that file from a machine that has it `
        + `to DIR/v${q.version}.0/_definitions.json and pass --schemas DIR or set K8S_SCHEMA_DIR=DIR`,
    };
  }
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== expected) {
    return { kind: 'error', message: `--fetch-schemas: ${url} has sha256 ${actual}, expected ${expected}: not saved` };
  }
  fs.mkdirSync(path.dirname(cached), { recursive: true });
  const tmp = `${cached}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, bytes);
  fs.renameSync(tmp, cached);
  return { kind: 'file', file: cached, origin: `downloaded to ${q.cacheDir}` };
}
