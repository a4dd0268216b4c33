import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-30';
import { IConstruct } from 'constructs';
import { presetProps, requirePort } from './preset-props';
import { propsProblem, throwPropsProblem } from '../mixin-scope';
import { PatternContainerOverrides } from '../pattern-overrides';
import { WithAdapter } from '../with-adapter';

/**
 * Props of the NGINX Prometheus exporter preset.
 */
export interface WithNginxExporterProps extends PatternContainerOverrides {
  /** The URL of the app's NGINX `stub_status` page, on localhost, e.g. `http://localhost:8080/stub_status`. */
  readonly scrapeUri: string;

  /**
   * The port the exporter serves `/metrics` on (`--web.listen-address`).
   * @default 9113
   */
  readonly metricsPort?: number;
}

const OWN = ['scrapeUri', 'metricsPort'];

/**
 * The NGINX Prometheus exporter as an adapter: it reads the app's `stub_status` page on localhost and serves it as
 * Prometheus metrics on port 9113, `/metrics`, so the platform scrapes the pod like any other.
 *
 * From the exporter's README (nginx/nginx-prometheus-exporter): `--nginx.scrape-uri` names the status page,
 * `--web.listen-address` defaults to `:9113` and `--web.telemetry-path` to `/metrics`. The probes read `/metrics`
 * (it answers once the exporter serves, with `nginx_up 0` while NGINX is down, so a down NGINX never restarts the
 * exporter). Runs as uid 65534 (a static binary needs no user of its own). Resources: the exporter documents none;
 * the pattern default applies (50m CPU and 64Mi requested, 128Mi limit).
 *
 * @see https://github.com/nginx/nginx-prometheus-exporter#command-line-arguments
 * @example
 * deployment.with(new WithNginxExporter({ scrapeUri: 'http://localhost:8080/stub_status' }));
 */
export class WithNginxExporter extends WithAdapter {
  /** The image the preset runs. */
  public static readonly IMAGE = 'nginx/nginx-prometheus-exporter:1.4.0';

  private readonly problem: string | undefined;

  /**
   * Throws nothing: invalid props are thrown by `applyTo`, naming the construct.
   * @param props the status page's URL, and any container field to override
   */
  constructor(props: WithNginxExporterProps) {
    // checked now, thrown by applyTo with the construct it was applied to, as every mixin does
    const problem = propsProblem(() => {
      if (typeof props?.scrapeUri !== 'string' || !/^https?:\/\/\S+$/.test(props.scrapeUri)) {
        throw new Error(`WithNginxExporter: 'scrapeUri' (${JSON.stringify(props?.scrapeUri)}) must be the http(s) URL of NGINX's `
          + "stub_status page, e.g. 'http://localhost:8080/stub_status'.");
      }
      requirePort('WithNginxExporter', 'metricsPort', props.metricsPort);
    });
    const port = props.metricsPort ?? 9113;
    const probe = (periodSeconds: number, failureThreshold: number) =>
      kplus.Probe.fromHttpGet('/metrics', { port, periodSeconds: Duration.seconds(periodSeconds), failureThreshold });
    super(presetProps({
      name: 'nginx-exporter',
      image: WithNginxExporter.IMAGE,
      args: [`--nginx.scrape-uri=${props.scrapeUri}`, `--web.listen-address=:${port}`],
      ports: [{ number: port, name: 'nginx-metrics' }],
      startup: probe(2, 15),
      readiness: probe(10, 3),
      // liveness asks only whether the process listens (PP-PROBE-IDENTICAL: the same check as readiness restarts a busy exporter)
      liveness: kplus.Probe.fromTcpSocket({ port, periodSeconds: Duration.seconds(10), failureThreshold: 3 }),
      securityContext: { user: 65534, group: 65534, ensureNonRoot: true },
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
