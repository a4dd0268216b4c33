import { fieldPath, PodModel } from '../../model/pod-model';
import { PodRule } from '../rule';
import { RuleSeverity } from '../rule-severity';
import { portPath, protocolOf, runAtOnce, whyTogether, who } from './rule-helpers';

/**
 * Two containers that run at the same time bind the same port.
 * The API server never compares `containerPort` numbers (kubernetes `pkg/apis/core/validation/validation.go`
 * `validateContainerPorts` checks each port alone; VALIDATION-RULES 4.6 and 9.1).
 */
export const portConflict: PodRule = {
  id: 'PP-PORT-CONFLICT',
  severity: RuleSeverity.ERROR,
  cause: 'Two containers that run at the same time declare the same containerPort and protocol.',
  explanation: 'All containers of a pod share one network namespace. Regular containers and native sidecars run '
    + 'side by side, and a plain init container runs next to the native sidecars declared before it; when two of them '
    + 'bind the same port, the second to start fails with "address already in use" and usually crash-loops. '
    + 'The API server does not check this. Plain init containers run one at a time and finish before the regular '
    + 'containers start, so they never clash with each other, with regular containers, or with sidecars declared after them. '
    + 'Move one of the two containers to another port.',
  source: 'kubernetes pkg/apis/core/validation/validation.go validateContainerPorts (no cross-container check); KEP-753 start order',
  check: (pod: PodModel) => {
    const out: string[] = [];
    const cs = pod.containers;
    for (let i = 0; i < cs.length; i++) {
      for (let j = i + 1; j < cs.length; j++) {
        const a = cs[i];
        const b = cs[j];
        if (!runAtOnce(a, b)) continue;
        const pas = a.spec.ports;
        const pbs = b.spec.ports;
        if (!pas || !pbs || pas.length === 0 || pbs.length === 0) continue;
        let seen: Set<string> | undefined;
        for (let ia = 0; ia < pas.length; ia++) {
          const pa = pas[ia];
          for (let ib = 0; ib < pbs.length; ib++) {
            const pb = pbs[ib];
            // compared before any string is built: most pairs of ports differ
            if (pa.containerPort !== pb.containerPort || protocolOf(pa) !== protocolOf(pb)) continue;
            const key = `${protocolOf(pa)}/${pa.containerPort}`;
            seen ??= new Set<string>();
            if (seen.has(key)) continue;
            seen.add(key);
            out.push(`${who(a)} and ${who(b)} both bind ${protocolOf(pa)} port ${pa.containerPort} `
              + `(${portPath(a, ia)} and ${portPath(b, ib)}), and ${whyTogether(a, b)}: they share the pod's network namespace, `
              + 'so the second to start fails with "address already in use". '
              + `Move one of them to another port (change containerPort in ${fieldPath(b)} or ${fieldPath(a)} and the program's listen address).`);
          }
        }
      }
    }
    return out;
  },
};
