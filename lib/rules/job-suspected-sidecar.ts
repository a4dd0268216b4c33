import { parseImageReference } from '../image-reference';
import { fieldPath, ModelContainer, PodModel } from '../pod-model';
import { PodRule, RuleSeverity } from '../rule';
import { completingWhat } from '../run-to-completion';

/**
 * Images of helpers that never exit on their own: service-mesh proxies, log shippers, database proxies,
 * telemetry agents. Matched on the last path segment of the repository (no registry, tag or digest).
 */
const LONG_RUNNING_IMAGES: ReadonlySet<string> = new Set([
  'envoy', 'istio-proxy', 'proxyv2', 'linkerd-proxy', 'promtail', 'fluent-bit', 'fluentd', 'filebeat', 'vector',
  'cloud-sql-proxy', 'cloudsql-proxy', 'gce-proxy', 'oauth2-proxy', 'jaeger-agent', 'opentelemetry-collector',
  'opentelemetry-collector-contrib', 'otel-collector', 'twemproxy', 'pgbouncer',
]);

/** The repository's last segment: `cr.l5d.io/linkerd/proxy:stable-2.14` gives `proxy` (with `linkerd` before it). */
function imageName(image: string | undefined): { name: string; path: string } | undefined {
  if (!image) return undefined;
  const repo = parseImageReference(image).name.toLowerCase();
  return { name: repo.slice(repo.lastIndexOf('/') + 1), path: repo };
}

/** Why a container looks like a long-running helper, or undefined. */
function signal(c: ModelContainer): string | undefined {
  const img = imageName(c.spec.image);
  if (img && (LONG_RUNNING_IMAGES.has(img.name) || (img.name === 'proxy' && img.path.includes('linkerd')))) {
    return `its image '${c.spec.image}' is a long-running proxy or agent`;
  }
  if (c.spec.readinessProbe) return 'it has a readinessProbe, which only a serving process needs';
  return undefined;
}

/**
 * The heuristic companion of PP-JOB-CLASSIC-SIDECAR for pods with no pattern information (hand-written
 * containers, manifests): a Job or CronJob with more than one regular container, one of which looks like a
 * long-running helper. A warning, because the signals are guesses: a batch container may well have a
 * readinessProbe, and an image name says nothing certain about the command it runs.
 */
export const jobSuspectedSidecar: PodRule = {
  id: 'PP-JOB-SUSPECTED-SIDECAR',
  severity: RuleSeverity.WARNING,
  cause: 'A Job, a CronJob or a run-to-completion Pod has several regular containers, one of which looks like a long-running helper.',
  explanation: 'A Job\'s pod succeeds only when every regular container has exited. A second regular container whose '
    + 'image is a known proxy or agent (envoy, istio-proxy, linkerd-proxy, promtail, fluent-bit, cloud-sql-proxy, ...) or '
    + 'that has a readinessProbe is probably a sidecar that never exits, which keeps the Job from completing. Make it a '
    + 'native sidecar (an init container with `restartPolicy: Always`, `WithNativeSidecar`). If the container does exit '
    + 'on its own, acknowledge the warning with the reason.',
  check: (pod: PodModel) => {
    const what = completingWhat(pod.kind, pod.spec.restartPolicy);
    if (what === undefined) return [];
    const regular = pod.containers.filter(c => c.role === 'main');
    if (regular.length < 2) return [];
    const out: string[] = [];
    for (const c of regular) {
      if (c.pattern !== undefined) continue;
      const why = signal(c);
      if (!why) continue;
      out.push(`container '${c.name}' (${fieldPath(c)}) of ${pod.kind} '${pod.name}' looks like a long-running sidecar (${why}): `
        + `as a regular container it would keep ${what} from completing. `
        + 'Make it a native sidecar (initContainers with restartPolicy: Always, WithNativeSidecar), or acknowledge this warning '
        + 'if it exits on its own.');
    }
    return out;
  },
};
