/** How bad a finding is. */
export enum RuleSeverity {
  /** The API server would reject the pod, or it would fail at runtime: synth fails. */
  ERROR = 'error',
  /** Legal but likely wrong: printed at synth; `strict` turns unacknowledged warnings into errors. */
  WARNING = 'warning',
}
