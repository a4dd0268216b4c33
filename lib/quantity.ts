import { QuantityValue } from './pod-model';

/**
 * Kubernetes resource quantities, parsed exactly.
 *
 * Port of k8s.io/apimachinery/pkg/api/resource/quantity.go (`ParseQuantity`, `parseQuantityString`,
 * `Quantity.MilliValue`, `Quantity.Value`, `Quantity.RoundUp`) and suffix.go. A quantity is kept as an exact
 * rational `num / den` (bigints), so `0.1`, `100m`, `1e-3k` and `1Ki` compare and add without floating-point error.
 * Rounding follows Kubernetes: values are rounded up (away from zero) when scaled, e.g. `MilliValue("0.5m") = 1`.
 */
export interface Quantity {
  /** Numerator of the exact value. */
  readonly num: bigint;
  /** Denominator of the exact value (a positive power of ten). */
  readonly den: bigint;
  /** The text it was parsed from, for messages. */
  readonly text: string;
}

const DECIMAL_SUFFIX: { [suffix: string]: number } = {
  'n': -9, 'u': -6, 'm': -3, '': 0, 'k': 3, 'M': 6, 'G': 9, 'T': 12, 'P': 15, 'E': 18,
};
const BINARY_SUFFIX: { [suffix: string]: number } = {
  Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60,
};

/** suffix.go `quantitySuffixer.interpret` plus the signed-number grammar of `parseQuantityString`. */
const QUANTITY = /^([+-]?)(\d*)(?:\.(\d*))?(.*)$/;

/** Kubernetes keeps at most nano precision: `ParseQuantity` rounds anything finer up to 1n. */
const NANO_DEN = 1_000_000_000n;

/**
 * Parses a Kubernetes quantity (`500m`, `1.5Gi`, `1e3`, `2`), as `resource.ParseQuantity` does.
 * @param q the quantity, a string or a JSON number
 * @param what what the quantity is, for the error message (e.g. `containers[0].resources.requests.cpu`)
 * @throws an error naming the quantity when it is malformed
 */
export function parseQuantity(q: QuantityValue, what?: string): Quantity {
  const text = typeof q === 'number' ? numberText(q) : String(q);
  const m = QUANTITY.exec(text);
  const fail = (): never => {
    throw new Error(`quantity ${JSON.stringify(q)}${what ? ` (${what})` : ''} is not a Kubernetes quantity: `
      + "use a number with an optional suffix, e.g. '500m', '0.5', '128Mi', '1G', '1e3'.");
  };
  if (!m || text.length === 0 || text.length > 256) return fail();
  const [, sign, intDigits, fracDigits = '', suffix] = m;
  if (intDigits.length === 0 && fracDigits.length === 0) return fail();
  let exp10 = 0;
  let exp2 = 0;
  if (suffix in DECIMAL_SUFFIX) {
    exp10 = DECIMAL_SUFFIX[suffix];
  } else if (suffix in BINARY_SUFFIX) {
    exp2 = BINARY_SUFFIX[suffix];
  } else if (/^[eE][+-]?\d{1,4}$/.test(suffix)) {
    exp10 = Number(suffix.slice(1));
  } else {
    return fail();
  }
  let num = BigInt((intDigits || '0') + fracDigits) * (2n ** BigInt(exp2));
  if (sign === '-') num = -num;
  const scale = exp10 - fracDigits.length;
  let den = 1n;
  if (scale >= 0) num *= 10n ** BigInt(scale);
  else den = 10n ** BigInt(-scale);
  // ParseQuantity rounds up to nano precision (quantity.go: "if the value is smaller than 1n it is rounded up").
  if (den > NANO_DEN) {
    num = divRoundUp(num * NANO_DEN, den);
    den = NANO_DEN;
  }
  return { num, den, text };
}

/** Integer division rounding away from zero, as `inf.RoundUp` and `int64Amount.AsScale` do. */
export function divRoundUp(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b === 0n ? q : (a > 0n) === (b > 0n) ? q + 1n : q - 1n;
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
 * The API server's defaulting `SetDefaults_ResourceList` rounds every quantity up to milli precision
 * (pkg/apis/core/v1/defaults.go; `TestSetMinimumScalePod`): `0.5m` becomes `1m`, `1n` becomes `1m`.
 */
export function roundUpToMilli(q: Quantity): Quantity {
  if (1000n % q.den === 0n) return q;
  return { num: milliValue(q), den: 1000n, text: q.text };
}

/** Compares two quantities: negative, zero or positive. */
export function compareQuantities(a: Quantity, b: Quantity): number {
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l < r ? -1 : l > r ? 1 : 0;
}

/**
 * The number the scheduler works with for a resource: CPU in millicores (`MilliValue`), everything else in
 * units (`Value`: bytes for memory and storage, counts for extended resources).
 */
export function schedulerAmount(resource: string, q: Quantity): bigint {
  return resource === 'cpu' ? milliValue(q) : unitValue(q);
}

const BINARY_UNITS: Array<[string, bigint]> = [['Ei', 2n ** 60n], ['Pi', 2n ** 50n], ['Ti', 2n ** 40n], ['Gi', 2n ** 30n], ['Mi', 2n ** 20n], ['Ki', 1024n]];

/**
 * Formats an amount for people: CPU millicores as `250m` (or `2` for whole cores), bytes in the largest binary
 * unit that keeps the number whole (`212Mi`), falling back to one decimal place (`1.5Gi`) and then to bytes.
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

/** JSON numbers such as 0.5 or 1e21 written the way Kubernetes would read them. */
function numberText(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return String(n).replace('e+', 'e');
}
