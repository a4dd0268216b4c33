import { fieldPath, PodModel } from '../../model/pod-model';
import { PodRule } from '../rule';
import { RuleSeverity } from '../rule-severity';
import { who } from './rule-helpers';

/**
 * The same environment variable name twice in one container: the later entry wins, and `kubectl apply` (a
 * strategic merge keyed by name) may drop one of them. The API server accepts it with a warning (kubernetes
 * `pkg/api/pod/warnings.go`, `hides previous definition of "X", which may be dropped when using apply`), except for a
 * later value that builds on the earlier one (`$(X)` inside a longer value); kube-linter `duplicate-env-var`.
 */
export const envDuplicate: PodRule = {
  id: 'PP-ENV-DUPLICATE',
  severity: RuleSeverity.WARNING,
  cause: 'A container sets the same environment variable name more than once.',
  explanation: 'The later entry of `env` wins, so the earlier value is dead; and since `kubectl apply` merges `env` by '
    + 'name, one of the two may be dropped on the next apply. The API server accepts it with a warning (`hides previous '
    + 'definition`), unless the later value refers to the earlier one (`$(PATH):/extra`). Keep one entry per name.',
  source: 'kubernetes pkg/api/pod/warnings.go (hides previous definition); kube-linter duplicate-env-var',
  check: (pod: PodModel) => {
    const out: string[] = [];
    for (const c of pod.containers) {
      const env = c.spec.env;
      if (!env || env.length < 2) continue;
      const first = new Map<string, number>();
      env.forEach((e, i) => {
        if (!e || typeof e.name !== 'string') return;
        const earlier = first.get(e.name);
        if (earlier === undefined) {
          first.set(e.name, i);
          return;
        }
        const ref = `$(${e.name})`;
        const value = typeof e.value === 'string' ? e.value : '';
        if (e.valueFrom === undefined && value !== ref && value.includes(ref)) return; // builds on the earlier value
        out.push(`${who(c)} sets env '${e.name}' twice (${fieldPath(c)}.env[${earlier}] and env[${i}]): the later entry hides `
          + `the earlier one, which kubectl apply may drop. Remove one of them, or compose the value with $(${e.name}).`);
      });
    }
    return out;
  },
};
