import { KubernetesFeature } from '../../model/kubernetes-feature';
import { fieldPath, ModelContainer, PodModel } from '../../model/pod-model';
import { PodRule } from '../rule';
import { RuleSeverity } from '../rule-severity';
import { who } from './rule-helpers';

/** The API default of `terminationGracePeriodSeconds` (`k8s.io/api/core/v1` DefaultTerminationGracePeriodSeconds). */
export const DEFAULT_GRACE = 30;

/** The lifecycle hooks that may hold a `sleep` action. */
const HOOKS = ['postStart', 'preStop'] as const;

/** One `sleep` action the API server rejects. */
export interface BadSleep {
  readonly container: ModelContainer;
  readonly hook: typeof HOOKS[number];
  readonly seconds: number;
}

/**
 * The `sleep` actions that kubernetes `pkg/apis/core/validation/validation.go` `validateSleepAction` rejects:
 * seconds above `terminationGracePeriodSeconds` (equal is accepted), negative, or 0 unless zero is allowed
 * (PodLifecycleSleepActionAllowZero, beta 1.33, GA 1.34). Nothing when the target has no sleep action at all
 * (PP-FEATURE-VERSION reports that). Plain init containers may have no lifecycle (PP-INIT-PROBE).
 */
export function sleepOverGrace(pod: PodModel): BadSleep[] {
  const { version, featureGates } = pod.target;
  if (!KubernetesFeature.POD_LIFECYCLE_SLEEP_ACTION.isEnabled(version, featureGates)) return [];
  const zeroOk = KubernetesFeature.POD_LIFECYCLE_SLEEP_ACTION_ALLOW_ZERO.isEnabled(version, featureGates);
  const grace = pod.spec.terminationGracePeriodSeconds ?? DEFAULT_GRACE;
  const out: BadSleep[] = [];
  for (const c of pod.containers) {
    if (c.role === 'init') continue;
    for (const hook of HOOKS) {
      const seconds = c.spec.lifecycle?.[hook]?.sleep?.seconds;
      if (typeof seconds !== 'number') continue;
      if (seconds > grace || seconds < 0 || (seconds === 0 && !zeroOk)) out.push({ container: c, hook, seconds });
    }
  }
  return out;
}

/**
 * A lifecycle `sleep` action the API server rejects: longer than terminationGracePeriodSeconds, negative, or 0 where
 * zero is not allowed. kubernetes `pkg/apis/core/validation/validation.go` `validateSleepAction` (via `validateLifecycle`,
 * `validateHandler`).
 */
export const sleepSeconds: PodRule = {
  id: 'PP-SLEEP-SECONDS',
  severity: RuleSeverity.ERROR,
  apiServerRejects: true,
  cause: 'A lifecycle hook\'s sleep action is longer than terminationGracePeriodSeconds, negative, or 0 where Kubernetes does not allow it.',
  explanation: 'The API server rejects a `sleep.seconds` of a postStart or preStop hook that is greater than the pod\'s '
    + '`terminationGracePeriodSeconds` (default 30; equal is accepted) or negative; 0 is accepted from Kubernetes 1.33 '
    + '(1.32 with the PodLifecycleSleepActionAllowZero gate), rejected before. Raise terminationGracePeriodSeconds to at '
    + 'least the sleep, or shorten the sleep. (A sleep the grace period does not leave time after is PP-GRACE-PERIOD\'s '
    + 'warning.)',
  source: 'kubernetes pkg/apis/core/validation/validation.go validateSleepAction; pkg/features/kube_features.go '
    + 'PodLifecycleSleepActionAllowZero (KEP-4818)',
  check: (pod: PodModel) => {
    const grace = pod.spec.terminationGracePeriodSeconds ?? DEFAULT_GRACE;
    const set = pod.spec.terminationGracePeriodSeconds === undefined ? ', the default' : '';
    const zeroOk = KubernetesFeature.POD_LIFECYCLE_SLEEP_ACTION_ALLOW_ZERO.isEnabled(pod.target.version, pod.target.featureGates);
    return sleepOverGrace(pod).map(({ container: c, hook, seconds }) => {
      const path = `${fieldPath(c)}.lifecycle.${hook}.sleep`;
      const detail = zeroOk
        ? `must be non-negative and less than terminationGracePeriodSeconds (${grace})`
        : `must be greater than 0 and less than terminationGracePeriodSeconds (${grace}). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.`;
      const fix = seconds > grace
        ? `Set terminationGracePeriodSeconds to at least ${seconds} (e.g. ${seconds + 15}), or sleep at most ${grace}s.`
        : seconds === 0
          ? `Remove the hook, sleep at least 1s, or target Kubernetes 1.33 or later (${KubernetesFeature.POD_LIFECYCLE_SLEEP_ACTION_ALLOW_ZERO.requirement()}).`
          : 'Use a sleep of 0 seconds or more.';
      return `the ${hook} sleep of ${who(c)} is ${seconds}s, which the API server rejects with terminationGracePeriodSeconds `
        + `${grace}${set} (${path}: Invalid value: ${seconds}: ${detail}). ${fix}`;
    });
  },
};
