import * as jsyaml from 'js-yaml';
import { SourcePosition } from './source-positions';
import { KUBERNETES_YAML_SCHEMA } from './yaml-1-1-schema';
import { errorText } from '../model/error-text';

/**
 * YAML documents as Kubernetes reads them, parsed one at a time with js-yaml and the YAML 1.1 scalars of
 * `yaml-1-1-schema.ts`, each yielding a JSON value or an error in the user's terms with the line in the file.
 * Internal module of the manifest reader. Why js-yaml: docs/decisions/08-yaml-parser-and-locations.md.
 */

/** One document of a YAML text: its value, or why it cannot be read. */
export interface YamlDocument {
  /** Index in the text, from 0, empty documents included. */
  readonly index: number;
  /** Line (from 1) where the document starts: its `---` marker, else its content. */
  readonly line?: number;
  /** Where the document's content starts (line and column from 1). */
  readonly content?: SourcePosition;
  /** The document's text (its `---` marker included) and the line of the file it starts on, to locate fields later. */
  readonly text?: string;
  readonly firstLine?: number;
  readonly value?: unknown;
  readonly error?: string;
}

export interface YamlLimits {
  /** Nesting depth reported when the parser overflows the stack. */
  readonly maxDepth: number;
  /** YAML aliases per document (stops "billion laughs" bombs, with the cap on what they expand to). */
  readonly maxAliasCount: number;
}

/**
 * What the aliases of one document may add, in maps and lists, when every alias is written out: enough for any
 * manifest that shares env lists or labels through anchors, far too little for an alias bomb.
 */
const MAX_ALIAS_EXPANSION = 100_000;

/**
 * A file's text cut at its `---` document markers. A marker at the start of a line always starts a document
 * (YAML 1.2 spec 9.1.4 "c-forbidden": no scalar may hold one), so the cut is safe; each document is then parsed on its
 * own, so one broken document does not hide the others and errors name the line in the file.
 * Text before the first marker that holds only comments and directives joins the first document.
 */
export function splitYamlDocuments(text: string): Array<{ text: string; offset: number }> {
  const starts: number[] = [];
  const marker = /^---(?=[ \t\r\n]|$)/gm;
  for (let m = marker.exec(text); m; m = marker.exec(text)) starts.push(m.index);
  if (starts.length === 0 || starts[0] !== 0) {
    const prefix = text.slice(0, starts[0] ?? text.length);
    if (starts.length === 0 || /^[ \t]*[^\s#%]/m.test(prefix)) starts.unshift(0);
    else starts[0] = 0;
  }
  return starts.map((offset, i) => ({ text: text.slice(offset, starts[i + 1] ?? text.length), offset }));
}

/**
 * The documents of a YAML text, in order. `tooBig` refuses a document before it is parsed (the caller's size cap).
 * Never throws: syntax errors, duplicate keys, unknown tags, alias bombs and stack overflows on deep nesting become
 * `error`.
 */
export function* yamlDocuments(text: string, limits: YamlLimits, tooBig: (document: string) => string | undefined): Generator<YamlDocument> {
  const chunks = splitYamlDocuments(text);
  const whole = parsedWhole(text, chunks, limits, tooBig);
  let index = 0;
  let baseLine = 1;
  let counted = 0;
  for (const [n, chunk] of chunks.entries()) {
    for (let i = counted; i < chunk.offset; i++) if (text.charCodeAt(i) === 10) baseLine++;
    counted = chunk.offset;
    let values: unknown[];
    if (whole) {
      values = [whole[n]];
    } else {
      const refused = tooBig(chunk.text);
      if (refused) {
        yield { index: index++, error: refused };
        continue;
      }
      try {
        values = parse(chunk.text, limits);
      } catch (e) {
        yield { index: index++, error: parseError(e, chunk.text, baseLine, limits) };
        continue;
      }
      if (values.length === 0) values.push(null); // a marker with nothing after it is an empty document
    }
    const start = contentStart(chunk.text);
    for (const [i, raw] of values.entries()) {
      const at = index++;
      // An alias is written `*name`: a document without a `*` has none, and needs no walk.
      const aliases = chunk.text.includes('*') ? aliasProblem(raw, limits.maxAliasCount) : { shared: false };
      if (aliases.problem) {
        yield { index: at, error: aliases.problem };
        continue;
      }
      // Values that aliases share are copied apart, so that no object is reachable twice (the copy is small: checked above).
      const value = aliases.shared ? JSON.parse(JSON.stringify(raw)) : raw;
      const first = i === 0 && start
        ? { line: chunk.text.startsWith('---') ? baseLine : start.line + baseLine - 1, content: { line: start.line + baseLine - 1, column: start.column } }
        : {};
      yield { index: at, ...first, text: chunk.text, firstLine: baseLine, value };
    }
  }
}

/** The documents of one text, with go-yaml v2's scalars. */
function parse(text: string, limits: YamlLimits): unknown[] {
  const values: unknown[] = [];
  // maxDepth (js-yaml 4.1.1+, not yet in its types) stops deep nesting while parsing; the reader's walk (jsonProblem)
  // then holds every document to the same depth, counted the same way for YAML and JSON.
  const options = { schema: KUBERNETES_YAML_SCHEMA, maxDepth: limits.maxDepth + 1 } as jsyaml.LoadOptions;
  jsyaml.loadAll(text, v => values.push(v), options);
  return values;
}

/**
 * The common case in one pass: every document of the text, when one parse of the whole text reads them all, none is
 * too big, and they are as many as the chunks (one document per `---`). One pass is about a sixth faster than a parse
 * per chunk; anything else (a syntax error, a duplicate key, a document after a `...` marker) is left to the parse per
 * chunk, which names the document and its line.
 */
function parsedWhole(
  text: string, chunks: ReadonlyArray<{ text: string }>, limits: YamlLimits, tooBig: (document: string) => string | undefined,
): unknown[] | undefined {
  if (chunks.some(c => tooBig(c.text) !== undefined)) return undefined;
  let values: unknown[];
  try {
    values = parse(text, limits);
  } catch {
    return undefined;
  }
  return values.length === chunks.length ? values : undefined;
}

/** Line and column (from 1, in the chunk) of the first character of the document's content. */
function contentStart(chunk: string): { line: number; column: number } | undefined {
  const lines = /[^\n]*\n?/g;
  let line = 0;
  for (let m = lines.exec(chunk); m && m[0] !== ''; m = lines.exec(chunk)) {
    line++;
    let s = m[0];
    let skipped = 0;
    if (s.startsWith('---')) {
      skipped = 3;
      s = s.slice(3);
    }
    const content = /^[ \t]*/.exec(s)![0].length;
    const rest = s.slice(content);
    if (rest === '' || rest.startsWith('#') || rest.startsWith('\r') || rest.startsWith('\n') || (skipped === 0 && rest.startsWith('%'))) continue;
    return { line, column: skipped + content + 1 };
  }
  return undefined;
}

/**
 * An alias bomb, found on the parsed value: js-yaml resolves an alias to the very object its anchor made, so the
 * value costs no more memory than the text, and a walk that visits each object once can count the aliases (objects
 * reached again) and what writing them out would add, before anything copies or walks the value in full.
 */
function aliasProblem(root: unknown, maxAliasCount: number): { problem?: string; shared: boolean } {
  if (typeof root !== 'object' || root === null) return { shared: false };
  // A depth-first walk that enters each map or list once: reaching an entered one again is an alias. `size` is what a
  // map or list holds when every alias inside is written out; in document order an anchor is complete before its aliases.
  const size = new Map<object, number>();
  let aliases = 0;
  const frames: Array<{ node: object; children: unknown[]; next: number; size: number }> = [];
  const enter = (node: object): void => {
    size.set(node, 0);
    frames.push({ node, children: Array.isArray(node) ? node : Object.values(node), next: 0, size: 1 });
  };
  enter(root);
  while (frames.length > 0) {
    const f = frames[frames.length - 1];
    if (f.next === f.children.length) {
      frames.pop();
      size.set(f.node, f.size);
      if (frames.length > 0) frames[frames.length - 1].size += f.size;
      continue;
    }
    const c = f.children[f.next++];
    if (typeof c !== 'object' || c === null) continue;
    const known = size.get(c);
    if (known === undefined) {
      enter(c);
    } else {
      aliases++;
      f.size += known;
    }
  }
  if (aliases > maxAliasCount) return { problem: `uses more than ${maxAliasCount} YAML aliases (an alias bomb?)`, shared: true };
  const extra = (size.get(root) ?? 0) - size.size;
  if (extra > MAX_ALIAS_EXPANSION) {
    return { problem: `uses YAML aliases that expand to over ${MAX_ALIAS_EXPANSION.toLocaleString('en')} more maps and lists (an alias bomb?)`, shared: true };
  }
  return { shared: aliases > 0 };
}

/** js-yaml's error in the user's terms, with the line and column in the file. */
function parseError(e: unknown, chunk: string, baseLine: number, limits: YamlLimits): string {
  if (e instanceof RangeError && /call stack/i.test(e.message)) return `nesting is deeper than the limit of ${limits.maxDepth} levels`;
  if (!(e instanceof jsyaml.YAMLException)) return `cannot be parsed: ${errorText(e)}`;
  const mark = (e as { mark?: { line: number; column: number; position: number } }).mark;
  const where = mark ? ` at line ${mark.line + baseLine}, column ${mark.column + 1}` : '';
  const reason = e.reason ?? e.message;
  if (/^nesting exceeded maxDepth/.test(reason)) return `nesting is deeper than the limit of ${limits.maxDepth} levels${where}`;
  if (reason === 'duplicated mapping key' && mark) {
    const end = chunk.indexOf('\n', mark.position);
    const key = /^\s*(?:"([^"]*)"|'([^']*)'|([^:#\n]*?))\s*:/.exec(chunk.slice(mark.position, end < 0 ? chunk.length : end));
    const name = key ? (key[1] ?? key[2] ?? key[3]) : undefined;
    return `YAML syntax error${where}: Map keys must be unique${name !== undefined ? ` ('${name}' is repeated)` : ''}`;
  }
  const tag = /^unknown tag !<tag:yaml\.org,2002:(\w+)>/.exec(reason);
  if (tag) {
    // js-yaml marks the end of the tagged node; the tag itself is the last `!!name` before it
    const at = mark ? chunk.lastIndexOf(`!!${tag[1]}`, mark.position) : -1;
    const tagWhere = at >= 0 ? ` at line ${lineOf(chunk, at) + baseLine - 1}, column ${at - chunk.lastIndexOf('\n', at - 1)}` : where;
    return `YAML tag !!${tag[1]}${tagWhere} is not one Kubernetes manifests can hold (only strings, numbers, booleans, null, lists and maps)`;
  }
  return `YAML syntax error${where}: ${reason}`;
}

/** The line (from 1) of an offset in a text. */
function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
