import { MinorVersion } from './minor-version';

/**
 * "Did you mean ...?": the known value nearest to one that is not known. Internal module (not exported from the
 * package entry point).
 */

/**
 * The known name nearest to `name`: one that differs only in case, else the first at the smallest edit distance,
 * if that is at most 2. Undefined when none is that close.
 */
export function closestName(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const k of known) {
    if (k.toLowerCase() === name.toLowerCase()) return k;
    const d = editDistance(name, k, bestDistance);
    if (d < bestDistance) {
      bestDistance = d;
      best = k;
    }
  }
  return best;
}

/** Levenshtein distance between `a` and `b`, or `cap` when it is at least `cap`. */
export function editDistance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) >= cap) return cap;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return Math.min(prev[b.length], cap);
}

/**
 * The known version nearest to `version`. First `X.Y0` when `Y` is one digit and `X.Y0` is known: a version written
 * as a YAML or JSON number loses its trailing zero (`1.30` reads as `1.3`). Else the numerically nearest (by major,
 * then minor), the newer of two equally near. `known` must not be empty.
 */
export function closestVersion(version: MinorVersion, known: readonly MinorVersion[]): MinorVersion {
  if (version.minor < 10) {
    const padded = known.find(k => k.major === version.major && k.minor === version.minor * 10);
    if (padded) return padded;
  }
  const key = (v: MinorVersion): number => v.major * 1000 + v.minor;
  let best = known[0];
  for (const k of known) {
    const d = Math.abs(key(k) - key(version));
    const bestD = Math.abs(key(best) - key(version));
    if (d < bestD || (d === bestD && key(k) > key(best))) best = k;
  }
  return best;
}
