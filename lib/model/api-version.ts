/**
 * An apiVersion's group and version: `apps/v1` -> `apps` and `v1`; `v1` -> `` (the core group) and `v1`.
 * Internal module.
 * @see https://kubernetes.io/docs/reference/using-api/#api-groups
 */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}
