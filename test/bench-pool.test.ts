import { bootstrapMedian, median, pairedRatios } from '../bench/pool';

describe('bench/pool.ts', () => {
  test('median of odd and even lists, whatever the order', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  test('pairs (a) with (b) round by round, by number of workloads, across files', () => {
    const run = (ms: number, cpu: number) => ({ totalMs: ms, totalCpuMs: cpu });
    const file = (n: number, a: number[], b: number[]) => ({
      results: [{ n, runs: { 'mixins': a.map(x => run(x, 2 * x)), 'hand': b.map(x => run(x, x)), 'mixins-nochecks': [] } }],
    });
    const pooled = pairedRatios([file(1000, [110, 120], [100, 100]), file(1000, [105], [100]), file(10000, [200], [100])]);
    expect(pooled.get(1000)!.wall).toEqual([1.1, 1.2, 1.05]);
    expect(pooled.get(1000)!.cpu).toEqual([2.2, 2.4, 2.1]);
    expect(pooled.get(10000)!.wall).toEqual([2]);
  });

  test('the bootstrap interval holds the median, narrows with more rounds, and is the same for the same seed', () => {
    const few = [1.0, 1.02, 1.04, 1.06, 1.08];
    const many = Array.from({ length: 200 }, (_, i) => 1.0 + (i % 5) * 0.02);
    const [lo1, hi1] = bootstrapMedian(few);
    const [lo2, hi2] = bootstrapMedian(many);
    expect(lo1).toBeLessThanOrEqual(median(few));
    expect(hi1).toBeGreaterThanOrEqual(median(few));
    expect(hi2 - lo2).toBeLessThan(hi1 - lo1);
    expect(bootstrapMedian(few)).toEqual([lo1, hi1]);
  });
});
