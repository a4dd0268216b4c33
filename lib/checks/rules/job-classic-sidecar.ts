import { fieldPath, ModelContainer, PatternKind, PodModel } from '../../model/pod-model';
import { completingWhat } from '../../model/run-to-completion';
import { PodRule } from '../rule';
import { RuleSeverity } from '../rule-severity';

/** Patterns that add a long-running regular container. */
const LONG_RUNNING: ReadonlySet<PatternKind> = new Set<PatternKind>(['classic-sidecar', 'ambassador', 'adapter']);

const MIXIN: { [k: string]: string } = {
  'classic-sidecar': 'WithClassicSidecar',
  'ambassador': 'WithAmbassador',
  'adapter': 'WithAdapter',
};

/** @internal */
export function longRunningPattern(c: ModelContainer): boolean {
  return c.role === 'main' && c.pattern !== undefined && LONG_RUNNING.has(c.pattern);
}

/**
 * A long-running helper added as a regular container of a Job or CronJob. The Job controller counts a pod as
 * succeeded only when all its regular containers have exited (pod phase Succeeded), so the pod never completes.
 * The mixins refuse this in `applyTo`; this rule catches models built elsewhere (containers added by hand
 * after a pattern was recorded, or pattern information from another tool).
 */
export const jobClassicSidecar: PodRule = {
  id: 'PP-JOB-CLASSIC-SIDECAR',
  severity: RuleSeverity.ERROR,
  cause: 'A Job, a CronJob or a run-to-completion Pod has a long-running helper (classic sidecar, ambassador or adapter) as a regular container.',
  explanation: 'A Job\'s pod (or a bare Pod with restartPolicy Never or OnFailure) succeeds only when every regular container has exited. A classic sidecar, an ambassador or '
    + 'an adapter runs forever, so the pod never completes and the Job never finishes (a CronJob piles up running Jobs). '
    + 'Make the helper a native sidecar (`WithNativeSidecar`: an init container with `restartPolicy: Always`), which the '
    + 'kubelet stops once the regular containers have exited.',
  source: 'kubernetes pkg/controller/job (pod phase Succeeded); KEP-753 sidecar containers',
  check: (pod: PodModel) => {
    const what = completingWhat(pod.kind, pod.spec.restartPolicy);
    if (what === undefined) return [];
    return pod.containers.filter(longRunningPattern).map(c =>
      `${MIXIN[c.pattern!]} container '${c.name}' (${fieldPath(c)}) is a long-running regular container of ${pod.kind} '${pod.name}': `
      + `it would keep ${what} from ever completing. Use WithNativeSidecar (an init container with restartPolicy: Always, `
      + 'which does not block completion) instead.');
  },
};
