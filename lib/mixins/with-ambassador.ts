import * as kplus from 'cdk8s-plus-30';
import { IConstruct, IMixin } from 'constructs';
import { applyContainerPattern, ContainerPatternSpec, regularContainerSpec, requireName } from './container-pattern';
import { propsProblem, supportsWorkloadOrScope } from './mixin-scope';
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
   * Throws nothing: a problem with the props is thrown by `applyTo`, naming the construct the mixin was applied to.
   * @param props the ambassador container, and the env var that tells the app its localhost URL
   */
  constructor(props: WithAmbassadorProps) {
    this.props = props;
    const appUrlEnv = props.appUrlEnv;
    const url = this.localUrl;
    this.spec = {
      ...regularContainerSpec('WithAmbassador', 'ambassador', props, AMBASSADOR_KEYS),
      appFields: appUrlEnv ? ['appUrlEnv'] : [],
      problem: propsProblem(() => checkAmbassadorProps(props)),
      check: (_w, app) => (appUrlEnv && url ? envProblem(app, appUrlEnv, url) : undefined),
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
   * @throws if 'name' is missing or invalid, 'appUrlEnv'/'urlScheme' is invalid, a container of that name exists, an app
   *   container sets 'appUrlEnv' to another value, or the construct is a scope that holds no workload; each error names
   *   the construct the mixin was applied to
   */
  public applyTo(construct: IConstruct): void {
    applyContainerPattern(construct, this.spec);
  }
}

/** Throws when the name is missing or invalid, or 'appUrlEnv' or 'urlScheme' is not usable. */
function checkAmbassadorProps(props: WithAmbassadorProps): void {
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
}

/** Why `name=value` cannot be set in the containers: one of them already sets `name` to another value. */
function envProblem(containers: kplus.Container[], name: string, value: string): string | undefined {
  for (const c of containers) {
    const existing = c.env.variables[name];
    if (existing !== undefined && existing.value !== value) {
      return `container '${c.name}' already sets ${name}=${existing.value}: refusing to overwrite it with ${value}.`;
    }
  }
  return undefined;
}

/** The app containers' env gets `name=value` (the ambassador's localhost URL); `envProblem` found none before. */
function injectEnv(containers: kplus.Container[], name: string, value: string): void {
  for (const c of containers) c.env.addVariable(name, kplus.EnvValue.fromValue(value));
}

function ambassadorPort(props: WithAmbassadorProps): number | undefined {
  return props.portNumber ?? props.port ?? props.ports?.[0]?.number;
}
