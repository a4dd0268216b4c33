import { ActionJson, ModelContainer, PodModel, ProbeJson } from './pod-model';

/**
 * The order in which the kubelet starts and stops a pod's containers, derived from the pod model.
 * Internal: the pod report and the lifecycle diagram read it.
 *
 * Startup follows kubelet `computeInitContainerActions` (pkg/kubelet/kuberuntime/kuberuntime_container.go,
 * SidecarContainers on): init containers start strictly in list order, sidecar or not. A plain init container
 * must exit 0 before the next one starts; for a sidecar (`restartPolicy: Always`) the next one starts once it is
 * running and, if it has a startupProbe, once that probe has succeeded (its liveness and readiness probes do not
 * gate). The regular containers start after the last init container, all in the same sync (SyncPod step 7, in list
 * order without waiting), except behind a regular container's postStart hook, which `startContainer` runs synchronously.
 * This is not the article's list: sidecars do not all start before the plain init containers declared ahead of them.
 *
 * Shutdown follows kubelet `newTerminationOrdering` (pkg/kubelet/kuberuntime/kuberuntime_termination_order.go) and
 * `killContainer` (kuberuntime_container.go): every running container runs its preStop hook at once; the regular
 * containers then get SIGTERM together; each sidecar gets SIGTERM only after every regular container and every
 * later-declared sidecar has exited, so sidecars stop in reverse list order. All of it shares one grace period.
 * In `killContainer` each container's preStop hook runs first (`executePreStopHook`), then it waits for its turn
 * (`waitForTurn`): the hooks overlap, so the preStop sleeps of the app and of its sidecars do not add up
 * (`shutdownTimeline`).
 */

/** What releases a startup step: the state the previous init container must reach. */
export type StartCondition = 'completed' | 'started' | 'startupProbe';

export interface StartGate {
  /** The init container (plain or sidecar) the step waits on. */
  readonly container: ModelContainer;
  readonly condition: StartCondition;
  /** The startupProbe, described (`httpGet :3101/ready`), when `condition` is `startupProbe`. */
  readonly probe?: string;
}

export interface StartStep {
  /** 1-based position in the startup sequence. */
  readonly step: number;
  /** One init container, or regular containers started together (all of them, unless a postStart hook splits them). */
  readonly containers: readonly ModelContainer[];
  /** What the step waits on; undefined for the first step (the pod's sandbox and volumes are ready). */
  readonly after?: StartGate;
}

export interface StopStep {
  /** 1-based position in the shutdown sequence. */
  readonly step: number;
  /** The regular containers (together), or one sidecar. */
  readonly containers: readonly ModelContainer[];
  /** Containers that must have exited before this step gets SIGTERM; empty for the first step. */
  readonly after: readonly ModelContainer[];
}

export interface PodLifecycle {
  readonly startup: readonly StartStep[];
  readonly shutdown: readonly StopStep[];
}

/** The startup and shutdown order of a pod. */
export function podLifecycle(model: PodModel): PodLifecycle {
  return { startup: startupSteps(model), shutdown: shutdownSteps(model) };
}

/**
 * Startup steps: each init container in list order, then the regular containers together. The kubelet starts the
 * regular containers one after another in list order without waiting for them, except that `startContainer` runs a
 * postStart hook synchronously: a regular container with a postStart hook holds back the ones listed after it until
 * the hook has finished (the trick Istio's `holdApplicationUntilProxyStarts` uses), so such a container ends a step.
 */
export function startupSteps(model: PodModel): StartStep[] {
  const steps: StartStep[] = [];
  let after: StartGate | undefined;
  for (const c of model.containers) {
    if (c.role === 'main') continue;
    steps.push({ step: steps.length + 1, containers: [c], after });
    after = gateOf(c);
  }
  let group: ModelContainer[] = [];
  for (const c of model.containers) {
    if (c.role !== 'main') continue;
    group.push(c);
    if (c.spec.lifecycle?.postStart) {
      steps.push({ step: steps.length + 1, containers: group, after });
      after = { container: c, condition: 'started' };
      group = [];
    }
  }
  if (group.length > 0) steps.push({ step: steps.length + 1, containers: group, after });
  return steps;
}

/** Shutdown steps: the regular containers together, then the sidecars in reverse list order. */
export function shutdownSteps(model: PodModel): StopStep[] {
  const mains = model.containers.filter(c => c.role === 'main');
  const sidecars = model.containers.filter(c => c.role === 'sidecar').reverse();
  const steps: StopStep[] = [];
  if (mains.length > 0) steps.push({ step: 1, containers: mains, after: [] });
  let previous: readonly ModelContainer[] = mains;
  for (const s of sidecars) {
    steps.push({ step: steps.length + 1, containers: [s], after: previous });
    previous = [s];
  }
  return steps;
}

/** When one running container gets SIGTERM, counted from the start of the pod's termination. */
export interface StopTiming {
  readonly container: ModelContainer;
  /** 1-based shutdown step (`shutdownSteps`). */
  readonly step: number;
  /** Seconds its own preStop hook sleeps (`preStopSleep`); 0 without one. */
  readonly preStop: number;
  /**
   * Seconds after termination begins at which it gets SIGTERM: the end of its own preStop sleep, or the moment the
   * containers it waits on have exited, whichever is later. Counts the preStop sleeps only, as if every container
   * exited as soon as it got SIGTERM: a lower bound.
   */
  readonly sigterm: number;
  /** The container whose preStop sleep sets `sigterm`: itself, or one it waits on (the app, a later sidecar). */
  readonly heldBy: ModelContainer;
}

/**
 * The shutdown as a timeline (kubelet `killContainer`: `executePreStopHook`, then `waitForTurn`, KEP-753): every
 * running container starts its preStop hook when termination begins; a regular container gets SIGTERM when its hook
 * returns; a sidecar gets SIGTERM when its own hook has returned and every regular container and every sidecar
 * declared after it has exited. In `shutdownSteps` order.
 */
export function shutdownTimeline(model: PodModel): StopTiming[] {
  const out: StopTiming[] = [];
  let exited: StopTiming | undefined; // the latest of the containers that have exited so far
  for (const step of shutdownSteps(model)) {
    const timings = step.containers.map(c => {
      const preStop = preStopSleep(c.spec.lifecycle?.preStop);
      const waits = step.after.length > 0 && exited !== undefined && exited.sigterm > preStop;
      return { container: c, step: step.step, preStop, sigterm: waits ? exited!.sigterm : preStop, heldBy: waits ? exited!.heldBy : c };
    });
    out.push(...timings);
    for (const t of timings) if (!exited || t.sigterm > exited.sigterm) exited = t;
  }
  return out;
}

/**
 * The seconds a preStop hook sleeps: `sleep.seconds`, or the largest `sleep N` (N whole seconds, optionally with
 * an `s`) in an exec command such as `["sh", "-c", "sleep 10 && nginx -s quit"]`. 0 when it does not sleep.
 */
export function preStopSleep(a: ActionJson | undefined): number {
  if (!a) return 0;
  if (a.sleep && typeof a.sleep.seconds === 'number') return a.sleep.seconds;
  const command = (a.exec?.command ?? []).join(' ');
  let best = 0;
  for (const m of command.matchAll(/(?:^|[\s;&|(/])sleep\s+(\d+)s?(?=$|[\s;&|)])/g)) best = Math.max(best, Number(m[1]));
  return best;
}

/** The state of an init container that lets the next container start. */
export function gateOf(c: ModelContainer): StartGate {
  if (c.role === 'init') return { container: c, condition: 'completed' };
  const probe = c.spec.startupProbe;
  if (probe) return { container: c, condition: 'startupProbe', probe: describeAction(probe) };
  return { container: c, condition: 'started' };
}

/** The gate in words: `'log-shipper' startupProbe passed (httpGet :3101/ready)`. */
export function describeGate(gate: StartGate | undefined): string {
  if (!gate) return 'pod start';
  const name = `'${gate.container.name}'`;
  switch (gate.condition) {
    case 'completed': return `${name} completed`;
    case 'startupProbe': return `${name} startupProbe passed (${gate.probe})`;
    case 'started': return gate.container.spec.lifecycle?.postStart ? `${name} started (postStart done)` : `${name} started`;
  }
}

/** A probe or hook handler in a few words: `httpGet :3101/ready`, `tcpSocket :5432`, `exec nc -z db 5432`. */
export function describeAction(a: ActionJson | ProbeJson): string {
  if (a.httpGet) return `httpGet :${a.httpGet.port}${a.httpGet.path ?? '/'}`;
  if (a.tcpSocket) return `tcpSocket :${a.tcpSocket.port}`;
  if (a.grpc) return `grpc :${a.grpc.port}${a.grpc.service ? ` ${a.grpc.service}` : ''}`;
  if (a.exec) {
    const cmd = (a.exec.command ?? []).join(' ');
    return `exec ${cmd.length > 40 ? `${cmd.slice(0, 37)}...` : cmd}`;
  }
  if (a.sleep) return `sleep ${a.sleep.seconds}s`;
  return 'handler';
}

/**
 * What ends the pod's main phase: a pod that restarts its containers (`restartPolicy: Always`, the default) stops
 * only when deleted; a Job's pod (`Never`/`OnFailure`) also stops once all its regular containers have exited,
 * and the kubelet then stops the sidecars in the same order.
 */
export function shutdownTrigger(model: PodModel): string {
  const policy = model.spec.restartPolicy ?? 'Always';
  return policy === 'Always' ? 'pod deleted' : 'main containers exited, or pod deleted';
}
