import * as jsyaml from 'js-yaml';
import { KUBERNETES_YAML_SCHEMA } from '../lib/manifest/yaml-1-1-schema';

const load = (text: string): unknown => jsyaml.load(text, { schema: KUBERNETES_YAML_SCHEMA });

describe('KUBERNETES_YAML_SCHEMA (plain scalars as sigs.k8s.io/yaml over go-yaml v2 resolves them)', () => {
  test('booleans: the YAML 1.1 words, in their three spellings', () => {
    expect(load('[y, Y, yes, Yes, YES, on, On, ON, true, True, TRUE]')).toEqual(Array(11).fill(true));
    expect(load('[n, N, no, No, NO, off, Off, OFF, false, False, FALSE]')).toEqual(Array(11).fill(false));
    expect(load('[yEs, oN, "yes", \'on\', ye]')).toEqual(['yEs', 'oN', 'yes', 'on', 'ye']);
  });

  test('integers as strconv.ParseInt(s, 0, 64) reads them once _ is removed', () => {
    expect(load('[0644, 0o644, 0x1F, 0b101, -0644, +12, 1_000, 0, 00, -0x10]')).toEqual([420, 420, 31, 5, -420, 12, 1000, 0, 0, -16]);
  });

  test('floats, and what is no octal falls back to a float as in go-yaml (08 is 8)', () => {
    expect(load('[1.5, 1e3, .5, -2.5E-1, 08, 09.5]')).toEqual([1.5, 1000, 0.5, -0.25, 8, 9.5]);
    expect(load('[.inf, -.Inf, +.INF]')).toEqual([Infinity, -Infinity, Infinity]);
    expect(Number.isNaN(load('.nan'))).toBe(true);
  });

  test('null: ~, null, Null, NULL and the empty value', () => {
    expect(load('{a: ~, b: null, c: Null, d: NULL, e: }')).toEqual({ a: null, b: null, c: null, d: null, e: null });
  });

  test('stays a string: timestamps, sexagesimal numbers, _-led digits, hex-looking words, quoted numbers', () => {
    expect(load('[constructor, toString, __proto__]')).toEqual(['constructor', 'toString', '__proto__']);
    expect(load('[2020-01-01, 2001-12-14t21:59:43.10-05:00, 1:30, 190:20:30, _1, 0x, 0b2, 1.2.3, "0644", nULL]'))
      .toEqual(['2020-01-01', '2001-12-14t21:59:43.10-05:00', '1:30', '190:20:30', '_1', '0x', '0b2', '1.2.3', '0644', 'nULL']);
  });

  test('merge keys: << merges a map, and the map\'s own keys win', () => {
    expect(load('base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  x: 3\n')).toEqual({ base: { x: 1, true: 2 }, m: { x: 3, true: 2 } });
  });

  test('fails on tags Kubernetes manifests cannot hold (!!binary, !!set, !!timestamp)', () => {
    for (const tag of ['binary aGVsbG8=', 'set {a}', 'timestamp 2020-01-01']) {
      expect(() => load(`a: !!${tag}`)).toThrow(/unknown tag !<tag:yaml\.org,2002:/);
    }
  });
});
