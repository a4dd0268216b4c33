import { buildPodModel, ContainerJson, PodModel, PodSpecJson } from '../lib/model/pod-model';
import { lifecycleDiagram, nodeId } from '../lib/report/lifecycle-diagram';

const TARGET = { version: '1.33', featureGates: {} };
const model = (spec: PodSpecJson, kind = 'Deployment'): PodModel => buildPodModel({ kind, name: 'p', source: 'test/p', spec, target: TARGET });
const c = (name: string, extra: Partial<ContainerJson> = {}): ContainerJson => ({ name, image: 'x:1', ...extra });

/** The edge lines of a diagram, trimmed. */
const edges = (text: string) => text.split('\n').map(l => l.trim()).filter(l => l.includes('-->'));

describe('lifecycleDiagram', () => {
  test('a small pod: init step, sidecar gated by its startupProbe, two regular containers; shutdown in reverse', () => {
    const text = lifecycleDiagram(model({
      initContainers: [
        c('migrate'),
        c('proxy', { restartPolicy: 'Always', startupProbe: { tcpSocket: { port: 15000 } }, lifecycle: { preStop: { sleep: { seconds: 5 } } } }),
      ],
      containers: [c('app'), c('worker')],
    }));
    expect(text).toEqual([
      'flowchart LR',
      '  subgraph startup["Startup"]',
      '    direction TB',
      '    up_start(["pod scheduled, volumes ready"])',
      '    up_i0["migrate<br/>init container"]',
      '    up_i1["proxy<br/>native sidecar"]',
      '    up_c0["app<br/>container"]',
      '    up_c1["worker<br/>container"]',
      '    up_start --> up_i0',
      '    up_i0 -->|"completed"| up_i1',
      '    up_i1 -->|"startupProbe passed (tcpSocket :15000)"| up_c0',
      '    up_i1 -->|"startupProbe passed (tcpSocket :15000)"| up_c1',
      '  end',
      '  subgraph shutdown["Shutdown"]',
      '    direction TB',
      '    down_start(["pod deleted"])',
      '    down_c0["app<br/>container"]',
      '    down_c1["worker<br/>container"]',
      '    down_i1["proxy<br/>native sidecar<br/>preStop sleep 5s runs at once"]',
      '    down_start -->|"SIGTERM"| down_c0',
      '    down_start -->|"SIGTERM"| down_c1',
      '    down_c0 -->|"exited"| down_i1',
      '    down_c1 -->|"exited"| down_i1',
      '  end',
      '  startup ~~~ shutdown',
      '',
    ].join('\n'));
  });

  test('init containers start strictly in list order: a sidecar declared after a plain init container waits for it', () => {
    const e = edges(lifecycleDiagram(model({
      initContainers: [c('wait-for-db'), c('shipper', { restartPolicy: 'Always' }), c('seed')],
      containers: [c('app')],
    })));
    expect(e.filter(l => l.startsWith('up_'))).toEqual([
      'up_start --> up_i0',
      'up_i0 -->|"completed"| up_i1',
      'up_i1 -->|"started"| up_i2',
      'up_i2 -->|"completed"| up_c0',
    ]);
  });

  test('sidecars stop in reverse list order, each after every regular container or the later sidecar', () => {
    const e = edges(lifecycleDiagram(model({
      initContainers: [c('a', { restartPolicy: 'Always' }), c('init'), c('b', { restartPolicy: 'Always' })],
      containers: [c('app')],
    })));
    expect(e.filter(l => l.startsWith('down_'))).toEqual([
      'down_start -->|"SIGTERM"| down_c0',
      'down_c0 -->|"exited"| down_i2',
      'down_i2 -->|"exited"| down_i0',
    ]);
  });

  test('without init containers every regular container starts at once, and all stop at once', () => {
    const e = edges(lifecycleDiagram(model({ containers: [c('app'), c('shipper')] })));
    expect(e).toEqual([
      'up_start --> up_c0',
      'up_start --> up_c1',
      'down_start -->|"SIGTERM"| down_c0',
      'down_start -->|"SIGTERM"| down_c1',
    ]);
  });

  test('a Job\'s pod (restartPolicy Never) ends when its containers exit, or when deleted', () => {
    const text = lifecycleDiagram(model({
      restartPolicy: 'Never',
      initContainers: [c('shipper', { restartPolicy: 'Always' })],
      containers: [c('batch')],
    }, 'Job'));
    expect(text).toContain('down_start(["main containers exited, or pod deleted"])');
    expect(edges(text)).toContain('down_start -->|"exit, or SIGTERM"| down_c0');
  });

  test('a sidecar without startupProbe but with a postStart hook gates on its start, hook included', () => {
    const text = lifecycleDiagram(model({
      initContainers: [c('proxy', { restartPolicy: 'Always', lifecycle: { postStart: { exec: { command: ['sh', '-c', 'wait-ready'] } } } })],
      containers: [c('app')],
    }));
    expect(edges(text)).toContain('up_i0 -->|"started (postStart done)"| up_c0');
    expect(text).toContain('up_i0["proxy<br/>native sidecar<br/>postStart exec sh -c wait-ready"]');
  });

  test('a regular container\'s postStart hook holds back the regular containers after it (kubelet runs it synchronously)', () => {
    const e = edges(lifecycleDiagram(model({
      containers: [c('proxy', { lifecycle: { postStart: { exec: { command: ['pilot-agent', 'wait'] } } } }), c('app')],
    })));
    expect(e.filter(l => l.startsWith('up_'))).toEqual(['up_start --> up_c0', 'up_c0 -->|"started (postStart done)"| up_c1']);
  });

  test('double quotes and angle brackets in labels are escaped for Mermaid', () => {
    const text = lifecycleDiagram(model({
      initContainers: [c('proxy', { restartPolicy: 'Always', startupProbe: { exec: { command: ['test', '"<ok>"'] } } })],
      containers: [c('app')],
    }));
    expect(edges(text)).toContain('up_i0 -->|"startupProbe passed (exec test #quot;#lt;ok#gt;#quot;)"| up_c0');
  });

  test('node ids come from the list and index, never from the name', () => {
    const m = model({ initContainers: [c('a')], containers: [c('b'), c('c')] });
    expect(m.containers.map(x => nodeId('up', x))).toEqual(['up_i0', 'up_c0', 'up_c1']);
    expect(nodeId('down', m.containers[2])).toEqual('down_c1');
  });
});
