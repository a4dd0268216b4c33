import { container, containerMetric, hpa, messages, pod, podMetric, run, sidecar } from './rule-fixtures';
import { featureVersion } from '../../lib/checks/rules/feature-version';

const withSidecar = { initContainers: [sidecar('log-shipper')], containers: [container('app')] };
const podLevel = { containers: [container('app')], resources: { requests: { cpu: '1' } } };

describe('PP-FEATURE-VERSION', () => {
  describe('native sidecars', () => {
    test('fails on 1.27, naming the sidecar, the version and the fallback', () => {
      const findings = run(featureVersion, pod(withSidecar, { version: '1.27' }));
      expect(findings.map(f => f.ruleId)).toEqual(['PP-FEATURE-VERSION']);
      expect(findings[0].message).toContain("native sidecar 'log-shipper'");
      expect(findings[0].message).toContain('Kubernetes 1.27');
      expect(findings[0].message).toContain('WithClassicSidecar');
    });

    test('fails on 1.28 without the SidecarContainers gate, passes with it', () => {
      expect(messages(featureVersion, pod(withSidecar, { version: '1.28' }))[0]).toContain('1.28 with the SidecarContainers feature gate');
      expect(run(featureVersion, pod(withSidecar, { version: '1.28', featureGates: { SidecarContainers: true } }))).toEqual([]);
    });

    test('fails on 1.29 with the gate turned off, passes on 1.29 by default and on 1.33 whatever the gate says (GA)', () => {
      expect(messages(featureVersion, pod(withSidecar, { version: '1.29', featureGates: { SidecarContainers: false } }))[0])
        .toContain('with the SidecarContainers gate off');
      expect(run(featureVersion, pod(withSidecar, { version: '1.29' }))).toEqual([]);
      expect(run(featureVersion, pod(withSidecar, { version: '1.33', featureGates: { SidecarContainers: false } }))).toEqual([]);
    });
  });

  describe('HPA ContainerResource metrics', () => {
    const hpas = [hpa([containerMetric('app')])];
    test('fails below 1.20, naming the HPA and the container', () => {
      const [m] = messages(featureVersion, pod({ containers: [container('app')] }, { version: '1.19', hpas }));
      expect(m).toContain("HPA 'web-hpa' scales on ContainerResource cpu of container 'app'");
      expect(m).toContain('Kubernetes 1.19');
    });

    test('fails on 1.20-1.26 without the HPAContainerMetrics gate and passes with it', () => {
      for (const version of ['1.20', '1.26']) {
        expect(messages(featureVersion, pod({ containers: [container('app')] }, { version, hpas }))[0]).toContain('HPAContainerMetrics');
        expect(run(featureVersion, pod({ containers: [container('app')] }, { version, hpas, featureGates: { HPAContainerMetrics: true } }))).toEqual([]);
      }
    });

    test('passes from 1.27 on, and for pod-level Resource metrics on any version', () => {
      expect(run(featureVersion, pod({ containers: [container('app')] }, { version: '1.27', hpas }))).toEqual([]);
      expect(run(featureVersion, pod({ containers: [container('app')] }, { version: '1.19', hpas: [hpa([podMetric()])] }))).toEqual([]);
    });
  });

  describe('pod-level resources', () => {
    test('fails below 1.32 and on 1.32-1.33 without the PodLevelResources gate', () => {
      expect(messages(featureVersion, pod(podLevel, { version: '1.31' }))[0]).toContain('pod-level spec.resources is set, which Kubernetes 1.31');
      expect(messages(featureVersion, pod(podLevel, { version: '1.33' }))[0]).toContain('PodLevelResources');
    });

    test('passes on 1.32 with the gate and from 1.34 on', () => {
      expect(run(featureVersion, pod(podLevel, { version: '1.32', featureGates: { PodLevelResources: true } }))).toEqual([]);
      expect(run(featureVersion, pod(podLevel, { version: '1.34' }))).toEqual([]);
    });
  });

  // PodLifecycleSleepAction: alpha 1.29, beta 1.30, GA 1.34 (kubernetes/website feature-gates/PodLifecycleSleepAction.md; KEP-3960)
  describe('sleep action of lifecycle hooks', () => {
    const sleeping = { containers: [container('app', { lifecycle: { preStop: { sleep: { seconds: 5 } } } })] };
    test('fails on 1.28, and on 1.29 without the PodLifecycleSleepAction gate', () => {
      expect(messages(featureVersion, pod(sleeping, { version: '1.28' }))).toEqual(["the preStop hook of container 'app' uses the "
        + 'sleep action, which Kubernetes 1.28 does not support: sleep actions in lifecycle hooks need Kubernetes 1.30 or later, '
        + 'or 1.29 with the PodLifecycleSleepAction feature gate. Use an exec hook (`command: ["sleep", "5"]`) instead, or target a newer version.']);
      expect(run(featureVersion, pod(sleeping, { version: '1.29' }))).toHaveLength(1);
    });
    test('passes on 1.29 with the gate and from 1.30 on', () => {
      expect(run(featureVersion, pod(sleeping, { version: '1.29', featureGates: { PodLifecycleSleepAction: true } }))).toEqual([]);
      expect(run(featureVersion, pod(sleeping, { version: '1.30' }))).toEqual([]);
    });
  });

  // ContainerRestartRules: alpha 1.34, beta 1.35 (lib/model/kubernetes-feature.ts; VALIDATION-RULES GATES row)
  test('fails for restartPolicyRules below 1.35 without the gate, passes from 1.35', () => {
    const ruled = { containers: [container('app', { restartPolicy: 'Never', restartPolicyRules: [{ action: 'Restart' }] })] };
    expect(messages(featureVersion, pod(ruled, { version: '1.34' }))).toEqual(["container 'app' sets restartPolicyRules (spec.containers[0].restartPolicyRules), which Kubernetes 1.34 "
      + 'does not support: container restart rules need Kubernetes 1.35 or later, or 1.34 with the ContainerRestartRules feature gate. '
      + 'Remove them, or target a newer version.']);
    expect(run(featureVersion, pod(ruled, { version: '1.35' }))).toEqual([]);
  });

  // ContainerStopSignals: alpha 1.33, no later stage up to 1.36 (KEP-4960 kep.yaml; kube_features.go); the field is dropped
  // where the gate is off (pkg/api/pod/util.go dropContainerStopSignals)
  test('fails for a stopSignal unless ContainerStopSignals is set, on every version up to 1.36', () => {
    const signalled = { os: { name: 'linux' }, containers: [container('app', { lifecycle: { stopSignal: 'SIGQUIT' } })] };
    expect(messages(featureVersion, pod(signalled, { version: '1.36' }))).toEqual(["container 'app' sets lifecycle.stopSignal \"SIGQUIT\" (spec.containers[0].lifecycle.stopSignal), "
      + 'which Kubernetes 1.36 does not support: container stop signals (lifecycle.stopSignal) need Kubernetes 1.33 or later with the '
      + 'ContainerStopSignals feature gate (alpha, off by default); without it the API server drops the field and the container is '
      + "stopped with its image's STOPSIGNAL. Set the signal in the image (STOPSIGNAL), or enable the gate and say so with "
      + 'KubernetesTarget (--feature-gates ContainerStopSignals=true in the CLI).']);
    expect(messages(featureVersion, pod(signalled, { version: '1.33', featureGates: { ContainerStopSignals: false } }))[0])
      .toContain('which Kubernetes 1.33 with the ContainerStopSignals gate off does not support');
    expect(run(featureVersion, pod(signalled, { version: '1.32', featureGates: { ContainerStopSignals: true } }))).toHaveLength(1);
    expect(run(featureVersion, pod(signalled, { version: '1.33', featureGates: { ContainerStopSignals: true } }))).toEqual([]);
  });

  // HPAConfigurableTolerance: alpha 1.33, beta 1.35; dropped where the gate is off
  // (pkg/registry/autoscaling/horizontalpodautoscaler/strategy.go dropDisabledFields)
  test('fails for an HPA tolerance below 1.35 without the gate, passes from 1.35 and on 1.33 with it', () => {
    const tolerant = (version: string, featureGates = {}) => pod({ containers: [container('app')] }, {
      version, featureGates, hpas: [{ ...hpa([podMetric()]), tolerances: { scaleDown: '0.05' } }],
    });
    expect(messages(featureVersion, tolerant('1.34'))).toEqual(["HPA 'web-hpa' sets spec.behavior.scaleDown.tolerance \"0.05\", which "
      + 'Kubernetes 1.34 does not support: per-HPA scaling tolerances need Kubernetes 1.35 or later, or 1.33-1.34 with the '
      + 'HPAConfigurableTolerance feature gate; without it the API server drops the field and the HPA uses the cluster-wide '
      + 'tolerance (--horizontal-pod-autoscaler-tolerance, 10% by default). Remove it, or target a newer version.']);
    expect(run(featureVersion, tolerant('1.33', { HPAConfigurableTolerance: true }))).toEqual([]);
    expect(run(featureVersion, tolerant('1.35'))).toEqual([]);
  });

  test('does not apply to a pod using none of the features, even on an old version', () => {
    expect(run(featureVersion, pod({ initContainers: [container('init')], containers: [container('app')] }, { version: '1.19' }))).toEqual([]);
  });
});
