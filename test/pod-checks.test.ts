import * as fs from 'fs';
import * as path from 'path';
import { App, Chart, Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-30';
import { takeWarnings } from './setup/warnings';
import { findingsOf } from '../lib/checks/findings';
import { RuleSeverity } from '../lib/checks/rule-severity';
import { ALL_RULES, INPUT_RULES } from '../lib/checks/rules';
import { WaitTarget } from '../lib/mixins/wait-target';
import { WithAdapter } from '../lib/mixins/with-adapter';
import { WithAmbassador } from '../lib/mixins/with-ambassador';
import { WithContainerAutoscaling } from '../lib/mixins/with-container-autoscaling';
import { WithInitStep } from '../lib/mixins/with-init-step';
import { WithNativeSidecar } from '../lib/mixins/with-native-sidecar';
import { WithPodChecks } from '../lib/mixins/with-pod-checks';
import { WithWaitFor } from '../lib/mixins/with-wait-for';
import { KubernetesTarget } from '../lib/model/kubernetes-target';
import { buildPodModel } from '../lib/model/pod-model';
import { PodChecks } from '../lib/pod-checks';
import { registerPodChecks } from '../lib/synth/pod-checks-registration';

const RESOURCES: kplus.ContainerResources = {
  cpu: { request: kplus.Cpu.millis(250) },
  memory: { request: Size.mebibytes(256), limit: Size.mebibytes(256) },
};
const app = (extra: Partial<kplus.ContainerProps> = {}): kplus.ContainerProps =>
  ({ name: 'app', image: 'mycompany/web:1.6.0', resources: RESOURCES, ports: [{ number: 8080, name: 'http' }], ...extra });

/** The error cdk8s throws at synth, or undefined. */
function synthError(a: App): string | undefined {
  try {
    a.synthYaml();
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/** Captures what is written to stderr while `fn` runs. */
function stderrOf(fn: () => void): string[] {
  const lines: string[] = [];
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: any) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    fn();
  } finally {
    spy.mockRestore();
  }
  return lines;
}

function untaggedDeployment(chart: Chart, id = 'web'): kplus.Deployment {
  return new kplus.Deployment(chart, id, { containers: [app({ image: 'mycompany/web' })] });
}

describe('pod checks at synth', () => {
  test('fails when a mixin joins a workload whose sidecar binds the app\'s port: [path] RULE-ID: message', () => {
    const a = Testing.app();
    const chart = new Chart(a, 'shop');
    const web = new kplus.Deployment(chart, 'web', { containers: [app()] });
    web.with(new WithNativeSidecar({ name: 'proxy', image: 'envoyproxy/envoy:v1.31.0', ports: [{ number: 8080 }], startup: kplus.Probe.fromTcpSocket({ port: 8080 }) }));
    const err = synthError(a);
    expect(err).toContain("[shop/web] PP-PORT-CONFLICT: native sidecar 'proxy' and container 'app' both bind TCP port 8080");
  });

  test('Testing.synth(chart) reports the same error', () => {
    const chart = Testing.chart();
    const job = new kplus.Job(chart, 'report', { containers: [app()] });
    job.with(new WithNativeSidecar({ name: 'log-shipper', image: 'grafana/promtail:3.4.0' }));
    KubernetesTarget.set(chart, { version: '1.27' });
    expect(() => Testing.synth(chart)).toThrow(/\[test\/report\] PP-FEATURE-VERSION: native sidecar 'log-shipper'/);
  });

  test('a workload no mixin joined is not checked, until WithPodChecks is applied to its chart', () => {
    const a = Testing.app();
    const chart = new Chart(a, 'plain');
    new kplus.Deployment(chart, 'web', { containers: [app(), app({ name: 'metrics', ports: [{ number: 8080 }] })] });
    expect(synthError(a)).toBeUndefined();
    chart.with(new WithPodChecks());
    expect(synthError(a)).toContain('[plain/web] PP-PORT-CONFLICT');
  });

  test('WithPodChecks on an App checks HPAs made with plain cdk8s-plus', () => {
    const a = Testing.app();
    const chart = new Chart(a, 'plain');
    const web = new kplus.Deployment(chart, 'web', { containers: [app()] });
    new kplus.HorizontalPodAutoscaler(chart, 'hpa', {
      target: web,
      maxReplicas: 5,
      metrics: [kplus.Metric.containerCpu({ container: { name: 'ap' } as kplus.Container, target: kplus.MetricTarget.averageUtilization(70) })],
    });
    a.with(new WithPodChecks());
    const err = synthError(a);
    expect(err).toContain("[plain/web] PP-HPA-UNKNOWN-CONTAINER: HPA 'plain-hpa-c8");
    expect(err).toContain("of container 'ap', but Deployment");
    expect(err).toContain("(it runs: 'app')");
  });

  test('a pod using every pattern correctly raises no finding but the init step\'s, acknowledged', () => {
    const a = Testing.app();
    const chart = new Chart(a, 'all');
    KubernetesTarget.set(a, { version: '1.30' });
    const shared = kplus.Volume.fromEmptyDir(chart, 'config', 'config');
    const web = new kplus.Deployment(chart, 'web', { containers: [app()] });
    web.with(
      new WithWaitFor({ name: 'wait-for-postgres', target: WaitTarget.tcp('postgres', 5432) }),
      new WithInitStep({
        name: 'fetch-config',
        image: 'mycompany/config-fetcher:2.1.0',
        volumeMounts: [{ path: '/config', volume: shared }],
        appVolumeMounts: [{ path: '/etc/app', volume: shared, readOnly: true }],
      }),
      new WithNativeSidecar({
        name: 'log-shipper',
        image: 'grafana/promtail:3.4.0',
        securityContext: { user: 10001, group: 10001 },
        ports: [{ number: 3101 }],
        startup: kplus.Probe.fromHttpGet('/ready', { port: 3101 }),
      }),
      new WithNativeSidecar({ name: 'db-proxy', image: 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.13.0', portNumber: 5432 }),
      new WithAmbassador({ name: 'redis-ambassador', image: 'kuiken/twemproxy:0.5', ports: [{ number: 6379 }], appUrlEnv: 'REDIS_URL', urlScheme: 'redis' }),
      new WithAdapter({ name: 'jmx-exporter', image: 'bitnami/jmx-exporter:1.0.1', ports: [{ number: 5556, name: 'prom-metrics' }] }),
      new WithContainerAutoscaling({ container: 'app', minReplicas: 2, maxReplicas: 10, cpuUtilization: 70 }),
    );
    const job = new kplus.Job(chart, 'report', { containers: [app({ name: 'batch', ports: [] })], ttlAfterFinished: Duration.hours(1) });
    job.with(new WithNativeSidecar({ name: 'log-shipper', image: 'grafana/promtail:3.4.0', ports: [{ number: 3101 }], startup: kplus.Probe.fromHttpGet('/ready', { port: 3101 }) }));
    // an init step under an HPA runs in every replica: fine for fetching configuration, said so once
    PodChecks.acknowledge(web, 'PP-INIT-STEP-REPLICAS', 'fetching configuration is safe to repeat in every pod');
    a.with(new WithPodChecks({ strict: true }));
    expect(PodChecks.findings(web).map(f => [f.ruleId, f.acknowledgedReason])).toEqual([
      ['PP-INIT-STEP-REPLICAS', 'fetching configuration is safe to repeat in every pod'],
    ]);
    expect(PodChecks.findings(job)).toEqual([]);
    const printed = stderrOf(() => expect(synthError(a)).toBeUndefined());
    expect(printed).toEqual([]);
  });
});

describe('rules end to end, through cdk8s-plus and WithPodChecks', () => {
  function checked(build: (chart: Chart) => void): string | undefined {
    const a = Testing.app();
    const chart = new Chart(a, 'c');
    build(chart);
    a.with(new WithPodChecks({ strict: true }));
    let err: string | undefined;
    stderrOf(() => { err = synthError(a); });
    return err;
  }

  test('fails under strict for a cdk8s-plus Job whose pod metadata asks Istio for a classic sidecar (read from podMetadata at synth)', () => {
    const err = checked(chart => {
      new kplus.Job(chart, 'migrate', {
        podMetadata: { labels: { 'sidecar.istio.io/inject': 'true' } },
        containers: [app({ command: ['./migrate', 'up'] })],
      });
    });
    expect(err).toContain('PP-JOB-INJECTED-SIDECAR: the pod asks Istio for a sidecar (sidecar.istio.io/inject: "true"), '
      + "which it injects as a regular container 'istio-proxy' that never exits, so the Job never completes.");
  });

  test('fails under strict when a WithInitStep runs in a Deployment of 2 replicas (cdk8s-plus\'s default), naming the Job as the fix', () => {
    const err = checked(chart => {
      new kplus.Deployment(chart, 'web', { containers: [app()] })
        .with(new WithInitStep({ name: 'migrate', image: 'mycompany/migrate:1.6.0', command: ['./migrate', 'up'] }));
    });
    expect(err).toContain("[c/web] PP-INIT-STEP-REPLICAS: init step 'migrate' (spec.initContainers[0]) runs in every pod of Deployment");
    expect(err).toContain('2 replicas: once per pod, several at once when pods start together');
    expect(err).toContain('Run migrations once in a Job');
  });

  test('passes under strict for a WithInitStep in a Deployment of 1 replica', () => {
    expect(checked(chart => {
      new kplus.Deployment(chart, 'web', { replicas: 1, containers: [app()] })
        .with(new WithInitStep({ name: 'migrate', image: 'mycompany/migrate:1.6.0', command: ['./migrate', 'up'] }));
    })).toBeUndefined();
  });

  test('fails when a memory-backed emptyDir is as large as the memory limit of the container that mounts it', () => {
    const err = checked(chart => {
      const cache = kplus.Volume.fromEmptyDir(chart, 'cache', 'cache', { medium: kplus.EmptyDirMedium.MEMORY, sizeLimit: Size.mebibytes(256) });
      new kplus.Deployment(chart, 'web', { containers: [app({ volumeMounts: [{ path: '/cache', volume: cache }] })] });
    });
    expect(err).toContain("[c/web] PP-TMPFS-OVER-LIMIT: emptyDir 'cache' (medium: Memory) has sizeLimit 256Mi, at least the 256Mi memory limit of container 'app'");
  });

  test('fails when an HPA made with plain cdk8s-plus scales on the cpu of a container without a cpu request', () => {
    const err = checked(chart => {
      const web = new kplus.Deployment(chart, 'web', { containers: [app({ resources: { memory: { request: Size.mebibytes(64), limit: Size.mebibytes(64) } } })] });
      new kplus.HorizontalPodAutoscaler(chart, 'hpa', {
        target: web,
        maxReplicas: 4,
        metrics: [kplus.Metric.containerCpu({ container: web.containers[0], target: kplus.MetricTarget.averageUtilization(60) })],
      });
    });
    expect(err).toContain("[c/web] PP-HPA-NO-REQUEST: HPA 'c-hpa-");
    expect(err).toContain("container 'app' has no cpu request");
  });

  test('fails under strict when the native sidecar, stopped after the app, gets SIGTERM only once the grace period is spent', () => {
    const err = checked(chart => {
      const web = new kplus.Deployment(chart, 'web', {
        terminationGracePeriod: Duration.seconds(30),
        containers: [app({ lifecycle: { preStop: kplus.Handler.fromCommand(['sh', '-c', 'sleep 30']) } })],
      });
      web.with(new WithNativeSidecar({
        name: 'log-shipper',
        image: 'grafana/promtail:3.4.0',
        lifecycle: { preStop: kplus.Handler.fromCommand(['sleep', '15']) },
      }));
    });
    expect(err).toContain("[c/web] PP-GRACE-PERIOD: terminationGracePeriodSeconds is 30s, but native sidecar 'log-shipper' gets SIGTERM only 30s "
      + "after termination begins (its own preStop sleeps 15s, but it waits for container 'app' to exit, whose preStop sleeps 30s;");
  });

  test('fails for a plain init container given portNumber (cdk8s-plus turns it into a startupProbe the API server rejects)', () => {
    const err = checked(chart => {
      const web = new kplus.Deployment(chart, 'web', { containers: [app()] });
      web.addInitContainer({ name: 'warmup', image: 'mycompany/warmup:1.0.0', portNumber: 9000, resources: RESOURCES });
    });
    expect(err).toContain("[c/web] PP-INIT-PROBE: init container 'warmup' has a startupProbe");
    expect(err).toContain("declare the port with 'ports' instead");
  });

  test('warns for an envoy container added by hand to a Job', () => {
    const err = checked(chart => {
      new kplus.Job(chart, 'report', { containers: [app({ name: 'batch', ports: [] }), app({ name: 'proxy', image: 'envoyproxy/envoy:v1.31.0', ports: [] })] });
    });
    expect(err).toContain("[c/report] PP-JOB-SUSPECTED-SIDECAR: container 'proxy' (spec.containers[1]) of Job");
  });
});

describe('warnings', () => {
  test('are printed once per App on stderr as [path] WARNING RULE-ID: message, even though cdk8s validates once per chart', () => {
    const a = Testing.app();
    const one = new Chart(a, 'one');
    new Chart(a, 'two');
    untaggedDeployment(one).with(new WithPodChecks());
    const printed = stderrOf(() => a.synth());
    const lines = printed.filter(l => l.includes('PP-IMAGE-TAG'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\[one\/web\] WARNING PP-IMAGE-TAG: image 'mycompany\/web' of container 'app'/);
    expect(stderrOf(() => a.synth())).toEqual([]);
  });

  test('do not fail synth', () => {
    const a = Testing.app();
    untaggedDeployment(new Chart(a, 'c')).with(new WithPodChecks());
    stderrOf(() => expect(synthError(a)).toBeUndefined());
  });

  test('fail synth under strict, with the acknowledgement that would silence them', () => {
    const a = Testing.app();
    const chart = new Chart(a, 'c');
    untaggedDeployment(chart);
    chart.with(new WithPodChecks({ strict: true }));
    const err = synthError(a);
    expect(err).toContain('[c/web] PP-IMAGE-TAG:');
    expect(err).toContain("PodChecks.acknowledge(scope, 'PP-IMAGE-TAG', reason)");
  });

  test('strict set once survives a later registration without options (a mixin applied afterwards)', () => {
    const a = Testing.app();
    const chart = new Chart(a, 'c');
    const web = untaggedDeployment(chart);
    chart.with(new WithPodChecks({ strict: true }));
    web.with(new WithNativeSidecar({ name: 'log-shipper', image: 'grafana/promtail:3.4.0' }));
    expect(synthError(a)).toContain('PP-IMAGE-TAG');
  });

  test('acknowledged on a scope above the workload are neither printed nor failing under strict, and keep their reason', () => {
    const a = Testing.app();
    const chart = new Chart(a, 'c');
    const web = untaggedDeployment(chart);
    chart.with(new WithPodChecks({ strict: true }));
    PodChecks.acknowledge(a, 'PP-IMAGE-TAG', 'images are pinned by the deploy pipeline');
    const printed = stderrOf(() => expect(synthError(a)).toBeUndefined());
    expect(printed).toEqual([]);
    expect(PodChecks.findings(web)).toEqual([expect.objectContaining({
      ruleId: 'PP-IMAGE-TAG', path: 'c/web', acknowledgedReason: 'images are pinned by the deploy pipeline',
    })]);
  });

  test('acknowledged on one workload stay reported on its sibling', () => {
    const a = Testing.app();
    const chart = new Chart(a, 'c');
    const web = untaggedDeployment(chart, 'web');
    untaggedDeployment(chart, 'api');
    chart.with(new WithPodChecks());
    PodChecks.acknowledge(web, 'PP-IMAGE-TAG', 'built and pinned by the release job');
    const printed = stderrOf(() => a.synth()).join('');
    expect(printed).toContain('[c/api] WARNING PP-IMAGE-TAG');
    expect(printed).not.toContain('[c/web]');
  });

  test('an acknowledged error-level rule that the API server accepts is skipped', () => {
    const a = Testing.app();
    const chart = new Chart(a, 'c');
    new kplus.Deployment(chart, 'web', { containers: [app(), app({ name: 'reuse', ports: [{ number: 8080 }] })] });
    chart.with(new WithPodChecks());
    PodChecks.acknowledge(chart, 'PP-PORT-CONFLICT', 'both processes bind with SO_REUSEPORT');
    expect(synthError(a)).toBeUndefined();
  });
});

describe('PodChecks.acknowledge', () => {
  test('throws when the reason is shorter than 10 characters', () => {
    expect(() => PodChecks.acknowledge(Testing.chart(), 'PP-IMAGE-TAG', ' fine     ')).toThrow(/must be at least 10 characters \(got 4\)/);
  });

  test('throws for an unknown rule ID, listing the known ones', () => {
    expect(() => PodChecks.acknowledge(Testing.chart(), 'PP-NOPE', 'a long enough reason')).toThrow(/unknown rule 'PP-NOPE'.*PP-PORT-CONFLICT/);
  });

  test('throws for a rule whose findings the API server rejects', () => {
    expect(() => PodChecks.acknowledge(Testing.chart(), 'PP-DUPLICATE-NAME', 'a long enough reason')).toThrow(/cannot be acknowledged.*API server rejects/);
  });

  test('throws that a rule the API server rejects cannot be acknowledged before asking about the reason, naming the scope', () => {
    const chart = Testing.chart();
    expect(() => PodChecks.acknowledge(chart, 'PP-DUPLICATE-NAME', 'short')).toThrow(
      `PodChecks.acknowledge(${chart.node.path}, 'PP-DUPLICATE-NAME'): PP-DUPLICATE-NAME cannot be acknowledged: the API server rejects such a pod`);
  });
});

describe('turning the checks off', () => {
  const conflicting = (chart: Chart) => new kplus.Deployment(chart, 'web', { containers: [app(), app({ name: 'b', ports: [{ number: 8080 }] })] })
    .with(new WithNativeSidecar({ name: 'log-shipper', image: 'grafana/promtail:3.4.0' }));

  test('PodChecks.disable before building checks nothing, and the manifests are those of the same app with the checks on', () => {
    const a = Testing.app();
    PodChecks.disable(a);
    const w = conflicting(new Chart(a, 'c'));
    expect(synthError(a)).toBeUndefined();
    const control = Testing.app();
    conflicting(new Chart(control, 'c'));
    expect(synthError(control)).toContain('[c/web] PP-PORT-CONFLICT');
    expect(Testing.synth(w.node.scope as Chart)).toHaveLength(1);
  });

  test('PodChecks.disable after registration silences the checks', () => {
    const a = Testing.app();
    const chart = new Chart(a, 'c');
    conflicting(chart);
    expect(synthError(a)).toContain('PP-PORT-CONFLICT');
    PodChecks.disable(chart);
    expect(synthError(a)).toBeUndefined();
  });

  test('WithPodChecks({ enabled: false }) turns them off for the workloads it is applied to, later mixins included', () => {
    const a = Testing.app();
    const chart = new Chart(a, 'c');
    const w = new kplus.Deployment(chart, 'web', { containers: [app(), app({ name: 'b', ports: [{ number: 8080 }] })] });
    chart.with(new WithPodChecks({ enabled: false }));
    w.with(new WithNativeSidecar({ name: 'log-shipper', image: 'grafana/promtail:3.4.0' }));
    expect(synthError(a)).toBeUndefined();
  });
});

describe('a workload joined by several mixins and WithPodChecks', () => {
  test('reports each finding once', () => {
    const a = Testing.app();
    const chart = new Chart(a, 'c');
    const w = new kplus.Deployment(chart, 'web', { containers: [app()] });
    w.with(
      new WithNativeSidecar({ name: 'log-shipper', image: 'grafana/promtail:3.4.0', ports: [{ number: 8080 }] }),
      new WithAdapter({ name: 'exporter', image: 'bitnami/jmx-exporter:1.0.1' }),
      new WithPodChecks(),
    );
    chart.with(new WithPodChecks());
    registerPodChecks(w);
    const err = synthError(a)!;
    expect(err.split('PP-PORT-CONFLICT').length - 1).toEqual(1);
    expect(takeWarnings()).toEqual([expect.stringMatching(/^\[c\/web\] WARNING PP-SIDECAR-NO-STARTUP-PROBE: native sidecar 'log-shipper' serves TCP 8080/)]);
  });
});

describe('PodChecks.rules and findingsOf', () => {
  test('rules() lists every rule once, with metadata and unique PP- IDs', () => {
    const rules = PodChecks.rules();
    expect(rules.map(r => r.id)).toEqual([...ALL_RULES, ...INPUT_RULES].map(r => r.id));
    expect(rules[rules.length - 1].id).toBe('PP-HPA-TARGET-MISSING');
    expect(new Set(rules.map(r => r.id)).size).toEqual(rules.length);
    for (const r of rules) {
      expect(r.id).toMatch(/^PP-[A-Z0-9-]+$/);
      expect(r.cause.length).toBeGreaterThan(20);
      expect(r.explanation.length).toBeGreaterThan(r.cause.length);
    }
    expect(rules.filter(r => r.severity === RuleSeverity.ERROR).length).toBeGreaterThanOrEqual(12);
    expect(rules.filter(r => r.severity === RuleSeverity.WARNING).length).toBeGreaterThanOrEqual(7);
  });

  test('every rule has its own file in lib/checks/rules/ and its own test file in test/rules/', () => {
    const ruleFiles = fs.readdirSync(path.join(__dirname, '..', 'lib', 'checks', 'rules'))
      .filter(f => f.endsWith('.ts') && f !== 'index.ts' && f !== 'rule-helpers.ts');
    expect(ruleFiles).toHaveLength(ALL_RULES.length + INPUT_RULES.length);
    for (const f of ruleFiles) {
      expect(fs.existsSync(path.join(__dirname, 'rules', f.replace(/\.ts$/, '.test.ts')))).toBe(true);
    }
  });

  test('findingsOf(model) runs every rule over a model built without cdk8s', () => {
    const model = buildPodModel({
      kind: 'Deployment',
      name: 'web',
      source: 'web.yaml#0',
      spec: { containers: [{ name: 'app', image: 'nginx', ports: [{ containerPort: 80 }] }, { name: 'b', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] },
      target: { version: '1.30', featureGates: {} },
    });
    expect(findingsOf(model).map(f => f.ruleId)).toEqual(['PP-PORT-CONFLICT', 'PP-IMAGE-TAG']);
  });

  test('PodChecks.findings throws for a construct that is not a workload', () => {
    const chart = Testing.chart();
    expect(() => PodChecks.findings(chart)).toThrow(/is not a cdk8s-plus Pod, Deployment/);
  });
});
