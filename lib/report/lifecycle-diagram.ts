import { describeAction, describeGate, podLifecycle, shutdownTrigger, StartStep, StopStep } from '../model/pod-lifecycle';
import { ModelContainer, PodModel } from '../model/pod-model';

/**
 * The lifecycle picture of a pod as a Mermaid flowchart: which container waits on which (startup), and in which
 * order they get SIGTERM (shutdown). Internal; the pod report and `docs/catalogue.md` print it.
 *
 * Node ids derive from the container's list and index (`up_i0` is `spec.initContainers[0]` at startup,
 * `down_c1` is `spec.containers[1]` at shutdown), so the text is deterministic and safe whatever the names are.
 * See `pod-lifecycle.ts` for the Kubernetes rules behind the order.
 *
 * The two subgraphs sit side by side, Startup on the left: the chart flows left to right, each subgraph top to bottom,
 * and an invisible link `startup ~~~ shutdown` orders them (without it Mermaid's layout put Shutdown on the left).
 * Checked by rendering with mermaid-cli: docs/catalogue.md says how.
 */
export function lifecycleDiagram(model: PodModel): string {
  const { startup, shutdown } = podLifecycle(model);
  const lines: string[] = ['flowchart LR'];
  lines.push('  subgraph startup["Startup"]', '    direction TB');
  lines.push(...startupLines(startup).map(l => `    ${l}`));
  lines.push('  end');
  if (shutdown.length > 0) {
    lines.push('  subgraph shutdown["Shutdown"]', '    direction TB');
    lines.push(...shutdownLines(model, shutdown).map(l => `    ${l}`));
    lines.push('  end');
    lines.push('  startup ~~~ shutdown');
  }
  return lines.join('\n') + '\n';
}

function startupLines(steps: readonly StartStep[]): string[] {
  const nodes: string[] = ['up_start(["pod scheduled, volumes ready"])'];
  const edges: string[] = [];
  let previous: string[] = ['up_start'];
  for (const step of steps) {
    const ids = step.containers.map(c => nodeId('up', c));
    step.containers.forEach((c, i) => nodes.push(`${ids[i]}["${label(c, startNote(c))}"]`));
    const gate = step.after ? escape(describeGate(step.after).replace(/^'[^']*' /, '')) : '';
    for (const from of previous) {
      for (const to of ids) edges.push(gate ? `${from} -->|"${gate}"| ${to}` : `${from} --> ${to}`);
    }
    previous = ids;
  }
  return [...nodes, ...edges];
}

function shutdownLines(model: PodModel, steps: readonly StopStep[]): string[] {
  const nodes: string[] = [`down_start(["${escape(shutdownTrigger(model))}"])`];
  const edges: string[] = [];
  for (const step of steps) {
    const ids = step.containers.map(c => nodeId('down', c));
    step.containers.forEach((c, i) => nodes.push(`${ids[i]}["${label(c, stopNote(c, step.step === 1))}"]`));
    if (step.after.length === 0) {
      const how = (model.spec.restartPolicy ?? 'Always') === 'Always' ? 'SIGTERM' : 'exit, or SIGTERM';
      for (const to of ids) edges.push(`down_start -->|"${how}"| ${to}`);
    } else {
      for (const from of step.after) {
        for (const to of ids) edges.push(`${nodeId('down', from)} -->|"exited"| ${to}`);
      }
    }
  }
  return [...nodes, ...edges];
}

/** `up_i0`, `down_c1`: phase, list (i = initContainers, c = containers) and index. */
export function nodeId(phase: 'up' | 'down', c: ModelContainer): string {
  return `${phase}_${c.list === 'initContainers' ? 'i' : 'c'}${c.index}`;
}

function label(c: ModelContainer, note: string | undefined): string {
  const role = c.role === 'main' ? 'container' : c.role === 'sidecar' ? 'native sidecar' : 'init container';
  const parts = [escape(c.name), role];
  if (note) parts.push(escape(note));
  return parts.join('<br/>');
}

function startNote(c: ModelContainer): string | undefined {
  if (c.role === 'init') return undefined;
  return c.spec.lifecycle?.postStart ? `postStart ${describeAction(c.spec.lifecycle.postStart)}` : undefined;
}

/** preStop runs when termination begins, for sidecars too (before they wait for their turn to get SIGTERM). */
function stopNote(c: ModelContainer, first: boolean): string | undefined {
  const preStop = c.spec.lifecycle?.preStop;
  if (!preStop) return undefined;
  return first ? `preStop ${describeAction(preStop)}` : `preStop ${describeAction(preStop)} runs at once`;
}

/** Mermaid label text: double quotes as `#quot;`, angle brackets as entities (labels are HTML). */
function escape(text: string): string {
  return text.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}
