import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-30';
import { ALL_KINDS, APP, applyToDeployment, AT_DEPLOYMENT, describeScopes, errorOf, expectPropsProblem, fullChart, JOB_KINDS, LONG_RUNNING_KINDS, makeWorkload, names, specOf } from './mixin-fixtures';
import { WithAmbassador, WithAmbassadorProps } from '../lib/mixins/with-ambassador';
import { WithClassicSidecar } from '../lib/mixins/with-classic-sidecar';
import { WithNativeSidecar } from '../lib/mixins/with-native-sidecar';

const twemproxy = (extra: Partial<WithAmbassadorProps> = {}) => new WithAmbassador({
  name: 'redis-ambassador', image: 'kuiken/twemproxy:0.5', portNumber: 6379, appUrlEnv: 'REDIS_URL', urlScheme: 'redis', ...extra,
});

const envOf = (c: any) => Object.fromEntries((c.env ?? []).map((e: any) => [e.name, e.value]));

describe('WithAmbassador', () => {
  describeScopes("WithAmbassador 'redis-ambassador'", () => twemproxy(), (chart, w) => specOf(chart, w).containers.some((c: any) => c.name === 'redis-ambassador'));

  describe('supports()', () => {
    test.each(ALL_KINDS)('is true for a %s', kind => {
      expect(twemproxy().supports(makeWorkload(Testing.chart(), kind))).toBe(true);
    });

  });

  test.each(LONG_RUNNING_KINDS)('.with() on a %s adds the proxy and injects its localhost URL into the app', kind => {
    const chart = Testing.chart();
    const w = makeWorkload(chart, kind).with(twemproxy());
    const spec = specOf(chart, w);
    expect(names(spec.containers)).toEqual(['app', 'redis-ambassador']);
    expect(spec.containers[1].ports).toEqual([{ containerPort: 6379 }]);
    expect(spec.containers[1].resources).toEqual({ requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } });
    expect(spec.containers[0].env).toEqual([{ name: 'REDIS_URL', value: 'redis://localhost:6379' }]);
    expect(spec.containers[1].env).toBeUndefined();
  });

  test.each(JOB_KINDS)('throws on a %s, naming the container and pointing to WithNativeSidecar', kind => {
    const w = makeWorkload(Testing.chart(), kind);
    expect(() => w.with(twemproxy())).toThrow(new RegExp(`WithAmbassador 'redis-ambassador' cannot join ${kind} .*from completing.*Use WithNativeSidecar`));
  });

  test('injects the URL into every app container, and into none of the pattern containers', () => {
    const chart = Testing.chart();
    const w = new kplus.Deployment(chart, 'web', { containers: [APP, { name: 'worker', image: 'w:1.0' }] });
    w.with(
      new WithClassicSidecar({ name: 'log-shipper', image: 'l:1.0' }),
      new WithNativeSidecar({ name: 'mesh-proxy', image: 'p:1.0' }),
      twemproxy(),
    );
    const spec = specOf(chart, w);
    const all = [...spec.initContainers, ...spec.containers];
    expect(Object.fromEntries(all.map((c: any) => [c.name, envOf(c).REDIS_URL]))).toEqual({
      'mesh-proxy': undefined,
      'app': 'redis://localhost:6379',
      'worker': 'redis://localhost:6379',
      'log-shipper': undefined,
      'redis-ambassador': undefined,
    });
  });

  test('applied twice adds one container and one variable', () => {
    const chart = Testing.chart();
    const m = twemproxy();
    const w = makeWorkload(chart, 'Deployment').with(m, m);
    w.with(m);
    const spec = specOf(chart, w);
    expect(names(spec.containers)).toEqual(['app', 'redis-ambassador']);
    expect(spec.containers[0].env).toEqual([{ name: 'REDIS_URL', value: 'redis://localhost:6379' }]);
  });

  test('applied to a chart of long-running workloads, joins each of them and only them', () => {
    const base = fullChart(undefined, LONG_RUNNING_KINDS);
    const { chart, workloads } = fullChart(undefined, LONG_RUNNING_KINDS);
    chart.with(twemproxy());
    for (const w of workloads) {
      const spec = specOf(chart, w);
      expect(names(spec.containers)).toEqual(['app', 'redis-ambassador']);
      expect(envOf(spec.containers[0]).REDIS_URL).toEqual('redis://localhost:6379');
    }
    const others = (ms: any[]) => ms.filter(m => m.kind === 'Service' || m.kind === 'ConfigMap');
    expect(others(Testing.synth(chart))).toEqual(others(Testing.synth(base.chart)));
  });

  test('takes the port from `ports` and the scheme defaults to http', () => {
    const m = new WithAmbassador({ name: 'api-proxy', image: 'envoy:1.0', ports: [{ number: 9000 }, { number: 9901 }], appUrlEnv: 'API_URL' });
    expect(m.localUrl).toEqual('http://localhost:9000');
    const chart = Testing.chart();
    const w = makeWorkload(chart, 'Deployment').with(m);
    expect(envOf(specOf(chart, w).containers[0])).toEqual({ API_URL: 'http://localhost:9000' });
  });

  test('injects nothing without appUrlEnv, and localUrl is undefined without a port', () => {
    const chart = Testing.chart();
    const w = makeWorkload(chart, 'Deployment').with(twemproxy({ appUrlEnv: undefined }));
    expect(specOf(chart, w).containers[0].env).toBeUndefined();
    expect(new WithAmbassador({ name: 'p', image: 'x' }).localUrl).toBeUndefined();
  });

  test('throws when a second app container sets the variable to another value, leaving the first one untouched', () => {
    const w = new kplus.Deployment(Testing.chart(), 'web', {
      containers: [APP, { name: 'worker', image: 'w:1.0', envVariables: { REDIS_URL: kplus.EnvValue.fromValue('redis://other:6379') } }],
    });
    expect(errorOf(() => w.with(twemproxy()))).toEqual("WithAmbassador 'redis-ambassador' cannot join Deployment 'test/web': "
      + "container 'worker' already sets REDIS_URL=redis://other:6379: refusing to overwrite it with redis://localhost:6379.");
    expect(w.containers[0].env.variables.REDIS_URL).toBeUndefined();
  });

  test('keeps a variable the app already sets to the same value', () => {
    const chart = Testing.chart();
    const w = new kplus.Deployment(chart, 'web', { containers: [{ ...APP, envVariables: { REDIS_URL: kplus.EnvValue.fromValue('redis://localhost:6379') } }] });
    w.with(twemproxy());
    expect(specOf(chart, w).containers[0].env).toEqual([{ name: 'REDIS_URL', value: 'redis://localhost:6379' }]);
  });

  test('throws when the app already sets the variable to another value', () => {
    const w = new kplus.Deployment(Testing.chart(), 'web', {
      containers: [{ ...APP, envVariables: { REDIS_URL: kplus.EnvValue.fromValue('redis://redis:6379') } }],
    });
    expect(errorOf(() => w.with(twemproxy()))).toEqual("WithAmbassador 'redis-ambassador' cannot join Deployment 'test/web': "
      + "container 'app' already sets REDIS_URL=redis://redis:6379: refusing to overwrite it with redis://localhost:6379.");
    // refused before anything changed
    expect(names(w.containers)).toEqual(['app']);
  });

  test('throws when appUrlEnv is set and the workload has no app container yet', () => {
    const w = new kplus.Deployment(Testing.chart(), 'web');
    expect(() => w.with(twemproxy())).toThrow(
      "WithAmbassador 'redis-ambassador' cannot apply 'appUrlEnv' to Deployment 'test/web': it has no app container yet");
    expect(w.containers).toEqual([]);
    // without appUrlEnv, the proxy may come first
    w.with(twemproxy({ appUrlEnv: undefined }));
    expect(names(w.containers)).toEqual(['redis-ambassador']);
  });

  test.each(['1REDIS', 'REDIS URL', 'A=B', ''])('throws when appUrlEnv is %p, naming the workload it was applied to', env => {
    expect(errorOf(() => applyToDeployment(twemproxy({ appUrlEnv: env }))))
      .toEqual(`WithAmbassador 'redis-ambassador': 'appUrlEnv' (${JSON.stringify(env)}) is not a valid environment variable name. ${AT_DEPLOYMENT}`);
  });

  test('throws when appUrlEnv is set but the ambassador has no port, naming the workload it was applied to', () => {
    expect(errorOf(() => applyToDeployment(twemproxy({ portNumber: undefined }))))
      .toEqual(`WithAmbassador 'redis-ambassador': 'appUrlEnv' (REDIS_URL) needs the ambassador's port: set 'portNumber' or 'ports'. ${AT_DEPLOYMENT}`);
  });

  test.each(['1redis', 'red is', 'redis://'])('throws when urlScheme is %p, naming the workload it was applied to', scheme => {
    expect(errorOf(() => applyToDeployment(twemproxy({ urlScheme: scheme }))))
      .toEqual(`WithAmbassador 'redis-ambassador': 'urlScheme' (${JSON.stringify(scheme)}) is not a URL scheme, e.g. 'redis' or 'http'. ${AT_DEPLOYMENT}`);
  });

  test('throws when urlScheme is invalid, only when applied, naming where, and changes nothing (no variable injected)', () => {
    expectPropsProblem(() => twemproxy({ urlScheme: 'red is' }),
      "WithAmbassador 'redis-ambassador': 'urlScheme' (\"red is\") is not a URL scheme, e.g. 'redis' or 'http'.");
  });

  test.each([undefined, ''])('throws when name is %p, naming the workload it was applied to', name => {
    expect(errorOf(() => applyToDeployment(new WithAmbassador({ name: name as any, image: 'x' }))))
      .toEqual(`WithAmbassador: 'name' is required: give the container a name, e.g. { name: 'log-shipper', image: ... }. ${AT_DEPLOYMENT}`);
  });
});
