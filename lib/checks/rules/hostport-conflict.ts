import { ContainerPortJson, ModelContainer, PodModel } from '../../model/pod-model';
import { PodRule } from '../rule';
import { RuleSeverity } from '../rule-severity';
import { portPath, protocolOf, runAtOnce, who } from './rule-helpers';

/** `0.0.0.0`, what an empty hostIP means (scheduler `HostPortInfo.sanitize`). */
const ALL_HOST_IPS = '0.0.0.0';

interface HostPortEntry {
  readonly c: ModelContainer;
  readonly index: number;
  readonly port: ContainerPortJson;
}

/**
 * Two host ports that cannot both be bound on one node. Port of the scheduler's
 * `pkg/scheduler/framework/types.go` `HostPortInfo.CheckConflict` (empty hostIP is 0.0.0.0, which conflicts
 * with every IP of the same protocol and port; empty protocol is TCP).
 */
function conflicts(a: ContainerPortJson, b: ContainerPortJson): boolean {
  if (!a.hostPort || a.hostPort !== b.hostPort || protocolOf(a) !== protocolOf(b)) return false;
  const ipA = a.hostIP || ALL_HOST_IPS;
  const ipB = b.hostIP || ALL_HOST_IPS;
  return ipA === ipB || ipA === ALL_HOST_IPS || ipB === ALL_HOST_IPS;
}

/** The API server's key, `checkHostPortConflicts`: `TCP//8080`. */
function apiKey(p: ContainerPortJson): string {
  return `${protocolOf(p)}/${p.hostIP ?? ''}/${p.hostPort}`;
}

function describe(p: ContainerPortJson): string {
  return `host port ${protocolOf(p)} ${p.hostIP ? `${p.hostIP}:` : ''}${p.hostPort}`;
}

/**
 * Duplicate host ports among containers that run at the same time.
 * kubernetes `pkg/apis/core/validation/validation.go` `checkHostPortConflicts` / `AccumulateUniqueHostPorts`
 * (VALIDATION-RULES 4.4) rejects them among regular containers and within one init container; across a
 * sidecar and a regular container validation passes but the node can only grant the port once (9.3).
 */
export const hostPortConflict: PodRule = {
  id: 'PP-HOSTPORT-CONFLICT',
  severity: RuleSeverity.ERROR,
  cause: 'Two ports of containers that run at the same time claim the same hostPort (protocol, hostIP, hostPort).',
  explanation: 'A host port is a port of the node: only one container can hold it. The API server rejects duplicate '
    + '`protocol/hostIP/hostPort` keys among regular containers and within one init container, but checks each init '
    + 'container (native sidecars included) only against itself, so a sidecar and a regular container claiming the same '
    + 'host port pass validation and then fail on the node. An empty hostIP means every address (0.0.0.0) and clashes with '
    + 'any specific IP. Drop one of the hostPorts or give it another number.',
  source: 'kubernetes pkg/apis/core/validation/validation.go checkHostPortConflicts; pkg/scheduler/framework/types.go HostPortInfo.CheckConflict',
  check: (pod: PodModel) => {
    if (!pod.containers.some(c => c.spec.ports?.some(p => p.hostPort))) return []; // the usual pod claims no host port
    const entries: HostPortEntry[] = [];
    for (const c of pod.containers) {
      (c.spec.ports ?? []).forEach((port, index) => {
        if (port.hostPort) entries.push({ c, index, port });
      });
    }
    const out: string[] = [];
    for (let i = 0; i < entries.length; i++) {
      for (let j = i + 1; j < entries.length; j++) {
        const a = entries[i];
        const b = entries[j];
        if (!conflicts(a.port, b.port)) continue;
        const same = a.c === b.c;
        if (!same && !runAtOnce(a.c, b.c)) continue;
        const where = `(${portPath(a.c, a.index)} and ${portPath(b.c, b.index)})`;
        const apiRejects = apiKey(a.port) === apiKey(b.port) && (same || (a.c.role === 'main' && b.c.role === 'main'));
        const consequence = apiRejects
          ? `the API server rejects the pod (${portPath(b.c, b.index)}.hostPort: Duplicate value: "${apiKey(b.port)}")`
          : 'the API server accepts this, but a node can give the port to only one of them, so the pod never runs';
        const subject = same ? `${who(a.c)} claims ${describe(a.port)} twice` : `${who(a.c)} and ${who(b.c)} both claim ${describe(b.port)}`;
        out.push(`${subject} ${where}: ${consequence}. Remove one of the hostPorts or give it another number.`);
      }
    }
    return out;
  },
};
