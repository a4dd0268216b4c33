import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-30';
import { IConstruct } from 'constructs';
import { presetProps, requirePort } from './preset-props';
import { propsProblem, throwPropsProblem } from '../mixin-scope';
import { PatternContainerOverrides } from '../pattern-overrides';
import { WithNativeSidecar } from '../with-native-sidecar';

/**
 * Props of the Fluent Bit preset: its configuration, and any container field to override.
 */
export interface WithFluentBitProps extends PatternContainerOverrides {
  /**
   * The volume holding Fluent Bit's configuration (a ConfigMap volume), mounted read-only at `/fluent-bit/etc/`.
   * The configuration must enable the HTTP server on `httpPort` and the health check (`service: http_server: on,
   * http_listen: 0.0.0.0, http_port: 2020, health_check: on`), which the probes read.
   */
  readonly config: kplus.Volume;

  /**
   * The configuration file in `config`.
   * @default 'fluent-bit.yaml'
   */
  readonly configFile?: string;

  /**
   * Port of Fluent Bit's HTTP server.
   * @default 2020
   */
  readonly httpPort?: number;
}

const OWN = ['config', 'configFile', 'httpPort'];

/**
 * Fluent Bit as a native log-shipping sidecar: it starts before the app and stops after it, so no line the app writes
 * at startup or shutdown is lost, and it does not keep a Job from completing. `volumeMounts` (e.g. the log emptyDir the
 * app writes to) are added to the configuration mount.
 *
 * From Fluent Bit's monitoring documentation: the built-in HTTP server on port 2020 serves build information on `/`
 * and, with `health_check: on`, `/api/v1/health`. As in the fluent-bit Helm chart (fluent/helm-charts), the
 * livenessProbe reads `/` and the readinessProbe `/api/v1/health`; the startupProbe reads `/` too (the server is up
 * once the configuration is loaded). Resources: neither the documentation nor the chart sets any, so the pattern
 * default applies (50m CPU and 64Mi requested, 128Mi limit). The image's user is root: the preset runs it as uid
 * 10001 (with cdk8s-plus's read-only root filesystem), which reading files other containers wrote to a shared emptyDir
 * allows; keep Fluent Bit's storage in memory or on a volume.
 *
 * @see https://docs.fluentbit.io/manual/administration/monitoring
 * @example
 * deployment.with(new WithFluentBit({ config, volumeMounts: [{ path: '/var/log/app', volume: logs }] }));
 */
export class WithFluentBit extends WithNativeSidecar {
  /** The image the preset runs. */
  public static readonly IMAGE = 'fluent/fluent-bit:3.2.2';

  private readonly problem: string | undefined;

  /**
   * Throws nothing: invalid props are thrown by `applyTo`, naming the construct.
   * @param props the configuration volume, and any container field to override
   */
  constructor(props: WithFluentBitProps) {
    // checked now, thrown by applyTo with the construct it was applied to, as every mixin does
    const problem = propsProblem(() => {
      if (props?.config === undefined || props.config === null) {
        throw new Error("WithFluentBit: 'config' is required: the volume holding fluent-bit.yaml, e.g. a ConfigMap volume.");
      }
      requirePort('WithFluentBit', 'httpPort', props.httpPort);
    });
    const port = props.httpPort ?? 2020;
    const probe = (path: string, periodSeconds: number, failureThreshold: number) =>
      kplus.Probe.fromHttpGet(path, { port, periodSeconds: Duration.seconds(periodSeconds), failureThreshold });
    super(presetProps({
      name: 'fluent-bit',
      image: WithFluentBit.IMAGE,
      args: ['-c', `/fluent-bit/etc/${props.configFile ?? 'fluent-bit.yaml'}`],
      ports: [{ number: port, name: 'fluentbit-http' }],
      startup: probe('/', 2, 30),
      liveness: probe('/', 10, 3),
      readiness: probe('/api/v1/health', 10, 3),
      securityContext: { user: 10001, group: 10001, ensureNonRoot: true },
    }, props, OWN, [{ path: '/fluent-bit/etc', volume: props.config, readOnly: true }]));
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
