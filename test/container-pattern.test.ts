import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-30';
import { PATTERN_DEFAULT_RESOURCES, patternContainerProps } from '../lib/mixins/container-pattern';

describe('patternContainerProps', () => {
  const volume = { name: 'logs' } as kplus.Volume;
  const mounts = [{ path: '/var/log/app', volume }];

  test('copies the container props, leaving out appVolumeMounts and the keys the mixin names as its own', () => {
    const props = { name: 'proxy', image: 'envoyproxy/envoy:v1.31.0', portNumber: 9901, appVolumeMounts: mounts, appUrlEnv: 'PROXY_URL' };
    const out = patternContainerProps(props as any, PATTERN_DEFAULT_RESOURCES, ['appUrlEnv']);
    expect(out).toEqual({ name: 'proxy', image: 'envoyproxy/envoy:v1.31.0', portNumber: 9901, resources: PATTERN_DEFAULT_RESOURCES });
    expect(Object.keys(out)).not.toContain('appVolumeMounts');
    expect(Object.keys(out)).not.toContain('appUrlEnv');
  });

  test('gives the pattern default resources only when the props set none', () => {
    const own: kplus.ContainerResources = { memory: { limit: Size.mebibytes(64) } };
    expect(patternContainerProps({ name: 'a', image: 'b' }, PATTERN_DEFAULT_RESOURCES).resources).toBe(PATTERN_DEFAULT_RESOURCES);
    expect(patternContainerProps({ name: 'a', image: 'b', resources: own }, PATTERN_DEFAULT_RESOURCES).resources).toBe(own);
  });

  test('puts extra fields on top of the props (a restartPolicy in the props is overridden)', () => {
    const out = patternContainerProps({ name: 'a', image: 'b', restartPolicy: 'Never' as kplus.ContainerRestartPolicy }, PATTERN_DEFAULT_RESOURCES, undefined,
      { restartPolicy: kplus.ContainerRestartPolicy.ALWAYS });
    expect(out.restartPolicy).toEqual('Always');
  });

  test('leaves the props it was given as they were, and returns a new object', () => {
    const props = { name: 'a', image: 'b', volumeMounts: mounts, appVolumeMounts: mounts };
    const before = { ...props };
    const out = patternContainerProps(props, PATTERN_DEFAULT_RESOURCES, undefined, { restartPolicy: kplus.ContainerRestartPolicy.ALWAYS });
    expect(props).toEqual(before);
    expect(out).not.toBe(props);
    expect(out.volumeMounts).toBe(mounts); // the per-workload copy is made when the mixin is applied (ownCopy)
  });
});
