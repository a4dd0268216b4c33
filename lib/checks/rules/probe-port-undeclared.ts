import { ActionJson, fieldPath, ModelContainer, PodModel } from '../../model/pod-model';
import { PodRule } from '../rule';
import { RuleSeverity } from '../rule-severity';
import { isValidPortName } from './invalid-port';
import { probeFailureEffect, PROBES, who } from './rule-helpers';

const HOOKS = ['postStart', 'preStop'] as const;

const HANDLERS = ['httpGet', 'tcpSocket'] as const;

/**
 * The port name an action refers to, when it names one: a string that is a valid port name. Any other string (a
 * number in quotes included) the API server rejects, and PP-INVALID-PORT reports it.
 */
function namedPort(a: ActionJson | undefined): { handler: string; name: string } | undefined {
  if (a === undefined || a === null) return undefined;
  for (let handlerIndex = 0; handlerIndex < HANDLERS.length; handlerIndex++) {
    const handler = HANDLERS[handlerIndex];
    const port = a[handler]?.port;
    if (typeof port === 'string' && isValidPortName(port)) return { handler, name: port };
  }
  return undefined;
}

/** Whether the container declares a port of that name. */
function declares(c: ModelContainer, name: string): boolean {
  const ports = c.spec.ports;
  if (!ports) return false;
  for (let i = 0; i < ports.length; i++) {
    if (ports[i].name === name) return true;
  }
  return false;
}

function finding(c: ModelContainer, what: string, path: string, ref: { handler: string; name: string }, effect: string): string {
  const declared = (c.spec.ports ?? []).map(p => p.name).filter((n): n is string => !!n);
  const have = declared.length > 0 ? `it declares ${declared.map(n => `'${n}'`).join(', ')}` : 'it declares no named ports';
  return `the ${what} of ${who(c)} uses ${ref.handler} port '${ref.name}' (${path}.${ref.handler}.port), but '${c.name}' `
    + `has no port named '${ref.name}' (${have}): the kubelet cannot resolve it, so ${effect}. `
    + `Add { name: '${ref.name}', containerPort: ... } to the ports of '${c.name}', or give the port number.`;
}

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
    // strings are built only for a finding: this runs for every container of every pod
    const cs = pod.containers;
    for (let ci = 0; ci < cs.length; ci++) {
      const c = cs[ci];
      for (let probeIndex = 0; probeIndex < PROBES.length; probeIndex++) {
        const probe = PROBES[probeIndex];
        const ref = namedPort(c.spec[probe]);
        if (ref && !declares(c, ref.name)) out.push(finding(c, probe, `${fieldPath(c)}.${probe}`, ref, probeFailureEffect(c, probe)));
      }
      const lifecycle = c.spec.lifecycle;
      if (!lifecycle) continue;
      for (let hookIndex = 0; hookIndex < HOOKS.length; hookIndex++) {
        const hook = HOOKS[hookIndex];
        const ref = namedPort(lifecycle[hook]);
        if (ref && !declares(c, ref.name)) out.push(finding(c, `${hook} hook`, `${fieldPath(c)}.lifecycle.${hook}`, ref, `the ${hook} hook fails`));
      }
    }
    return out;
  },
};
