/**
 * Switches the pod checks off for variant (c), the mixins without checks.
 *
 * `lib/pod-checks.ts` has no switch yet, so this replaces its `registerPodChecks` export with a no-op
 * before any workload is built: the mixins call it through the module object (`pod_checks_1.registerPodChecks`
 * in the CommonJS that ts-node emits), so no validation is registered at all. Bench only; never do this in an app.
 */
export function disablePodChecks(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const podChecks = require('../lib/pod-checks');
  podChecks.registerPodChecks = () => undefined;
  return 'registerPodChecks replaced by a no-op (bench only: lib/pod-checks.ts has no switch yet)';
}
