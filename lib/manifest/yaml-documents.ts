import * as YAML from 'yaml';
import { errorText } from '../model/error-text';

/**
 * YAML documents as Kubernetes reads them, parsed one at a time with the `yaml` package, each yielding a JSON value
 * or an error in the user's terms with the line in the file. Internal module of the manifest reader.
 */

/** One document of a YAML text: its value, or why it cannot be read. */
export interface YamlDocument {
  /** Index in the text, from 0, empty documents included. */
  readonly index: number;
  /** Line (from 1) where the document's content starts. */
  readonly line?: number;
  readonly value?: unknown;
  readonly error?: string;
}

export interface YamlLimits {
  /** Nesting depth reported when the parser overflows the stack. */
  readonly maxDepth: number;
  /** YAML aliases resolved per document (yaml's `maxAliasCount`: stops "billion laughs" bombs). */
  readonly maxAliasCount: number;
}

/**
 * YAML 1.1, as Kubernetes reads manifests (sigs.k8s.io/yaml over go-yaml v2): `0644` is octal, `yes` is true, `<<`
 * merges. Timestamps stay strings, as go-yaml v2 leaves them when decoding into interface{}. One schema instance for
 * every document: building it per document (what a `customTags` option does) triples the parse time.
 */
const YAML_OPTIONS: YAML.DocumentOptions & YAML.ParseOptions & YAML.SchemaOptions = {
  version: '1.1',
  // yaml's own check compares every key with every other (quadratic: minutes for a map of 10^6 keys); `duplicateKey` is linear.
  uniqueKeys: false,
  schema: new YAML.Schema({
    schema: 'yaml-1.1',
    resolveKnownTags: false,
    merge: true,
    customTags: tags => tags.filter(t => typeof t === 'string' || t.tag !== 'tag:yaml.org,2002:timestamp'),
  }),
};

/**
 * A file's text cut at its `---` document markers. A marker at the start of a line always starts a document
 * (YAML 1.2 spec 9.1.4 "c-forbidden": no scalar may hold one), so the cut is safe; parsing each document on
 * its own is twice as fast as one pass of yaml's parser over a large file and keeps one syntax tree in memory at a time.
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
 * Never throws: syntax errors, duplicate keys, alias bombs and stack overflows on deep nesting become `error`.
 */
export function* yamlDocuments(text: string, limits: YamlLimits, tooBig: (document: string) => string | undefined): Generator<YamlDocument> {
  let index = 0;
  let baseLine = 1;
  let counted = 0;
  for (const chunk of splitYamlDocuments(text)) {
    for (let i = counted; i < chunk.offset; i++) if (text.charCodeAt(i) === 10) baseLine++;
    counted = chunk.offset;
    const lineCounter = new YAML.LineCounter();
    const lineOf = (offset: number): { line: number; col: number } => {
      const pos = lineCounter.linePos(offset);
      return { line: pos.line + baseLine - 1, col: pos.col };
    };
    const refused = tooBig(chunk.text);
    if (refused) {
      yield { index: index++, error: refused };
      continue;
    }
    const docs: YAML.Document.Parsed[] = [];
    try {
      const composer = new YAML.Composer(YAML_OPTIONS);
      const parser = new YAML.Parser(lineCounter.addNewLine);
      for (const d of composer.compose(parser.parse(chunk.text), true, chunk.text.length)) docs.push(d);
    } catch (e) {
      yield { index: index++, error: isStackOverflow(e) ? `nesting is deeper than the limit of ${limits.maxDepth} levels` : `cannot be parsed: ${errorText(e)}` };
      continue;
    }
    for (const d of docs) {
      const at = index++;
      if (d.errors.length > 0) {
        const e = d.errors[0];
        const pos = lineOf(e.pos[0]);
        yield { index: at, error: `YAML syntax error at line ${pos.line}, column ${pos.col}: ${yamlMessage(e.message)}` };
        continue;
      }
      const dup = duplicateKey(d.contents);
      if (dup) {
        const pos = lineOf(dup.offset);
        yield { index: at, error: `YAML syntax error at line ${pos.line}, column ${pos.col}: Map keys must be unique ('${dup.key}' is repeated)` };
        continue;
      }
      let value: unknown;
      try {
        value = d.toJS({ maxAliasCount: limits.maxAliasCount });
      } catch (e) {
        yield {
          index: at,
          error: isStackOverflow(e)
            ? `nesting is deeper than the limit of ${limits.maxDepth} levels`
            : /excessive alias count/i.test(errorText(e))
              ? `uses more than ${limits.maxAliasCount} YAML aliases (an alias bomb?): ${errorText(e)}`
              : `cannot be read: ${errorText(e)}`,
        };
        continue;
      }
      yield { index: at, line: d.range ? lineOf(d.range[0]).line : undefined, value };
    }
  }
}

/**
 * The first key repeated in a map of the document (go-yaml v2, hence kubectl, refuses them), in linear time.
 * Keys are compared by their scalar value; `<<` merge keys are left to the merge.
 */
function duplicateKey(root: unknown): { key: string; offset: number } | undefined {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (YAML.isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        const k = pair.key;
        if (YAML.isScalar(k)) {
          const key = String(k.value);
          if (key !== '<<' && seen.has(key)) return { key, offset: k.range?.[0] ?? 0 };
          seen.add(key);
        } else if (k) {
          stack.push(k);
        }
        stack.push(pair.value);
      }
    } else if (YAML.isSeq(node)) {
      for (const item of node.items) stack.push(item); // not push(...items): a list of a million items overflows the call
    }
  }
  return undefined;
}


function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && /call stack/i.test(e.message);
}

/** yaml's message without its own position and source excerpt (we print the file's line instead). */
function yamlMessage(s: string): string {
  return s.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '').replace(/:$/, '');
}
