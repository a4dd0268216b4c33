import { duplicateName } from './duplicate-name';
import { envDuplicate } from './env-duplicate';
import { featureVersion } from './feature-version';
import { gracePeriod } from './grace-period';
import { hostPortConflict } from './hostport-conflict';
import { hpaNoRequest } from './hpa-no-request';
import { hpaPodMetric } from './hpa-pod-metric';
import { hpaReplicas } from './hpa-replicas';
import { hpaTargetMissing } from './hpa-target-missing';
import { hpaTolerance } from './hpa-tolerance';
import { hpaUnknownContainer } from './hpa-unknown-container';
import { imageTagRule } from './image-tag';
import { initProbe } from './init-probe';
import { initRestartPolicy } from './init-restart-policy';
import { initStepReplicas } from './init-step-replicas';
import { invalidName } from './invalid-name';
import { invalidPort } from './invalid-port';
import { invalidQuantity } from './invalid-quantity';
import { jobClassicSidecar } from './job-classic-sidecar';
import { jobInjectedSidecar } from './job-injected-sidecar';
import { jobSuspectedSidecar } from './job-suspected-sidecar';
import { pdbHpaMin } from './pdb-hpa-min';
import { podOverhead } from './pod-overhead';
import { podResourcesConsistency } from './pod-resources-consistency';
import { portConflict } from './port-conflict';
import { portNameRepeated } from './port-name-repeated';
import { probeIdentical } from './probe-identical';
import { probePortNumber } from './probe-port-number';
import { probePortUndeclared } from './probe-port-undeclared';
import { probeSuccessThreshold } from './probe-success-threshold';
import { regularRestartPolicy } from './regular-restart-policy';
import { requestOverLimit } from './request-over-limit';
import { resizePolicy } from './resize-policy';
import { restartRules } from './restart-rules';
import { selectorMismatch } from './selector-mismatch';
import { shareProcessNamespace } from './share-process-namespace';
import { sidecarNoStartupProbe } from './sidecar-no-startup-probe';
import { sleepSeconds } from './sleep-seconds';
import { stopSignal } from './stop-signal';
import { tmpfsHeadroom } from './tmpfs-headroom';
import { tmpfsOverLimit } from './tmpfs-over-limit';
import { volumeMount } from './volume-mount';
import { PodRule, RuleInfo } from '../rule';

/**
 * Every rule, in the order findings are reported: errors first, then warnings.
 * Add a rule: one file in this folder, one line here, one test file in test/rules/, then regenerate docs/rules.md.
 */
export const ALL_RULES: readonly PodRule[] = [
  // errors
  invalidQuantity,
  duplicateName,
  invalidName,
  initProbe,
  regularRestartPolicy,
  initRestartPolicy,
  invalidPort,
  probeSuccessThreshold,
  sleepSeconds,
  stopSignal,
  requestOverLimit,
  volumeMount,
  featureVersion,
  podResourcesConsistency,
  podOverhead,
  resizePolicy,
  restartRules,
  portConflict,
  hostPortConflict,
  probePortUndeclared,
  jobClassicSidecar,
  hpaUnknownContainer,
  hpaNoRequest,
  hpaReplicas,
  hpaTolerance,
  selectorMismatch,
  tmpfsOverLimit,
  // warnings
  tmpfsHeadroom,
  hpaPodMetric,
  sidecarNoStartupProbe,
  gracePeriod,
  jobSuspectedSidecar,
  jobInjectedSidecar,
  portNameRepeated,
  shareProcessNamespace,
  imageTagRule,
  initStepReplicas,
  envDuplicate,
  probeIdentical,
  probePortNumber,
  pdbHpaMin,
];

/**
 * The rules over the objects of a whole input rather than one pod (an HPA and the object it targets): each has its
 * check where the input is read (the CLI's `check-manifests.ts`, the checks at synth), and its metadata here, for the
 * documentation, acknowledgements and SARIF.
 */
export const INPUT_RULES: readonly RuleInfo[] = [hpaTargetMissing];
