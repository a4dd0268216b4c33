import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { splitApiVersion } from '../model/api-version';
import { closestName } from '../model/closest-match';
import { parseQuantity, QuantityError } from '../model/quantity';

/**
 * Strict validation of Kubernetes objects against the official API JSON schemas of one version, with ajv.
 *
 * The schemas are cdk8s-team/cdk8s's `kubernetes-schemas/vX.Y.0/_definitions.json` (openapi2jsonschema over the
 * `swagger.json` of kubernetes vX.Y.0): one `definitions` object with internal `$ref`s, each kind tagged with
 * `x-kubernetes-group-version-kind`. They are loose; on loading, every object schema with `properties` and no
 * `additionalProperties` gets `additionalProperties: false`, so unknown (misspelled) fields are errors, as
 * `kubeconform -strict` makes them. Validators are compiled lazily per kind and cached with the schema file.
 * Where the files are (shipped with the package, or in a folder) is lib/manifest/schema-source.ts's business.
 * Internal module (not exported from the package entry point).
 */

/** One schema violation, located by a JSON pointer into the object. */
export interface SchemaFinding {
  /** Index of the object in the list given to `validateManifests` (lib/manifest/schema-source.ts). */
  readonly index: number;
  readonly kind: string;
  readonly name: string;
  /** JSON pointer into the object: `/spec/template/spec/containers/0/imagee`; `/` for the object itself. */
  readonly pointer: string;
  readonly message: string;
}

/** What `validate` reports for one object. */
export interface SchemaProblem {
  readonly pointer: string;
  readonly message: string;
}

/** At most this many problems are reported per object (the rest are counted). */
const MAX_PROBLEMS_PER_OBJECT = 50;

/**
 * `resource.Quantity` strings, read by the same port of apimachinery's `ParseQuantity` the rules and the accounting use
 * (lib/model/quantity.ts), so the schema check and PP-INVALID-QUANTITY never disagree on what is a quantity.
 */
function isQuantity(text: string): boolean {
  let known = QUANTITIES.get(text);
  if (known === undefined) {
    try {
      parseQuantity(text);
      known = true;
    } catch (e) {
      if (!(e instanceof QuantityError)) throw e;
      known = false;
    }
    if (QUANTITIES.size >= 10_000) QUANTITIES.clear();
    QUANTITIES.set(text, known);
  }
  return known;
}

/** Quantities already read: manifests repeat a few (`250m`, `256Mi`) thousands of times. */
const QUANTITIES = new Map<string, boolean>();

/** The schemas of one Kubernetes version, with their compiled validators. */
export class KubernetesSchemas {
  /**
   * Loads (once per file and modification time) the schemas in `file`: a `_definitions.json`, or its gzip
   * (`*.gz`, as the package ships them), decompressed here, when first asked for.
   * @throws if the file is not a definitions document
   */
  public static load(file: string): KubernetesSchemas {
    const resolved = path.resolve(file);
    const mtime = fs.statSync(resolved).mtimeMs;
    const cached = LOADED.get(resolved);
    if (cached && cached.mtime === mtime) return cached.schemas;
    const bytes = fs.readFileSync(resolved);
    const text = (resolved.endsWith('.gz') ? zlib.gunzipSync(bytes) : bytes).toString('utf8');
    const schemas = new KubernetesSchemas(resolved, JSON.parse(text));
    LOADED.set(resolved, { mtime, schemas });
    return schemas;
  }

  private readonly ajv: Ajv;
  /** `group/version/kind` -> definition name. */
  private readonly byGvk = new Map<string, string>();
  /** API groups (`` for core) that have at least one kind. */
  private readonly groups = new Set<string>();
  private readonly validators = new Map<string, ValidateFunction>();

  private constructor(public readonly file: string, doc: unknown) {
    const definitions = (doc as { definitions?: { [name: string]: any } })?.definitions;
    if (typeof definitions !== 'object' || definitions === null) {
      throw new Error(`${file} is not a Kubernetes schema file: it has no 'definitions'`);
    }
    const keywords = new Set<string>();
    for (const [name, def] of Object.entries(definitions)) {
      strictify(def, keywords);
      for (const gvk of (def['x-kubernetes-group-version-kind'] ?? []) as Array<{ group: string; version: string; kind: string }>) {
        this.byGvk.set(gvkKey(gvk.group, gvk.version, gvk.kind), name);
        this.groups.add(gvk.group);
      }
    }
    const quantity = definitions['io.k8s.apimachinery.pkg.api.resource.Quantity'];
    if (quantity && Array.isArray(quantity.oneOf)) {
      for (const branch of quantity.oneOf) if (branch.type === 'string') branch.format = 'quantity';
    }
    // Each definition is compiled once, as its own function (`inlineRefs: false`): the kinds share ObjectMeta, PodSpec...
    // The shipped definitions are not checked against JSON Schema's meta-schema on every run (`validateSchema: false`),
    // and ajv's pass that tidies the generated code is skipped (`optimize: false`): measured on the 4,000-object bench
    // file, it costs 0.1 s more to compile than it saves in validating (docs/decisions/08-yaml-parser-and-locations.md).
    this.ajv = new Ajv({
      allErrors: true,
      strict: false,
      verbose: true,
      validateFormats: true,
      inlineRefs: false,
      validateSchema: false,
      code: { optimize: false },
    });
    addFormats(this.ajv);
    this.ajv.addFormat('quantity', { type: 'string', validate: isQuantity });
    this.ajv.addFormat('int-or-string', true);
    for (const k of keywords) this.ajv.addKeyword({ keyword: k, schemaType: ['string', 'array', 'object', 'boolean'] });
    this.ajv.addSchema({ $id: 'k8s', definitions });
  }

  /** Whether the API group (`apps`, `` for core) is one Kubernetes serves in this version. */
  public servesGroup(group: string): boolean {
    return this.groups.has(group);
  }

  /** The compiled validator of `apiVersion`/`kind`, or undefined when this version has no such kind. */
  public validatorFor(apiVersion: string, kind: string): ValidateFunction | undefined {
    const { group, version } = splitApiVersion(apiVersion);
    const name = this.byGvk.get(gvkKey(group, version, kind));
    if (!name) return undefined;
    let v = this.validators.get(name);
    if (!v) {
      v = this.ajv.compile({ $ref: `k8s#/definitions/${name}` });
      this.validators.set(name, v);
    }
    return v;
  }

  /**
   * The problems of one object (`hints.nullFields`: false when the caller knows no map in it holds a null field). An object of an API group Kubernetes does not serve (a custom resource) has
   * none: there is no schema to hold it to. An unknown version or kind of a built-in group is a problem.
   */
  public validate(obj: unknown, versionLabel: string, hints: { readonly nullFields?: boolean } = {}): SchemaProblem[] {
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return [{ pointer: '/', message: 'must be a map (a Kubernetes object)' }];
    const { apiVersion, kind } = obj as { apiVersion?: unknown; kind?: unknown };
    if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
      return [{ pointer: '/', message: 'missing required fields apiVersion and kind' }];
    }
    const validate = this.validatorFor(apiVersion, kind);
    if (!validate) {
      const { group } = splitApiVersion(apiVersion);
      if (!this.servesGroup(group)) return [];
      return [{ pointer: '/', message: `Kubernetes ${versionLabel} has no ${kind} in ${apiVersion}` }];
    }
    // Validated as the API server decodes it: a field set to null is a field left unset (see withoutNullFields).
    // (`hints.nullFields === false`: the reader saw no null field, so there is nothing to leave out.)
    if (validate(hints.nullFields === false ? obj : withoutNullFields(obj))) return [];
    return describeErrors(validate.errors ?? []);
  }
}

/**
 * The value with every map entry whose value is null removed, at any depth; the value itself when it has none (the
 * usual case: nothing is copied). The API server decodes JSON into Go structs with sigs.k8s.io/json, which keeps
 * encoding/json's rule that a JSON null sets a map, slice or pointer field to nil and leaves any other field at its
 * zero value, that is, unset (metav1.Time reads null as the zero time the same way). So `annotations:` with no value
 * and the `creationTimestamp: null` that `kubectl create --dry-run=client -o yaml` writes are accepted as absent, and
 * the schema must see them absent too. Nulls inside lists are kept and reported: the API server reads a null item as an
 * item with every field unset (a container or an env var without a name, which its validation then rejects; an empty
 * string in a string list), which is seldom what was meant. Only the schema validation sees this copy; the rules read
 * the object as written.
 */
export function withoutNullFields(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = withoutNullFields(value[i]);
      if (item === value[i]) continue;
      copy ??= value.slice();
      copy[i] = item;
    }
    return copy ?? value;
  }
  const map = value as { [field: string]: unknown };
  let copy: { [field: string]: unknown } | undefined;
  for (const key of Object.keys(map)) {
    const v = map[key];
    const w = v === null ? undefined : withoutNullFields(v);
    if (w === v) continue;
    copy ??= { ...map };
    if (w === undefined) delete copy[key];
    else Object.defineProperty(copy, key, { value: w, enumerable: true, writable: true, configurable: true }); // a '__proto__' field too
  }
  return copy ?? value;
}

const LOADED = new Map<string, { mtime: number; schemas: KubernetesSchemas }>();

/** Adds `additionalProperties: false` to every object schema with properties; collects the `x-` keywords. */
function strictify(schema: any, keywords: Set<string>): void {
  const stack = [schema];
  while (stack.length > 0) {
    const s = stack.pop();
    if (Array.isArray(s)) {
      stack.push(...s);
      continue;
    }
    if (typeof s !== 'object' || s === null) continue;
    if (s.properties && typeof s.properties === 'object' && s.additionalProperties === undefined) s.additionalProperties = false;
    for (const key of Object.keys(s)) {
      if (key.startsWith('x-')) {
        keywords.add(key);
        continue;
      }
      if (key === 'properties' || key === 'definitions') stack.push(...Object.values(s[key]));
      else if (key !== 'enum' && key !== 'required' && key !== 'description') stack.push(s[key]);
    }
  }
}

function gvkKey(group: string, version: string, kind: string): string {
  return `${group}/${version}/${kind}`;
}

/** ajv errors in the user's terms, one per problem, located by JSON pointer. */
function describeErrors(errors: readonly ErrorObject[]): SchemaProblem[] {
  // Errors inside a failed oneOf's branches are noise: the oneOf error says it once.
  const oneOfs = errors.filter(e => e.keyword === 'oneOf');
  const out: SchemaProblem[] = [];
  const seen = new Set<string>();
  let dropped = 0;
  for (const e of errors) {
    if (oneOfs.some(o => o.instancePath === e.instancePath && e.schemaPath.startsWith(`${o.schemaPath}/`))) continue;
    const p = describeError(e);
    const key = `${p.pointer}\u0000${p.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (out.length >= MAX_PROBLEMS_PER_OBJECT) {
      dropped++;
      continue;
    }
    out.push(p);
  }
  if (dropped > 0) out.push({ pointer: '/', message: `and ${dropped} more schema problem(s)` });
  return out;
}

function describeError(e: ErrorObject): SchemaProblem {
  const at = e.instancePath || '';
  const pointer = at || '/';
  const params = e.params as { [name: string]: unknown };
  switch (e.keyword) {
    case 'additionalProperties': {
      const field = String(params.additionalProperty);
      const known = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const hint = closestName(field, known);
      return {
        pointer: `${at}/${escapePointer(field)}`,
        message: `unknown field '${field}'${hint ? ` (did you mean '${hint}'?)` : ''}`,
      };
    }
    case 'required':
      return { pointer, message: `missing required field '${params.missingProperty}'` };
    case 'type':
      return { pointer, message: `must be ${article(String(params.type))}, not ${valueText(e.data)}` };
    case 'enum':
      return { pointer, message: `must be one of ${(params.allowedValues as unknown[]).map(v => JSON.stringify(v)).join(', ')}, not ${valueText(e.data)}` };
    case 'format':
      return { pointer, message: `${valueText(e.data)} is not a valid ${params.format}` };
    case 'oneOf': {
      const branches = (Array.isArray(e.schema) ? e.schema : []) as Array<{ type?: unknown; format?: unknown } | undefined>;
      const types = branches.map(b => b?.type).filter((t): t is string => typeof t === 'string');
      const quantity = branches.some(b => b?.format === 'quantity');
      if (quantity && typeof e.data === 'string') return { pointer, message: `${valueText(e.data)} is not a valid quantity (e.g. '500m', '1Gi', '2')` };
      return { pointer, message: types.length > 0 ? `must be ${types.map(article).join(' or ')}, not ${valueText(e.data)}` : e.message ?? 'is invalid' };
    }
    default:
      return { pointer, message: e.message ?? `fails ${e.keyword}` };
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function valueText(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map';
  const s = JSON.stringify(v) ?? String(v);
  return `${typeof v} ${s.length > 60 ? `${s.slice(0, 57)}...` : s}`;
}

function escapePointer(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}
