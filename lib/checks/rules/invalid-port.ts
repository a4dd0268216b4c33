import { ActionJson, fieldPath, ModelContainer, PodModel } from '../../model/pod-model';
import { PodRule } from '../rule';
import { RuleSeverity } from '../rule-severity';
import { portPath, PROBES, protocolOf, who } from './rule-helpers';

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

/**
 * Port of apimachinery `pkg/util/validation/validation.go` `IsValidPortName` (an IANA_SVC_NAME).
 * @internal
 */
export function portNameErrors(name: string): string[] {
  const errs: string[] = [];
  if (name.length > 15) errs.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(name)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(name)) errs.push('must contain at least one letter (a-z)');
  if (name.includes('--')) errs.push('must not contain consecutive hyphens');
  if (name.length > 0 && (name.startsWith('-') || name.endsWith('-'))) errs.push('must not begin or end with a hyphen');
  return errs;
}

/**
 * `portNameErrors(name).length === 0`, without building the list: the check every named port goes through.
 * @internal
 */
export function isValidPortName(name: string): boolean {
  return name.length <= 15 && PORT_NAME_CHARS.test(name) && HAS_LETTER.test(name) && !name.includes('--')
    && !name.startsWith('-') && !name.endsWith('-');
}

const PORT_NAME_CHARS = /^[-a-z0-9]+$/;
const HAS_LETTER = /[a-z]/;

function validPortNumber(n: unknown): boolean {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 65535;
}

/**
 * Container ports the API server rejects. kubernetes `pkg/apis/core/validation/validation.go` `validateContainerPorts`
 * (VALIDATION-RULES 4.1-4.3): containerPort and a non-zero hostPort between 1 and 65535, protocol SCTP/TCP/UDP, the
 * name an IANA service name, and names unique within one container. And the ports of probes and lifecycle hooks
 * (`validateHTTPGetAction`, `validateTCPSocketAction`, `validateGRPCAction` -> `ValidatePortNumOrName`): a number
 * between 1 and 65535, or a string that is a valid port name, so a number in quotes (`port: "8080"`) is rejected
 * ("must contain at least one letter (a-z)"). Only regular containers and native sidecars: a plain init container's
 * probes and hooks are rejected whole (PP-INIT-PROBE).
 */
export const invalidPort: PodRule = {
  id: 'PP-INVALID-PORT',
  severity: RuleSeverity.ERROR,
  apiServerRejects: true,
  cause: 'A container port has a number out of range, an unknown protocol, an invalid name, or a name used twice in the '
    + 'container; or a probe or lifecycle hook has a port that is neither a port number nor a valid port name (such as a number in quotes).',
  explanation: '`containerPort` (and `hostPort` when set) must be between 1 and 65535; `protocol` is TCP, UDP or SCTP; a '
    + 'port `name` is an IANA service name: at most 15 characters of `a-z`, `0-9` and `-`, at least one letter, no `--`, '
    + 'no leading or trailing `-`, and unique within the container. The `port` of an httpGet, tcpSocket or grpc probe or '
    + 'hook is a number from 1 to 65535 or a port name by the same rules: a number written as a string (`port: "8080"`, '
    + 'as a quoted Helm value renders it) is a name to Kubernetes, and has no letter. The API server rejects anything else.',
  source: 'kubernetes pkg/apis/core/validation/validation.go validateContainerPorts, ValidatePortNumOrName; apimachinery IsValidPortName, IsValidPortNum',
  check: (pod: PodModel) => {
    const out: string[] = [];
    const cs = pod.containers;
    for (let ci = 0; ci < cs.length; ci++) {
      const c = cs[ci];
      const ports = c.spec.ports;
      if (!ports || ports.length === 0) continue;
      let seen: Set<string> | undefined;
      for (let i = 0; i < ports.length; i++) {
        const p = ports[i];
        if (!validPortNumber(p.containerPort)) {
          out.push(`port ${JSON.stringify(p.containerPort)} of ${who(c)} is not a port number (${portPath(c, i)}.containerPort: Invalid value: `
            + `${p.containerPort}: must be between 1 and 65535, inclusive). Use a number from 1 to 65535.`);
        }
        if (p.hostPort !== undefined && p.hostPort !== 0 && !validPortNumber(p.hostPort)) {
          out.push(`hostPort ${p.hostPort} of ${who(c)} is not a port number (${portPath(c, i)}.hostPort: Invalid value: ${p.hostPort}: `
            + 'must be between 1 and 65535, inclusive).');
        }
        if (!PROTOCOLS.includes(protocolOf(p))) {
          out.push(`port ${p.containerPort} of ${who(c)} has protocol ${JSON.stringify(p.protocol)} (${portPath(c, i)}.protocol: Unsupported value: `
            + `"${p.protocol}": supported values: "SCTP", "TCP", "UDP"). Use TCP, UDP or SCTP.`);
        }
        if (p.name === undefined || p.name === '') continue;
        if (!isValidPortName(p.name)) {
          const errs = portNameErrors(p.name);
          out.push(`port name ${JSON.stringify(p.name)} of ${who(c)} is invalid (${portPath(c, i)}.name: Invalid value: ${JSON.stringify(p.name)}: `
            + `${errs.join(', ')}). Use at most 15 lowercase letters, digits and single hyphens, e.g. 'http' or 'metrics'.`);
        }
        seen ??= new Set<string>();
        if (seen.has(p.name)) {
          out.push(`${who(c)} declares port name '${p.name}' twice (${portPath(c, i)}.name: Duplicate value: "${p.name}"). `
            + `Give each port of ${fieldPath(c)} its own name.`);
        }
        seen.add(p.name);
      }
    }
    for (let ci = 0; ci < cs.length; ci++) {
      const c = cs[ci];
      if (c.role === 'init') continue; // a plain init container may have no probe or hook at all (PP-INIT-PROBE)
      for (let i = 0; i < PROBES.length; i++) handlerPortErrors(c, PROBES[i], c.spec[PROBES[i]], out);
      const lifecycle = c.spec.lifecycle;
      if (lifecycle) for (const hook of HOOKS) if (lifecycle[hook]) handlerPortErrors(c, `${hook} hook`, lifecycle[hook], out, `lifecycle.${hook}`);
    }
    return out;
  },
};

const HOOKS = ['postStart', 'preStop'] as const;

/** The findings for the port of a probe's or hook's handler that `ValidatePortNumOrName` rejects. */
function handlerPortErrors(c: ModelContainer, what: string, a: ActionJson | undefined, out: string[], field: string = what): void {
  if (a === undefined || a === null) return;
  // a valid number, the common case, costs three type checks: messages are built only for a finding
  handlerPortError(c, what, field, 'httpGet', a.httpGet?.port, out);
  handlerPortError(c, what, field, 'tcpSocket', a.tcpSocket?.port, out);
  if (typeof a.grpc?.port === 'number') handlerPortError(c, what, field, 'grpc', a.grpc.port, out); // else PP-SCHEMA's
}

function handlerPortError(c: ModelContainer, what: string, field: string, handler: string, port: unknown, out: string[]): void {
  if (port === undefined || port === null) return;
  if (typeof port === 'string') {
    if (isValidPortName(port)) return;
    const fix = /^\d+$/.test(port)
      ? `Kubernetes reads a number in quotes as a port name: write it as a number (port: ${Number(port)})`
      : 'Give the port number, or the name of a port the container declares';
    out.push(`the ${what} of ${who(c)} has port ${JSON.stringify(port)} (${fieldPath(c)}.${field}.${handler}.port: Invalid value: `
      + `${JSON.stringify(port)}: ${portNameErrors(port).join(', ')}). ${fix}.`);
  } else if (!validPortNumber(port)) {
    out.push(`the ${what} of ${who(c)} has port ${JSON.stringify(port)} (${fieldPath(c)}.${field}.${handler}.port: Invalid value: `
      + `${JSON.stringify(port)}: must be between 1 and 65535, inclusive). Use a number from 1 to 65535.`);
  }
}
