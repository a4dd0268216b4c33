import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-30';
import { ALL_KINDS, applyToDeployment, AT_DEPLOYMENT, describeScopes, errorOf, expectPropsProblem, fullChart, makeWorkload, manifestOf, names, podMetadataIn, specOf } from './mixin-fixtures';
import { WaitTarget } from '../lib/mixins/wait-target';
import { WithWaitFor, WithWaitForProps } from '../lib/mixins/with-wait-for';

const waitForDb = (extra: Partial<WithWaitForProps> = {}) => new WithWaitFor({
  name: 'wait-for-postgres', target: WaitTarget.tcp('postgres-service', 5432), ...extra,
});

describe('WithWaitFor', () => {
  describeScopes("WithWaitFor 'wait-for-postgres'", () => waitForDb(), (chart, w) => (specOf(chart, w).initContainers ?? []).some((c: any) => c.name === 'wait-for-postgres'));

  describe('supports()', () => {
    test.each(ALL_KINDS)('is true for a %s', kind => {
      expect(waitForDb().supports(makeWorkload(Testing.chart(), kind))).toBe(true);
    });

  });

  test.each(ALL_KINDS)('.with() on a %s adds a plain busybox init container running the wait loop', kind => {
    const chart = Testing.chart();
    const w = makeWorkload(chart, kind).with(waitForDb());
    const c = specOf(chart, w).initContainers[0];
    expect(c.name).toEqual('wait-for-postgres');
    expect(c.image).toEqual('busybox:1.37');
    expect(c.command).toEqual(['sh', '-c', waitForDb().script]);
    expect(c.restartPolicy).toBeUndefined();
    expect(c.startupProbe).toBeUndefined();
    expect(c.ports).toBeUndefined();
  });

  describe('script', () => {
    test('for TCP, loops on nc -z every 2 seconds, forever by default', () => {
      expect(waitForDb().script).toEqual([
        'until nc -z postgres-service 5432; do',
        "  echo 'waiting for postgres-service:5432...'",
        '  sleep 2',
        'done',
        '',
      ].join('\n'));
    });

    test('for HTTP, loops on wget --spider on the quoted URL', () => {
      const s = new WithWaitFor({ name: 'wait-for-config', target: WaitTarget.http('http://config-service:8080/healthz'), periodSeconds: 5 }).script;
      expect(s).toContain("until wget -q --spider -T 5 'http://config-service:8080/healthz'; do\n");
      expect(s).toContain('  sleep 5\n');
      expect(s).not.toContain('deadline');
    });

    test('for DNS, loops on nslookup', () => {
      const s = new WithWaitFor({ name: 'wait-for-dns', target: WaitTarget.dns('postgres-service') }).script;
      expect(s.split('\n')[0]).toEqual('until nslookup postgres-service; do');
    });

    test('with a timeout, gives up with exit 1 after that many seconds', () => {
      const s = waitForDb({ timeout: Duration.minutes(2) }).script;
      expect(s).toEqual([
        'deadline=$(( $(date +%s) + 120 ))',
        'until nc -z postgres-service 5432; do',
        "  if [ \"$(date +%s)\" -ge \"$deadline\" ]; then echo 'gave up waiting for postgres-service:5432 after 120s'; exit 1; fi",
        "  echo 'waiting for postgres-service:5432...'",
        '  sleep 2',
        'done',
        '',
      ].join('\n'));
    });

    test.each([
      [WaitTarget.tcp('postgres-service', 5432), 'nc -z postgres-service 5432', 'postgres-service:5432'],
      [WaitTarget.http('http://config-service:8080/healthz'), "wget -q --spider -T 5 'http://config-service:8080/healthz'", 'http://config-service:8080/healthz'],
      [WaitTarget.dns('postgres-service'), 'nslookup postgres-service', 'postgres-service'],
    ])('for %p, with and without a timeout, loops on the same test', (target, probe, description) => {
      const forever = new WithWaitFor({ name: 'w', target }).script;
      const bounded = new WithWaitFor({ name: 'w', target, timeout: Duration.seconds(30) }).script;
      expect(forever.startsWith(`until ${probe}; do\n`)).toBe(true);
      expect(bounded.split('\n').slice(0, 2)).toEqual(['deadline=$(( $(date +%s) + 30 ))', `until ${probe}; do`]);
      expect(bounded).toContain(`echo 'gave up waiting for ${description} after 30s'; exit 1;`);
      expect(forever).not.toContain('exit 1');
    });

    describe('run by sh with stub commands', () => {
      let dir: string;
      beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wait-for-'));
        // nc succeeds on its third call; sleep does nothing; date advances a minute per call.
        const counter = (file: string) => `n=$(cat ${dir}/${file}.count 2>/dev/null || echo 0); n=$((n+1)); echo $n > ${dir}/${file}.count`;
        fs.writeFileSync(path.join(dir, 'nc'), `#!/bin/sh\n${counter('nc')}\necho "nc $*" >> ${dir}/calls\n[ "$n" -ge "\${NC_OK_AT:-3}" ]\n`, { mode: 0o755 });
        fs.writeFileSync(path.join(dir, 'sleep'), `#!/bin/sh\necho "sleep $*" >> ${dir}/calls\n`, { mode: 0o755 });
        fs.writeFileSync(path.join(dir, 'date'), `#!/bin/sh\n${counter('date')}\necho $((1000 + 60 * (n - 1)))\n`, { mode: 0o755 });
      });
      afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

      const run = (script: string, ncOkAt: number) => spawnSync('sh', ['-c', script], {
        env: { ...process.env, PATH: `${dir}:${process.env.PATH}`, NC_OK_AT: String(ncOkAt) }, encoding: 'utf8', timeout: 10000,
      });

      test('exits 0 once the target answers, sleeping between attempts', () => {
        const r = run(waitForDb().script, 3);
        expect(r.status).toEqual(0);
        expect(fs.readFileSync(path.join(dir, 'calls'), 'utf8').trim().split('\n')).toEqual([
          'nc -z postgres-service 5432', 'sleep 2', 'nc -z postgres-service 5432', 'sleep 2', 'nc -z postgres-service 5432',
        ]);
        expect(r.stdout).toEqual('waiting for postgres-service:5432...\n'.repeat(2));
      });

      test('exits 1 after the timeout when the target never answers', () => {
        const r = run(waitForDb({ timeout: Duration.minutes(2) }).script, 1000);
        expect(r.status).toEqual(1);
        expect(r.stdout).toContain('gave up waiting for postgres-service:5432 after 120s');
      });
    });
  });

  test('applied twice adds one init container', () => {
    const chart = Testing.chart();
    const m = waitForDb();
    const w = makeWorkload(chart, 'Job').with(m, m);
    m.applyTo(w);
    expect(names(specOf(chart, w).initContainers)).toEqual(['wait-for-postgres']);
  });

  test('applied to a whole chart, joins every workload and only those', () => {
    const base = fullChart();
    const { chart, workloads } = fullChart();
    chart.with(waitForDb());
    for (const w of workloads) expect(names(specOf(chart, w).initContainers)).toEqual(['wait-for-postgres']);
    const others = (ms: any[]) => ms.filter(m => m.kind === 'Service' || m.kind === 'ConfigMap');
    expect(others(Testing.synth(chart))).toEqual(others(Testing.synth(base.chart)));
  });


  test('resources default to 10m/16Mi requested and 32Mi limit, and `resources` overrides them', () => {
    const chart = Testing.chart();
    const a = makeWorkload(chart, 'Deployment', 'a').with(waitForDb());
    const b = makeWorkload(chart, 'Deployment', 'b').with(waitForDb({ resources: { memory: { limit: Size.mebibytes(8) } } }));
    expect(specOf(chart, a).initContainers[0].resources).toEqual({ requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '32Mi' } });
    expect(specOf(chart, b).initContainers[0].resources).toEqual({ limits: { memory: '8Mi' } });
  });

  test("runs as user and group 65534 with cdk8s-plus's secure defaults, also when the security context is partly overridden", () => {
    const chart = Testing.chart();
    const a = makeWorkload(chart, 'Deployment', 'a').with(waitForDb());
    expect(specOf(chart, a).initContainers[0].securityContext).toEqual({
      runAsUser: 65534, runAsGroup: 65534, runAsNonRoot: true, privileged: false, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false,
    });
    const b = makeWorkload(chart, 'Deployment', 'b').with(waitForDb({ securityContext: { readOnlyRootFilesystem: false } }));
    expect(specOf(chart, b).initContainers[0].securityContext).toMatchObject({ runAsUser: 65534, runAsGroup: 65534, readOnlyRootFilesystem: false });
    const c = makeWorkload(chart, 'Deployment', 'c').with(waitForDb({ securityContext: { user: 1000 } }));
    expect(specOf(chart, c).initContainers[0].securityContext).toMatchObject({ runAsUser: 1000, runAsGroup: 65534 });
  });

  test('uses the image given', () => {
    const chart = Testing.chart();
    const w = makeWorkload(chart, 'Deployment').with(waitForDb({ image: 'registry.local/busybox:1.36' }));
    expect(specOf(chart, w).initContainers[0].image).toEqual('registry.local/busybox:1.36');
  });

  test('sets the kubectl default-container annotation to the app', () => {
    const chart = Testing.chart();
    const w = makeWorkload(chart, 'Pod').with(waitForDb());
    expect(podMetadataIn(manifestOf(chart, w)).annotations['kubectl.kubernetes.io/default-container']).toEqual('app');
  });

  test.each([undefined, ''])('throws when name is %p, naming the workload it was applied to', name => {
    expect(errorOf(() => applyToDeployment(waitForDb({ name: name as any })))).toEqual(`WithWaitFor: 'name' is required: give the container a name, e.g. { name: 'log-shipper', image: ... }. ${AT_DEPLOYMENT}`);
  });

  test('throws when target is missing, naming the workload it was applied to', () => {
    expect(errorOf(() => applyToDeployment(waitForDb({ target: undefined as any })))).toEqual("WithWaitFor 'wait-for-postgres': 'target' is required: "
      + `WaitTarget.tcp(host, port), WaitTarget.http(url) or WaitTarget.dns(hostname). ${AT_DEPLOYMENT}`);
  });

  test('throws on a missing target only when applied, naming where, and changes nothing (its script is empty)', () => {
    expectPropsProblem(() => waitForDb({ target: undefined as any }),
      "WithWaitFor 'wait-for-postgres': 'target' is required: WaitTarget.tcp(host, port), WaitTarget.http(url) or WaitTarget.dns(hostname).");
    expect(waitForDb({ target: undefined as any }).script).toEqual('');
  });

  test.each([0, -1, 1.5])('throws when periodSeconds is %p, naming the workload it was applied to', period => {
    expect(errorOf(() => applyToDeployment(waitForDb({ periodSeconds: period }))))
      .toEqual(`WithWaitFor 'wait-for-postgres': 'periodSeconds' (${period}) must be a whole number of seconds, at least 1. ${AT_DEPLOYMENT}`);
  });

  test.each([
    [Duration.seconds(0), '0 seconds'],
    [Duration.millis(1500), '1 second 500 millis'],
    [Duration.millis(200), '200 millis'],
  ])('throws when timeout is %p, naming the workload it was applied to', (timeout, shown) => {
    expect(errorOf(() => applyToDeployment(waitForDb({ timeout }))))
      .toEqual(`WithWaitFor 'wait-for-postgres': 'timeout' (${shown}) must be a whole number of seconds, at least 1. ${AT_DEPLOYMENT}`);
  });

  test('keeps the pod spec free of probes on the plain init container (kplus defaults do not add one)', () => {
    const chart = Testing.chart();
    const w = new kplus.Deployment(chart, 'web', { containers: [{ name: 'app', image: 'a:1.0' }] }).with(waitForDb());
    const c = specOf(chart, w).initContainers[0];
    expect([c.livenessProbe, c.readinessProbe, c.startupProbe, c.lifecycle]).toEqual([undefined, undefined, undefined, undefined]);
  });
});
