import { DocumentPositions } from '../lib/manifest/source-positions';

describe('DocumentPositions', () => {
  test('block and flow maps and lists, anchors and aliases, empty list items: the key of a field, the start of an item', () => {
    const text = '---\na: &x {b: 1, c: [p, q]}\nd: *x\nlist:\n-\n- {k: v}\n- - nested\nset: {e, f: 2}\n';
    const p = new DocumentPositions(text, 10, false);
    expect(p.positionOf('')).toEqual({ line: 11, column: 1 });
    expect(p.positionOf('/a/c/1')).toEqual({ line: 11, column: 21 });
    expect(p.positionOf('/d')).toEqual({ line: 12, column: 1 });
    expect(p.positionOf('/list/1/k')).toEqual({ line: 15, column: 4 });
    expect(p.positionOf('/list/2/0')).toEqual({ line: 16, column: 5 });
    expect(p.positionOf('/set/f')).toEqual({ line: 17, column: 10 });
    // the empty item has no node: the list's key is the deepest place found
    expect(p.positionOf('/list/0/k')).toEqual({ line: 13, column: 1 });
  });

  test('JSON text, and a text that cannot be parsed again (no position)', () => {
    expect(new DocumentPositions('{\n  "a": {"b": [1, 2]}\n}', 1, true).positionOf('/a/b/1')).toEqual({ line: 2, column: 18 });
    expect(new DocumentPositions('a: [', 1, false).positionOf('/a')).toBeUndefined();
  });
});
