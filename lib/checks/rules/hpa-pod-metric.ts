import { injectedSidecars } from '../../model/injected-sidecars';
import { PodModel } from '../../model/pod-model';
import { PodRule } from '../rule';
import { RuleSeverity } from '../rule-severity';
import { nameList, runningContainers } from './rule-helpers';

/**
 * A pod-level `Resource` metric on a pod with several running containers averages the app with its helpers.
 * KEP-1610 (HPA ContainerResource metrics) exists for this case.
 */
export const hpaPodMetric: PodRule = {
  id: 'PP-HPA-POD-METRIC',
  severity: RuleSeverity.WARNING,
  cause: 'An HPA scales on a pod-level Resource metric of a pod that runs more than one container.',
  explanation: 'A `Resource` metric is the utilisation of the whole pod: the usage of every regular container and native '
    + 'sidecar over the sum of their requests. A near-idle log shipper or proxy dilutes the app\'s load (or a busy proxy '
    + 'inflates it), so the HPA scales late or for the wrong reason. A proxy or agent an injector adds (Istio, Linkerd, '
    + 'the Vault agent, asked for by the pod template\'s labels or annotations) counts too. Scale on a `ContainerResource` metric of the app '
    + 'container instead (`WithContainerAutoscaling`, Kubernetes 1.27+).',
  source: 'KEP-1610 container resource autoscaling',
  check: (pod: PodModel) => {
    if (!pod.hpas.some(h => h.metrics.some(m => m.type === 'Resource'))) return []; // only pod-level metrics average
    const running = runningContainers(pod);
    // a proxy or agent an injector adds (lib/model/injected-sidecars.ts) runs beside the app too
    const injected = injectedSidecars(pod).map(s => `'${s.container}' (injected by ${s.injector})`);
    if (running.length + injected.length < 2) return [];
    const app = running.find(c => c.role === 'main' && c.pattern === undefined) ?? running.find(c => c.role === 'main');
    const out: string[] = [];
    for (const h of pod.hpas) {
      for (const m of h.metrics) {
        if (m.type !== 'Resource' || !m.resource) continue;
        out.push(`HPA '${h.name}' scales on the pod's ${m.resource.name} utilisation, which averages containers ${[nameList(running), ...injected].filter(Boolean).join(', ')}: `
          + `the helpers dilute the app's load. Use a ContainerResource metric on '${app?.name}' instead `
          + `(WithContainerAutoscaling({ container: '${app?.name}', ... }), or kplus.Metric.container${m.resource.name === 'memory' ? 'Memory' : 'Cpu'}).`);
      }
    }
    return out;
  },
};
