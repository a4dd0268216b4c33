import * as fs from 'fs';
import * as path from 'path';
import * as v8 from 'v8';
import { DocumentPositions, SourcePosition } from './source-positions';
import { yamlDocuments } from './yaml-documents';
import { errorText } from '../model/error-text';
import { KubeObject } from '../model/kube-object';

/**
 * Reads Kubernetes manifests from files and directories: multi-document YAML and JSON, `kind: List` expanded.
 *
 * Hostile input never crashes the reader: a file over the size cap, binary data (a NUL byte), a YAML syntax
 * error, an alias bomb, nesting deeper than the cap or a value JSON cannot hold becomes an `InputError` naming
 * the file and the document, and reading goes on with the next document or file.
 * Internal module (not exported from the package entry point).
 */


/** One object read from a file, with where it came from. */
export interface ManifestObject {
  /** The file as the user named it (or as found under a directory the user named). */
  readonly file: string;
  /** Index of the YAML document in the file, from 0 (always 0 for JSON). */
  readonly doc: number;
  /** Index in the `items` of a `kind: List` document, if the object came from one. */
  readonly item?: number;
  /** Line (from 1) where the document starts: its `---` marker, else its content. */
  readonly line?: number;
  /** Where the document's content starts (line and column from 1); for an item of a List, where the List starts. */
  readonly position?: SourcePosition;
  /**
   * Where a field of the object is in the file, by JSON pointer into the object (`/spec/replicas`; `` for the object
   * itself): the deepest node found on the way. Found when first asked (documents without findings never pay for it).
   */
  readonly positionOf?: (pointer: string) => SourcePosition | undefined;
  /** False when no map in the object holds a field set to null (the schema validation then needs no copy without them). */
  readonly nullFields?: boolean;
  /** `file#doc`, or `file#doc/items/i` for an item of a List: the location printed before every message. */
  readonly source: string;
  readonly object: KubeObject;
}

/** Input that cannot be read: exit code 2. */
export interface InputError {
  readonly file: string;
  /** Document index, when the error is inside one document. */
  readonly doc?: number;
  /** `file` or `file#doc`. */
  readonly source: string;
  readonly message: string;
}

export interface ReadLimits {
  /** Largest file read, in bytes. */
  readonly maxFileBytes: number;
  /**
   * Largest YAML document (or JSON file) parsed, in bytes: the API server takes at most 3 MiB per request
   * (k8s.io/apiserver pkg/server/config.go, `MaxRequestBodyBytes`), so a larger document cannot be one object.
   */
  readonly maxDocumentBytes: number;
  /** Deepest nesting of maps and lists in one document. */
  readonly maxDepth: number;
  /** Reading stops, with an error, when the heap passes this fraction of Node's heap limit. */
  readonly maxHeapFraction: number;
  /** YAML aliases per document: more are refused before anything expands them (stops "billion laughs" bombs). */
  readonly maxAliasCount: number;
}

export const DEFAULT_READ_LIMITS: ReadLimits = {
  maxFileBytes: 64 * 1024 * 1024,
  maxDocumentBytes: 3 * 1024 * 1024,
  maxHeapFraction: 0.7,
  maxDepth: 100,
  maxAliasCount: 100,
};

/** Optional hooks of `readManifests`. */
export interface ReadHooks {
  /** Called every 1,000 documents with the count so far. */
  readonly onProgress?: (documentsRead: number) => void;
  /** Reads standard input (the path `-`), at most `max` bytes; tests inject it. */
  readonly readStdin?: (max: number) => Buffer;
}

/** Where parsed documents go. */
type Sink = Pick<ReadResult, 'objects' | 'errors'> & { readonly onDocument?: () => void };

export interface ReadResult {
  readonly objects: ManifestObject[];
  readonly errors: InputError[];
  /** Files read, in order. */
  readonly files: string[];
}

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/**
 * Reads every manifest under `paths`: files are read whatever their extension; directories are walked
 * recursively (sorted, symlink loops skipped) for `*.yaml`, `*.yml` and `*.json`; `-` is standard input (YAML).
 */
export function readManifests(
  paths: readonly string[], limits: ReadLimits = DEFAULT_READ_LIMITS, hooks: ReadHooks = {},
): ReadResult {
  let documents = 0;
  let current = '';
  const heapLimit = v8.getHeapStatistics().heap_size_limit;
  const result: ReadResult & Sink = {
    objects: [],
    errors: [],
    files: [],
    onDocument: () => {
      if (++documents % 1000 !== 0) return;
      hooks.onProgress?.(documents);
      checkMemory(heapLimit, limits, result.objects.length);
    },
  };
  try {
    for (const p of paths) {
      if (p === '-') {
        current = STDIN_NAME;
        readFile(p, limits, result, hooks.readStdin);
        continue;
      }
      let stat: fs.Stats;
      try {
        stat = fs.statSync(p);
      } catch (e) {
        result.errors.push(fileError(p, (e as NodeJS.ErrnoException).code === 'ENOENT'
          ? 'no such file or directory'
          : `cannot be read: ${errorText(e)}`));
        continue;
      }
      const files = stat.isDirectory() ? manifestFilesUnder(p, result.errors) : [p];
      for (const f of files) {
        current = f;
        checkMemory(heapLimit, limits, result.objects.length);
        readFile(f, limits, result);
      }
    }
  } catch (e) {
    if (!(e instanceof OutOfMemoryBudget)) throw e;
    result.errors.push(fileError(current, e.message));
  }
  return result;
}

/** Reading stops when the heap nears Node's limit, with an error, rather than crash with "heap out of memory". */
class OutOfMemoryBudget extends Error {}

function checkMemory(heapLimit: number, limits: ReadLimits, objects: number): void {
  const used = process.memoryUsage().heapUsed;
  if (used <= heapLimit * limits.maxHeapFraction) return;
  throw new OutOfMemoryBudget(`stopped reading after ${objects} objects: they use ${formatBytes(used)}, `
    + `${Math.round(limits.maxHeapFraction * 100)}% of the ${formatBytes(heapLimit)} Node.js allows; `
    + 'check fewer files at a time, or give Node.js more memory (NODE_OPTIONS=--max-old-space-size=...)');
}

/**
 * Manifest files under a directory, sorted, recursing into subdirectories; each real directory visited once.
 * Hidden entries (`.git`, `.github` and its workflow YAML) and `node_modules` are skipped: they hold YAML that is not
 * Kubernetes manifests. Name such a file on the command line to check it anyway.
 */
export function manifestFilesUnder(dir: string, errors: InputError[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const walk = (d: string): void => {
    let real: string;
    let entries: fs.Dirent[];
    try {
      real = fs.realpathSync(d);
      if (seen.has(real)) return;
      seen.add(real);
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch (e) {
      errors.push(fileError(d, `directory cannot be read: ${errorText(e)}`));
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const full = path.join(d, e.name);
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        try {
          const s = fs.statSync(full);
          isDir = s.isDirectory();
          isFile = s.isFile();
        } catch {
          continue; // dangling link
        }
      }
      if (isDir) walk(full);
      else if (isFile && MANIFEST_EXTENSIONS.has(path.extname(e.name).toLowerCase())) out.push(full);
    }
  };
  walk(dir);
  return out;
}

/** The name standard input gets in messages (`cdk8s-pod-patterns check -`). */
const STDIN_NAME = '<stdin>';

function readFile(file: string, limits: ReadLimits, result: ReadResult & Sink, readStdin?: (max: number) => Buffer): void {
  const name = file === '-' ? STDIN_NAME : file;
  result.files.push(name);
  let text: string;
  try {
    let buf: Buffer;
    if (file === '-') {
      buf = (readStdin ?? (max => readFd(0, max)))(limits.maxFileBytes + 1);
      if (buf.length > limits.maxFileBytes) {
        result.errors.push(fileError(name, `is over the limit of ${formatBytes(limits.maxFileBytes)}: split the input`));
        return;
      }
      if (buf.length === 0) {
        // `helm template ... | cdk8s-pod-patterns check -` after helm failed: a clean result would hide the failure
        result.errors.push(fileError(name, 'nothing was read from standard input (0 bytes): '
          + 'if a command pipes into this one, it printed nothing; look for its errors above'));
        return;
      }
    } else {
      const stat = fs.statSync(file);
      if (!stat.isFile()) {
        // A device (/dev/zero) or a pipe would be read forever.
        result.errors.push(fileError(name, 'is not a regular file (a device, a pipe or a socket): use - to read standard input'));
        return;
      }
      if (stat.size > limits.maxFileBytes) {
        result.errors.push(fileError(name, `is ${formatBytes(stat.size)}, over the limit of ${formatBytes(limits.maxFileBytes)} per file`
          + ': split it, or check that it is a manifest'));
        return;
      }
      buf = fs.readFileSync(file);
    }
    const nul = buf.indexOf(0);
    if (nul >= 0) {
      result.errors.push(fileError(name, `holds binary data (a NUL byte at offset ${nul}), not YAML or JSON text`
        + ' (UTF-16 files: convert them to UTF-8)'));
      return;
    }
    text = buf.toString('utf8');
  } catch (e) {
    result.errors.push(fileError(name, `cannot be read: ${errorText(e)}`));
    return;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  parseManifestText(name, text, limits, result);
}

/** Reads a file descriptor to its end or until `max` bytes, whichever comes first. */
function readFd(fd: number, max: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  while (total < max) {
    const chunk = Buffer.alloc(Math.min(1024 * 1024, max - total));
    let n: number;
    try {
      n = fs.readSync(fd, chunk, 0, chunk.length, null);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') continue;
      if ((e as NodeJS.ErrnoException).code === 'EOF') break;
      throw e;
    }
    if (n === 0) break;
    chunks.push(chunk.subarray(0, n));
    total += n;
  }
  return Buffer.concat(chunks);
}

/** Parses the text of one file (JSON when it ends in `.json`, else YAML) into `result`. */
export function parseManifestText(file: string, text: string, limits: ReadLimits, result: Sink): void {
  if (path.extname(file).toLowerCase() === '.json') {
    const tooBig = documentTooBig(text, limits);
    if (tooBig) {
      result.errors.push(docError(file, 0, tooBig));
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      result.errors.push(docError(file, 0, `is not valid JSON: ${jsonErrorWithLine(text, e)}`));
      return;
    }
    const place = { index: 0, line: 1, position: { line: 1, column: 1 }, positions: new DocumentPositions(text, 1, true) };
    addDocument(file, place, value, limits, result);
    return;
  }
  parseYaml(file, text, limits, result);
}

function parseYaml(file: string, text: string, limits: ReadLimits, result: Sink): void {
  for (const d of yamlDocuments(text, limits, chunk => documentTooBig(chunk, limits))) {
    result.onDocument?.();
    if (d.error !== undefined) {
      result.errors.push(docError(file, d.index, d.error));
      continue;
    }
    const positions = d.text !== undefined ? new DocumentPositions(d.text, d.firstLine ?? 1, false) : undefined;
    addDocument(file, { index: d.index, line: d.line, position: d.content, positions }, d.value, limits, result);
  }
}

function documentTooBig(text: string, limits: ReadLimits): string | undefined {
  // text.length (UTF-16 units) never exceeds the UTF-8 byte count, so the byte count is computed only when it may matter.
  if (text.length * 3 <= limits.maxDocumentBytes) return undefined;
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes <= limits.maxDocumentBytes) return undefined;
  return `document is ${formatBytes(bytes)}, over the ${formatBytes(limits.maxDocumentBytes)} the API server accepts in one request`
    + ' (split a kind: List into one document per object)';
}

/** Where a document is: its index in the file, where its content starts, and how to find its fields. */
interface DocumentPlace {
  readonly index: number;
  readonly line?: number;
  readonly position?: SourcePosition;
  readonly positions?: DocumentPositions;
}

function addDocument(
  file: string, place: DocumentPlace, value: unknown, limits: ReadLimits, result: Pick<ReadResult, 'objects' | 'errors'>,
): void {
  const { index: doc, line, position, positions } = place;
  if (value === null || value === undefined) return; // empty document (`---` at the end)
  const { problem, nullFields } = inspectJson(value, limits.maxDepth);
  if (problem) {
    result.errors.push(docError(file, doc, problem));
    return;
  }
  const source = `${file}#${doc}`;
  const kindProblem = objectProblem(value);
  if (kindProblem) {
    result.errors.push(docError(file, doc, kindProblem));
    return;
  }
  const obj = value as KubeObject;
  if (isList(obj)) {
    const items = (obj as { items?: unknown }).items;
    if (items === undefined || items === null) return;
    if (!Array.isArray(items)) {
      result.errors.push(docError(file, doc, `${obj.kind} 'items' must be a list, not ${typeName(items)}`));
      return;
    }
    items.forEach((item, i) => {
      // kubectl (cli-runtime FlattenListVisitor) applies the other items and fails on a null one: apimachinery's
      // decodeToList reads it as an object without a kind, which the object typer refuses. So do we, item by item.
      const p = item === null ? NULL_ITEM : objectProblem(item);
      if (p) {
        result.errors.push({ file, doc, source: `${source}/items/${i}`, message: p });
        return;
      }
      const positionOf = positions && ((pointer: string) => positions.positionOf(`/items/${i}${pointer === '/' ? '' : pointer}`));
      result.objects.push({ file, doc, item: i, line, nullFields, ...(position ? { position } : {}), source: `${source}/items/${i}`, object: item as KubeObject, ...(positionOf ? { positionOf } : {}) });
    });
    return;
  }
  const positionOf = positions && ((pointer: string) => positions.positionOf(pointer));
  result.objects.push({ file, doc, line, nullFields, ...(position ? { position } : {}), source, object: obj, ...(positionOf ? { positionOf } : {}) });
}

/** An empty entry (`-` with nothing after it, or `null`) in the items of a List. */
const NULL_ITEM = "is empty (null), not a Kubernetes object: kubectl applies the List's other items and fails on this one "
  + "(Object 'Kind' is missing). Remove the empty entry from items";

/** `kind: List` (and `DeploymentList`-style kinds with items), which kubectl expands into their items. */
function isList(o: KubeObject): boolean {
  return o.kind === 'List' || (o.kind.endsWith('List') && Array.isArray((o as { items?: unknown }).items));
}

function objectProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return `is ${typeName(value)}, not a Kubernetes object (a map with apiVersion and kind)`;
  }
  const o = value as { apiVersion?: unknown; kind?: unknown };
  const missing = [
    typeof o.apiVersion === 'string' && o.apiVersion !== '' ? undefined : 'apiVersion',
    typeof o.kind === 'string' && o.kind !== '' ? undefined : 'kind',
  ].filter(x => x !== undefined);
  if (missing.length > 0) return `object has no ${missing.join(' and no ')}: every Kubernetes object needs apiVersion and kind`;
  return undefined;
}

/**
 * Depth over the cap, or a value JSON cannot hold (a YAML `!!binary`, `!!set`, `.nan`...).
 * The walk stops at the cap, so nesting deep enough to overflow the stack is reported, not thrown; the JSON pointer of
 * the problem is spelled out on the way back, only when there is one.
 */
export function jsonProblem(value: unknown, maxDepth: number): string | undefined {
  return inspectJson(value, maxDepth).problem;
}

/** What the reader learns in its one walk of a value: a problem, and whether some map holds a null field. */
interface JsonInspection {
  problem?: string;
  nullFields: boolean;
}

function inspectJson(value: unknown, maxDepth: number): JsonInspection {
  const found: JsonInspection = { nullFields: false };
  const keys: string[] = [];
  const visit = (v: unknown, depth: number): boolean => {
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
    if (typeof v === 'number') {
      if (Number.isFinite(v)) return true;
      found.problem = `(${v}) is not a JSON number`;
      return false;
    }
    if (typeof v !== 'object') {
      found.problem = `is a ${typeof v}, which JSON cannot hold`;
      return false;
    }
    if (depth > maxDepth) {
      found.problem = `nesting is deeper than the limit of ${maxDepth} levels`;
      return false;
    }
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        if (!visit(v[i], depth + 1)) {
          keys.push(String(i));
          return false;
        }
      }
      return true;
    }
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) {
      found.problem = `is a ${(v as object).constructor?.name ?? 'non-JSON value'} (a YAML tag such as !!binary or !!set), `
        + 'which Kubernetes manifests cannot hold';
      return false;
    }
    for (const key in v) {
      const field = (v as Record<string, unknown>)[key];
      if (field === null) found.nullFields = true;
      if (!visit(field, depth + 1)) {
        keys.push(key);
        return false;
      }
    }
    return true;
  };
  if (visit(value, 1)) return found;
  const at = keys.length === 0 ? '/' : `/${keys.reverse().map(k => k.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
  const problem = found.problem!;
  found.problem = problem.startsWith('nesting') ? `${problem} (at ${at})` : `value at ${at} ${problem}`;
  return found;
}

function jsonErrorWithLine(text: string, e: unknown): string {
  const msg = errorText(e);
  const m = /position (\d+)/.exec(msg);
  if (!m) return msg;
  const pos = Number(m[1]);
  let line = 1;
  for (let i = 0; i < pos && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return /line \d+/.test(msg) ? msg : `${msg} (line ${line})`;
}

function fileError(file: string, message: string): InputError {
  return { file, source: file, message };
}

function docError(file: string, doc: number, message: string): InputError {
  return { file, doc, source: `${file}#${doc}`, message };
}

/** What a value is, for messages: `a list`, `a map`, `a number (8080)`. */
export function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map';
  return `a ${typeof v} (${JSON.stringify(v)?.slice(0, 40)})`;
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(n % (1024 * 1024) === 0 ? 0 : 1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(n % 1024 === 0 ? 0 : 1)} KiB`;
  return `${n} bytes`;
}
