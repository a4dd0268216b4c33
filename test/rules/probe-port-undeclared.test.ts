import { container, messages, pod, run, sidecar } from './rule-fixtures';
import { invalidPort } from '../../lib/checks/rules/invalid-port';
import { probePortUndeclared } from '../../lib/checks/rules/probe-port-undeclared';

describe('PP-PROBE-PORT-UNDECLARED', () => {
  test('fails for a sidecar startupProbe on a port name the sidecar does not declare, saying the app never starts', () => {
    const findings = run(probePortUndeclared, pod({
      initContainers: [sidecar('proxy', { ports: [{ containerPort: 15001, name: 'proxy' }], startupProbe: { httpGet: { path: '/ready', port: 'admin' } } })],
      containers: [container('app')],
    }));
    expect(findings.map(f => f.ruleId)).toEqual(['PP-PROBE-PORT-UNDECLARED']);
    const m = findings[0].message;
    expect(m).toContain("the startupProbe of native sidecar 'proxy' uses httpGet port 'admin' (spec.initContainers[0].startupProbe.httpGet.port)");
    expect(m).toContain("it declares 'proxy'");
    expect(m).toContain('the containers after it never start');
  });

  test('fails for a readinessProbe naming a port another container declares (the kubelet looks only in its own container)', () => {
    const [m] = messages(probePortUndeclared, pod({
      containers: [container('app', { readinessProbe: { tcpSocket: { port: 'metrics' } } }), container('exporter', { ports: [{ containerPort: 9100, name: 'metrics' }] })],
    }));
    expect(m).toContain("the readinessProbe of container 'app' uses tcpSocket port 'metrics'");
    expect(m).toContain('it declares no named ports');
  });

  test('fails for a livenessProbe and a preStop hook on undeclared names', () => {
    const m = messages(probePortUndeclared, pod({
      containers: [container('app', { livenessProbe: { httpGet: { path: '/', port: 'http' } }, lifecycle: { preStop: { httpGet: { path: '/drain', port: 'admin' } } } })],
    }));
    expect(m).toHaveLength(2);
    expect(m[1]).toContain('preStop hook');
  });

  test('passes for declared names and numbers', () => {
    expect(run(probePortUndeclared, pod({
      containers: [container('app', {
        ports: [{ containerPort: 8080, name: 'http' }],
        startupProbe: { httpGet: { path: '/', port: 'http' } },
        readinessProbe: { tcpSocket: { port: 8080 } },
      })],
    }))).toEqual([]);
  });

  test('leaves strings that are no valid port name (a number in quotes, capitals) to PP-INVALID-PORT, which the API server enforces', () => {
    const model = pod({
      containers: [container('app', {
        ports: [{ containerPort: 8080, name: 'http' }],
        livenessProbe: { httpGet: { path: '/', port: '8080' } },
        lifecycle: { preStop: { tcpSocket: { port: 'HTTP' } } },
      })],
    });
    expect(run(probePortUndeclared, model)).toEqual([]);
    expect(run(invalidPort, model).map(f => f.ruleId)).toEqual(['PP-INVALID-PORT', 'PP-INVALID-PORT']);
  });

  test('does not apply to exec and grpc probes', () => {
    expect(run(probePortUndeclared, pod({
      containers: [container('app', { startupProbe: { exec: { command: ['true'] } }, readinessProbe: { grpc: { port: 9000 } } })],
    }))).toEqual([]);
  });
});
