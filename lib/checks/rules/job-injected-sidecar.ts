import { injectedSidecars } from '../../model/injected-sidecars';
import { KubernetesFeature } from '../../model/kubernetes-feature';
import { PodModel } from '../../model/pod-model';
import { completingWhat } from '../../model/run-to-completion';
import { PodRule } from '../rule';
import { RuleSeverity } from '../rule-severity';

/**
 * A Job's pod (or a CronJob's, or a run-to-completion Pod) annotated for a sidecar injector that adds a classic
 * sidecar: a regular container that never exits, so the pod never succeeds. The injected container is not in the
 * input; `injectedSidecars` (lib/model/injected-sidecars.ts) reads the request from the pod's own labels and annotations.
 */
export const jobInjectedSidecar: PodRule = {
  id: 'PP-JOB-INJECTED-SIDECAR',
  severity: RuleSeverity.WARNING,
  cause: 'A Job, a CronJob or a run-to-completion Pod asks a sidecar injector (Istio, Linkerd, the Vault agent) for a '
    + 'proxy or agent that it adds as a regular container, which never exits.',
  explanation: 'A Job\'s pod succeeds only when every regular container has exited. An injector that adds its proxy or '
    + 'agent as a regular container (classic mode) keeps the pod Running after the work is done, so the Job never '
    + 'completes. Ask for a native sidecar, which Kubernetes stops once the regular containers are done: Istio '
    + '`sidecar.istio.io/nativeSidecar: "true"`, Linkerd `config.beta.linkerd.io/proxy-enable-native-sidecar: "true"`; '
    + 'for the Vault agent, `vault.hashicorp.com/agent-pre-populate-only: "true"` (an init container only). The check '
    + 'reads the pod template\'s own labels and annotations: injection asked by a namespace label is not visible, and '
    + 'an injector configured to inject native sidecars by default (istiod\'s `ENABLE_NATIVE_SIDECARS`, on by '
    + 'default from Istio 1.27 where Kubernetes supports it) is not either, so the annotation is the way to be sure, or '
    + 'acknowledge the warning with that reason.',
  source: 'https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/#jobs-with-sidecar-containers; '
    + 'istio/api annotation sidecar.istio.io/nativeSidecar; linkerd2 config.beta.linkerd.io/proxy-enable-native-sidecar; '
    + 'vault-k8s vault.hashicorp.com/agent-pre-populate-only',
  check: (pod: PodModel) => {
    const what = completingWhat(pod.kind, pod.spec.restartPolicy);
    if (!what) return [];
    const native = KubernetesFeature.SIDECAR_CONTAINERS.isEnabled(pod.target.version, pod.target.featureGates);
    return injectedSidecars(pod).filter(s => !s.native).map(s => {
      const fix = s.injector === 'the Vault agent' || native
        ? s.fix.charAt(0).toUpperCase() + s.fix.slice(1)
        : `Kubernetes ${pod.target.version} has no native sidecars (${KubernetesFeature.SIDECAR_CONTAINERS.requirement()}): `
          + `end the work by telling the proxy to quit, or target a newer version and ${s.fix}`;
      return `the pod asks ${s.injector} for a sidecar (${s.requestedBy}), which it injects as a regular container `
        + `'${s.container}' that never exits, so ${what} never complete${what.startsWith('the Job') || what.startsWith('the Pod') ? 's' : ''}. ${fix}.`;
    });
  },
};
