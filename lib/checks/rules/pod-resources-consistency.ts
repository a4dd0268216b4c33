import { aggregateContainerRequests, defaultedPod, isSupportedPodLevelResource, toSchedulerAmounts } from '../../accounting/pod-resources';
import { KubernetesFeature } from '../../model/kubernetes-feature';
import { PodModel } from '../../model/pod-model';
import { formatAmount } from '../../model/quantity';
import { PodRule } from '../rule';
import { RuleSeverity } from '../rule-severity';

/**
 * Pod-level `spec.resources` that the API server rejects, where the target has PodLevelResources (below it,
 * PP-FEATURE-VERSION reports the field): kubernetes `pkg/apis/core/validation/validation.go` `validatePodResources`
 * (`validatePodResourceName`: only cpu, memory and hugepages-*) and `validatePodResourceConsistency` (pod requests at
 * least the aggregate container requests, the sidecar-aware sum of KEP-753; no regular container limit above the pod
 * limit). VALIDATION-RULES 7.1, 7.3, 7.5.
 */
export const podResourcesConsistency: PodRule = {
  id: 'PP-POD-RESOURCES',
  severity: RuleSeverity.ERROR,
  apiServerRejects: true,
  cause: 'Pod-level spec.resources names a resource other than cpu, memory or hugepages, requests less than the containers '
    + 'together, or limits less than one container.',
  explanation: 'With pod-level resources (KEP-2837; Kubernetes 1.34+, 1.32-1.33 with the PodLevelResources gate) the '
    + 'API server accepts only `cpu`, `memory` and `hugepages-*` in `spec.resources`; a pod-level request below the '
    + 'aggregate of the container requests (regular containers and native sidecars added up, plain init containers as '
    + 'their largest phase: the scheduler\'s formula) and a regular container\'s limit above the pod-level limit are '
    + 'rejected. Raise the pod-level value, lower the containers\', or leave the resource to the containers.',
  source: 'kubernetes pkg/apis/core/validation/validation.go validatePodResources, validatePodResourceName, '
    + 'validatePodResourceConsistency; KEP-2837 pod-level resources',
  check: (pod: PodModel) => {
    const r = pod.spec.resources;
    if (!r || !KubernetesFeature.POD_LEVEL_RESOURCES.isEnabled(pod.target.version, pod.target.featureGates)) return [];
    const out: string[] = [];
    for (const kind of ['requests', 'limits'] as const) {
      for (const name of Object.keys(r[kind] ?? {})) {
        if (isSupportedPodLevelResource(name)) continue;
        out.push(`pod-level spec.resources.${kind} sets ${name}, which only containers may set (spec.resources.${kind}[${name}]: `
          + `Unsupported value: "${name}": supported values: "cpu", "hugepages-", "memory"). Move ${name} to the containers' resources.`);
      }
    }
    const defaulted = defaultedPod(pod.spec);
    const aggregate = toSchedulerAmounts(aggregateContainerRequests(defaulted));
    const podRequests = toSchedulerAmounts(defaulted.resources?.requests ?? new Map());
    for (const name of Object.keys(r.requests ?? {})) {
      if (!isSupportedPodLevelResource(name)) continue;
      const mine = podRequests.get(name);
      const sum = aggregate.get(name);
      if (mine === undefined || sum === undefined || mine >= sum) continue;
      out.push(`pod-level spec.resources.requests.${name} is ${formatAmount(name, mine)}, less than the containers request together `
        + `(${formatAmount(name, sum)}, native sidecars added to the regular containers) (must be greater than or equal to aggregate `
        + `container requests of ${formatAmount(name, sum)}): the API server rejects the pod. Raise it to at least `
        + `${formatAmount(name, sum)}, or lower the containers' requests.`);
    }
    const podLimits = toSchedulerAmounts(defaulted.resources?.limits ?? new Map());
    defaulted.containers.forEach((c, i) => {
      const limits = toSchedulerAmounts(c.limits ?? new Map());
      for (const [name, cap] of podLimits) {
        if (!isSupportedPodLevelResource(name)) continue;
        const own = limits.get(name);
        if (own === undefined || own <= cap) continue;
        out.push(`container '${c.name}' (spec.containers[${i}]) has a ${name} limit of ${formatAmount(name, own)}, above the pod-level `
          + `limit of ${formatAmount(name, cap)} (must be less than or equal to pod limits of ${formatAmount(name, cap)}): the API server `
          + `rejects the pod. Lower the container's limit to at most ${formatAmount(name, cap)}, or raise spec.resources.limits.${name}.`);
      }
    });
    return out;
  },
};
