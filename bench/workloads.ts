/**
 * The benchmark's workload, built three ways with the same construct IDs, so the three synthesize the
 * same YAML (checked in `run.ts`, with `equivalence.ts`, before anything is timed):
 *
 * - `mixins`: the library's mixins, checks on (the default);
 * - `hand`: the same manifests written by hand with cdk8s-plus-30 (`addInitContainer` with
 *   `restartPolicy: Always`, `addContainer`, `HorizontalPodAutoscaler` with `Metric.containerCpu`);
 * - `mixins-nochecks`: the mixins with the pod checks switched off (`PodChecks.disable(app)`).
 *
 * Each workload is a Deployment with an app container, a wait-for init container (TCP), a native
 * sidecar with a startupProbe sharing an emptyDir with the app, an adapter with a port, and an HPA
 * on the app container's CPU.
 */
import { App, Chart, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-30';
import { WaitTarget } from '../lib/mixins/wait-target';
import { WithAdapter } from '../lib/mixins/with-adapter';
import { WithContainerAutoscaling } from '../lib/mixins/with-container-autoscaling';
import { WithNativeSidecar } from '../lib/mixins/with-native-sidecar';
import { WithWaitFor } from '../lib/mixins/with-wait-for';
import { PodChecks } from '../lib/pod-checks';

export type Variant = 'mixins' | 'hand' | 'mixins-nochecks';

export const VARIANTS: readonly Variant[] = ['mixins', 'hand', 'mixins-nochecks'];

/** One-letter names used in the issue: (a), (b), (c). */
export const LETTER: Record<Variant, string> = { 'mixins': 'a', 'hand': 'b', 'mixins-nochecks': 'c' };

const APP_IMAGE = 'mycompany/web:1.6.0';
const SIDECAR_IMAGE = 'grafana/promtail:3.4.0';
const ADAPTER_IMAGE = 'prom/statsd-exporter:v0.28.0';
const LOG_PATH = '/var/log/app';

function appContainer(): kplus.ContainerProps {
  return {
    name: 'app',
    image: APP_IMAGE,
    portNumber: 8080,
    resources: {
      cpu: { request: kplus.Cpu.millis(250), limit: kplus.Cpu.millis(1000) },
      memory: { request: Size.mebibytes(256), limit: Size.mebibytes(512) },
    },
  };
}

function sidecarStartup(): kplus.Probe {
  return kplus.Probe.fromHttpGet('/ready', { port: 3101, failureThreshold: 30, periodSeconds: Duration.seconds(2) });
}

/** The port promtail serves its `/ready` on, declared as the probe's (PP-PROBE-PORT-NUMBER). */
function sidecarPort(): kplus.ContainerPort {
  return { number: 3101, name: 'http' };
}

/** (a) and (c): the mixins. */
function addWithMixins(chart: Chart, i: number): void {
  const logs = kplus.Volume.fromEmptyDir(chart, `logs-${i}`, 'logs');
  const d = new kplus.Deployment(chart, `w${i}`, { containers: [appContainer()] });
  d.with(
    new WithWaitFor({ name: 'wait-for-postgres', target: WaitTarget.tcp('postgres-service', 5432) }),
    new WithNativeSidecar({
      name: 'log-shipper',
      image: SIDECAR_IMAGE,
      startup: sidecarStartup(),
      ports: [sidecarPort()],
      volumeMounts: [{ path: LOG_PATH, volume: logs }],
      appVolumeMounts: [{ path: LOG_PATH, volume: logs }],
    }),
    new WithAdapter({ name: 'metrics-adapter', image: ADAPTER_IMAGE, portNumber: 9102 }),
    new WithContainerAutoscaling({ container: 'app', minReplicas: 2, maxReplicas: 20 }),
  );
}

/** The resources the mixins give a pattern container by default, written out. */
function smallResources(cpuMillis: number, requestMi: number, limitMi: number): kplus.ContainerResources {
  return { cpu: { request: kplus.Cpu.millis(cpuMillis) }, memory: { request: Size.mebibytes(requestMi), limit: Size.mebibytes(limitMi) } };
}

/** (b): the same manifests, by hand. */
function addByHand(chart: Chart, i: number): void {
  const logs = kplus.Volume.fromEmptyDir(chart, `logs-${i}`, 'logs');
  const d = new kplus.Deployment(chart, `w${i}`, {
    containers: [{ ...appContainer(), volumeMounts: [{ path: LOG_PATH, volume: logs }] }],
  });
  d.addInitContainer({
    name: 'wait-for-postgres',
    image: 'busybox:1.37',
    command: ['sh', '-c', "until nc -z postgres-service 5432; do\n  echo 'waiting for postgres-service:5432...'\n  sleep 2\ndone\n"],
    resources: smallResources(10, 16, 32),
    securityContext: { user: 65534, group: 65534 },
  });
  d.addInitContainer({
    name: 'log-shipper',
    image: SIDECAR_IMAGE,
    restartPolicy: kplus.ContainerRestartPolicy.ALWAYS,
    startup: sidecarStartup(),
    ports: [sidecarPort()],
    volumeMounts: [{ path: LOG_PATH, volume: logs }],
    resources: smallResources(50, 64, 128),
  });
  d.addContainer({ name: 'metrics-adapter', image: ADAPTER_IMAGE, portNumber: 9102, resources: smallResources(50, 64, 128) });
  d.podMetadata.addAnnotation('kubectl.kubernetes.io/default-container', 'app');
  new kplus.HorizontalPodAutoscaler(d, 'hpa-app', {
    metadata: { name: `${d.name}-hpa` },
    target: d,
    minReplicas: 2,
    maxReplicas: 20,
    metrics: [kplus.Metric.containerCpu({ container: d.containers[0], target: kplus.MetricTarget.averageUtilization(70) })],
  });
}

/** Adds `n` workloads of `variant` to a new chart of `app`. */
export function buildChart(app: App, variant: Variant, n: number): Chart {
  return buildCharts(app, variant, n, 1)[0];
}

/**
 * Adds `n` workloads of `variant` to `app`, spread over `charts` charts (`bench`, or `bench-0`, `bench-1`, ...).
 * For (c) the checks are switched off the way an app would: `PodChecks.disable(app)` before anything is built.
 */
export function buildCharts(app: App, variant: Variant, n: number, charts: number): Chart[] {
  if (variant === 'mixins-nochecks') PodChecks.disable(app);
  const add = variant === 'hand' ? addByHand : addWithMixins;
  const out: Chart[] = [];
  for (let k = 0; k < charts; k++) {
    const chart = new Chart(app, charts === 1 ? 'bench' : `bench-${k}`);
    out.push(chart);
    for (let i = k; i < n; i += charts) add(chart, i);
  }
  return out;
}
