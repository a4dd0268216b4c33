import { QuantityValue } from './pod-model';

/**
 * Kubernetes resource quantities, parsed exactly as k8s.io/apimachinery/pkg/api/resource does.
 *
 * Ported from quantity.go (`parseQuantityString`, `ParseQuantity`, `Quantity.UnmarshalJSON`, `Quantity.RoundUp`,
 * `Quantity.ScaledValue` / `MilliValue` / `Value`, `Quantity.Cmp`), suffix.go (`suffixHandler.interpret`) and
 * amount.go (`negativeScaleInt64`: rounding away from zero). A parsed quantity never holds more than nano precision
 * (`ParseQuantity` rounds anything finer up, away from zero), so it is kept exactly as a whole number of nanos
 * (`num / den` with `den` = 10^9): `0.1`, `100m`, `1e-3k` and `1Ki` compare and add without floating-point error.
 */
export interface Quantity {
  /** Numerator of the exact value (nanos when produced by this module). */
  readonly num: bigint;
  /** Denominator of the exact value (10^9 when produced by this module). */
  readonly den: bigint;
  /** The text it was parsed from, for messages. */
  readonly text: string;
}

/** Nanos per unit: `Nano` scale (-9), the finest precision `ParseQuantity` keeps. */
export const NANO = 1_000_000_000n;
const MILLI_IN_NANOS = 1_000_000n;
/** quantity.go `maxAllowed`: BinarySI values are capped at 2^63-1 when parsed. */
const MAX_ALLOWED = 2n ** 63n - 1n;
/** quantity.go `maxInt64Factors`: decimal digits that always fit an int64. */
const MAX_INT64_FACTORS = 18;
/**
 * Deliberate limit (not in Kubernetes): Go keeps e.g. `1e1000000000` as a scale without expanding it, but no int64
 * accessor can read such a value; this port refuses decimal scales above 10^1000 instead of allocating huge numbers.
 */
const MAX_SCALE = 1000;

type Format = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

/** suffix.go `fastLookup.interpret` / `suffixHandler.interpret`: base, exponent and format of a suffix. */
function interpretSuffix(s: string): { base: 2 | 10; exponent: number; format: Format } | undefined {
  switch (s) {
    case '': return { base: 10, exponent: 0, format: 'DecimalSI' };
    case 'n': return { base: 10, exponent: -9, format: 'DecimalSI' };
    case 'u': return { base: 10, exponent: -6, format: 'DecimalSI' };
    case 'm': return { base: 10, exponent: -3, format: 'DecimalSI' };
    case 'k': return { base: 10, exponent: 3, format: 'DecimalSI' };
    case 'M': return { base: 10, exponent: 6, format: 'DecimalSI' };
    case 'G': return { base: 10, exponent: 9, format: 'DecimalSI' };
    case 'T': return { base: 10, exponent: 12, format: 'DecimalSI' };
    case 'P': return { base: 10, exponent: 15, format: 'DecimalSI' };
    case 'E': return { base: 10, exponent: 18, format: 'DecimalSI' };
    case 'Ki': return { base: 2, exponent: 10, format: 'BinarySI' };
    case 'Mi': return { base: 2, exponent: 20, format: 'BinarySI' };
    case 'Gi': return { base: 2, exponent: 30, format: 'BinarySI' };
    case 'Ti': return { base: 2, exponent: 40, format: 'BinarySI' };
    case 'Pi': return { base: 2, exponent: 50, format: 'BinarySI' };
    case 'Ei': return { base: 2, exponent: 60, format: 'BinarySI' };
  }
  if (s.length > 1 && (s[0] === 'e' || s[0] === 'E')) {
    // strconv.ParseInt(s[1:], 10, 64), then int32(parsed): Go wraps an exponent beyond int32 silently.
    if (!/^[+-]?\d+$/.test(s.slice(1))) return undefined;
    const parsed = BigInt(s.slice(1));
    if (parsed > 2n ** 63n - 1n || parsed < -(2n ** 63n)) return undefined;
    return { base: 10, exponent: Number(BigInt.asIntN(32, parsed)), format: 'DecimalExponent' };
  }
  return undefined;
}

/** The pieces `parseQuantityString` splits a quantity into (quantity.go). */
export interface QuantityParts {
  readonly positive: boolean;
  readonly value: string;
  readonly num: string;
  readonly denom: string;
  readonly suffix: string;
}

const SUFFIX_CHARS = 'eEinumkKMGTP';
const isDigit = (c: string): boolean => c >= '0' && c <= '9';

/**
 * quantity.go `parseQuantityString`: the fast scanner that splits sign, numerator digits (leading zeros stripped),
 * fraction digits and suffix. Returns undefined where Go returns `ErrFormatWrong`.
 */
export function parseQuantityString(str: string): QuantityParts | undefined {
  let positive = true;
  let pos = 0;
  const end = str.length;
  if (pos < end) {
    if (str[0] === '-') {
      positive = false;
      pos++;
    } else if (str[0] === '+') {
      pos++;
    }
  }
  // strip leading zeros
  for (let i = pos; ; i++) {
    if (i >= end) return { positive, value: '0', num: '0', denom: '', suffix: '' };
    if (str[i] !== '0') break;
    pos++;
  }
  // extract the numerator
  let num = '';
  for (let i = pos; ; i++) {
    if (i >= end) return { positive, value: str.slice(0, end), num: str.slice(pos, end), denom: '', suffix: '' };
    if (!isDigit(str[i])) {
      num = str.slice(pos, i);
      pos = i;
      break;
    }
  }
  if (num.length === 0) num = '0';
  // handle a denominator
  let denom = '';
  if (pos < end && str[pos] === '.') {
    pos++;
    for (let i = pos; ; i++) {
      if (i >= end) return { positive, value: str.slice(0, end), num, denom: str.slice(pos, end), suffix: '' };
      if (!isDigit(str[i])) {
        denom = str.slice(pos, i);
        pos = i;
        break;
      }
    }
  }
  const value = str.slice(0, pos);
  // grab the elements of the suffix
  const suffixStart = pos;
  for (let i = pos; ; i++) {
    if (i >= end) return { positive, value, num, denom, suffix: str.slice(suffixStart, end) };
    if (!SUFFIX_CHARS.includes(str[i])) {
      pos = i;
      break;
    }
  }
  if (pos < end && (str[pos] === '-' || str[pos] === '+')) pos++;
  for (let i = pos; ; i++) {
    if (i >= end) return { positive, value, num, denom, suffix: str.slice(suffixStart, end) };
    if (!isDigit(str[i])) return undefined; // a non-digit after the exponent sign: ErrFormatWrong
  }
}

/** Why a string is not a quantity, in `ParseQuantity`'s terms. */
type ParseFailure = 'format' | 'suffix' | 'numeric' | 'too large';

/** The exact nano value of `ParseQuantity(str)`, or why it fails. */
function parseNanos(str: string): bigint | ParseFailure {
  if (str.length === 0) return 'format';
  if (str === '0') return 0n;
  const parts = parseQuantityString(str);
  if (!parts) return 'format';
  const { positive, value, num, denom, suffix } = parts;
  const suf = interpretSuffix(suffix);
  if (!suf) return 'suffix';
  const { base, exponent, format } = suf;

  let precision: number;
  let scale = 0;
  let mantissa = 1n;
  if (format === 'BinarySI') {
    if (exponent >= 0 && denom.length === 0) {
      mantissa = 2n ** BigInt(exponent);
      // 1Mi (2^20) has ~6 digits of decimal precision, so exponent*3/10 -1 is roughly the precision
      precision = 15 - num.length - Math.trunc((exponent * 3) / 10) - 1;
    } else {
      precision = -1;
    }
  } else {
    scale = exponent;
    precision = MAX_INT64_FACTORS - (num.length + denom.length);
  }

  if (precision >= 0) {
    // the int64 fast path: exact, no rounding and no cap; falls through when the product overflows an int64
    scale -= denom.length;
    if (scale >= -9) {
      const shifted = BigInt(num + denom);
      const result = shifted * mantissa;
      if (result <= MAX_ALLOWED) {
        if (scale > MAX_SCALE) return 'too large';
        const nanos = result * 10n ** BigInt(scale + 9);
        return positive ? nanos : -nanos;
      }
    }
  }

  // the inf.Dec slow path: `amount.SetString(value)` needs at least one digit (sign and '.' are allowed)
  const digits = /^[+-]?(\d*)(?:\.(\d*))?$/.exec(value);
  if (!digits || (digits[1] + (digits[2] ?? '')).length === 0) return 'numeric';
  const intPart = digits[1];
  const fracPart = digits[2] ?? '';
  // amount = D / 10^fracPart.length, then times 10^exponent (base 10) or 2^exponent (base 2)
  let d = BigInt((intPart || '0') + fracPart);
  let decScale = -fracPart.length;
  if (base === 10) decScale += exponent;
  else d *= 2n ** BigInt(exponent);
  if (decScale > MAX_SCALE) return 'too large';
  // "rounds non-zero values up to the minimum representable value": inf.RoundUp to Nano on the absolute value
  let nanos: bigint;
  const shift = decScale + 9;
  if (shift >= 0) {
    nanos = d * 10n ** BigInt(shift);
  } else if (d === 0n) {
    nanos = 0n;
  } else if (-shift > d.toString().length + 1) {
    nanos = 1n;
  } else {
    nanos = divRoundUp(d, 10n ** BigInt(-shift));
  }
  // "The max is just a simple cap", for BinarySI only
  if (format === 'BinarySI' && nanos > MAX_ALLOWED * NANO) nanos = MAX_ALLOWED * NANO;
  return positive ? nanos : -nanos;
}

const FAILURE_TEXT: Record<ParseFailure, string> = {
  'format': 'it does not match <sign><digits>[.<digits>]<suffix>',
  'suffix': 'its suffix is not one of n, u, m, k, M, G, T, P, E, Ki, Mi, Gi, Ti, Pi, Ei or an exponent e<n>',
  'numeric': 'its number part has no digits',
  'too large': 'it is far too large for a resource amount',
};

/** A quantity that `resource.ParseQuantity` would refuse. The checks report it once, as PP-INVALID-QUANTITY. */
export class QuantityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QuantityError';
  }
}

function failure(q: unknown, why: ParseFailure, what?: string): Error {
  const shown = typeof q === 'number' ? String(q) : JSON.stringify(q);
  return new QuantityError(`quantity ${shown}${what ? ` (${what})` : ''} is not a Kubernetes quantity: ${FAILURE_TEXT[why]}; `
    + "use a number with an optional suffix, e.g. '500m', '0.5', '128Mi', '1G', '1e3'.");
}

/**
 * `resource.ParseQuantity(str)` exactly: no surrounding whitespace, nano precision (finer values rounded up, away
 * from zero), BinarySI values capped at 2^63-1.
 * @throws an error naming the quantity when Go returns an error
 */
export function parseQuantityStrict(str: string, what?: string): Quantity {
  const nanos = parseNanos(str);
  if (typeof nanos === 'string') throw failure(str, nanos, what);
  return { num: nanos, den: NANO, text: str };
}

/** Parsed quantity strings: a spec repeats the same few quantities, and 10,000 specs repeat them a lot. */
const CACHE = new Map<string, bigint | ParseFailure>();
const CACHE_LIMIT = 10_000;

/**
 * Parses a quantity as the API server reads it from JSON (`Quantity.UnmarshalJSON`): a JSON number is read from its
 * text (`0.5`, `1e+21`), a string has surrounding whitespace trimmed, then `ParseQuantity` applies; JSON `null` is zero.
 * @param q the quantity, a string or a JSON number
 * @param what what the quantity is, for the error message (e.g. `containers[0].resources.requests.cpu`)
 * @throws an error naming the quantity when it is malformed
 */
export function parseQuantity(q: QuantityValue, what?: string): Quantity {
  const text = typeof q === 'number' ? String(q) : typeof q === 'string' ? q.trim() : String(q);
  return { num: quantityNanos(q, () => what), den: NANO, text };
}

/**
 * `parseQuantity` straight to nanos, for hot paths: the parse is cached by text and the `what` of the error message is
 * only built when the quantity is malformed.
 */
export function quantityNanos(q: QuantityValue, what: () => string | undefined): bigint {
  if (q === null) return 0n; // UnmarshalJSON: a JSON null is the zero quantity
  if (typeof q === 'number' && !Number.isFinite(q)) throw failure(q, 'format', what());
  const text = typeof q === 'number' ? String(q) : typeof q === 'string' ? q.trim() : String(q);
  let nanos = CACHE.get(text);
  if (nanos === undefined) {
    nanos = parseNanos(text);
    if (CACHE.size >= CACHE_LIMIT) CACHE.clear();
    CACHE.set(text, nanos);
  }
  if (typeof nanos === 'string') throw failure(q, nanos, what());
  return nanos;
}

/**
 * The nanos of a quantity string `quantityNanos` has already read and found well-formed, else undefined: its
 * allocation-free fast path for the rules, which read the same few strings in every pod. Call `quantityNanos` when this
 * gives undefined (a first sight, a number, or a malformed quantity, whose error it throws).
 */
export function cachedNanos(q: QuantityValue): bigint | undefined {
  if (typeof q !== 'string') return undefined;
  const v = CACHE.get(q);
  return typeof v === 'bigint' ? v : undefined;
}

/** Integer division rounding away from zero, as `inf.RoundUp` and `negativeScaleInt64` do. */
export function divRoundUp(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b === 0n ? q : (a > 0n) === (b > 0n) ? q + 1n : q - 1n;
}

/** The exact value of a quantity in nanos (every parsed quantity is a whole number of nanos). */
export function nanoValue(q: Quantity): bigint {
  return q.den === NANO ? q.num : divRoundUp(q.num * NANO, q.den);
}

/** `Quantity.ScaledValue(scale)`: the value in units of 10^scale, rounded up (away from zero). */
export function scaledValue(q: Quantity, scale: number): bigint {
  return scale >= 0 ? divRoundUp(q.num, q.den * 10n ** BigInt(scale)) : divRoundUp(q.num * 10n ** BigInt(-scale), q.den);
}

/** `Quantity.MilliValue()`: the value in thousandths, rounded up. */
export function milliValue(q: Quantity): bigint {
  return divRoundUp(q.num * 1000n, q.den);
}

/** `Quantity.Value()`: the value in units, rounded up. */
export function unitValue(q: Quantity): bigint {
  return divRoundUp(q.num, q.den);
}

/**
 * `Quantity.RoundUp(scale)`: rounds away from zero to a multiple of 10^scale; `exact` is false when that lost precision
 * (quantity.go; `TestQuantityRoundUp`).
 */
export function roundUp(q: Quantity, scale: number): { quantity: Quantity; exact: boolean } {
  const v = scaledValue(q, scale);
  const num = scale >= 0 ? v * 10n ** BigInt(scale) * q.den : v * q.den;
  const den = scale >= 0 ? q.den : q.den * 10n ** BigInt(-scale);
  const exact = num * q.den === q.num * den;
  const nanos = divRoundUp(num * NANO, den);
  return { quantity: { num: nanos, den: NANO, text: q.text }, exact };
}

/**
 * The API server's defaulting `SetDefaults_ResourceList` rounds every quantity up to milli precision
 * (pkg/apis/core/v1/defaults.go, `val.RoundUp(milliScale)`): `0.5m` becomes `1m`, `1n` becomes `1m`.
 */
export function roundUpToMilli(q: Quantity): Quantity {
  return roundUp(q, -3).quantity;
}

/** Nanos rounded up (away from zero) to milli precision, as `SetDefaults_ResourceList` does. */
export function roundNanosUpToMilli(nanos: bigint): bigint {
  return nanos % MILLI_IN_NANOS === 0n ? nanos : divRoundUp(nanos, MILLI_IN_NANOS) * MILLI_IN_NANOS;
}

/** `Quantity.Cmp`: negative, zero or positive. */
export function compareQuantities(a: Quantity, b: Quantity): number {
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l < r ? -1 : l > r ? 1 : 0;
}

/**
 * The number the scheduler works with for a resource, from an exact nano value: CPU in millicores
 * (`Quantity.MilliValue`), everything else in units (`Quantity.Value`: bytes, counts), rounded up.
 */
export function schedulerAmountOfNanos(resource: string, nanos: bigint): bigint {
  return resource === 'cpu' ? divRoundUp(nanos, MILLI_IN_NANOS) : divRoundUp(nanos, NANO);
}

const BINARY_UNITS: Array<[string, bigint]> = [['Ei', 2n ** 60n], ['Pi', 2n ** 50n], ['Ti', 2n ** 40n], ['Gi', 2n ** 30n], ['Mi', 2n ** 20n], ['Ki', 1024n]];

/**
 * Formats an amount for people: CPU millicores as `250m` (or `2` for whole cores), bytes in the largest binary
 * unit that keeps the number whole (`212Mi`, and 1.5Gi is `1536Mi`), else in the largest unit that needs one
 * decimal place (1536 bytes is `1.5Ki`), else in bytes.
 */
export function formatAmount(resource: string, amount: bigint | number): string {
  const a = BigInt(amount);
  if (resource === 'cpu') return a % 1000n === 0n ? `${a / 1000n}` : `${a}m`;
  if (resource !== 'memory' && !resource.startsWith('hugepages-') && resource !== 'ephemeral-storage') return `${a}`;
  const abs = a < 0n ? -a : a;
  for (const [unit, size] of BINARY_UNITS) {
    if (abs >= size && abs % size === 0n) return `${a / size}${unit}`;
  }
  for (const [unit, size] of BINARY_UNITS) {
    if (abs >= size && (abs * 10n) % size === 0n) return `${Number(a * 10n / size) / 10}${unit}`;
  }
  return `${a}`;
}
