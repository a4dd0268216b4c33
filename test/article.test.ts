/**
 * The article's YAML (../shared/seed/multi-container-pods.txt), fragment by fragment, must appear in the
 * catalogue's output: each fragment is written here as the object the article's YAML parses to, and the
 * synthesized object must contain it (a deep subset match: cdk8s-plus adds fields, such as its secure
 * defaults, resources and the cdk8s address label, but may not change or drop any of the article's).
 */
import { Testing } from 'cdk8s';
import { CATALOGUE } from '../examples/catalogue';

type Manifest = { kind: string; metadata: { name: string }; spec: any };

function synth(example: string): Manifest[] {
  return Testing.synth(CATALOGUE.find(e => e.name === example)!.build(Testing.app())) as Manifest[];
}

function only(manifests: Manifest[], kind: string): Manifest {
  const found = manifests.filter(m => m.kind === kind);
  expect(found).toHaveLength(1);
  return found[0];
}

/** Pattern 1, classic sidecar: the whole Deployment. */
const CLASSIC_SIDECAR = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web-app' },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'web-app' } },
    template: {
      metadata: { labels: { app: 'web-app' } },
      spec: {
        containers: [
          {
            name: 'app',
            image: 'mycompany/web:1.6.0',
            volumeMounts: [{ name: 'logs', mountPath: '/var/log/app' }],
          },
          {
            name: 'log-shipper',
            image: 'grafana/promtail:3.4.0',
            args: ['-config.file=/etc/promtail/promtail.yaml'],
            volumeMounts: [
              { name: 'logs', mountPath: '/var/log/app' },
              { name: 'promtail-config', mountPath: '/etc/promtail' },
            ],
          },
        ],
        volumes: [
          { name: 'logs', emptyDir: {} },
          { name: 'promtail-config', configMap: { name: 'promtail-config' } },
        ],
      },
    },
  },
};

/** Pattern 1, native sidecar: the whole Deployment. */
const NATIVE_SIDECAR = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web-app' },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'web-app' } },
    template: {
      metadata: { labels: { app: 'web-app' } },
      spec: {
        initContainers: [
          {
            name: 'log-shipper',
            image: 'grafana/promtail:3.4.0',
            restartPolicy: 'Always',
            args: ['-config.file=/etc/promtail/promtail.yaml'],
            volumeMounts: [
              { name: 'logs', mountPath: '/var/log/app' },
              { name: 'promtail-config', mountPath: '/etc/promtail' },
            ],
            startupProbe: {
              httpGet: { path: '/ready', port: 3101 },
              failureThreshold: 30,
              periodSeconds: 2,
            },
          },
        ],
        containers: [
          {
            name: 'app',
            image: 'mycompany/web:1.6.0',
            volumeMounts: [{ name: 'logs', mountPath: '/var/log/app' }],
          },
        ],
        volumes: [
          { name: 'logs', emptyDir: {} },
          { name: 'promtail-config', configMap: { name: 'promtail-config' } },
        ],
      },
    },
  },
};

/**
 * Pattern 2, init container: the pod spec. The article's script echoes `waiting for postgres...`; ours names
 * the target (`waiting for postgres-service:5432...`), so the script is matched by its loop.
 */
const WAIT_FOR_POSTGRES = {
  initContainers: [
    {
      name: 'wait-for-postgres',
      image: 'busybox:1.37',
      command: ['sh', '-c', expect.stringMatching(/^until nc -z postgres-service 5432; do\n\s+echo "?'?waiting for postgres[^\n]*\n\s+sleep 2\ndone\n$/)],
    },
  ],
  containers: [
    { name: 'api', image: 'mycompany/api:3.2.0' },
  ],
};

/** Pattern 3, ambassador: the pod spec. */
const AMBASSADOR = {
  containers: [
    {
      name: 'app',
      image: 'mycompany/api:3.2.0',
      env: [{ name: 'REDIS_URL', value: 'redis://localhost:6379' }],
    },
    {
      name: 'redis-ambassador',
      image: 'kuiken/twemproxy:0.5',
      args: ['-c', '/etc/twemproxy/nutcracker.yaml'],
      ports: [{ containerPort: 6379 }],
      volumeMounts: [{ name: 'nutcracker-config', mountPath: '/etc/twemproxy' }],
    },
  ],
  volumes: [
    { name: 'nutcracker-config', configMap: { name: 'nutcracker-config' } },
  ],
};

/** Pattern 4, adapter: the pod spec. */
const ADAPTER = {
  containers: [
    {
      name: 'legacy-app',
      image: 'mycompany/legacy:5.4.0',
      ports: [{ containerPort: 8778, name: 'jolokia' }],
    },
    {
      name: 'jmx-exporter',
      image: 'bitnami/jmx-exporter:1.0.1',
      args: ['5556', '/etc/jmx-exporter/config.yaml'],
      ports: [{ containerPort: 5556, name: 'prom-metrics' }],
      volumeMounts: [{ name: 'exporter-config', mountPath: '/etc/jmx-exporter' }],
    },
  ],
  volumes: [
    { name: 'exporter-config', configMap: { name: 'jmx-exporter-config' } },
  ],
};

/** HPA per-container scaling: WithContainerAutoscaling names it after its workload, `web-app-hpa`, as the article does. */
const HPA = {
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'web-app-hpa' },
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web-app' },
    minReplicas: 3,
    maxReplicas: 30,
    metrics: [
      {
        type: 'ContainerResource',
        containerResource: {
          name: 'cpu',
          container: 'app',
          target: { type: 'Utilization', averageUtilization: 70 },
        },
      },
    ],
  },
};

describe('the article\'s YAML appears in the catalogue\'s output', () => {
  test('Pattern 1, classic sidecar (examples/classic-sidecar.ts)', () => {
    expect(only(synth('classic-sidecar'), 'Deployment')).toMatchObject(CLASSIC_SIDECAR);
  });

  test('Pattern 1, native sidecar with its startupProbe (examples/native-sidecar.ts)', () => {
    expect(only(synth('native-sidecar'), 'Deployment')).toMatchObject(NATIVE_SIDECAR);
  });

  test('Pattern 2, init container waiting for postgres (examples/wait-for-postgres.ts)', () => {
    expect(only(synth('wait-for-postgres'), 'Deployment').spec.template.spec).toMatchObject(WAIT_FOR_POSTGRES);
  });

  test('Pattern 3, ambassador with REDIS_URL (examples/ambassador.ts)', () => {
    expect(only(synth('ambassador'), 'Deployment').spec.template.spec).toMatchObject(AMBASSADOR);
  });

  test('Pattern 4, adapter (examples/adapter.ts)', () => {
    expect(only(synth('adapter'), 'Deployment').spec.template.spec).toMatchObject(ADAPTER);
  });

  test('HPA on the app container, ContainerResource cpu 70% (examples/hpa-container.ts)', () => {
    const manifests = synth('hpa-container');
    expect(only(manifests, 'HorizontalPodAutoscaler')).toMatchObject(HPA);
    // the Deployment scaled is the article's web-app, with the log shipper next to the app
    expect(only(manifests, 'Deployment')).toMatchObject({ metadata: { name: 'web-app' }, spec: { template: { spec: NATIVE_SIDECAR.spec.template.spec } } });
  });

  test('a native sidecar in a Job (examples/job-native-sidecar.ts): the Job completes when the batch container exits', () => {
    const job = only(synth('job-native-sidecar'), 'Job');
    expect(job.spec.template.spec).toMatchObject({
      restartPolicy: 'Never',
      initContainers: [{ ...NATIVE_SIDECAR.spec.template.spec.initContainers[0] }],
      containers: [{ name: 'batch' }],
    });
  });

  test('the subset match is strict: a changed value of the article fails it', () => {
    const d = only(synth('native-sidecar'), 'Deployment');
    const changed = JSON.parse(JSON.stringify(NATIVE_SIDECAR));
    changed.spec.template.spec.initContainers[0].startupProbe.failureThreshold = 3;
    expect(() => expect(d).toMatchObject(changed)).toThrow();
    const extraMount = JSON.parse(JSON.stringify(CLASSIC_SIDECAR));
    extraMount.spec.template.spec.containers[0].volumeMounts.push({ name: 'tmp', mountPath: '/tmp' });
    expect(() => expect(only(synth('classic-sidecar'), 'Deployment')).toMatchObject(extraMount)).toThrow();
  });
});
