import * as fc from 'fast-check';
import { container, messages, pod, run, sidecar } from './rule-fixtures';
import { invalidPort, isValidPortName, portNameErrors } from '../../lib/checks/rules/invalid-port';

describe('PP-INVALID-PORT', () => {
  test('fails for a containerPort out of range, naming container and path', () => {
    const findings = run(invalidPort, pod({ containers: [container('app', { ports: [{ containerPort: 70000 }] })] }));
    expect(findings.map(f => f.ruleId)).toEqual(['PP-INVALID-PORT']);
    expect(findings[0].message).toContain('spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive');
  });

  test('fails for an invalid port name with the API server\'s reasons', () => {
    const [m] = messages(invalidPort, pod({ containers: [container('app', { ports: [{ containerPort: 80, name: 'HTTP_PORT_FOR_THE_APP' }] })] }));
    expect(m).toContain('port name "HTTP_PORT_FOR_THE_APP" of container \'app\' is invalid');
    expect(m).toContain('must be no more than 15 characters');
    expect(m).toContain('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  });

  test('fails for a port name used twice in one container, a bad protocol and a bad hostPort', () => {
    const m = messages(invalidPort, pod({
      containers: [container('app', { ports: [{ containerPort: 80, name: 'http' }, { containerPort: 81, name: 'http', protocol: 'HTTP', hostPort: 99999 }] })],
    }));
    expect(m.join('\n')).toContain('spec.containers[0].ports[1].name: Duplicate value: "http"');
    expect(m.join('\n')).toContain('Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"');
    expect(m.join('\n')).toContain('hostPort 99999');
  });

  test('passes for valid ports, and the same name in two containers (that is the warning PP-PORT-NAME-REPEATED)', () => {
    expect(run(invalidPort, pod({
      containers: [container('a', { ports: [{ containerPort: 8080, name: 'http', protocol: 'TCP' }] }), container('b', { ports: [{ containerPort: 53, name: 'http', protocol: 'UDP' }] })],
    }))).toEqual([]);
  });

  // pkg/apis/core/validation/validation.go validateHTTPGetAction/validateTCPSocketAction/validateGRPCAction ->
  // ValidatePortNumOrName: an int must be a port number, a string a valid port name (IsValidPortName), so a number in
  // quotes fails "must contain at least one letter (a-z)" (as reported against Kubernetes 1.34 in
  // external-secrets/external-secrets#5437: `livenessProbe.httpGet.port: Invalid value: "8082"`).
  test('fails for a probe port written as a number in quotes, with the API server\'s message and the number to write', () => {
    const findings = run(invalidPort, pod({
      containers: [container('app', { ports: [{ containerPort: 8080 }], livenessProbe: { httpGet: { path: '/healthz', port: '8080' } } })],
    }));
    expect(findings.map(f => f.ruleId)).toEqual(['PP-INVALID-PORT']);
    expect(findings[0].message).toBe("the livenessProbe of container 'app' has port \"8080\" (spec.containers[0].livenessProbe.httpGet.port: "
      + 'Invalid value: "8080": must contain at least one letter (a-z)). Kubernetes reads a number in quotes as a port name: '
      + 'write it as a number (port: 8080).');
  });

  test('fails for an invalid port name in a hook, and port numbers out of range in a native sidecar\'s probes', () => {
    const m = messages(invalidPort, pod({
      initContainers: [sidecar('proxy', { readinessProbe: { grpc: { port: 0 } }, startupProbe: { tcpSocket: { port: 70000 } } })],
      containers: [container('app', { lifecycle: { preStop: { httpGet: { path: '/drain', port: 'ADMIN_PORT' } } } })],
    }));
    expect(m).toEqual([
      "the startupProbe of native sidecar 'proxy' has port 70000 (spec.initContainers[0].startupProbe.tcpSocket.port: Invalid value: "
        + '70000: must be between 1 and 65535, inclusive). Use a number from 1 to 65535.',
      "the readinessProbe of native sidecar 'proxy' has port 0 (spec.initContainers[0].readinessProbe.grpc.port: Invalid value: "
        + '0: must be between 1 and 65535, inclusive). Use a number from 1 to 65535.',
      "the preStop hook of container 'app' has port \"ADMIN_PORT\" (spec.containers[0].lifecycle.preStop.httpGet.port: Invalid value: "
        + '"ADMIN_PORT": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-), must contain at least one '
        + 'letter (a-z)). Give the port number, or the '
        + 'name of a port the container declares.',
    ]);
  });

  test('passes for probe and hook ports that are numbers or valid names; leaves plain init containers to PP-INIT-PROBE', () => {
    expect(run(invalidPort, pod({
      initContainers: [container('migrate', { readinessProbe: { httpGet: { path: '/', port: '5432' } } })],
      containers: [container('app', {
        ports: [{ containerPort: 8080, name: 'http' }],
        startupProbe: { tcpSocket: { port: 8080 } },
        readinessProbe: { httpGet: { path: '/', port: 'http' } },
        livenessProbe: { grpc: { port: 65535 } },
        lifecycle: { postStart: { httpGet: { path: '/', port: 1 } }, preStop: { exec: { command: ['true'] } } },
      })],
    }))).toEqual([]);
  });

  test('does not apply to containers without ports', () => {
    expect(run(invalidPort, pod({ containers: [container('app')] }))).toEqual([]);
  });

  // apimachinery pkg/util/validation/validation_test.go TestIsValidPortName
  test.each(['telnet', 're-mail-ck', 'pop3', 'a', 'a-1', '1-a', 'a-1-b-2-c', '1-a-2-b-3'])('IsValidPortName accepts %s', n => {
    expect(portNameErrors(n)).toEqual([]);
    expect(isValidPortName(n)).toBe(true);
  });
  test.each(['longerthan15characters', '', 'a'.repeat(16), '12345', '1-2-3-4', '-begin', 'end-', 'two--hyphens', 'whois++'])('IsValidPortName rejects %j', n => {
    expect(portNameErrors(n).length).toBeGreaterThan(0);
    expect(isValidPortName(n)).toBe(false);
  });

  test('the fast check isValidPortName agrees with portNameErrors on any name', () => {
    const name = fc.stringMatching(/^[-a-z0-9A-Z_+]{0,18}$/);
    fc.assert(fc.property(name, n => isValidPortName(n) === (portNameErrors(n).length === 0)), { numRuns: 2000 });
  });
});
