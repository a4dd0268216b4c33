import { PodModel } from '../../model/pod-model';
import { PodRule } from '../rule';
import { RuleSeverity } from '../rule-severity';
import { nameList, runningContainerNamed, runningContainers } from './rule-helpers';

/**
 * An HPA `ContainerResource` metric must name a container the pod runs: a regular container or a native
 * sidecar. kubernetes `pkg/controller/podautoscaler/replica_calculator.go` `calculatePodRequestsFromContainers`
 * looks in `spec.containers` plus the restartable init containers and fails with "container %s not found in Pod %s".
 */
export const hpaUnknownContainer: PodRule = {
  id: 'PP-HPA-UNKNOWN-CONTAINER',
  severity: RuleSeverity.ERROR,
  cause: 'An HPA ContainerResource metric names a container its target pod does not run.',
  explanation: 'The HPA controller looks the metric\'s container up among the pod\'s regular containers and native '
    + 'sidecars. A misspelt name, or a plain init container (which has exited by the time the pod runs), gives '
    + '"container not found" and the HPA never scales. Name one of the containers the pod runs.',
  source: 'kubernetes pkg/controller/podautoscaler/replica_calculator.go calculatePodRequestsFromContainers',
  check: (pod: PodModel) => {
    const out: string[] = [];
    if (pod.hpas.length === 0) return out;
    const hpas = pod.hpas;
    for (let hi = 0; hi < hpas.length; hi++) {
      const h = hpas[hi];
      const metrics = h.metrics;
      for (let mi = 0; mi < metrics.length; mi++) {
        const m = metrics[mi];
        if (m.type !== 'ContainerResource' || !m.containerResource) continue;
        const name = m.containerResource.container;
        if (runningContainerNamed(pod, name)) continue;
        const running = runningContainers(pod);
        const init = pod.containers.find(c => c.name === name);
        const why = init
          ? `'${name}' is a plain init container, which has exited before the pod runs and reports no metrics`
          : `${pod.kind} '${pod.name}' has no container '${name}'`;
        out.push(`HPA '${h.name}' scales on the ${m.containerResource.name} of container '${name}', but ${why} `
          + `(it runs: ${nameList(running)}); the HPA controller fails with "container ${name} not found". `
          + 'Name one of those containers in the metric.');
      }
    }
    return out;
  },
};
