import { PodModel } from '../../model/pod-model';
import { PodRule } from '../rule';
import { RuleSeverity } from '../rule-severity';

/**
 * An HPA whose minReplicas is above its maxReplicas. kubernetes `pkg/apis/autoscaling/validation/validation.go`
 * `validateHorizontalPodAutoscalerSpec`: `spec.maxReplicas: Invalid value: N: must be greater than or equal to \`minReplicas\``.
 */
export const hpaReplicas: PodRule = {
  id: 'PP-HPA-REPLICAS',
  severity: RuleSeverity.ERROR,
  apiServerRejects: true,
  cause: 'An HPA that targets the workload has minReplicas above maxReplicas.',
  explanation: 'The API server rejects a HorizontalPodAutoscaler whose `maxReplicas` is below its `minReplicas` '
    + '(``must be greater than or equal to `minReplicas` ``), so the workload is not autoscaled at all. Raise '
    + 'maxReplicas to at least minReplicas, or lower minReplicas.',
  source: 'kubernetes pkg/apis/autoscaling/validation/validation.go validateHorizontalPodAutoscalerSpec',
  check: (pod: PodModel) => pod.hpas
    .filter(h => h.minReplicas !== undefined && h.maxReplicas < h.minReplicas)
    .map(h => `HPA '${h.name}' has minReplicas ${h.minReplicas} above maxReplicas ${h.maxReplicas} (spec.maxReplicas: Invalid `
      + `value: ${h.maxReplicas}: must be greater than or equal to \`minReplicas\`): the API server rejects it. Set maxReplicas `
      + `to at least ${h.minReplicas}, or lower minReplicas.`),
};
