import * as fc from 'fast-check';
import { container, messages, pod, run } from './rule-fixtures';
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
