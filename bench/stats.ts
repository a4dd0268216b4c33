/**
 * The bench's arithmetic, kept apart from anything that reads a clock so that it can be tested on literal inputs
 * (`test/bench-stats.test.ts`).
 */

/** The median of a non-empty list. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error('median of an empty list');
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * The paired median of `xs` over `ys`: the median over rounds of `xs[i] / ys[i]`. Rounds alternate the variants, so
 * `xs[i]` and `ys[i]` ran side by side and the drift of a shared machine mostly cancels in their ratio.
 */
export function pairedMedian(xs: readonly number[], ys: readonly number[]): number {
  if (xs.length !== ys.length) throw new Error(`paired lists differ in length (${xs.length} and ${ys.length})`);
  return median(xs.map((x, i) => x / ys[i]));
}

/** The order of `variants` in round `round` (0-based): each round starts one further, a,b,c then b,c,a then c,a,b. */
export function roundOrder<T>(variants: readonly T[], round: number): T[] {
  return variants.map((_, i) => variants[(i + round) % variants.length]);
}

/** A ratio as printed: `1.034x`. */
export function formatRatio(x: number): string {
  return `${x.toFixed(3)}x`;
}

/** `1.034x <= 1.10 PASS` (or FAIL). */
export function verdict(x: number, limit: number): string {
  return `${formatRatio(x)} <= ${limit.toFixed(2)} ${x <= limit ? 'PASS' : 'FAIL'}`;
}
