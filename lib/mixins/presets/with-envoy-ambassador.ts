import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-30';
import { IConstruct } from 'constructs';
import { presetProps, requirePort } from './preset-props';
import { propsProblem, throwPropsProblem } from '../mixin-scope';
import { PatternContainerOverrides } from '../pattern-overrides';
import { WithAmbassador } from '../with-ambassador';

/**
 * Props of the Envoy ambassador preset: the bootstrap, the listener port, the ambassador's `appUrlEnv`, and any
 * container field to override.
 */
export interface WithEnvoyAmbassadorProps extends PatternContainerOverrides {
  /**
   * Name of an environment variable set in every app container to Envoy's localhost URL,
   * `<urlScheme>://localhost:<listenerPort>` (see `WithAmbassadorProps.appUrlEnv`).
   * @default - no variable is injected
   */
  readonly appUrlEnv?: string;

  /**
   * Scheme of the injected URL.
   * @default 'http'
   */
  readonly urlScheme?: string;

  /** The volume holding Envoy's bootstrap configuration (a ConfigMap volume), mounted read-only at `/etc/envoy`. */
  readonly config: kplus.Volume;

  /**
   * The bootstrap file in `config`.
   * @default 'envoy.yaml'
   */
  readonly configFile?: string;

  /** The port of the listener the app sends its traffic to, on localhost. */
  readonly listenerPort: number;

  /**
   * Port of Envoy's admin interface, which serves `/ready`. The bootstrap must bind it where the kubelet reaches it
   * (`admin: address: socket_address: { address: 0.0.0.0, port_value: 9901 }`); keep the port out of any Service.
   * @default 9901
   */
  readonly adminPort?: number;
}

const OWN = ['config', 'configFile', 'listenerPort', 'adminPort', 'appUrlEnv', 'urlScheme'];

/**
 * Envoy as an ambassador: a regular container the app reaches on `localhost:<listenerPort>`, which forwards the
 * traffic (TLS origination, retries, load balancing) as its bootstrap says. Refused on a Job, like every ambassador.
 *
 * From Envoy's admin documentation: `GET /ready` on the admin interface (port 9901 in Envoy's examples) answers 200
 * once the server is LIVE (listeners and clusters initialised) and 503 before: it is the readiness and startup probe.
 * The liveness probe is TCP on the admin port (a draining Envoy stays alive). The image runs as the `envoy` user (uid
 * 101). Resources: Envoy documents none; the pattern default applies (50m CPU and 64Mi requested, 128Mi limit).
 *
 * @see https://www.envoyproxy.io/docs/envoy/latest/operations/admin#get--ready
 * @example
 * deployment.with(new WithEnvoyAmbassador({ config, listenerPort: 9000, appUrlEnv: 'PAYMENTS_URL' }));
 */
export class WithEnvoyAmbassador extends WithAmbassador {
  /** The image the preset runs. */
  public static readonly IMAGE = 'envoyproxy/envoy:v1.32.3';

  private readonly problem: string | undefined;

  /**
   * Throws nothing: invalid props are thrown by `applyTo`, naming the construct.
   * @param props the bootstrap configuration, the listener port, and any container field to override
   */
  constructor(props: WithEnvoyAmbassadorProps) {
    // checked now, thrown by applyTo with the construct it was applied to, as every mixin does
    const problem = propsProblem(() => {
      if (props?.config === undefined || props.config === null) {
        throw new Error("WithEnvoyAmbassador: 'config' is required: the volume holding Envoy's bootstrap, e.g. a ConfigMap volume.");
      }
      if (props.listenerPort === undefined) throw new Error("WithEnvoyAmbassador: 'listenerPort' is required: the port the app sends its traffic to.");
      requirePort('WithEnvoyAmbassador', 'listenerPort', props.listenerPort);
      requirePort('WithEnvoyAmbassador', 'adminPort', props.adminPort);
    });
    const admin = props.adminPort ?? 9901;
    const ready = (periodSeconds: number, failureThreshold: number) =>
      kplus.Probe.fromHttpGet('/ready', { port: admin, periodSeconds: Duration.seconds(periodSeconds), failureThreshold });
    super({
      ...presetProps({
        name: 'envoy',
        image: WithEnvoyAmbassador.IMAGE,
        args: ['-c', `/etc/envoy/${props.configFile ?? 'envoy.yaml'}`],
        ports: [{ number: props.listenerPort, name: 'envoy-proxy' }, { number: admin, name: 'envoy-admin' }],
        startup: ready(2, 30),
        readiness: ready(10, 3),
        liveness: kplus.Probe.fromTcpSocket({ port: admin, periodSeconds: Duration.seconds(10), failureThreshold: 3 }),
        securityContext: { user: 101, group: 101, ensureNonRoot: true },
      }, props, OWN, [{ path: '/etc/envoy', volume: props.config, readOnly: true }]),
      appUrlEnv: props.appUrlEnv,
      urlScheme: props.urlScheme,
    });
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
