/**
 * The check run before anything is timed: the three variants must synthesize the same manifests, or the bench would
 * compare different work. Object names derive from construct paths, which the variants need not share, so names
 * are normalized before the comparison.
 */
import * as YAML from 'yaml';

/**
 * The synthesized documents with construct-path-derived names taken out: every object's `metadata.name` becomes
 * `<kind>#<index>` wherever it appears as a whole string (references such as `scaleTargetRef.name` follow), and
 * cdk8s's path hashes (`-c8` and six hex digits) become `-c8HASH`. One JSON line per field, for a readable diff.
 */
export function normalizeNames(text: string): string {
  const docs = YAML.parseAllDocuments(text).map(d => d.toJSON());
  const names = new Map<string, string>();
  docs.forEach((d, i) => {
    if (d?.metadata?.name) names.set(d.metadata.name, `${d.kind}#${i}`);
  });
  return docs.map(d => JSON.stringify(d, (_k, v) => (typeof v === 'string'
    ? (names.get(v) ?? v.replace(/-c8[0-9a-f]{6}\b/g, '-c8HASH'))
    : v), 1)).join('\n---\n');
}

/** Where two YAML streams differ once names are normalized, or undefined when they are the same. */
export function firstDifference(a: string, b: string): { line: number; a: string; b: string } | undefined {
  const la = normalizeNames(a).split('\n');
  const lb = normalizeNames(b).split('\n');
  for (let i = 0; i < Math.max(la.length, lb.length); i++) {
    if (la[i] !== lb[i]) return { line: i + 1, a: la[i] ?? '(end)', b: lb[i] ?? '(end)' };
  }
  return undefined;
}
