import { closestName, closestVersion } from './closest-match';
import { KubernetesFeature } from './kubernetes-feature';
import { describeVersions, MinorVersion, NEWEST_VERSION, OLDEST_VERSION, parseMinorVersion } from './minor-version';

/** Why a Kubernetes version or a feature gate is not one the library knows, naming the closest. Internal. */

/**
 * The versions the checks know, in order: `OLDEST_VERSION` to `NEWEST_VERSION`.
 * @internal
 */
export function knownVersions(): MinorVersion[] {
  const oldest = parseMinorVersion(OLDEST_VERSION);
  const newest = parseMinorVersion(NEWEST_VERSION);
  const out: MinorVersion[] = [];
  for (let minor = oldest.minor; minor <= newest.minor; minor++) out.push({ major: oldest.major, minor });
  return out;
}

/**
 * Why `version` is not one of `known` (sorted), naming the nearest known version, or undefined when it is one:
 * "Kubernetes 1.99 is not a version cdk8s-pod-patterns knows (1.20 to 1.36): did you mean 1.36?".
 * @internal
 */
export function unknownVersionProblem(version: MinorVersion, known: readonly MinorVersion[]): string | undefined {
  if (known.some(k => k.major === version.major && k.minor === version.minor)) return undefined;
  const nearest = closestVersion(version, known);
  return `Kubernetes ${version.major}.${version.minor} is not a version cdk8s-pod-patterns knows (${describeVersions(known)}): `
    + `did you mean ${nearest.major}.${nearest.minor}?`;
}

/**
 * Why `gate` is not a feature gate this library reads, naming the nearest one when one is close, or undefined
 * when it is one: "feature gate 'SidecarContainer' is not one cdk8s-pod-patterns reads: did you mean 'SidecarContainers'?
 * (it reads SidecarContainers, HPAContainerMetrics, PodLevelResources, ContainerRestartRules, PodLifecycleSleepAction, PodLifecycleSleepActionAllowZero, RestartAllContainersOnContainerExits, ContainerStopSignals, HPAConfigurableTolerance)".
 * @internal
 */
export function unknownGateProblem(gate: string): string | undefined {
  const gates = KubernetesFeature.all().map(f => f.gate);
  if (gates.includes(gate)) return undefined;
  const nearest = closestName(gate, gates);
  return `feature gate '${gate}' is not one cdk8s-pod-patterns reads${nearest ? `: did you mean '${nearest}'?` : ''}`
    + ` (it reads ${gates.join(', ')})`;
}
