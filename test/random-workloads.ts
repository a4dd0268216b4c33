/**
 * Randomized cdk8s-plus workloads for property tests: every workload kind, containers with ports, probes of each
 * action, lifecycle hooks, env (values, config map keys, field refs, envFrom), volumes (emptyDir in memory or on disk,
 * config maps), container security contexts, resources, pattern mixins, HPAs, and JSON patches on the API object.
 * A spec is plain data (so fast-check can shrink and print it); `buildWorkloads` turns it into constructs.
 */
import { ApiObject, Chart, Cron, Duration, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-30';
import * as fc from 'fast-check';
import { WithAdapter } from '../lib/mixins/with-adapter';
import { WithContainerAutoscaling } from '../lib/mixins/with-container-autoscaling';
import { WithInitStep } from '../lib/mixins/with-init-step';
import { WithNativeSidecar } from '../lib/mixins/with-native-sidecar';

export type Kind = 'Pod' | 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'Job' | 'CronJob';

export interface ProbeSpec {
  readonly action: 'http' | 'tcp' | 'command';
  readonly port?: number;
  readonly period?: number;
  readonly failureThreshold?: number;
  readonly timeout?: number;
}

export interface ContainerSpec {
  readonly image: string;
  readonly ports: number[];
  readonly portNumber?: number;
  readonly liveness?: ProbeSpec;
  readonly readiness?: ProbeSpec;
  readonly startup?: ProbeSpec;
  readonly preStop?: 'command' | 'http' | 'tcp';
  readonly postStart?: 'command';
  readonly env: Array<{ name: string; from: 'value' | 'configMap' | 'field' }>;
  readonly envFromConfigMap: boolean;
  readonly mountLogs: boolean;
  readonly mountCache: boolean;
  readonly user?: number;
  readonly readOnlyRoot?: boolean;
  readonly privileged?: boolean;
  readonly cpuMillis?: number;
  readonly memoryMi?: number;
  readonly command?: string[];
}

export interface WorkloadSpec {
  readonly kind: Kind;
  readonly replicas?: number;
  readonly app: ContainerSpec;
  readonly extra?: ContainerSpec;
  readonly nativeSidecar: boolean;
  readonly initStep: boolean;
  readonly adapter: boolean;
  readonly autoscale: boolean;
  readonly grace?: number;
  readonly patch?: 'add-port' | 'add-env' | 'grace';
}

const probe: fc.Arbitrary<ProbeSpec> = fc.record({
  action: fc.constantFrom('http' as const, 'tcp' as const, 'command' as const),
  port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
  period: fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }),
  failureThreshold: fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
  timeout: fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }),
}, { requiredKeys: ['action'] });

const container: fc.Arbitrary<ContainerSpec> = fc.record({
  image: fc.constantFrom('mycompany/web:1.6.0', 'nginx', 'grafana/promtail:3.4.0', 'envoyproxy/envoy:v1.31.0'),
  ports: fc.uniqueArray(fc.integer({ min: 1, max: 65535 }), { maxLength: 2 }),
  portNumber: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
  liveness: fc.option(probe, { nil: undefined }),
  readiness: fc.option(probe, { nil: undefined }),
  startup: fc.option(probe, { nil: undefined }),
  preStop: fc.option(fc.constantFrom('command' as const, 'http' as const, 'tcp' as const), { nil: undefined }),
  postStart: fc.option(fc.constant('command' as const), { nil: undefined }),
  env: fc.uniqueArray(fc.record({ name: fc.constantFrom('A', 'MODE', 'NODE', 'LEVEL'), from: fc.constantFrom('value' as const, 'configMap' as const, 'field' as const) }),
    { maxLength: 3, selector: e => e.name }),
  envFromConfigMap: fc.boolean(),
  mountLogs: fc.boolean(),
  mountCache: fc.boolean(),
  user: fc.option(fc.integer({ min: 0, max: 65534 }), { nil: undefined }),
  readOnlyRoot: fc.option(fc.boolean(), { nil: undefined }),
  privileged: fc.option(fc.boolean(), { nil: undefined }),
  cpuMillis: fc.option(fc.integer({ min: 1, max: 4000 }), { nil: undefined }),
  memoryMi: fc.option(fc.integer({ min: 1, max: 8192 }), { nil: undefined }),
  command: fc.option(fc.constantFrom(['sleep', 'infinity'], ['./run'], ['sh', '-c', 'echo hi']), { nil: undefined }),
}, { requiredKeys: ['image', 'ports', 'env', 'envFromConfigMap', 'mountLogs', 'mountCache'] })
  // cdk8s-plus refuses a portNumber that is also in ports
  .map(c => (c.portNumber !== undefined && c.ports.includes(c.portNumber) ? { ...c, portNumber: undefined } : c));

/** A random workload. */
export const workloadSpec: fc.Arbitrary<WorkloadSpec> = fc.record({
  kind: fc.constantFrom<Kind>('Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'),
  replicas: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
  app: container,
  extra: fc.option(container, { nil: undefined }),
  nativeSidecar: fc.boolean(),
  initStep: fc.boolean(),
  adapter: fc.boolean(),
  autoscale: fc.boolean(),
  grace: fc.option(fc.integer({ min: 0, max: 120 }), { nil: undefined }),
  patch: fc.option(fc.constantFrom('add-port' as const, 'add-env' as const, 'grace' as const), { nil: undefined }),
}, { requiredKeys: ['kind', 'app', 'nativeSidecar', 'initStep', 'adapter', 'autoscale'] });

function probeOf(p: ProbeSpec | undefined): kplus.Probe | undefined {
  if (p === undefined) return undefined;
  const options = {
    periodSeconds: p.period === undefined ? undefined : Duration.seconds(p.period),
    failureThreshold: p.failureThreshold,
    timeoutSeconds: p.timeout === undefined ? undefined : Duration.seconds(p.timeout),
  };
  switch (p.action) {
    case 'http': return kplus.Probe.fromHttpGet('/healthz', { ...options, port: p.port });
    case 'tcp': return kplus.Probe.fromTcpSocket({ ...options, port: p.port });
    case 'command': return kplus.Probe.fromCommand(['cat', '/tmp/ready'], options);
  }
}

function handlerOf(h: 'command' | 'http' | 'tcp' | undefined): kplus.Handler | undefined {
  switch (h) {
    case undefined: return undefined;
    case 'command': return kplus.Handler.fromCommand(['sleep', '5']);
    case 'http': return kplus.Handler.fromHttpGet('/quit', { port: 8081 });
    case 'tcp': return kplus.Handler.fromTcpSocket({ port: 8082 });
  }
}

interface Shared {
  readonly logs: kplus.Volume;
  readonly cache: kplus.Volume;
  readonly config: kplus.ConfigMap;
}

function containerProps(name: string, c: ContainerSpec, shared: Shared): kplus.ContainerProps {
  const env: { [name: string]: kplus.EnvValue } = {};
  for (const e of c.env) {
    env[e.name] = e.from === 'value' ? kplus.EnvValue.fromValue('x')
      : e.from === 'configMap' ? kplus.EnvValue.fromConfigMap(shared.config, 'key')
        : kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.NODE_NAME);
  }
  const mounts: kplus.VolumeMount[] = [];
  if (c.mountLogs) mounts.push({ path: '/var/log/app', volume: shared.logs });
  if (c.mountCache) mounts.push({ path: '/cache', volume: shared.cache, readOnly: true });
  const lifecycle = c.preStop || c.postStart ? { preStop: handlerOf(c.preStop), postStart: handlerOf(c.postStart) } : undefined;
  return {
    name,
    image: c.image,
    ports: c.ports.map(number => ({ number })),
    portNumber: c.portNumber,
    liveness: probeOf(c.liveness),
    readiness: probeOf(c.readiness),
    startup: probeOf(c.startup),
    lifecycle,
    envVariables: env,
    envFrom: c.envFromConfigMap ? [kplus.Env.fromConfigMap(shared.config, 'CFG_')] : undefined,
    volumeMounts: mounts,
    securityContext: { user: c.user, readOnlyRootFilesystem: c.readOnlyRoot, privileged: c.privileged },
    resources: c.cpuMillis === undefined && c.memoryMi === undefined ? undefined : {
      cpu: c.cpuMillis === undefined ? undefined : { request: kplus.Cpu.millis(c.cpuMillis) },
      memory: c.memoryMi === undefined ? undefined : { request: Size.mebibytes(c.memoryMi), limit: Size.mebibytes(c.memoryMi * 2) },
    },
    command: c.command,
  };
}

/** Builds the workloads of `specs` in `chart` (ids `w0`, `w1`, ...), with the mixins, HPAs and patches they ask for. */
export function buildWorkloads(chart: Chart, specs: readonly WorkloadSpec[]): kplus.AbstractPod[] {
  const shared: Shared = {
    logs: kplus.Volume.fromEmptyDir(chart, 'logs', 'logs'),
    cache: kplus.Volume.fromEmptyDir(chart, 'cache', 'cache', { medium: kplus.EmptyDirMedium.MEMORY, sizeLimit: Size.mebibytes(64) }),
    config: new kplus.ConfigMap(chart, 'config', { data: { key: 'value' } }),
  };
  return specs.map((s, i) => {
    // a StatefulSet needs a port for its headless Service
    const app = s.kind === 'StatefulSet' && s.app.ports.length === 0 && s.app.portNumber === undefined ? { ...s.app, ports: [8080] } : s.app;
    const containers = [containerProps('app', app, shared), ...(s.extra ? [containerProps('extra', s.extra, shared)] : [])];
    const common = { containers, terminationGracePeriod: s.grace === undefined ? undefined : Duration.seconds(s.grace) };
    const id = `w${i}`;
    let w: kplus.AbstractPod;
    switch (s.kind) {
      case 'Pod': w = new kplus.Pod(chart, id, common); break;
      case 'Deployment': w = new kplus.Deployment(chart, id, { ...common, replicas: s.replicas }); break;
      case 'StatefulSet': w = new kplus.StatefulSet(chart, id, { ...common, replicas: s.replicas }); break;
      case 'DaemonSet': w = new kplus.DaemonSet(chart, id, common); break;
      case 'Job': w = new kplus.Job(chart, id, common); break;
      case 'CronJob': w = new kplus.CronJob(chart, id, { ...common, schedule: Cron.daily() }); break;
    }
    if (s.initStep) w.with(new WithInitStep({ name: 'migrate', image: 'mycompany/migrate:1.0.0', command: ['./migrate'] }));
    if (s.nativeSidecar) {
      w.with(new WithNativeSidecar({
        name: 'log-shipper',
        image: 'grafana/promtail:3.4.0',
        volumeMounts: [{ path: '/var/log/app', volume: shared.logs }],
        startup: kplus.Probe.fromHttpGet('/ready', { port: 3101 }),
      }));
    }
    if (s.adapter && s.kind !== 'Job' && s.kind !== 'CronJob' && s.kind !== 'Pod') {
      w.with(new WithAdapter({ name: 'exporter', image: 'prom/statsd-exporter:v0.28.0', ports: [{ number: 9102 }] }));
    }
    if (s.autoscale && s.replicas === undefined && (s.kind === 'Deployment' || s.kind === 'StatefulSet')) {
      w.with(new WithContainerAutoscaling({ container: 'app', maxReplicas: 5 }));
    }
    const api = ApiObject.of(w);
    const at = s.kind === 'Pod' ? '/spec' : s.kind === 'CronJob' ? '/spec/jobTemplate/spec/template/spec' : '/spec/template/spec';
    switch (s.patch) {
      case undefined: break;
      case 'add-port': api.addJsonPatch(JsonPatch.add(`${at}/containers/0/ports`, [{ containerPort: 7070, name: 'patched' }])); break;
      case 'add-env': api.addJsonPatch(JsonPatch.add(`${at}/containers/0/env`, [{ name: 'PATCHED', value: 'yes' }])); break;
      case 'grace': api.addJsonPatch(JsonPatch.add(`${at}/terminationGracePeriodSeconds`, 77)); break;
    }
    return w;
  });
}
