import * as jsyaml from 'js-yaml';
import { KUBERNETES_YAML_SCHEMA } from './yaml-1-1-schema';

/**
 * Where the fields of one document are in its file, by JSON pointer. The reader's parse keeps no positions; a document
 * a finding names is parsed again, once, with js-yaml's listener, which reports where every node opens and closes, and
 * the tree of node positions is kept for the document's next findings. Internal module of the manifest reader.
 */

/** A place in a file: line and column, both from 1. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/** One node of the document as the listener saw it: where it starts, what it became, and the nodes inside it. */
interface PositionNode {
  readonly start: number;
  readonly line: number;
  readonly column: number;
  readonly children: PositionNode[];
  kind?: string;
  result?: unknown;
}

/** What js-yaml's listener is given (its `State`, of which only these fields are read). */
interface ListenerState {
  readonly position: number;
  readonly line: number;
  readonly lineStart: number;
  readonly kind: string | null;
  readonly result: unknown;
}

export class DocumentPositions {
  private root?: PositionNode | null;

  /**
   * @param text the document's text, as cut from the file
   * @param firstLine the line of the file the text starts on
   * @param json whether the text is a JSON file
   */
  constructor(private readonly text: string, private readonly firstLine: number, private readonly json: boolean) {}

  /**
   * The position of the deepest node on the way to `pointer` (`/spec/containers/0/image`): a field's key, a list item's
   * start, or the document's content for `` and `/`. Undefined when the text cannot be parsed again.
   */
  public positionOf(pointer: string): SourcePosition | undefined {
    let node = this.tree();
    if (!node) return undefined;
    node = unwrap(node);
    let at: PositionNode = node;
    for (const segment of pointerSegments(pointer)) {
      if (node.kind === 'mapping') {
        const pair = fieldIn(node, segment);
        if (!pair) break;
        at = pair.key;
        node = unwrap(pair.value);
      } else if (node.kind === 'sequence' && /^\d+$/.test(segment)) {
        const item = itemOf(node, Number(segment));
        if (!item) break;
        node = unwrap(item);
        at = node;
      } else {
        break;
      }
    }
    return { line: at.line + this.firstLine, column: at.column + 1 };
  }

  private tree(): PositionNode | undefined {
    if (this.root === undefined) {
      const stack: PositionNode[] = [{ start: 0, line: 0, column: 0, children: [] }];
      const listener = (event: string, state: ListenerState): void => {
        if (event === 'open') {
          stack.push({ start: state.position, line: state.line, column: state.position - state.lineStart, children: [] });
          return;
        }
        const node = stack.pop()!;
        node.kind = state.kind ?? undefined;
        node.result = state.result;
        stack[stack.length - 1].children.push(node);
      };
      try {
        const options = { schema: KUBERNETES_YAML_SCHEMA, json: this.json, listener } as jsyaml.LoadOptions;
        jsyaml.loadAll(this.text, () => undefined, options);
        this.root = stack[0].children[0] ?? null;
      } catch {
        this.root = null;
      }
    }
    return this.root ?? undefined;
  }
}

/**
 * The key and value nodes of a field. Keys and values alternate, unless a field has no value node (`{a, b: 1}`, `? a`)
 * or merge keys add fields: then the first key node with that name, and the node after it.
 */
function fieldIn(map: PositionNode, name: string): { key: PositionNode; value: PositionNode } | undefined {
  const c = map.children;
  const fields = typeof map.result === 'object' && map.result !== null ? Object.keys(map.result).length : -1;
  const step = c.length === 2 * fields ? 2 : 1;
  for (let i = 0; i + 1 < c.length; i += step) {
    if (c[i].kind === 'scalar' && String(c[i].result) === name) return { key: c[i], value: c[i + 1] };
  }
  return undefined;
}

/**
 * The node of a list's item. An empty item (`-` with nothing after it) has no node: the nodes are matched to the items
 * by their values, in order.
 */
function itemOf(list: PositionNode, index: number): PositionNode | undefined {
  const items = Array.isArray(list.result) ? list.result : [];
  if (list.children.length === items.length) return list.children[index];
  let next = 0;
  for (let i = 0; i <= index && i < items.length; i++) {
    const matches = next < list.children.length && list.children[next].result === items[i];
    if (i === index) return matches ? list.children[next] : undefined;
    if (matches) next++;
  }
  return undefined;
}

/**
 * The node itself, or the node it wraps: js-yaml opens a node for a document, a list item or a flow map and then the
 * node of its content, at the same place, with the same value.
 */
function unwrap(node: PositionNode): PositionNode {
  let n = node;
  while (n.children.length === 1 && n.children[0].result === n.result && n.kind !== 'sequence') n = n.children[0];
  return n;
}

/** The unescaped segments of a JSON pointer; `` and `/` are the document itself. */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return [];
  return pointer.replace(/^\//, '').split('/').map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}
