/**
 * Pieces the catalogue's examples share: the article's labels and selector, the app containers'
 * resources, and the promtail log shipper of Pattern 1.
 */
import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-30';
import { Construct } from 'constructs';

/**
 * Resources of the examples' app containers: a small, explicit request (cdk8s-plus would otherwise
 * give every container 1000m/512Mi requested, 1500m/2048Mi limit). No CPU limit, a memory limit equal to the request.
 */
export const APP_RESOURCES: kplus.ContainerResources = {
  cpu: { request: kplus.Cpu.millis(250) },
  memory: { request: Size.mebibytes(256), limit: Size.mebibytes(256) },
};

/**
 * Workload props that give the article's `metadata.name` and `app: <name>` pod label, with the
 * selector set by `selectApp` (instead of cdk8s-plus's generated `cdk8s.io/metadata.addr` selector).
 */
export function articleMetadata(name: string): { metadata: { name: string }; podMetadata: { labels: { app: string } }; select: boolean } {
  return { metadata: { name }, podMetadata: { labels: { app: name } }, select: false };
}

/** Selects the workload's pods by `app: <name>`, as the article's `spec.selector.matchLabels` does. */
export function selectApp<T extends kplus.Workload>(workload: T, name: string): T {
  workload.select(kplus.LabelSelector.of({ labels: { app: name } }));
  return workload;
}

/** The volumes of the log-shipping examples: the shared `logs` emptyDir and the `promtail-config` ConfigMap. */
export interface LogVolumes {
  readonly logs: kplus.Volume;
  readonly promtailConfig: kplus.Volume;
}

/** Declares the `logs` emptyDir and the `promtail-config` ConfigMap volume (declared once in each pod that mounts them). */
export function logVolumes(scope: Construct): LogVolumes {
  return {
    logs: kplus.Volume.fromEmptyDir(scope, 'logs', 'logs'),
    promtailConfig: kplus.Volume.fromConfigMap(scope, 'promtail-config-volume',
      kplus.ConfigMap.fromConfigMapName(scope, 'promtail-config', 'promtail-config'), { name: 'promtail-config' }),
  };
}

/** Where the app writes its logs and the shipper tails them. */
export const LOG_PATH = '/var/log/app';

/**
 * The article's promtail log shipper: `grafana/promtail:3.4.0 -config.file=/etc/promtail/promtail.yaml`,
 * tailing `/var/log/app`. The image runs as root, so it gets an explicit non-root user to satisfy
 * cdk8s-plus's `runAsNonRoot` default. It declares the port its HTTP server listens on (3101, where the startupProbe
 * asks for `/ready`), which the article leaves out: a probe on a port no container declares is PP-PROBE-PORT-NUMBER.
 * `ports`, not `portNumber`: cdk8s-plus adds a TCP startupProbe for `portNumber`.
 */
export function promtailProps(volumes: LogVolumes): kplus.ContainerProps & { readonly name: string } {
  return {
    name: 'log-shipper',
    image: 'grafana/promtail:3.4.0',
    args: ['-config.file=/etc/promtail/promtail.yaml'],
    ports: [{ number: 3101, name: 'http' }],
    volumeMounts: [
      { path: LOG_PATH, volume: volumes.logs },
      { path: '/etc/promtail', volume: volumes.promtailConfig },
    ],
    securityContext: { user: 10001, group: 10001 },
  };
}

/**
 * The article's startupProbe of the native log shipper: `httpGet /ready` on port 3101,
 * `failureThreshold: 30`, `periodSeconds: 2` (up to a minute to get ready before the app starts).
 */
export function promtailStartupProbe(): kplus.Probe {
  return kplus.Probe.fromHttpGet('/ready', { port: 3101, failureThreshold: 30, periodSeconds: Duration.seconds(2) });
}
