import * as fc from 'fast-check';
import { container, messages, pod, run, sidecar } from './rule-fixtures';
import { RuleSeverity } from '../../lib/checks/rule-severity';
import { portConflict } from '../../lib/checks/rules/port-conflict';

const port = (containerPort: number, protocol?: string) => ({ ports: [{ containerPort, ...(protocol ? { protocol } : {}) }] });

describe('PP-PORT-CONFLICT', () => {
  test('fails when two regular containers bind the same port, naming both, the port and the field paths', () => {
    const findings = run(portConflict, pod({ containers: [container('app', port(8080)), container('metrics', port(8080))] }));
    expect(findings).toHaveLength(1);
    expect(findings[0].ruleId).toEqual('PP-PORT-CONFLICT');
    expect(findings[0].severity).toEqual(RuleSeverity.ERROR);
    expect(findings[0].message).toContain("container 'app' and container 'metrics' both bind TCP port 8080");
    expect(findings[0].message).toContain('spec.containers[0].ports[0] and spec.containers[1].ports[0]');
  });

  test('fails when a native sidecar binds the app\'s port', () => {
    const [m] = messages(portConflict, pod({ initContainers: [sidecar('proxy', port(8080))], containers: [container('app', port(8080))] }));
    expect(m).toContain("native sidecar 'proxy' and container 'app' both bind TCP port 8080");
  });

  test('fails when two native sidecars bind the same port', () => {
    const [m] = messages(portConflict, pod({ initContainers: [sidecar('a', port(9000)), sidecar('b', port(9000))], containers: [container('app')] }));
    expect(m).toContain("native sidecar 'a' and native sidecar 'b'");
  });

  test('fails when a plain init container binds a port a sidecar declared before it holds', () => {
    const [m] = messages(portConflict, pod({
      initContainers: [sidecar('proxy', port(5432)), container('migrate', port(5432))],
      containers: [container('app')],
    }));
    expect(m).toContain("native sidecar 'proxy' and init container 'migrate' both bind TCP port 5432");
    expect(m).toContain("'proxy' is declared before init container 'migrate'");
  });

  test('passes when a sidecar declared after the init container uses its port', () => {
    expect(run(portConflict, pod({
      initContainers: [container('migrate', port(5432)), sidecar('proxy', port(5432))],
      containers: [container('app')],
    }))).toEqual([]);
  });

  test('passes for two plain init containers, or an init container and a regular container, on one port (they never overlap)', () => {
    expect(run(portConflict, pod({
      initContainers: [container('one', port(8080)), container('two', port(8080))],
      containers: [container('app', port(8080))],
    }))).toEqual([]);
  });

  test('passes when the protocol differs (TCP and UDP 53 coexist)', () => {
    expect(run(portConflict, pod({ containers: [container('dns', port(53, 'UDP')), container('app', port(53))] }))).toEqual([]);
  });

  test('treats a missing protocol as TCP', () => {
    expect(run(portConflict, pod({ containers: [container('a', port(80, 'TCP')), container('b', port(80))] }))).toHaveLength(1);
  });

  test('does not apply to a pod without ports', () => {
    expect(run(portConflict, pod({ initContainers: [sidecar('s')], containers: [container('app'), container('b')] }))).toEqual([]);
  });
});

describe('PP-PORT-CONFLICT properties', () => {
  const ports = fc.array(fc.integer({ min: 8000, max: 8003 }), { maxLength: 2 });
  const spec = fc.record({
    init: fc.array(fc.record({ sidecar: fc.boolean(), ports }), { maxLength: 4 }),
    main: fc.array(ports, { minLength: 1, maxLength: 3 }),
  });
  const build = (s: { init: Array<{ sidecar: boolean; ports: number[] }>; main: number[][] }, mainOrder: number[]) => pod({
    initContainers: s.init.map((c, i) => (c.sidecar ? sidecar : container)(`init-${i}`, { ports: c.ports.map(p => ({ containerPort: p })) })),
    containers: mainOrder.map(i => container(`main-${i}`, { ports: s.main[i].map(p => ({ containerPort: p })) })),
  });

  test('the number of findings does not depend on the order of the regular containers', () => {
    fc.assert(fc.property(spec, s => {
      const order = s.main.map((_, i) => i);
      expect(run(portConflict, build(s, order))).toHaveLength(run(portConflict, build(s, [...order].reverse())).length);
    }));
  });

  test('a pod whose ports are all on plain init containers never conflicts', () => {
    fc.assert(fc.property(fc.array(ports, { maxLength: 5 }), inits => {
      expect(run(portConflict, pod({
        initContainers: inits.map((p, i) => container(`init-${i}`, { ports: p.map(n => ({ containerPort: n })) })),
        containers: [container('app')],
      }))).toEqual([]);
    }));
  });
});
