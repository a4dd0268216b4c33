import { ActionJson, buildPodModel, ContainerJson, PodModel, PodSpecJson, ResourceList } from './pod-model';

/**
 * Sidecars a mutating admission webhook adds when the pod is created, read from the pod's own labels and annotations
 * (`PodModel.podMetadata`): Istio, Linkerd and the Vault agent. Internal; the rules and the report read it.
 *
 * What the input cannot show: a namespace label (`istio-injection=enabled`, `linkerd.io/inject` on the namespace)
 * and the injector's own defaults (istiod's `ENABLE_NATIVE_SIDECARS`, the proxy resources of its values). So a pod is
 * taken as injected only when its own metadata asks for it, and as injected natively only when its annotations say so.
 */

/** One sidecar an injector will add to the pod. */
export interface InjectedSidecar {
  /** `Istio`, `Linkerd`, `the Vault agent`. */
  readonly injector: string;
  /** The label or annotation that asks for it, as written: `sidecar.istio.io/inject: "true"`. */
  readonly requestedBy: string;
  /** The container it adds: `istio-proxy`, `linkerd-proxy`, `vault-agent`. */
  readonly container: string;
  /** True when the annotations ask for a native sidecar (an init container with `restartPolicy: Always`). */
  readonly native: boolean;
  /** How to make it stop with the Job's work, in words (the annotation to set). */
  readonly fix: string;
  /** Its requests, where the annotations state them; empty when they do not. */
  readonly requests: ResourceList;
  /** Its limits, where the annotations state them. */
  readonly limits: ResourceList;
}

/** The volumes Istio's injection template adds (as its `sidecar.istio.io/status` annotation lists them). */
const ISTIO_VOLUMES = ['workload-socket', 'credential-socket', 'workload-certs', 'istio-envoy', 'istio-data', 'istio-podinfo',
  'istio-token', 'istiod-ca-cert', 'istio-ca-crl'];

/** Annotations that state an injected container's resources: resource, request annotation, limit annotation. */
type ResourceAnnotations = ReadonlyArray<readonly [string, string, string]>;

const ISTIO_RESOURCES: ResourceAnnotations = [
  ['cpu', 'sidecar.istio.io/proxyCPU', 'sidecar.istio.io/proxyCPULimit'],
  ['memory', 'sidecar.istio.io/proxyMemory', 'sidecar.istio.io/proxyMemoryLimit'],
];
const LINKERD_RESOURCES: ResourceAnnotations = [
  ['cpu', 'config.linkerd.io/proxy-cpu-request', 'config.linkerd.io/proxy-cpu-limit'],
  ['memory', 'config.linkerd.io/proxy-memory-request', 'config.linkerd.io/proxy-memory-limit'],
];
const VAULT_RESOURCES: ResourceAnnotations = [
  ['cpu', 'vault.hashicorp.com/agent-requests-cpu', 'vault.hashicorp.com/agent-limits-cpu'],
  ['memory', 'vault.hashicorp.com/agent-requests-mem', 'vault.hashicorp.com/agent-limits-mem'],
];

/**
 * The sidecars injectors will add to this pod. None for a pod that already holds the injected container or an
 * injector's status annotation (the output of `istioctl kube-inject`, `linkerd inject`: the webhook does not inject twice).
 */
export function injectedSidecars(pod: PodModel): InjectedSidecar[] {
  const labels = pod.podMetadata.labels ?? {};
  const annotations = pod.podMetadata.annotations ?? {};
  if (Object.keys(labels).length === 0 && Object.keys(annotations).length === 0) return [];
  const has = (name: string) => pod.containers.some(c => c.name === name);
  const out: InjectedSidecar[] = [];

  // Istio: the `sidecar.istio.io/inject` label (or the older annotation), or a revision label; "false" wins
  const istioInject = labels['sidecar.istio.io/inject'] ?? annotations['sidecar.istio.io/inject'];
  const istioBy = istioInject === 'true' ? 'sidecar.istio.io/inject: "true"'
    : labels['istio.io/rev'] !== undefined && istioInject !== 'false' ? `istio.io/rev: ${labels['istio.io/rev']}` : undefined;
  if (istioBy && annotations['sidecar.istio.io/status'] === undefined && !has('istio-proxy')) {
    out.push({
      injector: 'Istio',
      requestedBy: istioBy,
      container: 'istio-proxy',
      native: annotations['sidecar.istio.io/nativeSidecar'] === 'true',
      fix: 'annotate the pod template with sidecar.istio.io/nativeSidecar: "true" (it overrides istiod\'s ENABLE_NATIVE_SIDECARS)',
      ...resourcesOf(annotations, ISTIO_RESOURCES),
    });
  }

  // Linkerd: `linkerd.io/inject: enabled` (or `ingress`) on the pod
  const linkerdInject = annotations['linkerd.io/inject'];
  if ((linkerdInject === 'enabled' || linkerdInject === 'ingress') && annotations['linkerd.io/proxy-version'] === undefined && !has('linkerd-proxy')) {
    out.push({
      injector: 'Linkerd',
      requestedBy: `linkerd.io/inject: ${linkerdInject}`,
      container: 'linkerd-proxy',
      native: annotations['config.beta.linkerd.io/proxy-enable-native-sidecar'] === 'true'
        || annotations['config.alpha.linkerd.io/proxy-enable-native-sidecar'] === 'true',
      fix: 'annotate the pod template with config.beta.linkerd.io/proxy-enable-native-sidecar: "true"',
      ...resourcesOf(annotations, LINKERD_RESOURCES),
    });
  }

  // the Vault agent: `vault.hashicorp.com/agent-inject: "true"`; pre-populate-only injects an init container alone
  if (annotations['vault.hashicorp.com/agent-inject'] === 'true' && annotations['vault.hashicorp.com/agent-inject-status'] === undefined
    && annotations['vault.hashicorp.com/agent-pre-populate-only'] !== 'true' && !has('vault-agent')) {
    out.push({
      injector: 'the Vault agent',
      requestedBy: 'vault.hashicorp.com/agent-inject: "true"',
      container: 'vault-agent',
      native: false,
      fix: 'annotate the pod template with vault.hashicorp.com/agent-pre-populate-only: "true" (the secrets are rendered '
        + 'once by an init container; no agent keeps running to renew them)',
      ...resourcesOf(annotations, VAULT_RESOURCES),
    });
  }
  return out;
}

function resourcesOf(annotations: { [key: string]: string }, table: ResourceAnnotations): { requests: ResourceList; limits: ResourceList } {
  const requests: { [resource: string]: string } = {};
  const limits: { [resource: string]: string } = {};
  for (const [resource, request, limit] of table) {
    if (annotations[request] !== undefined) requests[resource] = annotations[request];
    if (annotations[limit] !== undefined) limits[resource] = annotations[limit];
  }
  return { requests, limits };
}

/**
 * Volumes an injector added to the pod, which the user does not write: those named in Istio's
 * `sidecar.istio.io/status` annotation (`"volumes":[...]`), Istio's own volume names in a pod with an `istio-proxy`
 * container, and Linkerd's `linkerd-identity-end-entity` in a pod
 * Linkerd has injected (`linkerd.io/proxy-version` annotation, or a `linkerd-proxy` container).
 */
export function injectorOwnedVolumes(pod: PodModel): Map<string, string> {
  const out = new Map<string, string>();
  const annotations = pod.podMetadata.annotations ?? {};
  const status = annotations['sidecar.istio.io/status'];
  if (status !== undefined) {
    try {
      const parsed = JSON.parse(status) as { volumes?: unknown };
      if (Array.isArray(parsed.volumes)) for (const v of parsed.volumes) if (typeof v === 'string') out.set(v, 'Istio');
    } catch {
      // not JSON: claims nothing
    }
  }
  // `istioctl kube-inject` writes a CronJob's status annotation on the jobTemplate, not the pod: the proxy tells too
  if (pod.containers.some(c => c.name === 'istio-proxy')) for (const v of ISTIO_VOLUMES) if (!out.has(v)) out.set(v, 'Istio');
  if (annotations['linkerd.io/proxy-version'] !== undefined || pod.containers.some(c => c.name === 'linkerd-proxy')) {
    out.set('linkerd-identity-end-entity', 'Linkerd');
  }
  return out;
}

/**
 * Containers an injector already put into the input (the output of `istioctl kube-inject`, `linkerd inject`, a pod
 * read back from the cluster), which the user does not write: those named in Istio's `sidecar.istio.io/status`
 * annotation (`"containers"`, `"initContainers"`), and by name `istio-proxy` (Istio), `linkerd-proxy` (Linkerd) and,
 * in a pod with `vault.hashicorp.com/agent-inject-status`, `vault-agent` (the Vault agent). Maps each container's name
 * to its injector.
 */
export function injectorOwnedContainers(pod: PodModel): Map<string, string> {
  const out = new Map<string, string>();
  const annotations = pod.podMetadata.annotations ?? {};
  const status = annotations['sidecar.istio.io/status'];
  if (status !== undefined) {
    try {
      const parsed = JSON.parse(status) as { containers?: unknown; initContainers?: unknown };
      for (const list of [parsed.containers, parsed.initContainers]) {
        if (Array.isArray(list)) for (const name of list) if (typeof name === 'string') out.set(name, 'Istio');
      }
    } catch {
      // not JSON: claims nothing
    }
  }
  const vault = annotations['vault.hashicorp.com/agent-inject-status'] !== undefined;
  for (const c of pod.containers) {
    if (c.name === 'istio-proxy') out.set(c.name, 'Istio');
    else if (c.name === 'linkerd-proxy') out.set(c.name, 'Linkerd');
    else if (vault && c.name === 'vault-agent') out.set(c.name, 'the Vault agent');
  }
  return out;
}

/**
 * Whether Istio's injection rewrote this probe of container `container`: in a pod it has injected (an `istio-proxy`
 * container or a `sidecar.istio.io/status` annotation), the app's probes become an httpGet on the agent's status port
 * (15020 unless `status.sidecar.istio.io/port` says otherwise) at `/app-health/<container>/readyz|livez|startupz`, and
 * the original probe moves to the proxy's `ISTIO_KUBE_APP_PROBERS` variable (istio `pkg/kube/inject/app_probe.go`
 * `convertAppProber`; `pilot/cmd/pilot-agent/status/server.go` `FormatProberURL`).
 */
export function isIstioRewrittenProbe(pod: PodModel, container: string, probe: ActionJson | undefined): boolean {
  const path = probe?.httpGet?.path;
  if (typeof path !== 'string' || !path.startsWith(`/app-health/${container}/`)) return false;
  return (pod.podMetadata.annotations ?? {})['sidecar.istio.io/status'] !== undefined || pod.containers.some(c => c.name === 'istio-proxy');
}

/**
 * The pod as it runs once injected, for the accounting: each injected sidecar whose annotations state its requests or
 * limits becomes a container of the model, native (first among the init containers, with `restartPolicy: Always`, as
 * Istio and Linkerd place it) or classic (last among the regular containers). One whose resources are not stated is
 * left out: its requests come from the injector's configuration, which the input does not show. Returns `pod` itself
 * when nothing is added; `injectedBy` maps each added container's name to its injector.
 */
export function withInjectedSidecars(pod: PodModel): { readonly model: PodModel; readonly injectedBy: ReadonlyMap<string, string> } {
  const counted = injectedSidecars(pod).filter(s => Object.keys(s.requests).length + Object.keys(s.limits).length > 0);
  if (counted.length === 0) return { model: pod, injectedBy: new Map() };
  const containerOf = (s: InjectedSidecar): ContainerJson => ({
    name: s.container,
    resources: { requests: s.requests, limits: s.limits },
    ...(s.native ? { restartPolicy: 'Always' } : {}),
  });
  const spec: PodSpecJson = {
    ...pod.spec,
    initContainers: [...counted.filter(s => s.native).map(containerOf), ...(pod.spec.initContainers ?? [])],
    containers: [...(pod.spec.containers ?? []), ...counted.filter(s => !s.native).map(containerOf)],
  };
  const model = buildPodModel({
    kind: pod.kind,
    name: pod.name,
    namespace: pod.namespace,
    source: () => pod.source,
    replicas: pod.replicas,
    spec,
    volumeClaimTemplates: pod.volumeClaimTemplates,
    hpas: pod.hpas,
    target: pod.target,
    patterns: { get: name => pod.containers.find(c => c.name === name)?.pattern },
    podMetadata: pod.podMetadata,
    // the spec is already admitted: its RuntimeClass overhead, if any, is in it
    admitted: pod.runtimeClass,
  });
  return { model, injectedBy: new Map(counted.map(s => [s.container, s.injector])) };
}
