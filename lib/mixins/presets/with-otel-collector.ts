import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-30';
import { IConstruct } from 'constructs';
import { presetProps, requirePort } from './preset-props';
import { propsProblem, throwPropsProblem } from '../mixin-scope';
import { PatternContainerOverrides } from '../pattern-overrides';
import { WithNativeSidecar } from '../with-native-sidecar';

/**
 * Props of the OpenTelemetry Collector preset: its configuration, and any container field to override.
 */
export interface WithOtelCollectorProps extends PatternContainerOverrides {
  /**
   * The volume holding the collector's configuration (a ConfigMap volume), mounted read-only at `/conf`. It must enable
   * the `health_check` extension on all interfaces (`extensions: health_check: endpoint: 0.0.0.0:13133`, and
   * `service: extensions: [health_check]`): since collector 0.104 the extension listens on localhost by default, where
   * the kubelet cannot reach it.
   */
  readonly config: kplus.Volume;

  /**
   * The configuration file in `config`.
   * @default 'collector.yaml'
   */
  readonly configFile?: string;

  /**
   * Port of the `health_check` extension.
   * @default 13133
   */
  readonly healthPort?: number;
}

const OWN = ['config', 'configFile', 'healthPort'];

/**
 * The OpenTelemetry Collector as a native sidecar: the app's OTLP exporters reach it on `localhost:4317` (gRPC) and
 * `localhost:4318` (HTTP) from their first span, and it flushes after the app has stopped.
 *
 * From the collector's documentation: the `health_check` extension serves the collector's status over HTTP on port
 * 13133, path `/`; the OTLP receiver listens on 4317 (gRPC) and 4318 (HTTP). As in the opentelemetry-collector Helm
 * chart (open-telemetry/opentelemetry-helm-charts), the liveness and readiness probes read `/` on 13133; the
 * startupProbe reads it too. The image runs as uid 10001. Resources: the chart sets none; the preset requests 100m
 * CPU and 128Mi with a 256Mi memory limit (ours: pair it with the `memory_limiter` processor below the limit).
 *
 * @see https://github.com/open-telemetry/opentelemetry-collector-contrib/tree/main/extension/healthcheckextension
 * @example
 * deployment.with(new WithOtelCollector({ config }));
 */
export class WithOtelCollector extends WithNativeSidecar {
  /** The image the preset runs. */
  public static readonly IMAGE = 'otel/opentelemetry-collector-contrib:0.115.1';

  private readonly problem: string | undefined;

  /**
   * Throws nothing: invalid props are thrown by `applyTo`, naming the construct.
   * @param props the configuration volume, and any container field to override
   */
  constructor(props: WithOtelCollectorProps) {
    // checked now, thrown by applyTo with the construct it was applied to, as every mixin does
    const problem = propsProblem(() => {
      if (props?.config === undefined || props.config === null) {
        throw new Error("WithOtelCollector: 'config' is required: the volume holding the collector's configuration, e.g. a ConfigMap volume.");
      }
      requirePort('WithOtelCollector', 'healthPort', props.healthPort);
    });
    const health = props.healthPort ?? 13133;
    const probe = (periodSeconds: number, failureThreshold: number) =>
      kplus.Probe.fromHttpGet('/', { port: health, periodSeconds: Duration.seconds(periodSeconds), failureThreshold });
    super(presetProps({
      name: 'otel-collector',
      image: WithOtelCollector.IMAGE,
      args: [`--config=/conf/${props.configFile ?? 'collector.yaml'}`],
      ports: [
        { number: 4317, name: 'otlp' },
        { number: 4318, name: 'otlp-http' },
        { number: health, name: 'otel-health' },
      ],
      startup: probe(2, 30),
      // liveness asks only whether the process listens: the same HTTP check as readiness would restart a collector
      // that is merely busy (PP-PROBE-IDENTICAL)
      liveness: kplus.Probe.fromTcpSocket({ port: health, periodSeconds: Duration.seconds(10), failureThreshold: 3 }),
      readiness: probe(10, 3),
      resources: {
        cpu: { request: kplus.Cpu.millis(100) },
        memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) },
      },
      securityContext: { user: 10001, group: 10001, ensureNonRoot: true },
    }, props, OWN, [{ path: '/conf', volume: props.config, readOnly: true }]));
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
