import * as jsyaml from 'js-yaml';

/**
 * The js-yaml schema of plain scalars as Kubernetes reads them: sigs.k8s.io/yaml decodes with its fork of go-yaml v2
 * (`sigs.k8s.io/yaml/goyaml.v2`, resolve.go), which follows YAML 1.1 for the values manifests hold. Internal module of
 * the manifest reader.
 *
 * - booleans: `y Y yes Yes YES on On ON true True TRUE` and `n N no No NO off Off OFF false False FALSE`;
 * - null: `~ null Null NULL` and the empty value;
 * - integers as Go's `strconv.ParseInt(s, 0, 64)` reads them once `_` is removed: `0644` octal (420), `0o644`, `0x1F`,
 *   `0b101`, with a sign; `08` is no octal, and reads as the float 8, as go-yaml's float fallback makes it;
 * - floats: `1.5`, `1e3`, `.5`, `.inf`, `-.Inf`, `.nan` (which the reader then refuses: JSON cannot hold it);
 * - `<<` merge keys.
 *
 * Timestamps stay strings (go-yaml v2 leaves them so when decoding into interface{}), and so do sexagesimal numbers
 * (`1:30`), which go-yaml v2 does not read. Only plain scalars that start with a digit, a sign or a dot are numbers,
 * as go-yaml's resolve hint has it (`_1` is a string).
 */

const TRUE = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'true', 'True', 'TRUE']);
const FALSE = new Set(['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF', 'false', 'False', 'FALSE']);

const boolType = new jsyaml.Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (s: string) => s.length <= 5 && (TRUE.has(s) || FALSE.has(s)),
  construct: (s: string) => TRUE.has(s),
  predicate: (v: unknown) => typeof v === 'boolean',
});

const INT = /^[-+]?(?:0[bB][01]+|0[oO][0-7]+|0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const SPECIAL_FLOATS = new Map<string, number>([
  ['.inf', Infinity], ['.Inf', Infinity], ['.INF', Infinity],
  ['+.inf', Infinity], ['+.Inf', Infinity], ['+.INF', Infinity],
  ['-.inf', -Infinity], ['-.Inf', -Infinity], ['-.INF', -Infinity],
  ['.nan', NaN], ['.NaN', NaN], ['.NAN', NaN],
]);

/** The text without `_`, when go-yaml would try it as a number (it starts with a digit, a sign or a dot). */
function numberText(s: string): string | undefined {
  const c = s.charCodeAt(0);
  const candidate = (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46;
  return candidate ? s.replace(/_/g, '') : undefined;
}

function intValue(text: string): number {
  const negative = text[0] === '-';
  const digits = text[0] === '-' || text[0] === '+' ? text.slice(1) : text;
  const prefix = digits.slice(0, 2).toLowerCase();
  let magnitude: number;
  if (prefix === '0b') magnitude = parseInt(digits.slice(2), 2);
  else if (prefix === '0o') magnitude = parseInt(digits.slice(2), 8);
  else if (prefix === '0x') magnitude = parseInt(digits.slice(2), 16);
  else if (digits.length > 1 && digits[0] === '0') magnitude = parseInt(digits.slice(1), 8);
  else magnitude = Number(digits);
  return negative ? -magnitude : magnitude;
}

const intType = new jsyaml.Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (s: string) => {
    const t = numberText(s);
    return t !== undefined && INT.test(t);
  },
  construct: (s: string) => intValue(s.replace(/_/g, '')),
  predicate: (v: unknown) => typeof v === 'number' && Number.isInteger(v),
});

const floatType = new jsyaml.Type('tag:yaml.org,2002:float', {
  kind: 'scalar',
  resolve: (s: string) => {
    const t = numberText(s);
    return t !== undefined && (SPECIAL_FLOATS.has(s) || FLOAT.test(t));
  },
  construct: (s: string) => SPECIAL_FLOATS.get(s) ?? Number(s.replace(/_/g, '')),
  predicate: (v: unknown) => typeof v === 'number',
});

const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);

const nullType = new jsyaml.Type('tag:yaml.org,2002:null', {
  kind: 'scalar',
  resolve: (s: string | null) => s === null || (s.length <= 4 && NULLS.has(s)),
  construct: () => null,
  predicate: (v: unknown) => v === null,
});

/** `<<`: js-yaml's loader merges the maps of a key with this tag. */
const mergeType = new jsyaml.Type('tag:yaml.org,2002:merge', {
  kind: 'scalar',
  resolve: (s: string | null) => s === '<<' || s === null,
});

/** Failsafe (strings, lists, maps) plus the YAML 1.1 scalars above and merge keys; no other tag is known. */
export const KUBERNETES_YAML_SCHEMA = jsyaml.FAILSAFE_SCHEMA.extend({
  implicit: [nullType, boolType, intType, floatType, mergeType],
});
