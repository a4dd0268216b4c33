import { closestName, closestVersion, editDistance } from '../lib/model/closest-match';

describe('closest-match', () => {
  test.each([
    ['kitten', 'sitting', 3], ['', 'abc', 3], ['abc', 'abc', 0], ['replicaz', 'replicas', 1], ['imagePullPolice', 'imagePullPolicy', 1], ['flaw', 'lawn', 2],
  ])('editDistance(%p, %p) is %p', (a, b, d) => {
    expect(editDistance(a, b, 10)).toBe(d);
  });

  test('editDistance stops at the cap', () => {
    expect(editDistance('a', 'abcdef', 3)).toBe(3);
    expect(editDistance('abcdef', 'uvwxyz', 3)).toBe(3);
  });

  test('closestName: a case-only difference first, else the nearest within 2 edits, else none', () => {
    const known = ['replicas', 'selector', 'Replicas'];
    expect(closestName('REPLICAS', known)).toBe('replicas');
    expect(closestName('replicaz', ['selector', 'replicas'])).toBe('replicas');
    expect(closestName('selectr', known)).toBe('selector');
    expect(closestName('template', known)).toBeUndefined();
  });

  test.each([
    ['1.3', '1.30'], ['1.2', '1.20'], ['1.4', '1.20'], ['1.99', '1.36'], ['1.19', '1.20'], ['2.0', '1.36'], ['0.5', '1.20'], ['1.28', '1.28'],
  ])('closestVersion(%p) among 1.20 to 1.36 is %p', (version, expected) => {
    const known = Array.from({ length: 17 }, (_, i) => ({ major: 1, minor: 20 + i }));
    const [major, minor] = version.split('.').map(Number);
    const v = closestVersion({ major, minor }, known);
    expect(`${v.major}.${v.minor}`).toBe(expected);
  });

  test('closestVersion: of two equally near, the newer', () => {
    const v = closestVersion({ major: 1, minor: 31 }, [{ major: 1, minor: 30 }, { major: 1, minor: 32 }]);
    expect(v).toEqual({ major: 1, minor: 32 });
  });
});
