/**
 * Workloads that run to completion, in one place for the mixins (refusing a long-running regular container at
 * `applyTo`) and the rules (PP-JOB-CLASSIC-SIDECAR, PP-JOB-SUSPECTED-SIDECAR). Internal module.
 */

/**
 * What a long-running regular container would keep from completing, in words: `the Job`, `the CronJob's Jobs`,
 * `the Pod (restartPolicy: Never)`; `undefined` when the workload does not run to completion. A Job's or a
 * CronJob's pod, and a bare Pod whose restartPolicy is Never or OnFailure, succeed only once all their regular
 * containers have exited.
 * @see https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#restart-policy
 */
export function completingWhat(kind: string, restartPolicy: string | undefined): string | undefined {
  switch (kind) {
    case 'Job': return 'the Job';
    case 'CronJob': return "the CronJob's Jobs";
    case 'Pod':
      return restartPolicy === 'Never' || restartPolicy === 'OnFailure' ? `the Pod (restartPolicy: ${restartPolicy})` : undefined;
    default: return undefined;
  }
}
