/**
 * Kubernetes minor versions (`1.30`): parsing, ordering, the range the library knows, and how a list of them reads.
 * Internal.
 */

/** The oldest and newest Kubernetes minor versions the checks know (the feature data and the shipped schemas). */
export const OLDEST_VERSION = '1.20';
export const NEWEST_VERSION = '1.36';

const PARSED = new Map<string, MinorVersion>();

/** @internal */
export interface MinorVersion {
  readonly major: number;
  readonly minor: number;
}

/**
 * Parses `1.30`, `v1.30`, `1.30.2` or `v1.30.0-gke.1` into major and minor.
 * @internal
 */
export function parseMinorVersion(version: string): MinorVersion {
  // memoized: the rules ask for the same few versions for every workload at synth
  const known = PARSED.get(version);
  if (known) return known;
  const m = /^v?(\d+)\.(\d+)(?:\.\d+)?(?:[-+].*)?$/.exec(String(version).trim());
  if (!m) {
    throw new Error(`Kubernetes version '${version}' is not a version: use MAJOR.MINOR, e.g. '1.30'.`);
  }
  const parsed: MinorVersion = Object.freeze({ major: Number(m[1]), minor: Number(m[2]) });
  if (PARSED.size < 1000) PARSED.set(version, parsed);
  return parsed;
}

/** @internal */
export function compareMinor(a: MinorVersion, b: MinorVersion): number {
  return a.major !== b.major ? a.major - b.major : a.minor - b.minor;
}

/**
 * `1.20 to 1.36`, `1.20 to 1.36, 1.38`, `none`: sorted versions (`1.30` or parsed), runs of consecutive minors joined.
 * @internal
 */
export function describeVersions(versions: ReadonlyArray<string | MinorVersion>): string {
  const parsed = versions.map(v => (typeof v === 'string' ? parseMinorVersion(v) : v));
  const text = (v: MinorVersion): string => `${v.major}.${v.minor}`;
  const runs: string[] = [];
  let start = 0;
  for (let i = 1; i <= parsed.length; i++) {
    const prev = parsed[i - 1];
    if (i < parsed.length && parsed[i].major === prev.major && parsed[i].minor === prev.minor + 1) continue;
    runs.push(i - 1 === start ? text(parsed[start]) : `${text(parsed[start])} to ${text(prev)}`);
    start = i;
  }
  return runs.length > 0 ? runs.join(', ') : 'none';
}
