import { ActionJson, fieldPath, PodModel } from '../pod-model';
import { PodRule, RuleSeverity } from '../rule';
import { who } from './rule-helpers';

const PROBES = ['startupProbe', 'readinessProbe', 'livenessProbe'] as const;
const HOOKS = ['postStart', 'preStop'] as const;

/** The port name an action refers to, when it names one (not a number, nor a number written as a string). */
function namedPort(a: ActionJson | undefined): { handler: string; name: string } | undefined {
  for (const handler of ['httpGet', 'tcpSocket'] as const) {
    const port = a?.[handler]?.port;
    if (typeof port === 'string' && !/^\d+$/.test(port)) return { handler, name: port };
  }
  return undefined;
}

/**
 * A probe or lifecycle hook that names a port the container does not declare. The API server checks only the
 * name's syntax (VALIDATION-RULES 3.7, 9.4); the kubelet resolves it against the container's own ports
 * (kubernetes `pkg/probe/util.go` `ResolveContainerPort` / `findPortByName`; `pkg/kubelet/lifecycle/handlers.go`
 * `resolvePort` for hooks) and fails the probe when the name is not there.
 */
export const probePortUndeclared: PodRule = {
  id: 'PP-PROBE-PORT-UNDECLARED',
  severity: RuleSeverity.ERROR,
  cause: 'A probe or lifecycle hook names a port (httpGet/tcpSocket port as a string) that its container does not declare.',
  explanation: 'The kubelet resolves a named probe port against the ports of the same container only. When the name is '
    + 'not there the probe fails every time: a startupProbe never passes (for a native sidecar, the containers after it '
    + 'never start), a readinessProbe keeps the pod out of its Services, a livenessProbe restarts the container forever. '
    + 'The API server checks only the name\'s syntax. Declare the port with that name on the container, or use the number.',
  source: 'kubernetes pkg/probe/util.go ResolveContainerPort; pkg/kubelet/lifecycle/handlers.go resolvePort',
  check: (pod: PodModel) => {
    const out: string[] = [];
    for (const c of pod.containers) {
      const declared = (c.spec.ports ?? []).map(p => p.name).filter((n): n is string => !!n);
      const report = (what: string, path: string, ref: { handler: string; name: string }, effect: string) => {
        const have = declared.length > 0 ? `it declares ${declared.map(n => `'${n}'`).join(', ')}` : 'it declares no named ports';
        out.push(`the ${what} of ${who(c)} uses ${ref.handler} port '${ref.name}' (${path}.${ref.handler}.port), but '${c.name}' `
          + `has no port named '${ref.name}' (${have}): the kubelet cannot resolve it, so ${effect}. `
          + `Add { name: '${ref.name}', containerPort: ... } to the ports of '${c.name}', or give the port number.`);
      };
      for (const probe of PROBES) {
        const ref = namedPort(c.spec[probe]);
        if (!ref || declared.includes(ref.name)) continue;
        const effect = probe === 'startupProbe'
          ? (c.role === 'sidecar' ? 'the startupProbe never passes and the containers after it never start' : 'the startupProbe never passes and the container is restarted')
          : probe === 'readinessProbe' ? 'the container never becomes ready' : 'the livenessProbe fails and the container is restarted forever';
        report(probe, `${fieldPath(c)}.${probe}`, ref, effect);
      }
      for (const hook of HOOKS) {
        const ref = namedPort(c.spec.lifecycle?.[hook]);
        if (ref && !declared.includes(ref.name)) report(`${hook} hook`, `${fieldPath(c)}.lifecycle.${hook}`, ref, `the ${hook} hook fails`);
      }
    }
    return out;
  },
};
