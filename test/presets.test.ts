import { Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-30';
import { CATALOGUE } from '../examples/catalogue';
import { PodChecks, WithCloudSqlProxy, WithEnvoyAmbassador, WithFluentBit, WithNginxExporter, WithOtelCollector } from '../lib';
import { applyToDeployment, AT_DEPLOYMENT, errorOf } from './mixin-fixtures';
import { validateManifests } from '../lib/manifest/schema-source';

const APP = { name: 'app', image: 'mycompany/web:1.6.0', resources: { cpu: { request: kplus.Cpu.millis(100) }, memory: { request: Size.mebibytes(64), limit: Size.mebibytes(64) } } };

/** A Deployment with the preset applied, synthesized: its pod spec. */
function specWith(preset: (chart: any) => any): any {
  const chart = Testing.chart();
  new kplus.Deployment(chart, 'web', { metadata: { name: 'web' }, containers: [APP] }).with(preset(chart));
  return Testing.synth(chart).find((o: any) => o.kind === 'Deployment').spec.template.spec;
}

function config(chart: any, name: string): kplus.Volume {
  return kplus.Volume.fromConfigMap(chart, name, kplus.ConfigMap.fromConfigMapName(chart, `${name}-cm`, name), { name });
}

const get = (path: string, port: number) => ({ path, port, scheme: 'HTTP' });

describe('WithCloudSqlProxy', () => {
  test('is a native sidecar with the proxy\'s documented health checks on 9090, its resources and its nonroot user', () => {
    const proxy = specWith(() => new WithCloudSqlProxy({ instance: 'p:europe-west1:orders' })).initContainers[0];
    expect(proxy).toMatchObject({
      name: 'cloud-sql-proxy',
      image: 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.1',
      restartPolicy: 'Always',
      args: ['--health-check', '--http-address=0.0.0.0', '--http-port=9090', '--structured-logs', '--port=5432', 'p:europe-west1:orders'],
      ports: [{ containerPort: 5432, name: 'sql' }, { containerPort: 9090, name: 'sqlproxy-health' }],
      startupProbe: { httpGet: get('/startup', 9090), periodSeconds: 1, timeoutSeconds: 5, failureThreshold: 20 },
      livenessProbe: { httpGet: get('/liveness', 9090), periodSeconds: 60, timeoutSeconds: 30, failureThreshold: 5 },
      readinessProbe: { httpGet: get('/readiness', 9090), periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 1 },
      resources: { requests: { cpu: '1', memory: '2048Mi' }, limits: { memory: '2048Mi' } },
      securityContext: { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532 },
    });
  });

  test('takes its options and any overridden field', () => {
    const proxy = specWith(() => new WithCloudSqlProxy({ instance: 'p:r:i', sqlPort: 3306, healthPort: 9801, privateIp: true, name: 'db-proxy' })).initContainers[0];
    expect(proxy.name).toEqual('db-proxy');
    expect(proxy.args).toEqual(['--health-check', '--http-address=0.0.0.0', '--http-port=9801', '--structured-logs', '--private-ip', '--port=3306', 'p:r:i']);
    expect(proxy.startupProbe.httpGet).toEqual(get('/startup', 9801));
  });

  test('throws when applied with an instance that is not project:region:instance, or a port out of range, naming the workload', () => {
    const bad = new WithCloudSqlProxy({ instance: 'orders' }); // constructing throws nothing
    expect(errorOf(() => applyToDeployment(bad))).toEqual(
      `WithCloudSqlProxy: 'instance' ("orders") must be the instance connection name, 'project:region:instance'. ${AT_DEPLOYMENT}`);
    expect(errorOf(() => applyToDeployment(new WithCloudSqlProxy({ instance: 'p:r:i', sqlPort: 70000 }))))
      .toEqual(`WithCloudSqlProxy: 'sqlPort' (70000) must be between 1 and 65535. ${AT_DEPLOYMENT}`);
  });
});

describe('WithFluentBit', () => {
  test('is a native sidecar reading its configuration, with the HTTP server\'s probes on 2020', () => {
    const spec = specWith(chart => new WithFluentBit({ config: config(chart, 'fluent-bit-config') }));
    expect(spec.initContainers[0]).toMatchObject({
      name: 'fluent-bit',
      image: 'fluent/fluent-bit:3.2.2',
      restartPolicy: 'Always',
      args: ['-c', '/fluent-bit/etc/fluent-bit.yaml'],
      ports: [{ containerPort: 2020, name: 'fluentbit-http' }],
      startupProbe: { httpGet: get('/', 2020), periodSeconds: 2, failureThreshold: 30 },
      livenessProbe: { httpGet: get('/', 2020) },
      readinessProbe: { httpGet: get('/api/v1/health', 2020) },
      resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } },
      securityContext: { runAsNonRoot: true, runAsUser: 10001, readOnlyRootFilesystem: true },
      volumeMounts: [{ mountPath: '/fluent-bit/etc', name: 'fluent-bit-config', readOnly: true }],
    });
    expect(spec.volumes).toEqual([{ name: 'fluent-bit-config', configMap: { name: 'fluent-bit-config' } }]);
  });

  test('throws when applied without config, naming the workload', () => {
    expect(errorOf(() => applyToDeployment(new WithFluentBit({} as any))))
      .toEqual(`WithFluentBit: 'config' is required: the volume holding fluent-bit.yaml, e.g. a ConfigMap volume. ${AT_DEPLOYMENT}`);
  });
});

describe('WithOtelCollector', () => {
  test('is a native sidecar with OTLP ports and the health_check extension\'s probes on 13133', () => {
    const c = specWith(chart => new WithOtelCollector({ config: config(chart, 'otel-config') })).initContainers[0];
    expect(c).toMatchObject({
      name: 'otel-collector',
      image: 'otel/opentelemetry-collector-contrib:0.115.1',
      restartPolicy: 'Always',
      args: ['--config=/conf/collector.yaml'],
      ports: [{ containerPort: 4317, name: 'otlp' }, { containerPort: 4318, name: 'otlp-http' }, { containerPort: 13133, name: 'otel-health' }],
      startupProbe: { httpGet: get('/', 13133) },
      livenessProbe: { tcpSocket: { port: 13133 } },
      readinessProbe: { httpGet: get('/', 13133) },
      resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
      securityContext: { runAsUser: 10001 },
    });
  });

  test('throws when applied with healthPort out of range, naming the workload', () => {
    const chart = Testing.chart();
    expect(errorOf(() => applyToDeployment(new WithOtelCollector({ config: config(chart, 'c'), healthPort: 0 }))))
      .toEqual(`WithOtelCollector: 'healthPort' (0) must be between 1 and 65535. ${AT_DEPLOYMENT}`);
  });
});

describe('WithEnvoyAmbassador', () => {
  test('is an ambassador with /ready on the admin port and the app\'s URL injected', () => {
    const spec = specWith(chart => new WithEnvoyAmbassador({ config: config(chart, 'envoy-config'), listenerPort: 9000, appUrlEnv: 'PAYMENTS_URL' }));
    expect(spec.containers.map((c: any) => c.name)).toEqual(['app', 'envoy']);
    expect(spec.containers[0].env).toEqual([{ name: 'PAYMENTS_URL', value: 'http://localhost:9000' }]);
    expect(spec.containers[1]).toMatchObject({
      image: 'envoyproxy/envoy:v1.32.3',
      args: ['-c', '/etc/envoy/envoy.yaml'],
      ports: [{ containerPort: 9000, name: 'envoy-proxy' }, { containerPort: 9901, name: 'envoy-admin' }],
      startupProbe: { httpGet: get('/ready', 9901) },
      readinessProbe: { httpGet: get('/ready', 9901) },
      livenessProbe: { tcpSocket: { port: 9901 } },
      securityContext: { runAsUser: 101 },
    });
    expect(spec.containers[1].restartPolicy).toBeUndefined();
  });

  test('throws when listenerPort is missing, and is refused on a Job like every ambassador', () => {
    const chart = Testing.chart();
    expect(errorOf(() => applyToDeployment(new WithEnvoyAmbassador({ config: config(chart, 'c') } as any))))
      .toEqual(`WithEnvoyAmbassador: 'listenerPort' is required: the port the app sends its traffic to. ${AT_DEPLOYMENT}`);
    const job = new kplus.Job(chart, 'batch', { containers: [APP] });
    expect(() => job.with(new WithEnvoyAmbassador({ config: config(chart, 'd'), listenerPort: 9000 }))).toThrow(/WithAmbassador 'envoy' cannot join Job 'test\/batch': it is a long-running regular container/);
  });
});

describe('WithNginxExporter', () => {
  test('is an adapter serving /metrics on 9113 from the app\'s stub_status', () => {
    const exporter = specWith(() => new WithNginxExporter({ scrapeUri: 'http://localhost:8080/stub_status' })).containers[1];
    expect(exporter).toMatchObject({
      name: 'nginx-exporter',
      image: 'nginx/nginx-prometheus-exporter:1.4.0',
      args: ['--nginx.scrape-uri=http://localhost:8080/stub_status', '--web.listen-address=:9113'],
      ports: [{ containerPort: 9113, name: 'nginx-metrics' }],
      readinessProbe: { httpGet: get('/metrics', 9113) },
      livenessProbe: { tcpSocket: { port: 9113 } },
      securityContext: { runAsUser: 65534 },
    });
  });

  test('throws when applied with a scrapeUri that is not an http URL, naming the workload', () => {
    expect(errorOf(() => applyToDeployment(new WithNginxExporter({ scrapeUri: 'localhost:8080' })))).toEqual(
      'WithNginxExporter: \'scrapeUri\' ("localhost:8080") must be the http(s) URL of NGINX\'s stub_status page, e.g. '
      + `'http://localhost:8080/stub_status'. ${AT_DEPLOYMENT}`);
  });
});

describe('the well-known-sidecars example', () => {
  const example = CATALOGUE.find(e => e.name === 'well-known-sidecars')!;

  test('every workload passes the checks with no finding, and its YAML is valid for Kubernetes 1.29 and 1.36', () => {
    const chart = example.build(Testing.app());
    const workloads = chart.node.findAll().filter(c => c instanceof kplus.Deployment) as kplus.Deployment[];
    expect(workloads.map(w => w.node.id)).toEqual(['orders', 'web', 'frontend']);
    for (const w of workloads) expect(PodChecks.findings(w)).toEqual([]);
    const objects = Testing.synth(chart);
    expect(validateManifests(objects, '1.29')).toEqual([]);
    expect(validateManifests(objects, '1.36')).toEqual([]);
  });
});
