import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-30';
import { IConstruct } from 'constructs';
import { presetProps, requirePort } from './preset-props';
import { propsProblem, throwPropsProblem } from '../mixin-scope';
import { PatternContainerOverrides } from '../pattern-overrides';
import { WithNativeSidecar } from '../with-native-sidecar';

/**
 * Props of the Cloud SQL Auth Proxy preset: the instance, and any container field to override.
 */
export interface WithCloudSqlProxyProps extends PatternContainerOverrides {
  /** The instance connection name, `project:region:instance`. */
  readonly instance: string;

  /**
   * The port the proxy listens on for the app, on localhost (`--port`).
   * @default 5432
   */
  readonly sqlPort?: number;

  /**
   * Port of the proxy's health-check HTTP server (`--http-port`).
   * @default 9090
   */
  readonly healthPort?: number;

  /**
   * Connect to the instance over its private IP (`--private-ip`), e.g. from a VPC-native GKE cluster.
   * @default false
   */
  readonly privateIp?: boolean;
}

const OWN = ['instance', 'sqlPort', 'healthPort', 'privateIp'];

/**
 * Google's Cloud SQL Auth Proxy (v2) as a native sidecar: the app starts once the proxy's `/startup` check passes and
 * reaches the database on `localhost:<sqlPort>`; in a Job the proxy does not keep the Job from completing.
 *
 * From the proxy's Kubernetes health-check example (examples/k8s-health-check of GoogleCloudPlatform/cloud-sql-proxy):
 * `--health-check` with `--http-address 0.0.0.0` so the kubelet reaches the endpoints on port 9090; startupProbe
 * `/startup` (period 1s, timeout 5s, failureThreshold 20), livenessProbe `/liveness` (period 60s, timeout 30s,
 * failureThreshold 5), readinessProbe `/readiness` (period 10s, timeout 5s, failureThreshold 1); `--structured-logs`;
 * the image runs as the `nonroot` user (uid 65532) and `runAsNonRoot: true`; resources 1 CPU and 2Gi memory requested
 * (the proxy's memory grows with open connections, its CPU with the IO: lower them to what the app needs). The 2Gi
 * memory limit is ours (a sidecar without a limit can take the node's memory). Credentials: use Workload Identity, or
 * mount a key and pass `--credentials-file` in `args`.
 *
 * @see https://github.com/GoogleCloudPlatform/cloud-sql-proxy/tree/main/examples/k8s-health-check
 * @example
 * deployment.with(new WithCloudSqlProxy({ instance: 'my-project:europe-west1:orders' }));
 */
export class WithCloudSqlProxy extends WithNativeSidecar {
  /** The image the preset runs. */
  public static readonly IMAGE = 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.1';

  private readonly problem: string | undefined;

  /**
   * Throws nothing: invalid props are thrown by `applyTo`, naming the construct.
   * @param props the instance connection name, and any container field to override
   */
  constructor(props: WithCloudSqlProxyProps) {
    // checked now, thrown by applyTo with the construct it was applied to, as every mixin does
    const problem = propsProblem(() => {
      if (typeof props?.instance !== 'string' || !/^[^:\s]+:[^:\s]+:[^:\s]+$/.test(props.instance)) {
        throw new Error(`WithCloudSqlProxy: 'instance' (${JSON.stringify(props?.instance)}) must be the instance connection name, `
          + "'project:region:instance'.");
      }
      requirePort('WithCloudSqlProxy', 'sqlPort', props.sqlPort);
      requirePort('WithCloudSqlProxy', 'healthPort', props.healthPort);
    });
    const sqlPort = props.sqlPort ?? 5432;
    const health = props.healthPort ?? 9090;
    const probe = (path: string, period: number, timeout: number, failureThreshold: number) => kplus.Probe.fromHttpGet(path, {
      port: health, periodSeconds: Duration.seconds(period), timeoutSeconds: Duration.seconds(timeout), failureThreshold,
    });
    super(presetProps({
      name: 'cloud-sql-proxy',
      image: WithCloudSqlProxy.IMAGE,
      args: [
        '--health-check',
        '--http-address=0.0.0.0',
        `--http-port=${health}`,
        '--structured-logs',
        ...(props.privateIp ? ['--private-ip'] : []),
        `--port=${sqlPort}`,
        props.instance,
      ],
      ports: [{ number: sqlPort, name: 'sql' }, { number: health, name: 'sqlproxy-health' }],
      startup: probe('/startup', 1, 5, 20),
      liveness: probe('/liveness', 60, 30, 5),
      readiness: probe('/readiness', 10, 5, 1),
      resources: {
        cpu: { request: kplus.Cpu.units(1) },
        memory: { request: Size.gibibytes(2), limit: Size.gibibytes(2) },
      },
      securityContext: { user: 65532, group: 65532, ensureNonRoot: true },
    }, props, OWN));
    this.problem = problem;
  }

  /**
   * Joins the workload as the base mixin does, once the preset's own props are known to be valid.
   * @throws if the preset's props are invalid, naming the construct it was applied to; else as the base mixin
   */
  public applyTo(construct: IConstruct): void {
    throwPropsProblem(this.problem, construct);
    super.applyTo(construct);
  }
}
