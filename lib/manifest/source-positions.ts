import * as YAML from 'yaml';

/**
 * Where the fields of one document are in its file, by JSON pointer. The reader's parser (js-yaml) keeps no
 * positions; the few documents a finding names are parsed again here with `yaml`, whose nodes keep their ranges, when
 * the first finding asks, and the tree is kept for the next. Internal module of the manifest reader.
 */

/** A place in a file: line and column, both from 1. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

export class DocumentPositions {
  private doc?: YAML.Document.Parsed;
  private readonly lines = new YAML.LineCounter();

  /**
   * @param text the document's text, as cut from the file
   * @param firstLine the line of the file the text starts on
   * @param version `1.1` for YAML manifests (keys such as `y` read as Kubernetes reads them), `1.2` for JSON
   */
  constructor(private readonly text: string, private readonly firstLine: number, private readonly version: '1.1' | '1.2') {}

  /**
   * The position of the deepest node on the way to `pointer` (`/spec/containers/0/image`): a field's key, a list item's
   * start, or the document's content for `` and `/`. Undefined when the text cannot be parsed again.
   */
  public positionOf(pointer: string): SourcePosition | undefined {
    const doc = this.parsed();
    if (!doc || !doc.contents) return undefined;
    let node: unknown = doc.contents;
    let at = rangeStart(node);
    for (const segment of pointerSegments(pointer)) {
      if (YAML.isAlias(node)) node = node.resolve(doc);
      if (YAML.isMap(node)) {
        const pair = node.items.find(p => YAML.isScalar(p.key) && String(p.key.value) === segment);
        if (!pair) break;
        at = rangeStart(pair.key) ?? at;
        node = pair.value;
      } else if (YAML.isSeq(node) && /^\d+$/.test(segment) && Number(segment) < node.items.length) {
        node = node.items[Number(segment)];
        at = rangeStart(node) ?? at;
      } else {
        break;
      }
    }
    if (at === undefined) return undefined;
    const pos = this.lines.linePos(at);
    return { line: pos.line + this.firstLine - 1, column: pos.col };
  }

  private parsed(): YAML.Document.Parsed | undefined {
    if (!this.doc) {
      try {
        this.doc = YAML.parseDocument(this.text, { version: this.version, uniqueKeys: false, lineCounter: this.lines });
      } catch {
        return undefined;
      }
    }
    return this.doc;
  }
}

function rangeStart(node: unknown): number | undefined {
  return YAML.isNode(node) ? node.range?.[0] : undefined;
}

/** The unescaped segments of a JSON pointer; `` and `/` are the document itself. */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return [];
  return pointer.replace(/^\//, '').split('/').map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}
