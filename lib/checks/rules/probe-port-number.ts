import { injectorOwnedContainers, isIstioRewrittenProbe } from '../../model/injected-sidecars';
import { ContainerPortJson, fieldPath, ModelContainer, PodModel, ProbeJson } from '../../model/pod-model';
import { PodRule } from '../rule';
import { RuleSeverity } from '../rule-severity';
import { probeFailureEffect, PROBES, protocolOf, who } from './rule-helpers';

/** The port number a probe connects to, with its handler; undefined when it names a port, sets `host`, or has none. */
function probedNumber(p: ProbeJson | undefined): { handler: 'httpGet' | 'tcpSocket' | 'grpc'; port: number } | undefined {
  if (p === undefined || p === null) return undefined;
  // httpGet and tcpSocket: a string is a port name (PP-PROBE-PORT-UNDECLARED); a host sends the probe elsewhere
  if (p.httpGet) return p.httpGet.host ? undefined : numbered('httpGet', p.httpGet.port);
  if (p.tcpSocket) return p.tcpSocket.host ? undefined : numbered('tcpSocket', p.tcpSocket.port);
  if (p.grpc) return numbered('grpc', p.grpc.port);
  return undefined;
}

function numbered(handler: 'httpGet' | 'tcpSocket' | 'grpc', port: unknown): { handler: 'httpGet' | 'tcpSocket' | 'grpc'; port: number } | undefined {
  // out of range is the API server's to reject (PP-INVALID-PORT); a string is a name, digits included (probe.ResolveContainerPort)
  return typeof port === 'number' && Number.isInteger(port) && port >= 1 && port <= 65535 ? { handler, port } : undefined;
}

/** Whether a port declaration serves TCP on that number (a probe connects over TCP: httpGet, tcpSocket and grpc alike). */
function servesTcp(p: ContainerPortJson, port: number): boolean {
  return p.containerPort === port && protocolOf(p) === 'TCP';
}

/** `'app' declares TCP 8080, UDP 8125` or `'app' declares no ports`, and a note when the number is declared for UDP/SCTP only. */
function declaredBy(c: ModelContainer, port: number): string {
  const ports = c.spec.ports ?? [];
  if (ports.length === 0) return `'${c.name}' declares no ports`;
  const other = ports.filter(p => p.containerPort === port).map(p => protocolOf(p));
  const note = other.length > 0 ? `; it declares ${port} only as ${other.join(' and ')}, and a probe connects over TCP` : '';
  return `'${c.name}' declares ${ports.map(p => `${protocolOf(p)} ${p.containerPort}`).join(', ')}${note}`;
}

/**
 * A probe that connects to a port number no container of the pod declares (kube-linter's `liveness-port`,
 * `readiness-port` and `startup-port` checks, on by default there). A declared port does not open anything, so the probe
 * may well pass; but a number that matches no declared port is the usual shape of a typo or of a port changed in one
 * place only, and the probe then fails for a container that is fine. The kubelet sends httpGet, tcpSocket and grpc
 * probes to the pod's IP (`pkg/kubelet/prober/prober.go` `runProbe`; `pkg/probe/http/request.go`
 * `NewRequestForHTTPGetAction`), and reads a number as it is (`pkg/probe/util.go` `ResolveContainerPort`).
 */
export const probePortNumber: PodRule = {
  id: 'PP-PROBE-PORT-NUMBER',
  severity: RuleSeverity.WARNING,
  cause: 'An httpGet, tcpSocket or grpc probe connects to a port number that no container of the pod declares.',
  explanation: 'Declaring a port opens nothing, so such a probe can pass; but a probe on a number that matches no declared '
    + 'port is usually a typo or a port changed in one place only, and then the probe fails for a healthy container: a '
    + 'startupProbe or livenessProbe restarts it, a readinessProbe keeps it out of its Services. kube-linter reports the '
    + 'same (`liveness-port`, `readiness-port`, `startup-port`, on by default). Check the number; if it is right, declare '
    + 'it (TCP) in the `ports` of the container that serves it, which also documents it and lets a Service target it by '
    + 'name.\n\n'
    + 'What counts and what does not:\n'
    + '- A port declared by **another container of the pod** satisfies the rule. The containers share the pod\'s network '
    + 'namespace and the kubelet probes the pod\'s IP, so that container answers; checking a sibling\'s port is a '
    + 'deliberate pattern (the CSI `livenessprobe` sidecar serves `/healthz` for the driver container it checks over '
    + 'the CSI socket; a mesh agent answers the app\'s probes), so it is not reported.\n'
    + '- Only TCP declarations count (as in kube-linter): the probes connect over TCP, and a UDP port of the same number '
    + 'is another socket.\n'
    + '- Not checked: probes of plain init containers (they cannot have any, PP-INIT-PROBE); probes that name a port '
    + '(PP-PROBE-PORT-UNDECLARED) or give a number in quotes such as `"8080"`, which is a name to the kubelet and which '
    + 'the API server rejects (PP-INVALID-PORT); probes with `httpGet.host` or `tcpSocket.host` set, which the kubelet sends to that host instead of the pod; '
    + 'pods with `hostNetwork: true`, where the pod\'s IP is the node\'s, any process of the node may answer, and a '
    + 'declared port also becomes a hostPort; lifecycle hooks, as kube-linter leaves them, since a hook\'s httpGet '
    + 'usually calls an admin or shutdown endpoint that is on purpose not declared.\n'
    + '- Not reported: containers an injector added (Istio\'s `istio-proxy`, whose probes use its status port 15021 '
    + 'while it declares only 15090; Linkerd\'s `linkerd-proxy`; the Vault agent) and the app probes Istio rewrote to '
    + 'its agent (`/app-health/<container>/...` on port 15020): the user does not write them, and the injector would put '
    + 'them back. Lint the manifest before injection to check your own probes.',
  source: 'kube-linter pkg/templates/util/check_probe_port.go CheckProbePort (liveness-port, readiness-port, startup-port); '
    + 'kubernetes pkg/probe/util.go ResolveContainerPort; pkg/kubelet/prober/prober.go runProbe',
  check: (pod: PodModel) => {
    if (pod.spec.hostNetwork === true) return [];
    const out: string[] = [];
    // strings are built only for a finding: this runs for every container of every pod
    const cs = pod.containers;
    let injected: Map<string, string> | undefined;
    for (let ci = 0; ci < cs.length; ci++) {
      const c = cs[ci];
      if (c.role === 'init') continue; // plain init containers have no probes (PP-INIT-PROBE)
      for (let probeIndex = 0; probeIndex < PROBES.length; probeIndex++) {
        const probe = PROBES[probeIndex];
        const ref = probedNumber(c.spec[probe]);
        if (!ref || declaredInPod(pod, ref.port)) continue;
        injected ??= injectorOwnedContainers(pod);
        if (injected.has(c.name) || isIstioRewrittenProbe(pod, c.name, c.spec[probe])) continue;
        const path = `${fieldPath(c)}.${probe}.${ref.handler}.port`;
        out.push(`the ${probe} of ${who(c)} uses ${ref.handler} port ${ref.port} (${path}), but no container of the pod `
          + `declares TCP port ${ref.port} (${declaredBy(c, ref.port)}): if nothing listens on it, ${probeFailureEffect(c, probe)}. `
          + `Check the number; if it is right, add { containerPort: ${ref.port} } to the ports of '${c.name}' (or of the `
          + 'container that serves it).');
      }
    }
    return out;
  },
};

/** Whether a running container (regular or native sidecar) of the pod declares that TCP port. */
function declaredInPod(pod: PodModel, port: number): boolean {
  const cs = pod.containers;
  for (let ci = 0; ci < cs.length; ci++) {
    if (cs[ci].role === 'init') continue;
    const ports = cs[ci].spec.ports;
    if (!ports) continue;
    for (let i = 0; i < ports.length; i++) if (servesTcp(ports[i], port)) return true;
  }
  return false;
}
