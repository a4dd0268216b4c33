import { PodModel } from '../../model/pod-model';
import { PodRule } from '../rule';
import { RuleSeverity } from '../rule-severity';
import { nameList } from './rule-helpers';

/** `shareProcessNamespace: true`: every container sees and can signal every other container's processes. */
export const shareProcessNamespace: PodRule = {
  id: 'PP-SHARE-PROCESS-NAMESPACE',
  severity: RuleSeverity.WARNING,
  cause: 'The pod turns on shareProcessNamespace.',
  explanation: 'With `shareProcessNamespace: true` every container sees every other container\'s processes, can signal '
    + 'them, and can read their environment and files through `/proc/<pid>/root`: a compromised sidecar reaches the app\'s '
    + 'secrets. PID 1 is the pause container, so the app no longer receives signals as PID 1. Useful for debugging, '
    + 'dangerous as a default: turn it off, or acknowledge the warning with the reason.',
  source: 'https://kubernetes.io/docs/tasks/configure-pod-container/share-process-namespace/',
  check: (pod: PodModel) => {
    if (pod.spec.shareProcessNamespace !== true) return [];
    return [`shareProcessNamespace is true: containers ${nameList(pod.containers)} can see and signal each other's processes and `
      + "read each other's files and environment through /proc. Turn it off (shareProcessNamespace: false), or acknowledge "
      + "this warning with the reason (e.g. a debugging sidecar that must see the app's processes)."];
  },
};
