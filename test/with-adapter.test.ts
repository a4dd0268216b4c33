import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-30';
import { ALL_KINDS, applyToDeployment, AT_DEPLOYMENT, describeScopes, errorOf, expectPropsProblem, fullChart, JOB_KINDS, LONG_RUNNING_KINDS, makeWorkload, manifestOf, names, podMetadataIn, specOf } from './mixin-fixtures';
import { WithAdapter } from '../lib/mixins/with-adapter';

const exporter = (extra: Partial<kplus.ContainerProps> = {}) => new WithAdapter({
  name: 'jmx-exporter', image: 'bitnami/jmx-exporter:1.1.0', portNumber: 5556, ...extra,
});

describe('WithAdapter', () => {
  describeScopes("WithAdapter 'jmx-exporter'", () => exporter(), (chart, w) => specOf(chart, w).containers.some((c: any) => c.name === 'jmx-exporter'));

  describe('supports()', () => {
    test.each(ALL_KINDS)('is true for a %s', kind => {
      expect(exporter().supports(makeWorkload(Testing.chart(), kind))).toBe(true);
    });

  });

  test.each(LONG_RUNNING_KINDS)('.with() on a %s adds a regular container that serves its port', kind => {
    const chart = Testing.chart();
    const w = makeWorkload(chart, kind).with(exporter());
    const spec = specOf(chart, w);
    expect(names(spec.containers)).toEqual(['app', 'jmx-exporter']);
    expect(spec.containers[1].ports).toEqual([{ containerPort: 5556 }]);
    expect(spec.containers[1].resources).toEqual({ requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } });
    expect(spec.containers[1].securityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true });
    expect(podMetadataIn(manifestOf(chart, w)).annotations['kubectl.kubernetes.io/default-container']).toEqual('app');
  });

  test.each(JOB_KINDS)('throws on a %s, naming the container and pointing to WithNativeSidecar', kind => {
    const w = makeWorkload(Testing.chart(), kind);
    expect(() => w.with(exporter())).toThrow(new RegExp(`WithAdapter 'jmx-exporter' cannot join ${kind} .*from completing.*Use WithNativeSidecar`));
  });

  test('applied twice adds one container', () => {
    const chart = Testing.chart();
    const m = exporter();
    const w = makeWorkload(chart, 'Deployment').with(m, m);
    m.applyTo(w);
    expect(names(specOf(chart, w).containers)).toEqual(['app', 'jmx-exporter']);
  });

  test('applied to a chart of long-running workloads, joins each of them and only them', () => {
    const base = fullChart(undefined, LONG_RUNNING_KINDS);
    const { chart, workloads } = fullChart(undefined, LONG_RUNNING_KINDS);
    chart.with(exporter());
    for (const w of workloads) expect(names(specOf(chart, w).containers)).toEqual(['app', 'jmx-exporter']);
    const others = (ms: any[]) => ms.filter(m => m.kind === 'Service' || m.kind === 'ConfigMap');
    expect(others(Testing.synth(chart))).toEqual(others(Testing.synth(base.chart)));
  });


  test.each([undefined, '', ' '])('throws when name is %p, naming the workload it was applied to', name => {
    expect(errorOf(() => applyToDeployment(new WithAdapter({ name: name as any, image: 'x' }))))
      .toEqual(`WithAdapter: 'name' is required: give the container a name, e.g. { name: 'log-shipper', image: ... }. ${AT_DEPLOYMENT}`);
  });

  test('throws when name is invalid, only when applied, naming where, and changes nothing', () => {
    expectPropsProblem(() => exporter({ name: 'JMX' }), 'WithAdapter: \'name\' ("JMX") is not a valid container name: use at most 63 lowercase letters, digits and \'-\', starting and ending with a letter or digit, e.g. \'log-shipper\'.');
  });

  test('`resources` overrides the defaults', () => {
    const chart = Testing.chart();
    const w = makeWorkload(chart, 'Deployment').with(exporter({ resources: { cpu: { request: kplus.Cpu.millis(100) } } }));
    expect(specOf(chart, w).containers[1].resources).toEqual({ requests: { cpu: '100m' } });
  });
});
