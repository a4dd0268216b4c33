import * as fs from 'fs';
import * as path from 'path';
import { Chart, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-30';
import { takeWarnings } from './setup/warnings';
import { acmePlatformRules, WithAcmeLogShipper } from '../examples/platform-catalogue';
import { build } from '../examples/platform-catalogue/app';
import { PatternContainerOverrides, PatternOverrides, PodChecks, PodReport, WithClassicSidecar, WithNativeSidecar } from '../lib';
import { PLATFORM_RULES_DOC } from '../scripts/gen-docs';

/**
 * A team's own pattern (examples/platform-catalogue/patterns.ts: the Fluent Bit preset with the team's defaults) and
 * the team's rule pack, as an application team uses them.
 */

const APP = { name: 'app', image: 'mycompany/web:1.6.0', resources: { cpu: { request: kplus.Cpu.millis(100) }, memory: { request: Size.mebibytes(64), limit: Size.mebibytes(64) } } };

function pod(chart: Chart, kind: string, name: string): any {
  const m = Testing.synth(chart).find((o: any) => o.kind === kind && o.metadata.name === name);
  return kind === 'CronJob' ? m.spec.jobTemplate.spec.template.spec : m.spec.template.spec;
}

describe('WithAcmeLogShipper (a team pattern)', () => {
  test('applied to one workload: a native sidecar with the team\'s defaults, the log volume mounted into the app', () => {
    const chart = Testing.chart();
    new kplus.Deployment(chart, 'web', { metadata: { name: 'web' }, containers: [APP] }).with(new WithAcmeLogShipper(chart));
    const spec = pod(chart, 'Deployment', 'web');
    expect(spec.initContainers.map((c: any) => [c.name, c.image, c.restartPolicy])).toEqual([['log-shipper', 'fluent/fluent-bit:3.2.2', 'Always']]);
    expect(spec.initContainers[0].resources).toEqual({ requests: { cpu: '20m', memory: '48Mi' }, limits: { memory: '96Mi' } });
    expect(spec.initContainers[0].volumeMounts).toEqual([
      { mountPath: '/fluent-bit/etc', name: 'acme-fluent-bit-config', readOnly: true },
      { mountPath: '/var/log/app', name: 'acme-logs', readOnly: true },
    ]);
    expect(spec.containers[0].volumeMounts).toEqual([{ mountPath: '/var/log/app', name: 'acme-logs' }]);
    expect(spec.volumes.map((v: any) => v.name)).toEqual(['acme-logs', 'acme-fluent-bit-config']);
  });

  test('applied to a whole chart: every workload gets it, a Job too, and the report shows it as a native sidecar', () => {
    const chart = Testing.chart();
    const web = new kplus.Deployment(chart, 'web', { metadata: { name: 'web' }, containers: [APP] });
    new kplus.Job(chart, 'batch', { metadata: { name: 'batch' }, containers: [APP] });
    chart.with(new WithAcmeLogShipper(chart));
    expect(pod(chart, 'Deployment', 'web').initContainers.map((c: any) => c.name)).toEqual(['log-shipper']);
    expect(pod(chart, 'Job', 'batch').initContainers.map((c: any) => c.name)).toEqual(['log-shipper']);
    expect(PodReport.of(web).data.containers.map(c => [c.name, c.role, c.pattern])).toEqual([
      ['log-shipper', 'sidecar', 'native-sidecar'],
      ['app', 'main', undefined],
    ]);
  });

  test('overridden field by field: the fields given replace the defaults, the others stay', () => {
    const chart = Testing.chart();
    new kplus.Deployment(chart, 'web', { metadata: { name: 'web' }, containers: [APP] })
      .with(new WithAcmeLogShipper(chart, { image: 'fluent/fluent-bit:3.2.3', name: undefined, resources: { memory: { limit: Size.mebibytes(200) } } }));
    const shipper = pod(chart, 'Deployment', 'web').initContainers[0];
    expect([shipper.name, shipper.image]).toEqual(['log-shipper', 'fluent/fluent-bit:3.2.3']);
    expect(shipper.resources).toEqual({ limits: { memory: '200Mi' } });
    expect(shipper.startupProbe.httpGet).toEqual({ path: '/', port: 2020, scheme: 'HTTP' });
  });

  test('applied twice (one instance) adds one container; a second instance fails like any mixin\'s', () => {
    const chart = Testing.chart();
    const web = new kplus.Deployment(chart, 'web', { metadata: { name: 'web' }, containers: [APP] });
    const shipper = new WithAcmeLogShipper(chart);
    web.with(shipper, shipper);
    chart.with(shipper);
    expect(pod(chart, 'Deployment', 'web').initContainers.map((c: any) => c.name)).toEqual(['log-shipper']);
    expect(() => web.with(new WithAcmeLogShipper(chart))).toThrow("WithNativeSidecar: Deployment 'test/web' already has a container named 'log-shipper'.");
  });

  test('is a WithNativeSidecar: the same supports() and the same checks', () => {
    const chart = Testing.chart();
    const shipper = new WithAcmeLogShipper(chart);
    expect(shipper).toBeInstanceOf(WithNativeSidecar);
    expect(shipper.supports(chart)).toBe(true);
    const web = new kplus.Deployment(chart, 'web', { containers: [APP] });
    expect(shipper.supports(web)).toBe(true);
    expect(shipper.supports(web.node.defaultChild!)).toBe(false);
    expect(shipper.name).toEqual('log-shipper');
  });
});

describe('PatternOverrides.merge', () => {
  test('keeps the defaults, replaces the fields the overrides set, ignores undefined ones', () => {
    const defaults = { name: 'shipper', image: 'a:1', args: ['-v'], portNumber: 2020 };
    const overrides: PatternContainerOverrides = { image: 'a:2', args: undefined, ports: [{ number: 9000 }] };
    expect(PatternOverrides.merge(defaults, overrides)).toEqual({ name: 'shipper', image: 'a:2', args: ['-v'], portNumber: 2020, ports: [{ number: 9000 }] });
    expect(PatternOverrides.merge(defaults)).toEqual(defaults);
  });

  test('PatternContainerOverrides has exactly the fields of PatternContainerProps, every one optional', () => {
    type Keys<T> = { [K in keyof T]-?: K }[keyof T];
    const same: [Keys<PatternContainerOverrides>] extends [Keys<import('../lib').PatternContainerProps>]
      ? ([Keys<import('../lib').PatternContainerProps>] extends [Keys<PatternContainerOverrides>] ? true : false) : false = true;
    const optional: Partial<import('../lib').PatternContainerProps> extends PatternContainerOverrides ? true : false = true;
    expect([same, optional]).toEqual([true, true]);
  });
});

describe('the acme-platform rule pack', () => {
  test('the example application chart passes it, and the built-in checks', () => {
    const chart = build(Testing.app());
    expect(() => Testing.synth(chart)).not.toThrow();
    expect(PodChecks.rulePacks(chart)).toEqual([acmePlatformRules]);
  });

  test('fails when a workload has no log shipper, runs a classic sidecar, or a sidecar without startupProbe or memory limit', () => {
    const chart = Testing.chart();
    PodChecks.addRulePack(chart, acmePlatformRules);
    new kplus.Deployment(chart, 'web', { metadata: { name: 'web' }, containers: [APP] })
      .with(
        new WithClassicSidecar({ name: 'proxy', image: 'envoyproxy/envoy:v1.32.3', resources: APP.resources }),
        new WithNativeSidecar({ name: 'agent', image: 'mycompany/agent:1.0.0', resources: { cpu: { request: kplus.Cpu.millis(10) } } }),
      );
    let message = '';
    try {
      Testing.synth(chart);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain("[test/web] ACME-LOG-SHIPPER: no container 'log-shipper': apply new WithAcmeLogShipper(chart) to the Deployment or its chart");
    expect(message).toContain("[test/web] ACME-NO-CLASSIC-SIDECAR: container 'proxy' (spec.containers[1], envoyproxy/envoy:v1.32.3) is a classic sidecar: add it with WithNativeSidecar instead");
    expect(takeWarnings()).toEqual([
      "[test/web] WARNING ACME-SIDECAR-CONTRACT: native sidecar 'agent' (spec.initContainers[0]) has no startupProbe and no memory limit: "
        + "set 'startup' and 'resources.memory.limit'",
    ]);
  });

  test(`${'docs/platform-catalogue-rules.md'} is the pack's toMarkdown() (run npm run docs after changing a rule)`, () => {
    expect(fs.readFileSync(path.join(__dirname, '..', PLATFORM_RULES_DOC), 'utf8')).toEqual(acmePlatformRules.toMarkdown());
    expect(acmePlatformRules.toMarkdown()).toContain('| [ACME-LOG-SHIPPER](#acme-log-shipper) | A workload does not run the platform log shipper (\'log-shipper\') as a native sidecar. |');
  });
});
