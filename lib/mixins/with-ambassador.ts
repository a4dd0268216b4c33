import { IConstruct, IMixin } from 'constructs';
import { applyContainerPattern, checkEnv, ContainerPatternSpec, injectEnv, regularContainerSpec, requireName } from './container-pattern';
import { supportsWorkloadOrScope } from './mixin-scope';
import { PatternContainerProps } from './pattern-container-props';

/**
 * Props of an ambassador.
 */
export interface WithAmbassadorProps extends PatternContainerProps {
  /**
   * Name of an environment variable to set in every app container (the regular containers present when the
   * mixin is applied that no mixin added) to the ambassador's localhost URL,
   * `<urlScheme>://localhost:<port>` (e.g. `REDIS_URL=redis://localhost:6379`). The port is `portNumber`,
   * else the first of `ports`.
   * @default - no variable is injected
   */
  readonly appUrlEnv?: string;

  /**
   * Scheme of the injected URL.
   * @default 'http'
   */
  readonly urlScheme?: string;
}

/** The ambassador's own props, which are not container props. */
const AMBASSADOR_KEYS: readonly string[] = ['appUrlEnv', 'urlScheme'];

/**
 * Adds an ambassador: a regular container that proxies the app's outbound traffic (sharding, TLS,
 * retries, service discovery) so the app talks to a flat endpoint on localhost, e.g. twemproxy in
 * front of sharded Redis. Works on every Kubernetes version.
 *
 * Refused on a Job or CronJob (or a bare Pod whose restartPolicy is Never or OnFailure), where a
 * long-running proxy in `containers` would keep the Job from completing; use `WithNativeSidecar` there.
 *
 * Resources default to 50m CPU and 64Mi memory requested, 128Mi memory limit.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/pods/#how-pods-manage-multiple-containers
 */
export class WithAmbassador implements IMixin {
  private readonly props: WithAmbassadorProps;
  private readonly spec: ContainerPatternSpec;

  /**
   * @param props the ambassador container, and the env var that tells the app its localhost URL
   * @throws if 'name' is missing, or 'appUrlEnv'/'urlScheme' is invalid
   */
  constructor(props: WithAmbassadorProps) {
    requireName('WithAmbassador', props.name);
    if (props.appUrlEnv !== undefined) {
      if (!/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(props.appUrlEnv)) {
        throw new Error(`WithAmbassador '${props.name}': 'appUrlEnv' (${JSON.stringify(props.appUrlEnv)}) is not a valid environment variable name.`);
      }
      if (ambassadorPort(props) === undefined) {
        throw new Error(`WithAmbassador '${props.name}': 'appUrlEnv' (${props.appUrlEnv}) needs the ambassador's port: set 'portNumber' or 'ports'.`);
      }
    }
    if (props.urlScheme !== undefined && !/^[a-zA-Z][a-zA-Z0-9+.-]*$/.test(props.urlScheme)) {
      throw new Error(`WithAmbassador '${props.name}': 'urlScheme' (${JSON.stringify(props.urlScheme)}) is not a URL scheme, e.g. 'redis' or 'http'.`);
    }
    this.props = props;
    const appUrlEnv = props.appUrlEnv;
    const url = this.localUrl;
    this.spec = {
      ...regularContainerSpec('WithAmbassador', 'ambassador', props, AMBASSADOR_KEYS),
      appFields: appUrlEnv ? ['appUrlEnv'] : [],
      check: (_w, app) => {
        if (appUrlEnv && url) checkEnv(app, appUrlEnv, url);
      },
      after: (_w, _added, app) => {
        if (appUrlEnv && url) injectEnv(app, appUrlEnv, url);
      },
    };
  }

  /** The ambassador container's name. */
  public get name(): string {
    return this.props.name;
  }

  /**
   * The URL the app reaches the ambassador at, `<scheme>://localhost:<port>`.
   * @default - undefined when the ambassador declares no port
   */
  public get localUrl(): string | undefined {
    const port = ambassadorPort(this.props);
    return port === undefined ? undefined : `${this.props.urlScheme ?? 'http'}://localhost:${port}`;
  }

  /**
   * True for a cdk8s-plus Pod, Deployment, StatefulSet, DaemonSet, Job or CronJob, and for a scope outside any workload
   * (a Chart, an App): applied to a scope, the mixin joins every workload below it and fails if there is none.
   */
  public supports(construct: IConstruct): boolean {
    return supportsWorkloadOrScope(construct);
  }

  /**
   * Adds the ambassador container to the workload; does nothing if this mixin already added it there. Refused on a Job, a CronJob or a run-to-completion Pod.
   * @throws if a container of that name exists, or the construct is a scope that holds no workload
   */
  public applyTo(construct: IConstruct): void {
    applyContainerPattern(construct, this.spec);
  }
}

function ambassadorPort(props: WithAmbassadorProps): number | undefined {
  return props.portNumber ?? props.port ?? props.ports?.[0]?.number;
}
