import { PodModel } from '../../model/pod-model';
import { PodRule } from '../rule';
import { RuleSeverity } from '../rule-severity';

/**
 * `spec.overhead` written by hand without a RuntimeClass: the RuntimeClass admission plugin (kubernetes
 * `plugin/pkg/admission/runtimeclass/admission.go` `validateOverhead`) sets a pod's overhead from its RuntimeClass's
 * `overhead.podFixed` and forbids any other: with no `runtimeClassName` it rejects every pod that carries an overhead.
 * With a `runtimeClassName` the overhead must equal that RuntimeClass's, which the pod model does not hold, so that
 * case is not checked.
 */
export const podOverhead: PodRule = {
  id: 'PP-POD-OVERHEAD',
  severity: RuleSeverity.ERROR,
  apiServerRejects: true,
  cause: 'The pod sets spec.overhead but no runtimeClassName.',
  explanation: 'Pod overhead (KEP-688) is the RuntimeClass\'s to set: the RuntimeClass admission plugin copies '
    + '`overhead.podFixed` of the pod\'s RuntimeClass into `spec.overhead`, and rejects a pod that sets an overhead of its '
    + 'own with no RuntimeClass (`pod rejected: Pod Overhead set without corresponding RuntimeClass defined Overhead`), or '
    + 'one that differs from its RuntimeClass\'s. For a workload, its controller\'s pod creations fail. Remove '
    + '`spec.overhead`, or set `runtimeClassName` to a RuntimeClass whose `overhead.podFixed` is that overhead.',
  source: 'kubernetes plugin/pkg/admission/runtimeclass/admission.go validateOverhead; KEP-688 pod overhead',
  check: (pod: PodModel) => {
    const overhead = pod.spec.overhead;
    if (!overhead || Object.keys(overhead).length === 0) return [];
    const runtimeClass = pod.spec.runtimeClassName;
    if (typeof runtimeClass === 'string' && runtimeClass !== '') return [];
    const what = Object.entries(overhead).map(([k, v]) => `${k} ${v}`).join(', ');
    return [`spec.overhead (${what}) is set without a runtimeClassName: the RuntimeClass admission plugin rejects the pod (pod `
      + 'rejected: Pod Overhead set without corresponding RuntimeClass defined Overhead). Remove spec.overhead, or set '
      + 'runtimeClassName to a RuntimeClass whose overhead.podFixed is that overhead.'];
  },
};
