import { compareQuantities, formatAmount, milliValue, NANO, nanoValue, parseQuantity, parseQuantityStrict, parseQuantityString, Quantity, roundUp, roundUpToMilli, scaledValue, unitValue } from '../lib/model/quantity';

/** Upstream `decQuantity(i, exponent, format)`: the value i * 10^exponent, here in nanos. */
const dec = (i: number | bigint, exponent: number): bigint => {
  const n = BigInt(i);
  return exponent + 9 >= 0 ? n * 10n ** BigInt(exponent + 9) : n / 10n ** BigInt(-(exponent + 9));
};
/** quantity.go `maxAllowed`: 2^63-1. */
const MAX_ALLOWED = dec(2n ** 63n - 1n, 0);
const nanos = (s: string): bigint => nanoValue(parseQuantityStrict(s));

describe('parseQuantityStrict', () => {
  // apimachinery/pkg/api/resource/quantity_test.go, TestQuantityParse: the table, its expected values verbatim.
  const TABLE: Array<[string, bigint]> = [
    ['0', dec(0, 0)], ['0n', dec(0, 0)], ['0u', dec(0, 0)], ['0m', dec(0, 0)], ['0Ki', dec(0, 0)], ['0k', dec(0, 0)],
    ['0Mi', dec(0, 0)], ['0M', dec(0, 0)], ['0Gi', dec(0, 0)], ['0G', dec(0, 0)], ['0Ti', dec(0, 0)], ['0T', dec(0, 0)],
    // Quantity less numbers are allowed
    ['1', dec(1, 0)],
    // Binary suffixes
    ['1Ki', dec(1024, 0)], ['8Ki', dec(8 * 1024, 0)], ['7Mi', dec(7 * 1024 * 1024, 0)], ['6Gi', dec(6 * 1024 * 1024 * 1024, 0)],
    ['5Ti', dec(5n * 1024n ** 4n, 0)], ['4Pi', dec(4n * 1024n ** 5n, 0)], ['3Ei', dec(3n * 1024n ** 6n, 0)],
    ['10Ti', dec(10n * 1024n ** 4n, 0)], ['100Ti', dec(100n * 1024n ** 4n, 0)],
    // Decimal suffixes
    ['5n', dec(5, -9)], ['4u', dec(4, -6)], ['3m', dec(3, -3)], ['9', dec(9, 0)], ['8k', dec(8, 3)], ['50k', dec(5, 4)],
    ['7M', dec(7, 6)], ['6G', dec(6, 9)], ['5T', dec(5, 12)], ['40T', dec(4, 13)], ['300T', dec(3, 14)], ['2P', dec(2, 15)],
    ['1E', dec(1, 18)],
    // Decimal exponents
    ['1E-3', dec(1, -3)], ['1e3', dec(1, 3)], ['1E6', dec(1, 6)], ['1e9', dec(1, 9)], ['1E12', dec(1, 12)], ['1e15', dec(1, 15)],
    ['1E18', dec(1, 18)],
    // Nonstandard but still parsable
    ['1e14', dec(1, 14)], ['1e13', dec(1, 13)], ['1e3', dec(1, 3)], ['100.035k', dec(100035, 0)],
    // Things that look like floating point
    ['0.001', dec(1, -3)], ['0.0005k', dec(5, -1)], ['0.005', dec(5, -3)], ['0.05', dec(5, -2)], ['0.5', dec(5, -1)],
    ['0.00050k', dec(5, -1)], ['0.00500', dec(5, -3)], ['0.05000', dec(5, -2)], ['0.50000', dec(5, -1)], ['0.5e0', dec(5, -1)],
    ['0.5e-1', dec(5, -2)], ['0.5e-2', dec(5, -3)], ['0.5e0', dec(5, -1)], ['10.035M', dec(10035, 3)],
    ['1.2e3', dec(12, 2)], ['1.3E+6', dec(13, 5)], ['1.40e9', dec(14, 8)], ['1.53E12', dec(153, 10)], ['1.6e15', dec(16, 14)],
    ['1.7E18', dec(17, 17)],
    ['9.01', dec(901, -2)], ['8.1k', dec(81, 2)], ['7.123456M', dec(7123456, 0)], ['6.987654321G', dec(6987654321, 0)],
    ['5.444T', dec(5444, 9)], ['40.1T', dec(401, 11)], ['300.2T', dec(3002, 11)], ['2.5P', dec(25, 14)], ['1.01E', dec(101, 16)],
    // Things that saturate/round
    ['3.001n', dec(4, -9)], ['1.1E-9', dec(2, -9)], ['0.0000000001', dec(1, -9)], ['0.0000000005', dec(1, -9)],
    ['0.00000000050', dec(1, -9)], ['0.5e-9', dec(1, -9)], ['0.9n', dec(1, -9)], ['0.00000012345', dec(124, -9)],
    ['0.00000012354', dec(124, -9)], ['9Ei', MAX_ALLOWED], ['9223372036854775807Ki', MAX_ALLOWED], ['12E', dec(12, 18)],
    // We'll accept fractional binary stuff, too.
    ['100.035Ki', dec(10243584, -2)], ['0.5Mi', dec(0.5 * 1024 * 1024, 0)], ['0.05Gi', dec(536870912, -1)],
    ['0.025Ti', dec(274877906944, -1)],
    // Things written by trolls
    ['0.000000000001Ki', dec(2, -9)], ['.001', dec(1, -3)], ['.0001k', dec(100, -3)], ['1.', dec(1, 0)], ['1.G', dec(1, 9)],
  ];

  test.each(TABLE)('TestQuantityParse: %s', (input, expected) => {
    expect(nanos(input)).toEqual(expected);
  });

  // TestQuantityParse: "Try the negative version of everything" and "Try everything with an explicit +".
  test.each(TABLE)('TestQuantityParse (negated, explicit +): %s', (input, expected) => {
    expect(nanos(`-${input}`)).toEqual(-expected);
    expect(nanos(`+${input}`)).toEqual(expected);
  });

  // TestQuantityParse: `ParseQuantity("")` and the `invalid` list, including "trailing whitespace is forbidden".
  test.each(['', '1.1.M', '1+1.0M', '0.1mi', '0.1am', 'aoeu', '.5i', '1i', '-3.01i', '-3.01e-', ' 1', '1 '])(
    'throws when the quantity is %j (TestQuantityParse invalid)', input => {
      expect(() => parseQuantityStrict(input)).toThrow(`quantity ${JSON.stringify(input)} is not a Kubernetes quantity`);
    });

  // TestQuantityParseZero and TestQuantityParseNonNumericPanic.
  test('TestQuantityParseZero: "0" is zero; TestQuantityParseNonNumericPanic: "Non-Numeric" fails', () => {
    expect(nanos('0')).toEqual(0n);
    expect(() => parseQuantityStrict('Non-Numeric')).toThrow(/Non-Numeric/);
  });

  // TestQuantityParseEmit: each input equals its canonical form.
  test.each([
    ['1Ki', '1Ki'], ['1Mi', '1Mi'], ['1Gi', '1Gi'], ['1024Mi', '1Gi'], ['1000M', '1G'], ['.001Ki', '1024m'], ['.000001Ki', '1024u'],
    ['.000000001Ki', '1024n'], ['.000000000001Ki', '2n'],
  ])('TestQuantityParseEmit: %s equals %s', (input, canonical) => {
    expect(nanos(input)).toEqual(nanos(canonical));
    expect(nanos(`-${input}`)).toEqual(-nanos(canonical));
  });

  // Edge cases read off quantity.go itself (not in an upstream table): what `ParseQuantity` does with them.
  test('reads sign-only, dot-only and suffix-only strings as zero where the int64 fast path takes them (quantity.go)', () => {
    // parseQuantityString returns num "0" for these and the fast path multiplies it out: no error in Go either.
    for (const s of ['+', '-', '.', '-.', '000', 'm', 'Ki', 'Ti']) expect(nanos(s)).toEqual(0n);
    // Pi and Ei take the inf.Dec path, whose SetString needs a digit: ErrNumeric.
    for (const s of ['Pi', 'Ei', '.Ei', '.e-20']) expect(() => parseQuantityStrict(s)).toThrow('its number part has no digits');
  });

  test('tells an exa suffix from an exponent: E alone is 10^18, e alone is no suffix, e3/E3 are exponents', () => {
    expect(nanos('1E')).toEqual(dec(1, 18));
    expect(nanos('2E3')).toEqual(dec(2, 3));
    expect(nanos('2e3')).toEqual(dec(2, 3));
    expect(nanos('2Ei')).toEqual(dec(2n ** 61n, 0));
    expect(() => parseQuantityStrict('1e')).toThrow('its suffix is not one of');
    expect(() => parseQuantityStrict('1ki')).toThrow('its suffix is not one of');
  });

  test('keeps decimal values beyond int64 uncapped and caps binary ones at 2^63-1, as ParseQuantity does', () => {
    expect(nanos('10E')).toEqual(dec(10, 18)); // 1e19 > 2^63-1: DecimalSI is not capped
    expect(nanos('8Ei')).toEqual(MAX_ALLOWED); // 2^63: capped
    expect(nanos('7.99Ei')).toEqual(799n * 2n ** 60n * 10n ** 7n); // just under 2^63: exact, not capped
  });

  test('rounds finer than nano up, away from zero (TestQuantityParse "Things that saturate/round")', () => {
    expect(nanos('1e-30')).toEqual(1n);
    expect(nanos('-1e-30')).toEqual(-1n);
    expect(nanos('0e-30')).toEqual(0n);
  });

  test('throws when an exponent makes the value absurdly large (a deliberate limit of this port)', () => {
    expect(() => parseQuantityStrict('1e1001')).toThrow('far too large');
    expect(nanos('1e100')).toEqual(10n ** 109n);
  });
});

describe('parseQuantityString', () => {
  // quantity_test.go, TestParseQuantityString.
  test.each([
    ['0.025Ti', true, '0.025', '0', '025', 'Ti'],
    ['1.025Ti', true, '1.025', '1', '025', 'Ti'],
    ['-1.025Ti', false, '-1.025', '1', '025', 'Ti'],
    ['.', true, '.', '0', '', ''],
    ['-.', false, '-.', '0', '', ''],
    ['1E-3', true, '1', '1', '', 'E-3'],
  ])('TestParseQuantityString: %s', (input, positive, value, num, denom, suffix) => {
    expect(parseQuantityString(input)).toEqual({ positive, value, num, denom, suffix });
  });
});

describe('parseQuantity (as the API server reads JSON)', () => {
  // quantity_test.go, TestJSONWhitespace: UnmarshalJSON trims whitespace; JSON numbers are read from their text.
  test.each<[string | number, bigint]>([[' 1', dec(1, 0)], ['1 ', dec(1, 0)], [1, dec(1, 0)], [10, dec(10, 0)], [-1, dec(-1, 0)]])(
    'TestJSONWhitespace: %j', (input, expected) => {
      expect(nanoValue(parseQuantity(input))).toEqual(expected);
    });

  test('reads JSON numbers from the text JSON.stringify writes (0.5, 1e+21, 1e-7)', () => {
    expect(nanoValue(parseQuantity(0.5))).toEqual(dec(5, -1));
    expect(nanoValue(parseQuantity(1e21))).toEqual(dec(1, 21));
    expect(nanoValue(parseQuantity(1e-7))).toEqual(dec(100, -9));
  });

  test('throws when a quantity is malformed, naming it and where it is', () => {
    expect(() => parseQuantity('500 m', 'spec.containers[0] \'app\' resources.requests.cpu')).toThrow(
      'quantity "500 m" (spec.containers[0] \'app\' resources.requests.cpu) is not a Kubernetes quantity');
    expect(() => parseQuantity(Number.NaN)).toThrow('quantity NaN is not a Kubernetes quantity');
    expect(nanoValue(parseQuantity(null as any))).toEqual(0n); // UnmarshalJSON: JSON null is zero
  });

  test('gives the same answer from the cache as from a first parse', () => {
    const first = parseQuantity('123.456Mi');
    const second = parseQuantity('123.456Mi');
    expect(second).toEqual(first);
    expect(() => parseQuantity('bad')).toThrow(/"bad"/);
    expect(() => parseQuantity('bad', 'x')).toThrow('quantity "bad" (x)');
  });
});

describe('rounding and scaled values', () => {
  // quantity_test.go, TestQuantityRoundUp: value after RoundUp(scale) and whether it was exact.
  test.each<[string, number, bigint, boolean]>([
    ['9.01', -3, dec(901, -2), true], ['9.01', -2, dec(901, -2), true], ['9.01', -1, dec(91, -1), false],
    ['9.01', 0, dec(10, 0), false], ['9.01', 1, dec(10, 0), false], ['9.01', 2, dec(100, 0), false],
    ['-9.01', -3, dec(-901, -2), true], ['-9.01', -2, dec(-901, -2), true], ['-9.01', -1, dec(-91, -1), false],
    ['-9.01', 0, dec(-10, 0), false], ['-9.01', 1, dec(-10, 0), false], ['-9.01', 2, dec(-100, 0), false],
  ])('TestQuantityRoundUp: %s at scale %d', (input, scale, expected, exact) => {
    const r = roundUp(parseQuantityStrict(input), scale);
    expect(nanoValue(r.quantity)).toEqual(expected);
    expect(r.exact).toBe(exact);
  });

  // quantity_test.go, TestScaledValue: NewScaledQuantity(1, from).ScaledValue(to).
  test.each<[string, number, bigint]>([
    ['1n', -9, 1n], ['1n', -6, 1n], ['1n', -3, 1n], ['1n', 0, 1n],
    ['1u', -9, 1000n], ['1u', -6, 1n], ['1u', -3, 1n], ['1u', 0, 1n],
    ['1m', -9, 1000n * 1000n], ['1m', -6, 1000n], ['1m', -3, 1n], ['1m', 0, 1n],
    ['1', -9, 1000n * 1000n * 1000n], ['1', -6, 1000n * 1000n], ['1', -3, 1000n], ['1', 0, 1n],
    ['100', -2, 100n * 100n],
  ])('TestScaledValue: %s to scale %d', (input, scale, expected) => {
    expect(scaledValue(parseQuantityStrict(input), scale)).toEqual(expected);
  });

  // TestMilliNewSet (the exact rows: ParseQuantity(q.String()).MilliValue()) and TestNewSet (Value()).
  test.each<[string, bigint]>([['1m', 1n], ['1', 1000n], ['1234', 1234000n], ['1e3', 1000000n]])('TestMilliNewSet: %s', (s, milli) => {
    expect(milliValue(parseQuantityStrict(s))).toEqual(milli);
  });
  test.each<[string, bigint]>([['1', 1n], ['1k', 1000n], ['1234k', 1234000n], ['1Ki', 1024n], ['1e6', 1000000n], ['1Mi', 1048576n]])(
    'TestNewSet: %s', (s, value) => {
      expect(unitValue(parseQuantityStrict(s))).toEqual(value);
    });

  test('MilliValue and Value round up, away from zero (amount.go negativeScaleInt64)', () => {
    expect(milliValue(parseQuantityStrict('0.5m'))).toEqual(1n);
    expect(milliValue(parseQuantityStrict('-0.5m'))).toEqual(-1n);
    expect(unitValue(parseQuantityStrict('1.5'))).toEqual(2n);
    expect(unitValue(parseQuantityStrict('100m'))).toEqual(1n);
  });

  test('SetDefaults_ResourceList rounds up to milli (defaults.go; TestSetMinimumScalePod: 1n becomes 1m)', () => {
    expect(nanoValue(roundUpToMilli(parseQuantityStrict('1n')))).toEqual(dec(1, -3));
    expect(nanoValue(roundUpToMilli(parseQuantityStrict('2.0001m')))).toEqual(dec(3, -3));
    expect(nanoValue(roundUpToMilli(parseQuantityStrict('128Mi')))).toEqual(dec(128 * 1024 * 1024, 0));
  });
});

describe('compareQuantities', () => {
  // quantity_test.go, TestQuantityCmp (the parsed rows).
  test.each<[string, string, number]>([['0', '0', 0], ['100m', '50m', 1], ['50m', '100m', -1], ['10000T', '100Gi', 1]])(
    'TestQuantityCmp: %s vs %s', (x, y, expected) => {
      expect(compareQuantities(parseQuantityStrict(x), parseQuantityStrict(y))).toBe(expected);
    });

  test('compares quantities with different denominators exactly', () => {
    const third: Quantity = { num: 1n, den: 3n, text: '1/3' };
    expect(compareQuantities(third, parseQuantityStrict('333333333n'))).toBe(1);
    expect(nanoValue(third)).toEqual(333333334n);
    expect(NANO).toEqual(10n ** 9n);
  });
});

describe('formatAmount', () => {
  test('writes cpu in millicores or whole cores, bytes in the largest whole binary unit', () => {
    expect(formatAmount('cpu', 800n)).toBe('800m');
    expect(formatAmount('cpu', 2000)).toBe('2');
    expect(formatAmount('memory', 212n * 1024n * 1024n)).toBe('212Mi');
    expect(formatAmount('memory', 1536n * 1024n * 1024n)).toBe('1536Mi');
    expect(formatAmount('memory', 1610612736n + 1n)).toBe('1610612737');
    expect(formatAmount('hugepages-2Mi', 2n * 1024n * 1024n)).toBe('2Mi');
    expect(formatAmount('example.com/gpu', 3n)).toBe('3');
  });
});
