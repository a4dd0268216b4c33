// PP-POD-RESOURCES follows kubernetes pkg/apis/core/validation/validation.go validatePodResourceName (cpu, memory,
// hugepages- only) and validatePodResourceConsistency (pod request >= aggregate container requests, KEP-753's formula;
// regular container limit <= pod limit); PodLevelResources: alpha 1.32, beta 1.34 (pkg/features/kube_features.go, KEP-2837).
import { container, messages, pod, run, sidecar } from './rule-fixtures';
import { RuleSeverity } from '../../lib/checks/rule-severity';
import { podResourcesConsistency } from '../../lib/checks/rules/pod-resources-consistency';

const res = (cpu: string) => ({ resources: { requests: { cpu, memory: '64Mi' }, limits: { memory: '64Mi' } } });

describe('PP-POD-RESOURCES', () => {
  test('fails when the pod-level cpu request is below the app plus its native sidecar', () => {
    const findings = run(podResourcesConsistency, pod({
      resources: { requests: { cpu: '500m' } },
      initContainers: [sidecar('proxy', res('300m'))],
      containers: [container('app', res('500m'))],
    }, { version: '1.34' }));
    expect(findings.map(f => [f.ruleId, f.severity])).toEqual([['PP-POD-RESOURCES', RuleSeverity.ERROR]]);
    expect(findings[0].message).toEqual('pod-level spec.resources.requests.cpu is 500m, less than the containers request together '
      + '(800m, native sidecars added to the regular containers) (must be greater than or equal to aggregate container requests '
      + "of 800m): the API server rejects the pod. Raise it to at least 800m, or lower the containers' requests.");
  });

  test('fails for a resource other than cpu, memory or hugepages, and a container limit above the pod limit', () => {
    expect(messages(podResourcesConsistency, pod({
      resources: { requests: { 'cpu': '1', 'ephemeral-storage': '1Gi' }, limits: { memory: '128Mi' } },
      containers: [container('app', { resources: { requests: { cpu: '500m', memory: '64Mi' }, limits: { memory: '256Mi' } } })],
    }, { version: '1.34' }))).toEqual([
      'pod-level spec.resources.requests sets ephemeral-storage, which only containers may set (spec.resources.requests[ephemeral-storage]: '
        + 'Unsupported value: "ephemeral-storage": supported values: "cpu", "hugepages-", "memory"). Move ephemeral-storage to the containers\' resources.',
      "container 'app' (spec.containers[0]) has a memory limit of 256Mi, above the pod-level limit of 128Mi (must be less than or equal "
        + "to pod limits of 128Mi): the API server rejects the pod. Lower the container's limit to at most 128Mi, or raise spec.resources.limits.memory.",
    ]);
  });

  test('passes a pod-level request that covers the containers', () => {
    expect(run(podResourcesConsistency, pod({ resources: { requests: { cpu: '1' }, limits: { cpu: '2' } }, containers: [container('app', res('500m'))] }, { version: '1.34' })))
      .toEqual([]);
  });

  test('does not apply without spec.resources, or where the target has no pod-level resources (PP-FEATURE-VERSION)', () => {
    expect(run(podResourcesConsistency, pod({ containers: [container('app')] }, { version: '1.34' }))).toEqual([]);
    expect(run(podResourcesConsistency, pod({ resources: { requests: { cpu: '1m' } }, containers: [container('app', res('500m'))] }, { version: '1.33' }))).toEqual([]);
  });
});
