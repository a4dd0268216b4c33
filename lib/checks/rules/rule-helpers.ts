import { ContainerPortJson, fieldPath, ModelContainer, PodModel } from '../../model/pod-model';

/**
 * Small helpers the rules share: how to name a container in a message, which containers run at the same
 * time. Not a rule.
 */

/** `container`, `native sidecar` or `init container`: the container's role in the user's words. */
export function roleName(c: ModelContainer): string {
  switch (c.role) {
    case 'sidecar': return 'native sidecar';
    case 'init': return 'init container';
    default: return 'container';
  }
}

/** `native sidecar 'proxy'`. */
export function who(c: ModelContainer): string {
  return `${roleName(c)} '${c.name}'`;
}

/**
 * `who` for a container known by name only (as in `memoryHeadroom`'s rows): the first container of that name, since
 * names are unique in a pod the API server accepts (PP-DUPLICATE-NAME reports the others).
 */
export function whoNamed(pod: PodModel, name: string): string {
  const c = pod.containers.find(x => x.name === name);
  return c ? who(c) : `container '${name}'`;
}

/** `a`, `a and b`, `a, b and c`. */
export function andList(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** `'app', 'log-shipper'`. */
export function nameList(cs: readonly ModelContainer[]): string {
  return cs.map(c => `'${c.name}'`).join(', ');
}

/** The containers that run for the pod's life: regular containers and native sidecars. */
export function runningContainers(pod: PodModel): ModelContainer[] {
  return pod.containers.filter(c => c.role !== 'init');
}

/** The running container (regular or native sidecar) of that name, found without building the list. */
export function runningContainerNamed(pod: PodModel, name: string): ModelContainer | undefined {
  const cs = pod.containers;
  for (let i = 0; i < cs.length; i++) {
    if (cs[i].role !== 'init' && cs[i].name === name) return cs[i];
  }
  return undefined;
}

/**
 * Whether two containers of a pod run at the same time (KEP-753 start order, as the kubelet applies it):
 * regular containers and native sidecars run side by side; a plain init container runs alone, next to the
 * native sidecars declared before it (they were started first and keep running); plain init containers run
 * one at a time and have all finished before the regular containers start.
 */
export function runAtOnce(a: ModelContainer, b: ModelContainer): boolean {
  if (a === b) return false;
  if (a.role === 'init' && b.role === 'init') return false;
  if (a.role === 'init') return b.role === 'sidecar' && b.index < a.index;
  if (b.role === 'init') return a.role === 'sidecar' && a.index < b.index;
  return true;
}

/** Why `a` and `b` run at the same time, for messages. */
export function whyTogether(a: ModelContainer, b: ModelContainer): string {
  const init = a.role === 'init' ? a : b.role === 'init' ? b : undefined;
  if (init) {
    const sidecar = init === a ? b : a;
    return `${who(sidecar)} is declared before ${who(init)}, so it is already running when '${init.name}' starts`;
  }
  if (a.role === 'sidecar' || b.role === 'sidecar') return 'a native sidecar keeps running next to the regular containers';
  return 'regular containers run side by side';
}

/** A port's protocol after API defaulting (`SetDefaults_ContainerPort`: TCP). */
export function protocolOf(p: ContainerPortJson): string {
  return p.protocol ?? 'TCP';
}

/** `spec.containers[0].ports[1]`. */
export function portPath(c: ModelContainer, index: number): string {
  return `${fieldPath(c)}.ports[${index}]`;
}

/** The probes of a container, in the order the kubelet runs them. */
export const PROBES = ['startupProbe', 'readinessProbe', 'livenessProbe'] as const;

/** What happens to a container whose probe fails every time. */
export function probeFailureEffect(c: ModelContainer, probe: typeof PROBES[number]): string {
  if (probe === 'startupProbe') {
    return c.role === 'sidecar' ? 'the startupProbe never passes and the containers after it never start' : 'the startupProbe never passes and the container is restarted';
  }
  return probe === 'readinessProbe' ? 'the container never becomes ready' : 'the livenessProbe fails and the container is restarted forever';
}
