import * as fs from 'fs';
import * as path from 'path';
import { writeFiles } from './cli-helpers';
import { DEFAULT_READ_LIMITS, jsonProblem, manifestFilesUnder, parseManifestText, readManifests, ReadResult } from '../lib/manifest/manifest-reader';
import { splitYamlDocuments } from '../lib/manifest/yaml-documents';

function parse(text: string, file = 'm.yaml'): Pick<ReadResult, 'objects' | 'errors'> {
  const r: Pick<ReadResult, 'objects' | 'errors'> = { objects: [], errors: [] };
  parseManifestText(file, text, DEFAULT_READ_LIMITS, r);
  return r;
}

const CM = (name: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

describe('manifest reader', () => {
  test('documents are numbered from 0, empty ones included; each knows the line its content starts on', () => {
    const r = parse(`# leading comment\n${CM('a')}---\n---\n${CM('b')}--- # trailing\n`);
    expect(r.errors).toEqual([]);
    expect(r.objects.map(o => [o.source, o.line, o.object.metadata?.name])).toEqual([
      ['m.yaml#0', 2, 'a'],
      ['m.yaml#2', 7, 'b'],
    ]);
  });

  test('a file starting with --- has its first document at index 0', () => {
    expect(parse(`---\n${CM('a')}`).objects.map(o => o.source)).toEqual(['m.yaml#0']);
    expect(parse(`%YAML 1.1\n---\n${CM('a')}`).objects.map(o => o.source)).toEqual(['m.yaml#0']);
  });

  test('splitYamlDocuments cuts at markers at the start of a line only', () => {
    const text = 'a: |\n  ---\n  x\n---\nb: "--- not a marker"\n---{}\n';
    expect(splitYamlDocuments(text).map(c => c.text)).toEqual(['a: |\n  ---\n  x\n', '---\nb: "--- not a marker"\n---{}\n']);
    expect(splitYamlDocuments('')).toEqual([{ text: '', offset: 0 }]);
  });

  test('values follow YAML 1.1 as Kubernetes reads it: octal modes, yes/no booleans, timestamps as strings', () => {
    const r = parse(`${CM('a')}data:\n  ts: 2020-01-01\nspec:\n  mode: 0644\n  flag: yes\n  merged:\n    <<: {x: 1}\n    z: 2\n  y: 3\n`);
    expect(r.errors).toEqual([]);
    // `y` is a boolean in YAML 1.1 (go-yaml v2 resolves it to true), even as a key.
    expect(r.objects[0].object.spec).toEqual({ mode: 420, flag: true, merged: { x: 1, z: 2 }, true: 3 });
    expect(r.objects[0].object.data).toEqual({ ts: '2020-01-01' });
  });

  test('aliases are read as copies: what one object holds is never the same value as what another holds', () => {
    const r = parse(`${CM('a')}data: {}\nspec:\n  env: &env [{name: A, value: "1"}]\n  again: *env\n`);
    expect(r.errors).toEqual([]);
    const spec = r.objects[0].object.spec as { env: unknown[]; again: unknown[] };
    expect(spec.again).toEqual([{ name: 'A', value: '1' }]);
    expect(spec.again).not.toBe(spec.env);
  });

  test('fails on an alias bomb with few aliases that would expand to millions of values, before expanding it', () => {
    // 9 levels of 9 aliases: 81 aliases (under the cap of 100), 9^9 lists once written out
    let bomb = `${CM('lol')}data:\n  a0: &a0 ["lol"]\n`;
    for (let i = 1; i <= 9; i++) bomb += `  a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]\n`;
    expect(parse(bomb).errors.map(e => e.message)).toEqual(['uses YAML aliases that expand to over 100,000 more maps and lists (an alias bomb?)']);
  });

  test('fails on more than 100 aliases in one document', () => {
    const text = `${CM('many')}x: &x {a: 1}\nitems:\n${'- *x\n'.repeat(101)}`;
    expect(parse(text).errors.map(e => e.message)).toEqual(['uses more than 100 YAML aliases (an alias bomb?)']);
    expect(parse(`${CM('many')}x: &x {a: 1}\nitems:\n${'- *x\n'.repeat(100)}`).errors).toEqual([]);
  });

  test('fails on a YAML tag JSON cannot hold, naming the tag and its place', () => {
    expect(parse(`${CM('a')}binaryData: {b: !!binary aGVsbG8=}\n`).errors.map(e => e.message)).toEqual([
      'YAML tag !!binary at line 5, column 17 is not one Kubernetes manifests can hold (only strings, numbers, booleans, null, lists and maps)',
    ]);
  });

  test('positions: where each document\'s content starts, and where a field is, by JSON pointer', () => {
    const r = parse(`# c\n${CM('a')}---\n\n  # indented comment\n${CM('b')}data:\n  k: v\n  "q/x": w\n`);
    const [a, b] = r.objects;
    expect(a.position).toEqual({ line: 2, column: 1 });
    expect(b.position).toEqual({ line: 9, column: 1 });
    expect(b.positionOf!('/metadata/name')).toEqual({ line: 12, column: 3 });
    expect(b.positionOf!('/data/q~1x')).toEqual({ line: 15, column: 3 });
    // a pointer that goes further than the document: the deepest field found
    expect(b.positionOf!('/data/k/deeper/0')).toEqual({ line: 14, column: 3 });
    expect(b.positionOf!('/nothing')).toEqual({ line: 9, column: 1 });
  });

  test('positions of the items of a List, and of the fields of a JSON file', () => {
    const list = parse('apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n'
      + '-   apiVersion: v1\n    kind: Secret\n    metadata: {name: b}\n');
    expect(list.objects.map(o => o.positionOf!(''))).toEqual([{ line: 4, column: 3 }, { line: 5, column: 5 }]);
    expect(list.objects[1].positionOf!('/metadata/name')).toEqual({ line: 7, column: 16 });
    const json = parse('{\n  "apiVersion": "v1",\n  "kind": "ConfigMap",\n  "metadata": {"name": "j"}\n}\n', 'x.json');
    expect(json.objects[0].position).toEqual({ line: 1, column: 1 });
    expect(json.objects[0].positionOf!('/metadata/name')).toEqual({ line: 4, column: 16 });
  });

  test('fails on duplicate keys, as kubectl does', () => {
    const r = parse(`${CM('a')}metadata: {}\n`);
    expect(r.objects).toEqual([]);
    expect(r.errors[0].message).toMatch(/^YAML syntax error at line 5, column 1: Map keys must be unique/);
  });

  test('a syntax error names the line in the file, not in the document', () => {
    const r = parse(`${CM('a')}---\n${CM('b')}data: [x\n---\n${CM('c')}`);
    expect(r.objects.map(o => o.object.metadata?.name)).toEqual(['a', 'c']);
    expect(r.errors).toEqual([{ file: 'm.yaml', doc: 1, source: 'm.yaml#1', message: expect.stringMatching(/^YAML syntax error at line 11, column 1: /) }]);
  });

  test('kind: List and *List kinds are expanded into their items', () => {
    const r = parse('apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n- {apiVersion: v1, kind: Secret, metadata: {name: b}}\n'
      + '---\napiVersion: apps/v1\nkind: DeploymentList\nitems: []\n---\napiVersion: v1\nkind: List\n');
    expect(r.errors).toEqual([]);
    expect(r.objects.map(o => [o.source, o.item, o.object.kind])).toEqual([['m.yaml#0/items/0', 0, 'ConfigMap'], ['m.yaml#0/items/1', 1, 'Secret']]);
  });

  test('fails on a List whose items are not objects', () => {
    const r = parse('apiVersion: v1\nkind: List\nitems:\n- 3\n---\napiVersion: v1\nkind: List\nitems: {a: 1}\n');
    expect(r.errors.map(e => `${e.source}: ${e.message}`)).toEqual([
      'm.yaml#0/items/0: is a number (3), not a Kubernetes object (a map with apiVersion and kind)',
      "m.yaml#1: List 'items' must be a list, not a map",
    ]);
  });

  test('fails on an empty (null) List item alone, as kubectl does: the other items are still read', () => {
    // cli-runtime FlattenListVisitor: each item is mapped on its own; a null one (no kind) is an error, the rest are applied
    const r = parse('apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n-\n- null\n'
      + '- {apiVersion: v1, kind: Secret, metadata: {name: b}}\n');
    expect(r.objects.map(o => [o.source, o.object.kind])).toEqual([['m.yaml#0/items/0', 'ConfigMap'], ['m.yaml#0/items/3', 'Secret']]);
    expect(r.errors.map(e => `${e.source}: ${e.message}`)).toEqual([1, 2].map(i => `m.yaml#0/items/${i}: is empty (null), not a Kubernetes `
      + "object: kubectl applies the List's other items and fails on this one (Object 'Kind' is missing). Remove the empty entry from items"));
  });

  test('fails on documents that are not objects', () => {
    const r = parse('- a\n---\nhello\n---\n42\n');
    expect(r.errors.map(e => e.message)).toEqual([
      'is a list, not a Kubernetes object (a map with apiVersion and kind)',
      'is a string ("hello"), not a Kubernetes object (a map with apiVersion and kind)',
      'is a number (42), not a Kubernetes object (a map with apiVersion and kind)',
    ]);
  });

  test('JSON files are parsed as JSON', () => {
    const r = parse('{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "j"}, "data": {"n": "0644"}}', 'x.json');
    expect(r.objects.map(o => [o.source, o.object.data])).toEqual([['x.json#0', { n: '0644' }]]);
  });

  test('jsonProblem: depth, non-JSON values; the walk stops at the cap, so any depth is measured', () => {
    expect(jsonProblem({ a: [1, 'x', null, true, { b: {} }] }, 4)).toBeUndefined();
    expect(jsonProblem({ a: { b: { c: { d: {} } } } }, 4)).toBe('nesting is deeper than the limit of 4 levels (at /a/b/c/d)');
    let deep: unknown[] = [];
    const root = deep;
    for (let i = 0; i < 500_000; i++) {
      const next: unknown[] = [];
      deep.push(next);
      deep = next;
    }
    expect(jsonProblem(root, 100)).toMatch(/^nesting is deeper than the limit of 100 levels/);
    expect(jsonProblem({ 'a/b': { x: Infinity } }, 10)).toBe('value at /a~1b/x (Infinity) is not a JSON number');
    expect(jsonProblem({ d: new Date(0) }, 10)).toMatch(/^value at \/d is a Date/);
  });

  test('directories: sorted, recursive, manifest extensions only, no hidden entries nor node_modules, symlink loops visited once', () => {
    const dir = writeFiles({
      'b.yaml': CM('b'),
      'a/z.JSON': '{}',
      'a/y.yml': CM('y'),
      'c.txt': 'x',
      '.github/workflows/ci.yml': 'on: push',
      '.hidden.yaml': CM('h'),
      'node_modules/p/x.yaml': CM('n'),
    });
    fs.symlinkSync(dir, path.join(dir, 'a', 'loop'));
    fs.symlinkSync(path.join(dir, 'missing'), path.join(dir, 'dangling.yaml'));
    const errors: never[] = [];
    expect(manifestFilesUnder(dir, errors).map(f => path.relative(dir, f))).toEqual(['a/y.yml', 'a/z.JSON', 'b.yaml']);
    expect(readManifests([path.join(dir, '.hidden.yaml')]).objects).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  test('a file named on the command line is read whatever its extension; a UTF-8 BOM is dropped', () => {
    const dir = writeFiles({ 'manifest.txt': `\ufeff${CM('t')}` });
    const r = readManifests([path.join(dir, 'manifest.txt')]);
    expect(r.errors).toEqual([]);
    expect(r.objects.map(o => o.object.apiVersion)).toEqual(['v1']);
  });

  test('the size cap is checked before reading', () => {
    const dir = writeFiles({ 'a.yaml': CM('a') });
    const r = readManifests([dir], { ...DEFAULT_READ_LIMITS, maxFileBytes: 10 });
    expect(r.errors.map(e => e.message))
      .toEqual([`is ${Buffer.byteLength(CM('a'))} bytes, over the limit of 10 bytes per file: split it, or check that it is a manifest`]);
  });

  test('fails when a document is larger than the API server accepts (3 MiB), without parsing it', () => {
    const big = `${CM('big')}data:\n${'  k: v\n'.repeat(600_000)}`;
    const r = parse(big);
    expect(r.errors.map(e => e.message)).toEqual(['document is 4.0 MiB, over the 3 MiB the API server accepts in one request'
      + ' (split a kind: List into one document per object)']);
  });

  // How the time grows with the size of a map is the benchmark's to measure (`npm run bench -- --cli`), not a unit test's.
  test('a duplicate key is found in a map of 100,000 keys, at its line', () => {
    let text = `${CM('many')}data:\n`;
    for (let i = 0; i < 100_000; i++) text += `  k${i}: v\n`;
    const ok = parse(text);
    expect(ok.errors).toEqual([]);
    expect(Object.keys(ok.objects[0].object.data as object)).toHaveLength(100_000);
    const dup = parse(`${text}  k7: again\n`);
    expect(dup.errors.map(e => e.message)).toEqual([`YAML syntax error at line ${100_000 + 6}, column 3: Map keys must be unique ('k7' is repeated)`]);
  }, 60_000);

  test('reading stops with an error, instead of running out of memory, when the heap nears its limit', () => {
    const dir = writeFiles({ 'a.yaml': CM('a'), 'b.yaml': CM('b') });
    const r = readManifests([dir], { ...DEFAULT_READ_LIMITS, maxHeapFraction: 0.000001 });
    expect(r.objects).toEqual([]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0].source).toBe(path.join(dir, 'a.yaml'));
    expect(r.errors[0].message).toMatch(/^stopped reading after 0 objects: they use .* of the .* Node\.js allows; check fewer files at a time/);
  });

  test('a list of 200,000 items is read, not mistaken for deep nesting', () => {
    const r = parse(`${CM('long')}data:\n  x: "1"\nitems:\n${'- 1\n'.repeat(200_000)}`);
    expect(r.errors).toEqual([]);
    expect((r.objects[0].object as any).items).toHaveLength(200_000);
  }, 30_000);
});
