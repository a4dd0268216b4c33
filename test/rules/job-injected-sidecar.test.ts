// PP-JOB-INJECTED-SIDECAR: a Job's pod succeeds only once every regular container has exited
// (https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/#jobs-with-sidecar-containers; KEP-753);
// injectors' switches: istio/api annotation sidecar.istio.io/nativeSidecar, linkerd2 config.beta.linkerd.io/proxy-enable-native-sidecar,
// vault-k8s vault.hashicorp.com/agent-pre-populate-only.
import { container, messages, pod, run } from './rule-fixtures';
import { RuleSeverity } from '../../lib/checks/rule-severity';
import { jobInjectedSidecar } from '../../lib/checks/rules/job-injected-sidecar';

const job = { containers: [container('migrate')] };

describe('PP-JOB-INJECTED-SIDECAR', () => {
  test('warns for a Job labelled for Istio injection in classic mode, naming the annotation that fixes it', () => {
    const findings = run(jobInjectedSidecar, pod(job, { kind: 'Job', version: '1.33', labels: { 'sidecar.istio.io/inject': 'true' } }));
    expect(findings.map(f => [f.ruleId, f.severity])).toEqual([['PP-JOB-INJECTED-SIDECAR', RuleSeverity.WARNING]]);
    expect(findings[0].message).toEqual('the pod asks Istio for a sidecar (sidecar.istio.io/inject: "true"), which it injects as a '
      + "regular container 'istio-proxy' that never exits, so the Job never completes. Annotate the pod template with "
      + 'sidecar.istio.io/nativeSidecar: "true" (it overrides istiod\'s ENABLE_NATIVE_SIDECARS).');
  });

  test('warns for a CronJob annotated for Linkerd, and for the Vault agent', () => {
    expect(messages(jobInjectedSidecar, pod(job, { kind: 'CronJob', annotations: { 'linkerd.io/inject': 'enabled' } })))
      .toEqual(['the pod asks Linkerd for a sidecar (linkerd.io/inject: enabled), which it injects as a regular container '
        + "'linkerd-proxy' that never exits, so the CronJob's Jobs never complete. Annotate the pod template with "
        + 'config.beta.linkerd.io/proxy-enable-native-sidecar: "true".']);
    expect(messages(jobInjectedSidecar, pod(job, { kind: 'Job', annotations: { 'vault.hashicorp.com/agent-inject': 'true' } })))
      .toEqual(['the pod asks the Vault agent for a sidecar (vault.hashicorp.com/agent-inject: "true"), which it injects as a '
        + "regular container 'vault-agent' that never exits, so the Job never completes. Annotate the pod template with "
        + 'vault.hashicorp.com/agent-pre-populate-only: "true" (the secrets are rendered once by an init container; no agent '
        + 'keeps running to renew them).']);
  });

  test('says native sidecars need a newer Kubernetes where the target has none', () => {
    const [m] = messages(jobInjectedSidecar, pod(job, { kind: 'Job', version: '1.27', labels: { 'istio.io/rev': 'default' } }));
    expect(m).toContain('(istio.io/rev: default)');
    expect(m).toContain('Kubernetes 1.27 has no native sidecars (native sidecar containers need Kubernetes 1.29 or later, '
      + 'or 1.28 with the SidecarContainers feature gate): end the work by telling the proxy to quit, or target a newer '
      + 'version and annotate the pod template with sidecar.istio.io/nativeSidecar: "true"');
  });

  test('passes when the annotations ask for a native sidecar, or pre-populate only', () => {
    expect(run(jobInjectedSidecar, pod(job, { kind: 'Job', labels: { 'sidecar.istio.io/inject': 'true' }, annotations: { 'sidecar.istio.io/nativeSidecar': 'true' } }))).toEqual([]);
    expect(run(jobInjectedSidecar, pod(job, { kind: 'Job', annotations: { 'linkerd.io/inject': 'enabled', 'config.beta.linkerd.io/proxy-enable-native-sidecar': 'true' } }))).toEqual([]);
    expect(run(jobInjectedSidecar, pod(job, { kind: 'Job', annotations: { 'vault.hashicorp.com/agent-inject': 'true', 'vault.hashicorp.com/agent-pre-populate-only': 'true' } }))).toEqual([]);
  });

  test('does not apply to a Deployment, to injection turned off, or to output an injector already wrote', () => {
    expect(run(jobInjectedSidecar, pod(job, { kind: 'Deployment', labels: { 'sidecar.istio.io/inject': 'true' } }))).toEqual([]);
    expect(run(jobInjectedSidecar, pod(job, { kind: 'Job', labels: { 'istio.io/rev': 'default', 'sidecar.istio.io/inject': 'false' } }))).toEqual([]);
    expect(run(jobInjectedSidecar, pod(job, { kind: 'Job', labels: { 'istio.io/rev': 'default' }, annotations: { 'sidecar.istio.io/status': '{}' } }))).toEqual([]);
  });
});
