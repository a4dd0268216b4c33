import { ContainerPattern, PodContainerRole, PodRuleDefinition, PodView, RulePack, RuleSeverity } from '../lib';
import { podViewOf } from '../lib/checks/custom/pod-view';
import { buildPodModel } from '../lib/model/pod-model';

/** A rule that reports every container without a memory limit. */
class MemoryLimitRule extends PodRuleDefinition {
  constructor(id = 'TEAM-MEMORY-LIMIT', severity = RuleSeverity.WARNING) {
    super({ id, severity, cause: 'A container has no memory limit.', explanation: 'Set `resources.limits.memory`.', source: 'team handbook' });
  }

  public check(pod: PodView): string[] {
    return pod.containers.filter(c => c.memoryLimit === undefined).map(c => `container '${c.name}' has no memory limit`);
  }
}

class Returns extends PodRuleDefinition {
  constructor(private readonly value: unknown) {
    super({ id: 'TEAM-RETURNS', severity: RuleSeverity.ERROR, cause: 'c', explanation: 'e' });
  }

  public check(): string[] {
    return this.value as string[];
  }
}

const model = buildPodModel({
  kind: 'Deployment',
  name: 'web',
  namespace: 'shop',
  source: 'chart/web',
  replicas: 2,
  target: { version: '1.33', featureGates: {} },
  patterns: new Map([['log-shipper', 'native-sidecar' as const]]),
  spec: {
    volumes: [{ name: 'logs', emptyDir: {} }],
    initContainers: [{
      name: 'log-shipper',
      image: 'fluent/fluent-bit:3.2.2',
      restartPolicy: 'Always',
      ports: [{ containerPort: 2020, name: 'fluentbit-http' }],
      startupProbe: { httpGet: { path: '/', port: 2020 } },
      resources: { requests: { cpu: '20m', memory: '48Mi' }, limits: { memory: 96 * 1024 * 1024 } },
      volumeMounts: [{ name: 'logs', mountPath: '/var/log/app', readOnly: true }],
    }],
    containers: [{ name: 'app', image: 'mycompany/web:1.6.0', args: ['serve'], env: [{ name: 'PORT', value: '8080' }] }],
  },
});

describe('PodView', () => {
  test('is the pod model read as plain structs: roles, patterns, field paths, probes, quantities as written', () => {
    expect(podViewOf(model)).toEqual({
      kind: 'Deployment',
      name: 'web',
      namespace: 'shop',
      source: 'chart/web',
      replicas: 2,
      kubernetesVersion: '1.33',
      volumeNames: ['logs'],
      containers: [
        {
          name: 'log-shipper',
          role: PodContainerRole.SIDECAR,
          pattern: ContainerPattern.NATIVE_SIDECAR,
          fieldPath: 'spec.initContainers[0]',
          image: 'fluent/fluent-bit:3.2.2',
          ports: [{ number: 2020, name: 'fluentbit-http' }],
          hasStartupProbe: true,
          hasReadinessProbe: false,
          hasLivenessProbe: false,
          cpuRequest: '20m',
          memoryRequest: '48Mi',
          memoryLimit: '100663296',
          command: [],
          args: [],
          envNames: [],
          volumeMounts: [{ name: 'logs', mountPath: '/var/log/app', readOnly: true }],
        },
        {
          name: 'app',
          role: PodContainerRole.MAIN,
          fieldPath: 'spec.containers[0]',
          image: 'mycompany/web:1.6.0',
          ports: [],
          hasStartupProbe: false,
          hasReadinessProbe: false,
          hasLivenessProbe: false,
          command: [],
          args: ['serve'],
          envNames: ['PORT'],
          volumeMounts: [],
        },
      ],
    });
  });

  test('is built once per model and cannot be changed by a rule', () => {
    const view = podViewOf(model);
    expect(podViewOf(model)).toBe(view);
    expect(Object.isFrozen(view.containers[0].ports)).toBe(true);
    expect(() => (view.containers as unknown[]).push({})).toThrow();
  });
});

describe('PodRuleDefinition', () => {
  test('keeps its metadata and checks a PodView, here one written as a literal', () => {
    const rule = new MemoryLimitRule();
    expect([rule.id, rule.severity, rule.cause, rule.source]).toEqual(['TEAM-MEMORY-LIMIT', 'warning', 'A container has no memory limit.', 'team handbook']);
    expect(rule.check(podViewOf(model))).toEqual(["container 'app' has no memory limit"]);
    const literal: PodView = {
      kind: 'Pod',
      name: 'p',
      source: 'p.yaml#0',
      kubernetesVersion: '1.33',
      volumeNames: [],
      containers: [{
        name: 'job',
        role: PodContainerRole.MAIN,
        fieldPath: 'spec.containers[0]',
        ports: [],
        memoryLimit: '1Gi',
        hasStartupProbe: false,
        hasReadinessProbe: false,
        hasLivenessProbe: false,
        command: [],
        args: [],
        envNames: [],
        volumeMounts: [],
      }],
    };
    expect(rule.check(literal)).toEqual([]);
    expect(PodRuleDefinition.isPodRuleDefinition(rule)).toBe(true);
    expect(PodRuleDefinition.isPodRuleDefinition({ id: 'TEAM-X' })).toBe(false);
  });

  test('throws when the ID takes the library\'s PP- prefix', () => {
    expect(() => new MemoryLimitRule('PP-MEMORY-LIMIT')).toThrow(
      "PodRuleDefinition: 'id' (PP-MEMORY-LIMIT) must not start with 'PP-', the prefix of the library's own rules: use your team's prefix, e.g. 'ACME-MEMORY-LIMIT'.");
  });

  test.each(['memory-limit', 'MEMORY', 'TEAM_MEMORY', 'TEAM-', `TEAM-${'X'.repeat(60)}`])('throws when the ID is %s', id => {
    expect(() => new MemoryLimitRule(id)).toThrow(`PodRuleDefinition: 'id' (${JSON.stringify(id)}) must be upper-case letters and digits`);
  });

  test('throws when the severity is not a RuleSeverity or the cause is empty', () => {
    expect(() => new MemoryLimitRule('TEAM-X', 'fatal' as RuleSeverity)).toThrow("TEAM-X: 'severity' (\"fatal\") must be RuleSeverity.ERROR or RuleSeverity.WARNING.");
    class NoCause extends PodRuleDefinition {
      constructor() {
        super({ id: 'TEAM-NO-CAUSE', severity: RuleSeverity.ERROR, cause: ' ', explanation: 'e' });
      }
      public check(): string[] {
        return [];
      }
    }
    expect(() => new NoCause()).toThrow("PodRuleDefinition: TEAM-NO-CAUSE: 'cause' must be a non-empty text.");
  });
});

describe('RulePack', () => {
  test('holds its rules, runs them over the model with their pack name, and turns a malformed result into an error', () => {
    const pack = new RulePack({ name: 'team', rules: [new MemoryLimitRule(), new Returns('oops')] });
    const [memory, returns] = pack._podRules();
    expect(memory.pack).toEqual('team');
    expect(memory.check(model)).toEqual(["container 'app' has no memory limit"]);
    expect(() => returns.check(model)).toThrow('TEAM-RETURNS.check must return a list of messages (strings), not "oops"');
    expect(RulePack.isRulePack(pack)).toBe(true);
    expect(RulePack.isRulePack({ name: 'team', rules: [] })).toBe(false);
  });

  test('throws when two rules share an ID, a rule is not a PodRuleDefinition, the name is not kebab-case or there is no rule', () => {
    expect(() => new RulePack({ name: 'team', rules: [new MemoryLimitRule(), new MemoryLimitRule()] }))
      .toThrow("RulePack 'team': two rules have the ID TEAM-MEMORY-LIMIT; rule IDs must be distinct.");
    expect(() => new RulePack({ name: 'team', rules: [{ id: 'TEAM-X' } as unknown as PodRuleDefinition] }))
      .toThrow("RulePack 'team': rules[0] is not a PodRuleDefinition (subclass PodRuleDefinition and implement check).");
    expect(() => new RulePack({ name: 'Team Rules', rules: [new MemoryLimitRule()] }))
      .toThrow("RulePack: 'name' (\"Team Rules\") must be lowercase letters, digits and '-', e.g. 'acme-platform'.");
    expect(() => new RulePack({ name: 'team', rules: [] })).toThrow("RulePack 'team': 'rules' must list at least one PodRuleDefinition.");
  });

  test('toMarkdown renders the pack as docs/rules.md renders the built-in rules', () => {
    const pack = new RulePack({ name: 'team', description: 'The team\'s rules.', rules: [new MemoryLimitRule(), new Returns([])] });
    expect(pack.toMarkdown()).toEqual([
      '# Rule pack `team`',
      '',
      'The team\'s rules.',
      '',
      'Opt a scope into these rules with `PodChecks.addRulePack(scope, pack)` at synth, and check manifests with '
        + '`cdk8s-pod-patterns check --rules <module exporting the pack>`. Their findings are reported and acknowledged '
        + 'like the built-in rules\' (docs/rules.md of cdk8s-pod-patterns).',
      '',
      '## Errors (1)',
      '',
      '| Rule | Cause |',
      '| --- | --- |',
      '| [TEAM-RETURNS](#team-returns) | c |',
      '',
      '## Warnings (1)',
      '',
      '| Rule | Cause |',
      '| --- | --- |',
      '| [TEAM-MEMORY-LIMIT](#team-memory-limit) | A container has no memory limit. |',
      '',
      '## Rules',
      '',
      '### TEAM-MEMORY-LIMIT\n\n**Warning.** A container has no memory limit.\n\nSet `resources.limits.memory`.\n\nSource: team handbook.\n\n'
        + "Acknowledge with `PodChecks.acknowledge(scope, 'TEAM-MEMORY-LIMIT', reason)`.\n",
      "### TEAM-RETURNS\n\n**Error.** c\n\ne\n\nAcknowledge with `PodChecks.acknowledge(scope, 'TEAM-RETURNS', reason)`.\n",
    ].join('\n'));
  });
});
