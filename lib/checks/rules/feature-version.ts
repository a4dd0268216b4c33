import { KubernetesFeature } from '../../model/kubernetes-feature';
import { fieldPath, ModelContainer, PodModel } from '../../model/pod-model';
import { PodRule } from '../rule';
import { RuleSeverity } from '../rule-severity';
import { who } from './rule-helpers';

/**
 * Features the pod uses that the target Kubernetes version does not have enabled.
 * Versions: `pkg/features/kube_features.go` (SidecarContainers, HPAContainerMetrics, PodLevelResources, ...; see
 * KubernetesFeature). Where a gate is off the API server drops the field without an error: `lifecycle.stopSignal` in
 * `pkg/api/pod/util.go` `dropContainerStopSignals`, an HPA `tolerance` in
 * `pkg/registry/autoscaling/horizontalpodautoscaler/strategy.go` `dropDisabledFields`.
 */
export const featureVersion: PodRule = {
  id: 'PP-FEATURE-VERSION',
  severity: RuleSeverity.ERROR,
  cause: 'The pod uses a feature the target Kubernetes version (or its feature gates) does not enable.',
  explanation: 'Native sidecars need 1.29+ (1.28 with the SidecarContainers gate); HPA ContainerResource metrics need '
    + '1.27+ (1.20-1.26 with HPAContainerMetrics); pod-level resources need 1.34+ (1.32-1.33 with PodLevelResources); the `sleep` action of lifecycle '
    + 'hooks needs 1.30+ (1.29 with PodLifecycleSleepAction); container `restartPolicyRules` need 1.35+ (1.34 with '
    + 'ContainerRestartRules); the `RestartAllContainers` action of a restart rule needs 1.36+ (1.35 with '
    + 'RestartAllContainersOnContainerExits); a container `lifecycle.stopSignal` needs the ContainerStopSignals gate on '
    + '1.33+ (still alpha in 1.36: off unless the cluster turns it on); an HPA `behavior.scaleUp.tolerance` or '
    + '`scaleDown.tolerance` needs 1.35+ (1.33-1.34 with HPAConfigurableTolerance). '
    + 'Below that the API server drops or rejects the fields: a dropped stopSignal leaves the image\'s STOPSIGNAL (or the '
    + 'runtime\'s SIGTERM) in force, a dropped tolerance leaves the cluster-wide `--horizontal-pod-autoscaler-tolerance` '
    + '(10% by default), with no error at `kubectl apply`. Set the real cluster version with '
    + '`KubernetesTarget.set(app, { version, featureGates })`, or use the fallback the message names.',
  source: 'kubernetes pkg/features/kube_features.go',
  check: (pod: PodModel) => {
    const { version, featureGates } = pod.target;
    const out: string[] = [];
    if (pod.containers.some(isSidecar) && !KubernetesFeature.SIDECAR_CONTAINERS.isEnabled(version, featureGates)) {
      for (const c of pod.containers.filter(isSidecar)) {
        out.push(`native sidecar '${c.name}' (initContainers with restartPolicy: Always) is not available on Kubernetes ${version}`
          + `${gateNote(featureGates, KubernetesFeature.SIDECAR_CONTAINERS)}: `
          + `${KubernetesFeature.SIDECAR_CONTAINERS.requirement()}. Use WithClassicSidecar instead, or target a newer version.`);
      }
    }
    if (!KubernetesFeature.HPA_CONTAINER_METRICS.isEnabled(version, featureGates)) {
      for (const h of pod.hpas) {
        for (const m of h.metrics) {
          if (m.type !== 'ContainerResource') continue;
          out.push(`HPA '${h.name}' scales on ContainerResource ${m.containerResource?.name} of container '${m.containerResource?.container}', `
            + `which Kubernetes ${version}${gateNote(featureGates, KubernetesFeature.HPA_CONTAINER_METRICS)} does not support: `
            + `${KubernetesFeature.HPA_CONTAINER_METRICS.requirement()}. Use a pod-level Resource metric instead, or target a newer version.`);
        }
      }
    }
    if (pod.spec.resources && !KubernetesFeature.POD_LEVEL_RESOURCES.isEnabled(version, featureGates)) {
      out.push(`pod-level spec.resources is set, which Kubernetes ${version}${gateNote(featureGates, KubernetesFeature.POD_LEVEL_RESOURCES)} `
        + `does not support: ${KubernetesFeature.POD_LEVEL_RESOURCES.requirement()}. Move the resources to the containers, or target a newer version.`);
    }
    if (!KubernetesFeature.CONTAINER_RESTART_RULES.isEnabled(version, featureGates)) {
      for (const c of pod.containers) {
        if (!Array.isArray(c.spec.restartPolicyRules) || c.spec.restartPolicyRules.length === 0) continue;
        out.push(`${who(c)} sets restartPolicyRules (${fieldPath(c)}.restartPolicyRules), which Kubernetes ${version}`
          + `${gateNote(featureGates, KubernetesFeature.CONTAINER_RESTART_RULES)} does not support: `
          + `${KubernetesFeature.CONTAINER_RESTART_RULES.requirement()}. Remove them, or target a newer version.`);
      }
    }
    if (!KubernetesFeature.POD_LIFECYCLE_SLEEP_ACTION.isEnabled(version, featureGates)) {
      for (const c of pod.containers) {
        for (const hook of ['postStart', 'preStop'] as const) {
          if (!c.spec.lifecycle?.[hook]?.sleep) continue;
          out.push(`the ${hook} hook of ${who(c)} uses the sleep action, which Kubernetes ${version}`
            + `${gateNote(featureGates, KubernetesFeature.POD_LIFECYCLE_SLEEP_ACTION)} does not support: `
            + `${KubernetesFeature.POD_LIFECYCLE_SLEEP_ACTION.requirement()}. Use an exec hook (\`command: ["sleep", "${c.spec.lifecycle[hook]!.sleep!.seconds}"]\`) `
            + 'instead, or target a newer version.');
        }
      }
    }
    if (!KubernetesFeature.CONTAINER_STOP_SIGNALS.isEnabled(version, featureGates)) {
      for (const c of pod.containers) {
        const signal = c.spec.lifecycle?.stopSignal;
        if (signal === undefined || signal === null) continue;
        out.push(`${who(c)} sets lifecycle.stopSignal ${JSON.stringify(signal)} (${fieldPath(c)}.lifecycle.stopSignal), which Kubernetes ${version}`
          + `${gateNote(featureGates, KubernetesFeature.CONTAINER_STOP_SIGNALS)} does not support: `
          + `${KubernetesFeature.CONTAINER_STOP_SIGNALS.requirement()}; without it the API server drops the field and the `
          + 'container is stopped with its image\'s STOPSIGNAL. Set the signal in the image (STOPSIGNAL), or enable the gate '
          + 'and say so with KubernetesTarget (--feature-gates ContainerStopSignals=true in the CLI).');
      }
    }
    if (!KubernetesFeature.HPA_CONFIGURABLE_TOLERANCE.isEnabled(version, featureGates)) {
      for (const h of pod.hpas) {
        for (const direction of ['scaleUp', 'scaleDown'] as const) {
          const tolerance = h.tolerances?.[direction];
          if (tolerance === undefined) continue;
          out.push(`HPA '${h.name}' sets spec.behavior.${direction}.tolerance ${JSON.stringify(tolerance)}, which Kubernetes `
            + `${version}${gateNote(featureGates, KubernetesFeature.HPA_CONFIGURABLE_TOLERANCE)} does not support: `
            + `${KubernetesFeature.HPA_CONFIGURABLE_TOLERANCE.requirement()}; without it the API server drops the field and `
            + 'the HPA uses the cluster-wide tolerance (--horizontal-pod-autoscaler-tolerance, 10% by default). Remove it, or '
            + 'target a newer version.');
        }
      }
    }
    return out;
  },
};

function isSidecar(c: ModelContainer): boolean {
  return c.role === 'sidecar';
}

function gateNote(gates: { [gate: string]: boolean }, f: KubernetesFeature): string {
  if (gates[f.gate] === false) return ` with the ${f.gate} gate off`;
  return '';
}
