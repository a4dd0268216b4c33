import { ContainerPortJson, ModelContainer, PodModel } from '../../model/pod-model';
import { PodRule } from '../rule';
import { RuleSeverity } from '../rule-severity';
import { nameList, protocolOf, who } from './rule-helpers';

/**
 * A native sidecar that serves a port to the containers started after it, without a startupProbe.
 * The kubelet starts the next init container (or the regular containers) as soon as a sidecar has *started*,
 * or, when it has a startupProbe, once the probe passes (`k8s.io/api/core/v1/types.go` Container.RestartPolicy
 * doc; KEP-753).
 */
export const sidecarNoStartupProbe: PodRule = {
  id: 'PP-SIDECAR-NO-STARTUP-PROBE',
  severity: RuleSeverity.WARNING,
  cause: 'A native sidecar that serves a port to the containers after it (a proxy, an ambassador) has no startupProbe.',
  explanation: 'The kubelet starts the containers after a native sidecar as soon as the sidecar\'s process has started, '
    + 'unless it has a startupProbe, in which case it waits for the probe to pass. A proxy or ambassador without one lets '
    + 'the app start before the proxy accepts connections, so its first requests fail. Give the sidecar a startupProbe on '
    + 'the port it serves (cdk8s-plus adds a TCP one when the sidecar is given `portNumber`).',
  source: 'k8s.io/api core/v1 types.go Container.RestartPolicy; KEP-753 sidecar containers',
  check: (pod: PodModel) => {
    const out: string[] = [];
    const cs = pod.containers;
    for (let ci = 0; ci < cs.length; ci++) {
      const c = cs[ci];
      if (c.role !== 'sidecar' || c.spec.startupProbe || !c.spec.ports || c.spec.ports.length === 0) continue;
      const m = message(pod, c, c.spec.ports);
      if (m !== undefined) out.push(m);
    }
    return out;
  },
};

/** The finding for a sidecar that serves ports without a startupProbe, unless no container starts after it. */
function message(pod: PodModel, c: ModelContainer, ports: ContainerPortJson[]): string | undefined {
  const later = pod.containers.filter(x => x.role === 'main' || (x.list === 'initContainers' && x.index > c.index));
  if (later.length === 0) return undefined;
  return `${who(c)} serves ${ports.map(p => `${protocolOf(p)} ${p.containerPort}`).join(', ')} but has no startupProbe: `
    + `the kubelet starts ${nameList(later)} as soon as '${c.name}' has started, before it accepts connections. `
    + `Add a startupProbe (e.g. startup: kplus.Probe.fromTcpSocket({ port: ${ports[0].containerPort} })).`;
}
