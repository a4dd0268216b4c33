import { container, messages, pod, run, sidecar } from './rule-fixtures';
import { hostPortConflict } from '../../lib/checks/rules/hostport-conflict';

const hp = (containerPort: number, hostPort: number, extra: { hostIP?: string; protocol?: string } = {}) =>
  ({ containerPort, hostPort, ...extra });

describe('PP-HOSTPORT-CONFLICT', () => {
  test('fails when two regular containers claim one hostPort, with the API server\'s key', () => {
    const findings = run(hostPortConflict, pod({ containers: [container('app', { ports: [hp(8080, 80)] }), container('b', { ports: [hp(8081, 80)] })] }));
    expect(findings.map(f => f.ruleId)).toEqual(['PP-HOSTPORT-CONFLICT']);
    expect(findings[0].message).toContain("container 'app' and container 'b' both claim host port TCP 80");
    expect(findings[0].message).toContain('spec.containers[1].ports[0].hostPort: Duplicate value: "TCP//80"');
  });

  test('fails when a native sidecar and a regular container claim one hostPort, which validation lets through', () => {
    const [m] = messages(hostPortConflict, pod({
      initContainers: [sidecar('node-exporter', { ports: [hp(9100, 9100)] })],
      containers: [container('app', { ports: [hp(8080, 9100)] })],
    }));
    expect(m).toContain("native sidecar 'node-exporter' and container 'app' both claim host port TCP 9100");
    expect(m).toContain('the API server accepts this');
  });

  test('fails when one container claims the same hostPort twice', () => {
    const [m] = messages(hostPortConflict, pod({ containers: [container('app', { ports: [hp(8080, 80), hp(8081, 80)] })] }));
    expect(m).toContain("container 'app' claims host port TCP 80 twice");
  });

  test('fails when an empty hostIP (every address) meets a specific one', () => {
    expect(run(hostPortConflict, pod({
      containers: [container('a', { ports: [hp(1, 80)] }), container('b', { ports: [hp(2, 80, { hostIP: '10.0.0.1' })] })],
    }))).toHaveLength(1);
  });

  test('passes for different host IPs, different protocols, or containers that never run together', () => {
    expect(run(hostPortConflict, pod({
      initContainers: [container('init', { ports: [hp(1, 80)] })],
      containers: [
        container('a', { ports: [hp(2, 80, { hostIP: '10.0.0.1' })] }),
        container('b', { ports: [hp(3, 80, { hostIP: '10.0.0.2' })] }),
        container('c', { ports: [hp(4, 80, { hostIP: '10.0.0.1', protocol: 'UDP' })] }),
      ],
    }))).toEqual([]);
  });

  test('does not apply without hostPorts (same containerPort is PP-PORT-CONFLICT\'s business)', () => {
    expect(run(hostPortConflict, pod({ containers: [container('a', { ports: [{ containerPort: 80 }] }), container('b', { ports: [{ containerPort: 80 }] })] })))
      .toEqual([]);
  });
});
