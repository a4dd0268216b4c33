import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-30';
import { IConstruct, IMixin } from 'constructs';
import { applyContainerPattern, ContainerPatternSpec, newMixinId, requireName, WAIT_FOR_DEFAULT_RESOURCES } from './container-pattern';
import { propsProblem, supportsWorkloadOrScope } from './mixin-scope';
import { shellQuote } from './shell-quote';
import { WaitTarget } from './wait-target';

/**
 * Props of a wait-for init container.
 */
export interface WithWaitForProps {
  /** The init container's name, e.g. `wait-for-postgres`. */
  readonly name: string;

  /** What to wait for: `WaitTarget.tcp(host, port)`, `WaitTarget.http(url)` or `WaitTarget.dns(hostname)`. */
  readonly target: WaitTarget;

  /**
   * Image with `sh`, `nc`, `wget` and `nslookup`.
   * @default 'busybox:1.37'
   */
  readonly image?: string;

  /**
   * Seconds between attempts, a whole number, at least 1.
   * @default 2
   */
  readonly periodSeconds?: number;

  /**
   * Give up (exit 1, so the kubelet restarts the init container per the pod's restartPolicy) after this long.
   * A whole number of seconds, at least 1.
   * @default - wait forever
   */
  readonly timeout?: Duration;

  /**
   * Resources of the init container.
   * @default - 10m CPU and 16Mi memory requested, 32Mi memory limit
   */
  readonly resources?: kplus.ContainerResources;

  /**
   * Security context of the init container. Fields left out keep their defaults: cdk8s-plus's secure defaults
   * (`runAsNonRoot`, read-only root filesystem, no privilege escalation) and user and group 65534 (nobody),
   * so `runAsNonRoot` holds for busybox, whose image runs as root.
   * @default - cdk8s-plus's secure defaults, running as user and group 65534 (nobody)
   */
  readonly securityContext?: kplus.ContainerSecurityContextProps;
}

/**
 * Adds a plain init container that loops until a dependency answers, e.g.
 * `until nc -z postgres-service 5432; do sleep 2; done`, so the app starts only once it can connect.
 * It runs before the init containers added after it, strictly in list order. Works on every Kubernetes version.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/pods/init-containers/#examples
 */
export class WithWaitFor implements IMixin {
  private readonly spec: ContainerPatternSpec;

  /**
   * Throws nothing: a problem with the props is thrown by `applyTo`, naming the construct the mixin was applied to.
   * @param props the init container's name and what it waits for
   */
  constructor(private readonly props: WithWaitForProps) {
    let script = '';
    const problem = propsProblem(() => {
      script = checkedWaitScript(props);
    });
    const container: kplus.ContainerProps = {
      name: props.name,
      image: props.image ?? 'busybox:1.37',
      command: ['sh', '-c', script],
      resources: props.resources ?? WAIT_FOR_DEFAULT_RESOURCES,
      securityContext: { user: 65534, group: 65534, ...props.securityContext },
    };
    this.spec = { id: newMixinId(), mixin: 'WithWaitFor', pattern: 'wait-for', container, init: true, problem };
  }

  /** The init container's name. */
  public get name(): string {
    return this.props.name;
  }

  /** The shell script the init container runs; empty when the props have a problem, which `applyTo` throws. */
  public get script(): string {
    return this.spec.container.command![2];
  }

  /**
   * True for a cdk8s-plus Pod, Deployment, StatefulSet, DaemonSet, Job or CronJob, and for a scope outside any workload
   * (a Chart, an App): applied to a scope, the mixin joins every workload below it and fails if there is none.
   */
  public supports(construct: IConstruct): boolean {
    return supportsWorkloadOrScope(construct);
  }

  /**
   * Adds the wait-for init container to the workload; does nothing if this mixin already added it there.
   * @throws if 'name' or 'target' is missing, 'name' is invalid, 'periodSeconds'/'timeout' is out of range, a container
   *   of that name exists, or the construct is a scope that holds no workload; each error names the construct the mixin
   *   was applied to
   */
  public applyTo(construct: IConstruct): void {
    applyContainerPattern(construct, this.spec);
  }
}

/** The script of the props, once they are checked: throws when 'name' or 'target' is missing or a number is out of range. */
function checkedWaitScript(props: WithWaitForProps): string {
  requireName('WithWaitFor', props.name);
  if (!props.target) {
    throw new Error(`WithWaitFor '${props.name}': 'target' is required: WaitTarget.tcp(host, port), WaitTarget.http(url) or WaitTarget.dns(hostname).`);
  }
  const period = props.periodSeconds ?? 2;
  if (!Number.isInteger(period) || period < 1) {
    throw new Error(`WithWaitFor '${props.name}': 'periodSeconds' (${props.periodSeconds}) must be a whole number of seconds, at least 1.`);
  }
  const timeout = props.timeout?.toSeconds({ integral: false });
  if (timeout !== undefined && (!Number.isInteger(timeout) || timeout < 1)) {
    throw new Error(`WithWaitFor '${props.name}': 'timeout' (${props.timeout!.toHumanString()}) must be a whole number of seconds, at least 1.`);
  }
  return waitScript(props.target, period, timeout);
}

/**
 * Scripts already written, by what they wait for: workloads that wait for the same dependency share one string
 * instead of keeping a copy each (thousands of workloads often wait for the same few databases).
 */
const SCRIPTS = new Map<string, string>();

function waitScript(target: WaitTarget, period: number, timeout: number | undefined): string {
  const key = `${target.probeCommand}\n${target.description}\n${period}\n${timeout}`;
  let script = SCRIPTS.get(key);
  if (script === undefined) {
    script = writeWaitScript(target, period, timeout);
    if (SCRIPTS.size >= 1000) SCRIPTS.clear();
    SCRIPTS.set(key, script);
  }
  return script;
}

function writeWaitScript(target: WaitTarget, period: number, timeout: number | undefined): string {
  const waiting = `echo ${shellQuote(`waiting for ${target.description}...`)}`;
  if (timeout === undefined) {
    return `until ${target.probeCommand}; do\n  ${waiting}\n  sleep ${period}\ndone\n`;
  }
  return `deadline=$(( $(date +%s) + ${timeout} ))\n`
    + `until ${target.probeCommand}; do\n`
    + `  if [ "$(date +%s)" -ge "$deadline" ]; then echo ${shellQuote(`gave up waiting for ${target.description} after ${timeout}s`)}; exit 1; fi\n`
    + `  ${waiting}\n  sleep ${period}\ndone\n`;
}
