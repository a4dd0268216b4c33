import { parseImageReference } from '../../model/image-reference';
import { neverExitingCommand } from '../../model/long-running-command';
import { fieldPath, ModelContainer, PodModel } from '../../model/pod-model';
import { completingWhat } from '../../model/run-to-completion';
import { PodRule } from '../rule';
import { RuleSeverity } from '../rule-severity';

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

const NATIVE_SIDECAR = 'Make it a native sidecar (initContainers with restartPolicy: Always, WithNativeSidecar)';

/** What makes a container look like a long-running helper, and the fix, in words; undefined when nothing does. */
function signal(c: ModelContainer): { readonly headline: string; readonly fix: string } | undefined {
  const img = imageName(c.spec.image);
  if (img && (LONG_RUNNING_IMAGES.has(img.name) || (img.name === 'proxy' && img.path.includes('linkerd')))) {
    return guess(`its image '${c.spec.image}' is a long-running proxy or agent`);
  }
  const forever = neverExitingCommand(c.spec.command, c.spec.args);
  if (forever !== undefined) {
    return { headline: `runs a command that never exits ('${forever}')`, fix: `${NATIVE_SIDECAR}, or give it a command that ends when the work is done.` };
  }
  if (c.spec.readinessProbe) return guess('it has a readinessProbe, which only a serving process needs');
  return undefined;
}

/** A signal that is a guess (an image name, a probe): the container may exit on its own after all. */
function guess(why: string): { readonly headline: string; readonly fix: string } {
  return { headline: `looks like a long-running sidecar (${why})`, fix: `${NATIVE_SIDECAR}, or acknowledge this warning if it exits on its own.` };
}

/**
 * The heuristic companion of PP-JOB-CLASSIC-SIDECAR for pods with no pattern information (hand-written
 * containers, manifests): a Job or CronJob with more than one regular container, one of which looks like a
 * long-running helper. A warning, because the signals are guesses: a batch container may well have a
 * readinessProbe, and an image name says nothing certain about the command it runs. A command that never exits
 * (lib/model/long-running-command.ts: `tail -f`, `sleep infinity`, `while true` without `break` or `exit`) is read from the
 * text with certainty, but the container may still be stopped from outside.
 */
export const jobSuspectedSidecar: PodRule = {
  id: 'PP-JOB-SUSPECTED-SIDECAR',
  severity: RuleSeverity.WARNING,
  cause: 'A Job, a CronJob or a run-to-completion Pod has several regular containers, one of which looks like a long-running '
    + 'helper or runs a command that never exits.',
  explanation: 'A Job\'s pod succeeds only when every regular container has exited. A second regular container whose '
    + 'image is a known proxy or agent (envoy, istio-proxy, linkerd-proxy, promtail, fluent-bit, cloud-sql-proxy, ...), '
    + 'whose command never exits (`tail -f` or `-F`, `sleep infinity`, a `while true` or `while :` loop with no `break` or '
    + '`exit`, a server started in the foreground such as `nginx -g \'daemon off;\'` or `nc -lk`), or that has a '
    + 'readinessProbe is probably a sidecar that never exits, which keeps the Job from completing: the pod stays Running and '
    + 'the Job never reaches its completions. Make it a native sidecar (an init container with `restartPolicy: Always`, '
    + '`WithNativeSidecar`), which Kubernetes stops once the regular containers are done, or give it a command that ends with '
    + 'the work. If the container does exit on its own, acknowledge the warning with the reason.',
  source: 'https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/#jobs-with-sidecar-containers; '
    + 'kubernetes/website content/en/examples/application/job/job-sidecar-legacy.yaml (a `tail -F` log shipper)',
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
      out.push(`container '${c.name}' (${fieldPath(c)}) of ${pod.kind} '${pod.name}' ${why.headline}: `
        + `as a regular container it would keep ${what} from completing. ${why.fix}`);
    }
    return out;
  },
};
