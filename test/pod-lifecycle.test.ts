import { describeAction, describeGate, shutdownSteps, shutdownTimeline, startupSteps } from '../lib/model/pod-lifecycle';
import { buildPodModel, ContainerJson, PodSpecJson } from '../lib/model/pod-model';

const TARGET = { version: '1.33', featureGates: {} };
const model = (spec: PodSpecJson) => buildPodModel({ kind: 'Pod', name: 'p', source: 'test/p', spec, target: TARGET });
const c = (name: string, extra: Partial<ContainerJson> = {}): ContainerJson => ({ name, image: 'x:1', ...extra });
const names = (steps: { containers: readonly { name: string }[] }[]) => steps.map(s => s.containers.map(x => x.name));

describe('podLifecycle', () => {
  const m = model({
    initContainers: [c('s1', { restartPolicy: 'Always' }), c('i1'), c('s2', { restartPolicy: 'Always', startupProbe: { grpc: { port: 9090 } } })],
    containers: [c('app'), c('helper')],
  });

  test('startup: one step per init container in list order, then all regular containers in one step', () => {
    const steps = startupSteps(m);
    expect(names(steps)).toEqual([['s1'], ['i1'], ['s2'], ['app', 'helper']]);
    expect(steps.map(s => s.step)).toEqual([1, 2, 3, 4]);
    expect(steps.map(s => describeGate(s.after))).toEqual([
      'pod start', "'s1' started", "'i1' completed", "'s2' startupProbe passed (grpc :9090)",
    ]);
  });

  test('shutdown: regular containers together, then each sidecar after the regular containers or the later sidecar', () => {
    const steps = shutdownSteps(m);
    expect(names(steps)).toEqual([['app', 'helper'], ['s2'], ['s1']]);
    expect(steps.map(s => s.after.map(x => x.name))).toEqual([[], ['app', 'helper'], ['s2']]);
  });

  test('a regular container with a postStart hook holds back the regular containers listed after it', () => {
    const steps = startupSteps(model({
      initContainers: [c('init')],
      containers: [c('a'), c('proxy', { lifecycle: { postStart: { exec: { command: ['wait-ready'] } } } }), c('app'), c('b')],
    }));
    expect(names(steps)).toEqual([['init'], ['a', 'proxy'], ['app', 'b']]);
    expect(describeGate(steps[2].after)).toEqual("'proxy' started (postStart done)");
  });

  test('a pod of plain init containers only has no sidecar in its shutdown', () => {
    expect(names(shutdownSteps(model({ initContainers: [c('i')], containers: [c('app')] })))).toEqual([['app']]);
  });

  test.each([
    [{ httpGet: { path: '/ready', port: 3101 } }, 'httpGet :3101/ready'],
    [{ httpGet: { port: 'http' } }, 'httpGet :http/'],
    [{ tcpSocket: { port: 5432 } }, 'tcpSocket :5432'],
    [{ grpc: { port: 9090, service: 'health' } }, 'grpc :9090 health'],
    [{ exec: { command: ['nc', '-z', 'db', '5432'] } }, 'exec nc -z db 5432'],
    [{ sleep: { seconds: 3 } }, 'sleep 3s'],
  ])('describes the handler %j as %s', (action, text) => {
    expect(describeAction(action as any)).toEqual(text);
  });

  test('shortens a long exec command', () => {
    expect(describeAction({ exec: { command: ['sh', '-c', 'until nc -z postgres-service 5432; do sleep 2; done'] } }))
      .toEqual('exec sh -c until nc -z postgres-service 54...'); // 37 characters, then an ellipsis
  });
});

describe('shutdownTimeline', () => {
  // kubelet kuberuntime_container.go killContainer: executePreStopHook, then waitForTurn (KEP-753)
  test('every preStop hook starts at once; a sidecar gets SIGTERM after its own hook and after what it waits on', () => {
    const m = model({
      initContainers: [
        { name: 'proxy', image: 'p:1', restartPolicy: 'Always', lifecycle: { preStop: { sleep: { seconds: 20 } } } },
        { name: 'logs', image: 'l:1', restartPolicy: 'Always', lifecycle: { preStop: { sleep: { seconds: 5 } } } },
      ],
      containers: [{ name: 'app', image: 'a:1', lifecycle: { preStop: { exec: { command: ['sleep', '10'] } } } }],
    });
    expect(shutdownTimeline(m).map(t => [t.container.name, t.step, t.preStop, t.sigterm, t.heldBy.name])).toEqual([
      ['app', 1, 10, 10, 'app'],
      ['logs', 2, 5, 10, 'app'],
      ['proxy', 3, 20, 20, 'proxy'],
    ]);
  });
});
