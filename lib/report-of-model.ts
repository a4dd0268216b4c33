import { findingsOf } from './checks/findings';
import { PodModel } from './model/pod-model';
import { PodReport } from './pod-report';
import { PodReportFinding } from './report/pod-report-types';

/**
 * The pod report of a pod model, whichever adapter built it (a cdk8s-plus workload, or a manifest for the CLI's
 * `--report`), with the findings already found for it (the CLI passes its own); every rule is run when none are
 * given. Internal: the public entry point is `PodReport.of(workload)`.
 */
export function reportOfModel(model: PodModel, findings: readonly PodReportFinding[] = findingsOf(model)): PodReport {
  return PodReport._ofModel(model, findings);
}
