import { PodModel, ResourceList } from '../../model/pod-model';
import { quantityNanos, roundNanosUpToMilli } from '../../model/quantity';
import { describeResourceList } from '../../model/runtime-class';
import { PodRule } from '../rule';
import { RuleSeverity } from '../rule-severity';

/** kubernetes plugin/pkg/admission/runtimeclass/admission.go `validateOverhead`, the two rejections, word for word. */
const WITHOUT_RUNTIME_CLASS_OVERHEAD = 'pod rejected: Pod Overhead set without corresponding RuntimeClass defined Overhead';
const DOES_NOT_MATCH = 'pod rejected: Pod\'s Overhead doesn\'t match RuntimeClass\'s defined Overhead';

/**
 * `spec.overhead` written by hand that the RuntimeClass admission plugin rejects (kubernetes
 * `plugin/pkg/admission/runtimeclass/admission.go`). `setOverhead` (mutating) copies the RuntimeClass's
 * `overhead.podFixed` into a pod that writes no overhead; `validateOverhead` then rejects a pod whose overhead is not
 * empty (`len(pod.Spec.Overhead) == 0` passes) when its RuntimeClass has no `overhead` or it names none ("Pod Overhead
 * set without corresponding RuntimeClass defined Overhead"), or when it differs from the RuntimeClass's `podFixed`
 * (`apiequality.Semantic.DeepEqual`: the same resources, each quantity equal by `Cmp`; "Pod's Overhead doesn't match
 * RuntimeClass's defined Overhead"; `setOverhead` rejects the same pod with the same words). The pod's overhead is
 * compared as the API server holds it, after defaulting (`SetDefaults_ResourceList`: rounded up to milli); the
 * RuntimeClass's as written (node.k8s.io has no defaulting). A `runtimeClassName` that names a RuntimeClass the input
 * does not declare (neither among the manifests nor on `KubernetesTarget`) is not checked: its overhead is unknown.
 */
export const podOverhead: PodRule = {
  id: 'PP-POD-OVERHEAD',
  severity: RuleSeverity.ERROR,
  apiServerRejects: true,
  cause: 'The pod sets spec.overhead with no runtimeClassName, or one that differs from its RuntimeClass\'s overhead.',
  explanation: 'Pod overhead (KEP-688) is the RuntimeClass\'s to set: the RuntimeClass admission plugin copies '
    + '`overhead.podFixed` of the pod\'s RuntimeClass into `spec.overhead`, and rejects a pod that sets an overhead of its '
    + `own with no RuntimeClass, or a RuntimeClass without overhead (\`${WITHOUT_RUNTIME_CLASS_OVERHEAD}\`), or one that `
    + `differs from its RuntimeClass's (\`${DOES_NOT_MATCH}\`). The RuntimeClass is compared when the input declares it: `
    + 'a RuntimeClass object among the manifests the CLI checks or the API objects of the App, or one of '
    + '`KubernetesTarget`\'s `runtimeClasses`; a runtimeClassName naming any other is not checked (its overhead is '
    + 'unknown). For a workload, its controller\'s pod creations fail. Remove '
    + '`spec.overhead` (admission sets it), or set `runtimeClassName` to a RuntimeClass whose `overhead.podFixed` is that '
    + 'overhead.',
  source: 'kubernetes plugin/pkg/admission/runtimeclass/admission.go setOverhead, validateOverhead; KEP-688 pod overhead',
  check: (pod: PodModel) => {
    const admission = pod.runtimeClass;
    // an overhead the admission set from the RuntimeClass is not the template's: it writes none
    if (admission?.overheadSet) return [];
    const overhead = pod.spec.overhead;
    if (!overhead || Object.keys(overhead).length === 0) return [];
    const what = describeResourceList(overhead);
    const runtimeClassName = pod.spec.runtimeClassName;
    if (typeof runtimeClassName !== 'string' || runtimeClassName === '') {
      return [`spec.overhead (${what}) is set without a runtimeClassName: the RuntimeClass admission plugin rejects the pod (`
        + `${WITHOUT_RUNTIME_CLASS_OVERHEAD}). Remove spec.overhead, or set runtimeClassName to a RuntimeClass whose `
        + 'overhead.podFixed is that overhead.'];
    }
    if (admission === undefined) return []; // a RuntimeClass the input does not declare: its overhead is unknown
    const rc = admission.runtimeClass;
    if (rc.podFixed === undefined) {
      return [`spec.overhead (${what}) is set, but RuntimeClass '${rc.name}' (${rc.source}) defines no overhead: the RuntimeClass `
        + `admission plugin rejects the pod (${WITHOUT_RUNTIME_CLASS_OVERHEAD}). Remove spec.overhead, or give RuntimeClass `
        + `'${rc.name}' that overhead.podFixed.`];
    }
    if (semanticallyEqual(overhead, rc.podFixed)) return [];
    return [`spec.overhead (${what}) differs from the overhead.podFixed of RuntimeClass '${rc.name}' (${describeResourceList(rc.podFixed)}; `
      + `${rc.source}): the RuntimeClass admission plugin rejects the pod (${DOES_NOT_MATCH}). Remove spec.overhead: admission `
      + 'sets it from the RuntimeClass.'];
  },
};

/**
 * `apiequality.Semantic.DeepEqual` of two ResourceLists: the same resource names (an empty list equals a missing one),
 * each quantity equal by `Cmp`. The pod's quantities are taken as defaulted (rounded up to milli), the RuntimeClass's as
 * written. A malformed quantity throws `QuantityError` (PP-INVALID-QUANTITY's finding).
 */
function semanticallyEqual(written: ResourceList, podFixed: ResourceList): boolean {
  const mine = Object.keys(written);
  const theirs = Object.keys(podFixed);
  if (mine.length !== theirs.length) return false;
  for (const name of mine) {
    if (!Object.prototype.hasOwnProperty.call(podFixed, name)) return false;
    const a = roundNanosUpToMilli(quantityNanos(written[name], () => `spec.overhead[${name}]`));
    const b = quantityNanos(podFixed[name], () => `overhead.podFixed[${name}]`);
    if (a !== b) return false;
  }
  return true;
}
