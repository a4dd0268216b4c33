/**
 * `npx projen schemas`: regenerates the Kubernetes API schemas the package ships in `schemas/`.
 *
 *   ts-node --project examples/tsconfig.json scripts/gen-schemas.ts [SCHEMA_FOLDER]
 *
 * SCHEMA_FOLDER (default `../shared/k8s-schemas`, relative to the repository root) holds
 * `vX.Y.0/_definitions.json` files as cdk8s-team/cdk8s publishes them, and a `SOURCE.md` saying where they come
 * from. For each version it writes `schemas/vX.Y.json.gz`: the gzip (zlib, level 9) of `shippedSchemaText(source)`,
 * the definitions minified, with every schema's `description` removed (nothing validates with it). It also writes
 * `schemas/NOTICE.md` (the Apache-2.0 notice, what was changed, then the folder's SOURCE.md) and deletes shipped
 * files of versions the folder does not have. test/shipped-schemas.test.ts proves the shipped files match the folder.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { schemaFileIn, schemaVersionsIn, SHIPPED_SCHEMA_DIR, shippedSchemaFile } from '../lib/manifest/schema-source';

const ROOT = path.resolve(__dirname, '..');

/** The folder the schemas are made from, when none is given: beside the repository. */
export const DEFAULT_SOURCE_DIR = path.resolve(ROOT, '..', 'shared', 'k8s-schemas');

/** The schema keywords whose values are schemas (or lists or maps of schemas): the only places descended into. */
const SCHEMA_VALUED = new Set(['items', 'additionalProperties', 'not']);
const SCHEMA_LISTS = new Set(['oneOf', 'anyOf', 'allOf']);
const SCHEMA_MAPS = new Set(['properties', 'definitions']);

/**
 * The shipped form of a `_definitions.json` text: the same document, minified (`JSON.stringify`, keys in their
 * order), without the `description` of any schema. A schema is a value of `definitions` or `properties`, of
 * `items`, `additionalProperties` or `not`, or an element of `oneOf`, `anyOf` or `allOf`, inside a schema. Everything
 * else is kept as it is, including a property that is *named* `description` and data such as `enum`, `required`,
 * `default` and the `x-kubernetes-*` extensions.
 * @throws if the text is not a JSON object with a `definitions` map
 */
export function shippedSchemaText(sourceText: string): string {
  const doc = JSON.parse(sourceText);
  if (typeof doc !== 'object' || doc === null || typeof doc.definitions !== 'object' || doc.definitions === null) {
    throw new Error("not a Kubernetes schema file: it has no 'definitions' map");
  }
  const out: { [key: string]: unknown } = {};
  for (const [key, value] of Object.entries(doc)) out[key] = key === 'definitions' ? mapOfSchemas(value) : value;
  return JSON.stringify(out);
}

function withoutDescriptions(schema: unknown): unknown {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return schema;
  const out: { [key: string]: unknown } = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'description') continue;
    if (SCHEMA_MAPS.has(key)) out[key] = mapOfSchemas(value);
    else if (SCHEMA_LISTS.has(key) && Array.isArray(value)) out[key] = value.map(withoutDescriptions);
    else if (SCHEMA_VALUED.has(key)) out[key] = Array.isArray(value) ? value.map(withoutDescriptions) : withoutDescriptions(value);
    else out[key] = value;
  }
  return out;
}

function mapOfSchemas(map: unknown): unknown {
  if (typeof map !== 'object' || map === null || Array.isArray(map)) return map;
  const out: { [name: string]: unknown } = {};
  for (const [name, schema] of Object.entries(map)) out[name] = withoutDescriptions(schema);
  return out;
}

/** The notice shipped beside the schemas: the licence, what was changed, then the source folder's own record. */
export function noticeText(sourceRecord: string, versions: readonly string[]): string {
  return [
    '# Kubernetes API schemas shipped with cdk8s-pod-patterns',
    '',
    `The files \`v${versions[0]}.json.gz\` to \`v${versions[versions.length - 1]}.json.gz\` here are derived from`,
    '`kubernetes-schemas/vX.Y.0/_definitions.json` of the GitHub repository `cdk8s-team/cdk8s`, licensed under the',
    'Apache License, Version 2.0, which were generated from the OpenAPI specification `api/openapi-spec/swagger.json`',
    'of `kubernetes/kubernetes` (Copyright The Kubernetes Authors), licensed under the Apache License, Version 2.0.',
    'A copy of the licence is in the LICENSE file at the root of this package, and at',
    'http://www.apache.org/licenses/LICENSE-2.0.',
    '',
    'Changes made (by `scripts/gen-schemas.ts` in the cdk8s-pod-patterns repository): the `description` of every',
    'schema is removed, the JSON is minified, and the result is compressed with gzip (zlib, level 9). Nothing else is',
    'changed: every definition, property, type, format, reference and `x-kubernetes-*` extension is kept.',
    '',
    'The record of the source files follows.',
    '',
    '---',
    '',
    sourceRecord.trimEnd(),
    '',
  ].join('\n');
}

/** A file of `schemas/`: its name and its bytes. */
export interface ShippedFile {
  readonly name: string;
  readonly bytes: Buffer;
}

/**
 * Every file `schemas/` should hold, made from a source folder.
 * @throws if the folder is missing, holds no version, or has no SOURCE.md
 */
export function renderShippedSchemas(sourceDir: string): ShippedFile[] {
  if (!fs.existsSync(sourceDir)) throw new Error(`gen-schemas: the schema folder ${sourceDir} does not exist`);
  const versions = schemaVersionsIn(sourceDir);
  if (versions.length === 0) throw new Error(`gen-schemas: ${sourceDir} holds no vX.Y.0/_definitions.json`);
  const record = path.join(sourceDir, 'SOURCE.md');
  if (!fs.existsSync(record)) throw new Error(`gen-schemas: ${record} is missing: the shipped schemas need their origin and licence`);
  const files: ShippedFile[] = versions.map(v => {
    const text = shippedSchemaText(fs.readFileSync(schemaFileIn(sourceDir, v), 'utf8'));
    return { name: path.basename(shippedSchemaFile(v)), bytes: zlib.gzipSync(Buffer.from(text, 'utf8'), { level: 9 }) };
  });
  files.push({ name: 'NOTICE.md', bytes: Buffer.from(noticeText(fs.readFileSync(record, 'utf8'), versions), 'utf8') });
  return files;
}

export function main(argv: string[]): void {
  if (argv.length > 1 || argv.some(a => a.startsWith('-'))) throw new Error('usage: gen-schemas.ts [SCHEMA_FOLDER]');
  const sourceDir = argv.length === 1 ? path.resolve(argv[0]) : DEFAULT_SOURCE_DIR;
  const files = renderShippedSchemas(sourceDir);
  fs.mkdirSync(SHIPPED_SCHEMA_DIR, { recursive: true });
  const keep = new Set(files.map(f => f.name));
  for (const old of fs.readdirSync(SHIPPED_SCHEMA_DIR)) {
    if (!keep.has(old) && /^v\d+\.\d+\.json\.gz$/.test(old)) fs.rmSync(path.join(SHIPPED_SCHEMA_DIR, old));
  }
  let total = 0;
  for (const f of files) {
    fs.writeFileSync(path.join(SHIPPED_SCHEMA_DIR, f.name), f.bytes);
    total += f.bytes.length;
    process.stdout.write(`wrote ${path.relative(ROOT, path.join(SHIPPED_SCHEMA_DIR, f.name))}: ${f.bytes.length} bytes\n`);
  }
  process.stdout.write(`${files.length} files, ${total} bytes, from ${sourceDir}\n`);
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exitCode = 1;
  }
}
