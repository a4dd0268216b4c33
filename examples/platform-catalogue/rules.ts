/**
 * The platform team's rule pack: what every Acme workload must do, checked at synth (`PodChecks.addRulePack`) and by
 * `cdk8s-pod-patterns check --rules <this package>`.
 */
import { ACME_LOG_SHIPPER } from './patterns';
import { ContainerView, PodContainerRole, PodRuleDefinition, PodView, RulePack, RuleSeverity } from '../../lib';

/** Images of long-running helpers that must never be classic sidecars (matched on the repository). */
const HELPER_IMAGES = ['fluent/fluent-bit', 'cloud-sql-proxy', 'envoyproxy/envoy', 'opentelemetry-collector'];

function repositoryOf(image: string | undefined): string {
  return (image ?? '').split('@')[0].replace(/:[^/]*$/, '');
}

/** Every workload runs the team's log shipper, as a native sidecar. */
export class AcmeLogShipperRule extends PodRuleDefinition {
  constructor() {
    super({
      id: 'ACME-LOG-SHIPPER',
      severity: RuleSeverity.ERROR,
      cause: `A workload does not run the platform log shipper ('${ACME_LOG_SHIPPER}') as a native sidecar.`,
      explanation: 'Acme collects logs only through the log shipper next to each app: without it, the workload\'s logs are '
        + `lost when its pods go. Apply \`new WithAcmeLogShipper(chart)\` to the workload or its chart, which adds '${ACME_LOG_SHIPPER}' `
        + 'as a native sidecar (an init container with restartPolicy Always) and mounts the log volume into the app.',
      source: 'Acme platform handbook, "Logging"',
    });
  }

  public check(pod: PodView): string[] {
    const shipper = pod.containers.find(c => c.name === ACME_LOG_SHIPPER);
    if (shipper === undefined) {
      return [`no container '${ACME_LOG_SHIPPER}': apply new WithAcmeLogShipper(chart) to the ${pod.kind} or its chart`];
    }
    if (shipper.role !== PodContainerRole.SIDECAR) {
      return [`'${ACME_LOG_SHIPPER}' (${shipper.fieldPath}) is a${shipper.role === PodContainerRole.INIT ? ' plain init' : ' regular'} container: `
        + 'it must be a native sidecar, as WithAcmeLogShipper adds it'];
    }
    return [];
  }
}

/** No classic sidecars: long-running helpers are native sidecars. */
export class AcmeNoClassicSidecarRule extends PodRuleDefinition {
  constructor() {
    super({
      id: 'ACME-NO-CLASSIC-SIDECAR',
      severity: RuleSeverity.ERROR,
      cause: 'A long-running helper runs as a regular container (a classic sidecar).',
      explanation: 'A classic sidecar starts in parallel with the app, may stop before it, and keeps a Job from completing. '
        + 'Acme runs every helper as a native sidecar (WithNativeSidecar, or a preset such as WithFluentBit). The rule knows a '
        + 'classic sidecar by the mixin that added it at synth, and, in manifests, by a helper image in `containers`.',
    });
  }

  public check(pod: PodView): string[] {
    return pod.containers.filter(c => c.role === PodContainerRole.MAIN && isClassicHelper(c))
      .map(c => `container '${c.name}' (${c.fieldPath}, ${c.image ?? 'no image'}) is a classic sidecar: add it with WithNativeSidecar instead`);
  }
}

function isClassicHelper(c: ContainerView): boolean {
  if (c.pattern === 'classic-sidecar') return true;
  const repository = repositoryOf(c.image);
  return c.pattern === undefined && HELPER_IMAGES.some(h => repository === h || repository.endsWith(`/${h}`));
}

const FIELD: { [missing: string]: string } = { 'startupProbe': "'startup'", 'memory limit': "'resources.memory.limit'" };

/** Every native sidecar has a startupProbe and a memory limit. */
export class AcmeSidecarContractRule extends PodRuleDefinition {
  constructor() {
    super({
      id: 'ACME-SIDECAR-CONTRACT',
      severity: RuleSeverity.WARNING,
      cause: 'A native sidecar has no startupProbe, or no memory limit.',
      explanation: 'Without a startupProbe the app starts as soon as the sidecar\'s process does, before it serves; without '
        + 'a memory limit a leaking sidecar takes the memory the app was scheduled for. Give every sidecar both (the presets do).',
    });
  }

  public check(pod: PodView): string[] {
    const out: string[] = [];
    for (const c of pod.containers) {
      if (c.role !== PodContainerRole.SIDECAR) continue;
      const missing = [...(c.hasStartupProbe ? [] : ['startupProbe']), ...(c.memoryLimit === undefined ? ['memory limit'] : [])];
      if (missing.length > 0) {
        out.push(`native sidecar '${c.name}' (${c.fieldPath}) has no ${missing.join(' and no ')}: set ${missing.map(m => FIELD[m]).join(' and ')}`);
      }
    }
    return out;
  }
}

/** The pack: what `PodChecks.addRulePack` and `--rules` take. */
export const acmePlatformRules = new RulePack({
  name: 'acme-platform',
  description: 'The Acme platform team\'s rules: every workload ships its logs through the platform log shipper, helpers '
    + 'run as native sidecars, and every sidecar declares when it has started and how much memory it may use.',
  rules: [new AcmeLogShipperRule(), new AcmeNoClassicSidecarRule(), new AcmeSidecarContractRule()],
});
