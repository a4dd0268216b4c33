import { KubernetesFeature } from '../lib/model/kubernetes-feature';
import { parseMinorVersion } from '../lib/model/minor-version';

type Gates = { [gate: string]: boolean };

/**
 * Graduation table of kubernetes `pkg/features/kube_features.go` (`defaultVersionedKubernetesFeatureGates`):
 * SidecarContainers alpha 1.28, beta 1.29, GA (locked) 1.33; HPAContainerMetrics alpha 1.20, beta 1.27, GA 1.30;
 * PodLevelResources alpha 1.32, beta 1.34; ContainerRestartRules alpha 1.34, beta 1.35;
 * RestartAllContainersOnContainerExits alpha 1.35, beta 1.36 (CHANGELOG-1.36: #136681 "Promoted the
 * RestartAllContainersOnContainerExits feature gate to beta, enabled by default"); ContainerStopSignals alpha 1.33 and
 * no later stage up to 1.36 (KEP-4960 kep.yaml: beta planned for v1.38); HPAConfigurableTolerance alpha 1.33, beta 1.35
 * (CHANGELOG-1.35: #133128 "Promoted HPA configurable tolerance to beta").
 */
const CASES: Array<[KubernetesFeature, string, Gates, boolean]> = [
  // SidecarContainers
  [KubernetesFeature.SIDECAR_CONTAINERS, '1.27', {}, false],
  [KubernetesFeature.SIDECAR_CONTAINERS, '1.27', { SidecarContainers: true }, false],
  [KubernetesFeature.SIDECAR_CONTAINERS, '1.28', {}, false],
  [KubernetesFeature.SIDECAR_CONTAINERS, '1.28', { SidecarContainers: true }, true],
  [KubernetesFeature.SIDECAR_CONTAINERS, '1.28', { OtherGate: true }, false],
  [KubernetesFeature.SIDECAR_CONTAINERS, '1.29', {}, true],
  [KubernetesFeature.SIDECAR_CONTAINERS, '1.29', { SidecarContainers: false }, false],
  [KubernetesFeature.SIDECAR_CONTAINERS, '1.32', { SidecarContainers: false }, false],
  [KubernetesFeature.SIDECAR_CONTAINERS, '1.33', {}, true],
  [KubernetesFeature.SIDECAR_CONTAINERS, '1.33', { SidecarContainers: false }, true],
  [KubernetesFeature.SIDECAR_CONTAINERS, '1.35', {}, true],
  [KubernetesFeature.SIDECAR_CONTAINERS, '2.0', {}, true],
  [KubernetesFeature.SIDECAR_CONTAINERS, '0.99', { SidecarContainers: true }, false],
  // HPAContainerMetrics
  [KubernetesFeature.HPA_CONTAINER_METRICS, '1.19', { HPAContainerMetrics: true }, false],
  [KubernetesFeature.HPA_CONTAINER_METRICS, '1.20', {}, false],
  [KubernetesFeature.HPA_CONTAINER_METRICS, '1.20', { HPAContainerMetrics: true }, true],
  [KubernetesFeature.HPA_CONTAINER_METRICS, '1.26', {}, false],
  [KubernetesFeature.HPA_CONTAINER_METRICS, '1.26', { HPAContainerMetrics: true }, true],
  [KubernetesFeature.HPA_CONTAINER_METRICS, '1.27', {}, true],
  [KubernetesFeature.HPA_CONTAINER_METRICS, '1.29', { HPAContainerMetrics: false }, false],
  [KubernetesFeature.HPA_CONTAINER_METRICS, '1.30', { HPAContainerMetrics: false }, true],
  // PodLevelResources: no GA yet, the gate can always turn it off
  [KubernetesFeature.POD_LEVEL_RESOURCES, '1.31', { PodLevelResources: true }, false],
  [KubernetesFeature.POD_LEVEL_RESOURCES, '1.32', {}, false],
  [KubernetesFeature.POD_LEVEL_RESOURCES, '1.32', { PodLevelResources: true }, true],
  [KubernetesFeature.POD_LEVEL_RESOURCES, '1.33', { PodLevelResources: true }, true],
  [KubernetesFeature.POD_LEVEL_RESOURCES, '1.33', {}, false],
  [KubernetesFeature.POD_LEVEL_RESOURCES, '1.34', {}, true],
  [KubernetesFeature.POD_LEVEL_RESOURCES, '1.34', { PodLevelResources: false }, false],
  [KubernetesFeature.POD_LEVEL_RESOURCES, '1.40', { PodLevelResources: false }, false],
  // ContainerRestartRules
  [KubernetesFeature.CONTAINER_RESTART_RULES, '1.33', { ContainerRestartRules: true }, false],
  [KubernetesFeature.CONTAINER_RESTART_RULES, '1.34', {}, false],
  [KubernetesFeature.CONTAINER_RESTART_RULES, '1.34', { ContainerRestartRules: true }, true],
  [KubernetesFeature.CONTAINER_RESTART_RULES, '1.35', {}, true],
  // RestartAllContainersOnContainerExits
  [KubernetesFeature.RESTART_ALL_CONTAINERS, '1.34', { RestartAllContainersOnContainerExits: true }, false],
  [KubernetesFeature.RESTART_ALL_CONTAINERS, '1.35', {}, false],
  [KubernetesFeature.RESTART_ALL_CONTAINERS, '1.35', { RestartAllContainersOnContainerExits: true }, true],
  [KubernetesFeature.RESTART_ALL_CONTAINERS, '1.36', {}, true],
  [KubernetesFeature.RESTART_ALL_CONTAINERS, '1.36', { RestartAllContainersOnContainerExits: false }, false],
  // ContainerStopSignals: alpha only, so off unless the gate is set, on every version from 1.33
  [KubernetesFeature.CONTAINER_STOP_SIGNALS, '1.32', { ContainerStopSignals: true }, false],
  [KubernetesFeature.CONTAINER_STOP_SIGNALS, '1.33', {}, false],
  [KubernetesFeature.CONTAINER_STOP_SIGNALS, '1.33', { ContainerStopSignals: true }, true],
  [KubernetesFeature.CONTAINER_STOP_SIGNALS, '1.36', {}, false],
  [KubernetesFeature.CONTAINER_STOP_SIGNALS, '1.36', { ContainerStopSignals: true }, true],
  // HPAConfigurableTolerance
  [KubernetesFeature.HPA_CONFIGURABLE_TOLERANCE, '1.32', { HPAConfigurableTolerance: true }, false],
  [KubernetesFeature.HPA_CONFIGURABLE_TOLERANCE, '1.34', {}, false],
  [KubernetesFeature.HPA_CONFIGURABLE_TOLERANCE, '1.34', { HPAConfigurableTolerance: true }, true],
  [KubernetesFeature.HPA_CONFIGURABLE_TOLERANCE, '1.35', {}, true],
];

describe('KubernetesFeature', () => {
  test.each(CASES.map(([f, v, g, on]) => [f.gate, v, g, on, f] as const))('%s on %s with gates %p is enabled: %p', (_gate, version, gates, on, f) => {
    expect(f.isEnabled(version, gates)).toBe(on);
  });

  test('the feature gates argument defaults to none set', () => {
    expect(KubernetesFeature.SIDECAR_CONTAINERS.isEnabled('1.28')).toBe(false);
    expect(KubernetesFeature.SIDECAR_CONTAINERS.isEnabled('1.29')).toBe(true);
  });

  test('accepts patch versions and a leading v', () => {
    expect(KubernetesFeature.SIDECAR_CONTAINERS.isEnabled('v1.29.4')).toBe(true);
    expect(KubernetesFeature.SIDECAR_CONTAINERS.isEnabled('1.28.15-eks-1')).toBe(false);
  });

  test('throws when the version is not a version', () => {
    expect(() => KubernetesFeature.SIDECAR_CONTAINERS.isEnabled('latest')).toThrow("Kubernetes version 'latest' is not a version");
  });

  test('knows the graduation versions and gate names', () => {
    expect(KubernetesFeature.all().map(f => [f.gate, f.alpha, f.beta, f.ga])).toEqual([
      ['SidecarContainers', '1.28', '1.29', '1.33'],
      ['HPAContainerMetrics', '1.20', '1.27', '1.30'],
      ['PodLevelResources', '1.32', '1.34', undefined],
      ['ContainerRestartRules', '1.34', '1.35', undefined],
      // kubernetes/website content/en/docs/reference/command-line-tools-reference/feature-gates/PodLifecycleSleepAction.md
      ['PodLifecycleSleepAction', '1.29', '1.30', '1.34'],
      // same folder, PodLifecycleSleepActionAllowZero.md
      ['PodLifecycleSleepActionAllowZero', '1.32', '1.33', '1.34'],
      ['RestartAllContainersOnContainerExits', '1.35', '1.36', undefined],
      ['ContainerStopSignals', '1.33', undefined, undefined],
      ['HPAConfigurableTolerance', '1.33', '1.35', undefined],
    ]);
  });

  test('requirement() says which versions have the feature and which need the gate', () => {
    expect(KubernetesFeature.SIDECAR_CONTAINERS.requirement()).toEqual(
      'native sidecar containers need Kubernetes 1.29 or later, or 1.28 with the SidecarContainers feature gate');
    expect(KubernetesFeature.HPA_CONTAINER_METRICS.requirement()).toEqual(
      'HPA ContainerResource metrics need Kubernetes 1.27 or later, or 1.20-1.26 with the HPAContainerMetrics feature gate');
    expect(KubernetesFeature.POD_LEVEL_RESOURCES.requirement()).toEqual(
      'pod-level resources need Kubernetes 1.34 or later, or 1.32-1.33 with the PodLevelResources feature gate');
    expect(KubernetesFeature.CONTAINER_STOP_SIGNALS.requirement()).toEqual('container stop signals (lifecycle.stopSignal) need '
      + 'Kubernetes 1.33 or later with the ContainerStopSignals feature gate (alpha, off by default)');
  });

  test('parseMinorVersion reads major and minor', () => {
    expect(parseMinorVersion('v1.31.2')).toEqual({ major: 1, minor: 31 });
    expect(() => parseMinorVersion('1')).toThrow("Kubernetes version '1' is not a version: use MAJOR.MINOR, e.g. '1.30'.");
  });
});
