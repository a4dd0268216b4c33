import { PodModel } from './pod-model';
import { PodReport } from './pod-report';

/**
 * The pod report of a pod model, whichever adapter built it (a cdk8s-plus workload, or a manifest for the CLI's
 * `--report`). Internal: the public entry point is `PodReport.of(workload)`.
 */
export function reportOfModel(model: PodModel): PodReport {
  return PodReport._ofModel(model);
}
