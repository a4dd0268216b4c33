import { firstDifference, normalizeNames } from '../bench/equivalence';
import { formatRatio, median, pairedMedian, roundOrder, verdict } from '../bench/stats';

describe('bench/stats.ts', () => {
  test('median of odd and even lists, whatever the order', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });

  test('throws when the list is empty', () => {
    expect(() => median([])).toThrow('median of an empty list');
  });

  test('pairedMedian is the median of the ratios within a round, not the ratio of the medians', () => {
    // round by round 1.1, 1.2, 1.05: median 1.1; the ratio of the medians would be 120 / 100 = 1.2
    expect(pairedMedian([110, 120, 210], [100, 100, 200])).toBeCloseTo(1.1, 10);
    expect(median([110, 120, 210]) / median([100, 100, 200])).toBeCloseTo(1.2, 10);
    expect(pairedMedian([2, 3], [1, 1])).toBe(2.5);
  });

  test('throws when the paired lists differ in length', () => {
    expect(() => pairedMedian([1, 2], [1])).toThrow('paired lists differ in length (2 and 1)');
  });

  test('roundOrder rotates the variants by one each round', () => {
    const v = ['a', 'b', 'c'];
    expect([0, 1, 2, 3].map(r => roundOrder(v, r).join(''))).toEqual(['abc', 'bca', 'cab', 'abc']);
  });

  test('formats ratios and verdicts', () => {
    expect(formatRatio(1.0344)).toBe('1.034x');
    expect(verdict(1.1, 1.1)).toBe('1.100x <= 1.10 PASS');
    expect(verdict(1.1004, 1.1)).toBe('1.100x <= 1.10 FAIL');
  });
});

describe('bench/equivalence.ts', () => {
  const deployment = (name: string, replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: ${replicas}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: ${name}-hpa
spec:
  scaleTargetRef:
    name: ${name}
`;

  test('names derived from construct paths are normalized, references follow them', () => {
    const text = normalizeNames(deployment('bench-w0-c8a1b2c3', 2));
    expect(text).toContain('"name": "Deployment#0"');
    expect(text).toContain('"name": "HorizontalPodAutoscaler#1"');
    expect(text).not.toContain('bench-w0');
  });

  test('the same manifests under other names are no difference', () => {
    expect(firstDifference(deployment('bench-w0-c8a1b2c3', 2), deployment('bench-w0-c8ffffff', 2))).toBeUndefined();
  });

  test('reports the first line that differs', () => {
    const d = firstDifference(deployment('x', 2), deployment('x', 3));
    expect(d).toEqual({ line: expect.any(Number), a: expect.stringContaining('"replicas": 2'), b: expect.stringContaining('"replicas": 3') });
  });

  test('a missing document is a difference', () => {
    const configMap = (name: string) => `kind: ConfigMap\nmetadata:\n  name: ${name}\n`;
    expect(firstDifference(configMap('a'), `${configMap('a')}---\n${configMap('b')}`)).toEqual(expect.objectContaining({ a: '(end)' }));
  });
});
