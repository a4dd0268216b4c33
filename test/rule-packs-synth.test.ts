import { ApiObject, App, Chart, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-30';
import { PodChecks, PodRuleDefinition, PodView, RulePack, RuleSeverity, WithNativeSidecar, WithPodChecks } from '../lib';
import { takeWarnings } from './setup/warnings';

/** Every regular container must set TEAM_ENV. */
class EnvRule extends PodRuleDefinition {
  constructor(id = 'TEAM-ENV') {
    super({ id, severity: RuleSeverity.ERROR, cause: 'A container does not set TEAM_ENV.', explanation: 'Set TEAM_ENV.' });
  }

  public check(pod: PodView): string[] {
    return pod.containers.filter(c => c.role === 'main' && !c.envNames.includes('TEAM_ENV'))
      .map(c => `container '${c.name}' (${c.fieldPath}) does not set TEAM_ENV`);
  }
}

/** A warning on every pod: names the kind and the source. */
class KindRule extends PodRuleDefinition {
  constructor() {
    super({ id: 'TEAM-KIND', severity: RuleSeverity.WARNING, cause: 'Every pod is noted.', explanation: 'A test rule.' });
  }

  public check(pod: PodView): string[] {
    return [`${pod.kind} ${pod.name} at ${pod.source}`];
  }
}

const pack = new RulePack({ name: 'team', rules: [new EnvRule(), new KindRule()] });
const RESOURCES = { cpu: { request: kplus.Cpu.millis(100) }, memory: { limit: Size.mebibytes(64), request: Size.mebibytes(64) } };

function web(chart: Chart, id = 'web', env = false): kplus.Deployment {
  return new kplus.Deployment(chart, id, {
    metadata: { name: id },
    containers: [{ name: 'app', image: 'mycompany/web:1.6.0', resources: RESOURCES, ...(env ? { envVariables: { TEAM_ENV: kplus.EnvValue.fromValue('prod') } } : {}) }],
  });
}

function synthError(a: App): string | undefined {
  try {
    a.synthYaml();
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

describe('rule packs at synth', () => {
  test('fails when a workload breaks an error rule of a pack added to its chart, and prints the pack\'s warnings', () => {
    const a = Testing.app();
    const chart = new Chart(a, 'shop');
    web(chart);
    PodChecks.addRulePack(chart, pack);
    expect(synthError(a)).toContain("[shop/web] TEAM-ENV: container 'app' (spec.containers[0]) does not set TEAM_ENV");
    expect(takeWarnings()).toEqual(['[shop/web] WARNING TEAM-KIND: Deployment web at shop/web']);
  });

  test('passes when the workload complies; the pack covers workloads created after it was added', () => {
    const a = Testing.app();
    const chart = new Chart(a, 'shop');
    PodChecks.addRulePack(chart, pack);
    web(chart, 'web', true);
    expect(synthError(a)).toBeUndefined();
    expect(takeWarnings()).toEqual(['[shop/web] WARNING TEAM-KIND: Deployment web at shop/web']);
    expect(PodChecks.rulePacks(chart.node.findChild('web'))).toEqual([pack]);
  });

  test('a chart without the pack is not checked by it', () => {
    const a = Testing.app();
    const withPack = new Chart(a, 'with');
    const without = new Chart(a, 'without');
    web(withPack, 'web', true);
    web(without).with(new WithNativeSidecar({ name: 'proxy', image: 'envoyproxy/envoy:v1.32.3' }));
    PodChecks.addRulePack(withPack, pack);
    expect(synthError(a)).toBeUndefined();
    expect(takeWarnings()).toEqual(['[with/web] WARNING TEAM-KIND: Deployment web at with/web']);
  });

  test('WithPodChecks({ rulePacks }) opts in as addRulePack does, and strict fails on the pack\'s warnings', () => {
    const a = Testing.app();
    const chart = new Chart(a, 'shop');
    web(chart, 'web', true);
    chart.with(new WithPodChecks({ strict: true, rulePacks: [pack] }));
    expect(synthError(a)).toContain('[shop/web] TEAM-KIND: Deployment web at shop/web (a warning, failing because the checks are strict');
  });

  test('throws when WithPodChecks is given something that is not a RulePack, changing nothing', () => {
    const a = Testing.app();
    const chart = new Chart(a, 'shop');
    web(chart);
    expect(() => chart.with(new WithPodChecks({ rulePacks: [{ name: 'fake' } as unknown as RulePack] }))).toThrow(
      "WithPodChecks on 'shop': 'rulePacks' holds something that is not a RulePack.");
    expect(PodChecks.rulePacks(chart)).toEqual([]);
    expect(synthError(a)).toBeUndefined();
  });

  test('acknowledged with PodChecks.acknowledge: no finding, the reason kept by PodChecks.findings and written as an annotation', () => {
    const a = Testing.app();
    const chart = new Chart(a, 'shop');
    const w = web(chart);
    PodChecks.addRulePack(a, pack);
    PodChecks.acknowledge(chart, 'TEAM-ENV', 'the web app reads its environment from a file');
    PodChecks.acknowledge(chart, 'TEAM-KIND', 'noted elsewhere, not needed here');
    expect(synthError(a)).toBeUndefined();
    const findings = PodChecks.findings(w).filter(f => f.ruleId.startsWith('TEAM-'));
    expect(findings).toEqual([
      {
        ruleId: 'TEAM-ENV',
        severity: 'error',
        message: "container 'app' (spec.containers[0]) does not set TEAM_ENV",
        path: 'shop/web',
        acknowledgedReason: 'the web app reads its environment from a file',
      },
      {
        ruleId: 'TEAM-KIND',
        severity: 'warning',
        message: 'Deployment web at shop/web',
        path: 'shop/web',
        acknowledgedReason: 'noted elsewhere, not needed here',
      },
    ]);
    const deployment = Testing.synth(chart).find((o: any) => o.kind === 'Deployment');
    expect(deployment.metadata.annotations).toEqual({
      'acknowledge.cdk8s-pod-patterns/TEAM-ENV': 'the web app reads its environment from a file',
      'acknowledge.cdk8s-pod-patterns/TEAM-KIND': 'noted elsewhere, not needed here',
    });
  });

  test('an acknowledgement annotation on an L1 object silences a pack rule, as in a manifest', () => {
    const a = Testing.app();
    const chart = new Chart(a, 'shop');
    new ApiObject(chart, 'raw', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'raw', annotations: { 'acknowledge.cdk8s-pod-patterns/TEAM-ENV': 'configured by the platform operator' } },
      spec: {
        selector: { matchLabels: { app: 'raw' } },
        template: {
          metadata: { labels: { app: 'raw' } },
          spec: { containers: [{ name: 'app', image: 'mycompany/web:1.6.0', resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '64Mi' } } }] },
        },
      },
    });
    PodChecks.addRulePack(chart, pack);
    expect(synthError(a)).toBeUndefined();
    expect(takeWarnings()).toEqual(['[shop/raw] WARNING TEAM-KIND: Deployment raw at shop/raw Deployment/raw']);
  });

  test('throws when a pack rule is acknowledged on a scope no pack with that rule was added to, above or below', () => {
    const a = Testing.app();
    const chart = new Chart(a, 'shop');
    web(chart, 'web', true);
    expect(() => PodChecks.acknowledge(chart, 'TEAM-ENV', 'the web app reads its environment from a file')).toThrow(
      /^PodChecks\.acknowledge\(shop, 'TEAM-ENV'\): unknown rule 'TEAM-ENV' \(known rules: PP-INVALID-QUANTITY, .*\): a team's rule is known once its rule pack is added \(PodChecks.addRulePack at synth, --rules <module> in the CLI\)\.$/);
    PodChecks.addRulePack(chart.node.findChild('web'), pack);
    expect(() => PodChecks.acknowledge(chart, 'TEAM-ENV', 'the web app reads its environment from a file')).not.toThrow();
    expect(synthError(a)).toBeUndefined();
    expect(takeWarnings()).toEqual(['[shop/web] WARNING TEAM-KIND: Deployment web at shop/web']);
  });

  test('throws when two packs that would check the same workloads define one rule ID', () => {
    const a = Testing.app();
    const chart = new Chart(a, 'shop');
    PodChecks.addRulePack(chart, pack);
    const other = new RulePack({ name: 'other', rules: [new EnvRule()] });
    expect(() => PodChecks.addRulePack(a, other)).toThrow(
      "rule packs 'other' and 'team' both define TEAM-ENV, and both would check '<root>': give one of the rules another ID.");
    expect(() => PodChecks.addRulePack(chart, { name: 'fake', rules: [] } as unknown as RulePack)).toThrow(
      'PodChecks.addRulePack(shop): the pack is not a RulePack (new RulePack({ name, rules })).');
  });

  test('a rule that throws becomes a finding of that rule, and the other rules still report', () => {
    class Throws extends PodRuleDefinition {
      constructor() {
        super({ id: 'TEAM-THROWS', severity: RuleSeverity.ERROR, cause: 'c', explanation: 'e' });
      }
      public check(): string[] {
        throw new Error('no such field');
      }
    }
    const a = Testing.app();
    const chart = new Chart(a, 'shop');
    web(chart);
    PodChecks.addRulePack(chart, new RulePack({ name: 'throwing', rules: [new Throws(), new EnvRule()] }));
    const err = synthError(a);
    expect(err).toContain('[shop/web] TEAM-THROWS: cannot check the pod: no such field');
    expect(err).toContain("[shop/web] TEAM-ENV: container 'app' (spec.containers[0]) does not set TEAM_ENV");
  });

  test('PodChecks.rules lists the library\'s rules, then those of the given packs with their pack', () => {
    const rules = PodChecks.rules(pack);
    expect(rules.slice(-2)).toEqual([
      { id: 'TEAM-ENV', severity: 'error', cause: 'A container does not set TEAM_ENV.', explanation: 'Set TEAM_ENV.', source: undefined, apiServerRejects: false, pack: 'team' },
      { id: 'TEAM-KIND', severity: 'warning', cause: 'Every pod is noted.', explanation: 'A test rule.', source: undefined, apiServerRejects: false, pack: 'team' },
    ]);
    expect(PodChecks.rules().some(r => r.pack !== undefined)).toBe(false);
  });
});
