import { describeAction } from '../../model/pod-lifecycle';
import { ProbeJson, PodModel } from '../../model/pod-model';
import { PodRule } from '../rule';
import { RuleSeverity } from '../rule-severity';
import { who } from './rule-helpers';

/** The handler of a probe, as a comparable string (the timing fields left out). */
function handlerKey(p: ProbeJson): string | undefined {
  for (const h of ['exec', 'httpGet', 'tcpSocket', 'grpc'] as const) {
    if (p[h] !== undefined && p[h] !== null) return `${h}:${stable(p[h])}`;
  }
  return undefined;
}

function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).sort().map(k => `${k}:${stable((v as { [k: string]: unknown })[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/**
 * A livenessProbe that checks exactly what the readinessProbe checks (kube-score `container-probes-identical`): when
 * the app is busy or a dependency is down, it is not only taken out of the Services but also restarted, often in a
 * cascade across the replicas.
 */
export const probeIdentical: PodRule = {
  id: 'PP-PROBE-IDENTICAL',
  severity: RuleSeverity.WARNING,
  cause: 'A container\'s livenessProbe and readinessProbe use the same handler.',
  explanation: 'A readinessProbe answers "can I take traffic now?" and a failure only takes the pod out of its Services; a '
    + 'livenessProbe answers "am I stuck beyond repair?" and a failure restarts the container. With the same check, a '
    + 'pod that is only overloaded or waiting on a dependency is restarted as well, which adds load and can cascade '
    + 'through every replica. Point the livenessProbe at a cheaper check that does not depend on other services, or drop it.',
  source: 'kube-score container-probes-identical; https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/',
  check: (pod: PodModel) => {
    const out: string[] = [];
    for (const c of pod.containers) {
      if (c.role === 'init') continue; // plain init containers have no probes (PP-INIT-PROBE)
      const live = c.spec.livenessProbe;
      const ready = c.spec.readinessProbe;
      if (!live || !ready) continue;
      const key = handlerKey(live);
      if (key === undefined || key !== handlerKey(ready)) continue;
      out.push(`the livenessProbe and the readinessProbe of ${who(c)} are the same check (${describeAction(live)}): when it `
        + 'fails because the app is busy or a dependency is down, the container is restarted, not just taken out of its '
        + 'Services. Give the livenessProbe a cheaper check of the process alone (e.g. a /livez endpoint), or remove it.');
    }
    return out;
  },
};
