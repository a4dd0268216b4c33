import { errorText } from '../../model/error-text';
import { KubernetesFeature } from '../../model/kubernetes-feature';
import { PodModel, QuantityValue } from '../../model/pod-model';
import { quantityNanos } from '../../model/quantity';
import { PodRule } from '../rule';
import { RuleSeverity } from '../rule-severity';

/**
 * An HPA `behavior.scaleUp.tolerance` / `scaleDown.tolerance` the API server rejects once HPAConfigurableTolerance is
 * on (KEP-4951; with the gate off the field is dropped, which PP-FEATURE-VERSION reports): kubernetes
 * `pkg/apis/autoscaling/validation/validation.go` `validateScalingRules` refuses a negative tolerance (its tests,
 * validation_test.go, expect "greater or equal to zero" for `-0.001` and `-10m`, and accept 0, 1m, 100m, 0.1 and 10).
 * A malformed quantity is refused when the JSON is decoded (`Quantity.UnmarshalJSON`).
 */
export const hpaTolerance: PodRule = {
  id: 'PP-HPA-TOLERANCE',
  severity: RuleSeverity.ERROR,
  apiServerRejects: true,
  cause: 'An HPA that targets the workload sets a negative or malformed behavior.scaleUp/scaleDown tolerance.',
  explanation: 'A per-HPA tolerance (KEP-4951, the HPAConfigurableTolerance gate: alpha 1.33, beta 1.35) is the ratio '
    + 'between current and desired metric value under which the HPA does not scale in that direction, as a quantity '
    + '(`0.05` or `50m` for 5%). It must be zero or more: the API server rejects a negative one, and a value that is not '
    + 'a quantity cannot be read at all. Without it the cluster-wide `--horizontal-pod-autoscaler-tolerance` (10% by '
    + 'default) applies. Write a quantity of zero or more, or remove the field.',
  source: 'kubernetes pkg/apis/autoscaling/validation/validation.go validateScalingRules; KEP-4951 configurable HPA tolerance',
  check: (pod: PodModel) => {
    if (!KubernetesFeature.HPA_CONFIGURABLE_TOLERANCE.isEnabled(pod.target.version, pod.target.featureGates)) return [];
    const out: string[] = [];
    for (const h of pod.hpas) {
      for (const direction of ['scaleUp', 'scaleDown'] as const) {
        const tolerance = h.tolerances?.[direction];
        if (tolerance === undefined) continue;
        const path = `spec.behavior.${direction}.tolerance`;
        if (typeof tolerance !== 'string' && typeof tolerance !== 'number') {
          out.push(`HPA '${h.name}' sets ${path} ${JSON.stringify(tolerance)}, which is not a quantity (a quantity is a string `
            + 'or a number): the API server cannot read the HPA. Write the tolerance as a quantity of zero or more, e.g. 0.05 or '
            + '50m for 5%.');
          continue;
        }
        let nanos: bigint;
        try {
          nanos = quantityNanos(tolerance as QuantityValue, () => path);
        } catch (e) {
          out.push(`HPA '${h.name}' sets ${path} ${JSON.stringify(tolerance)}, which is not a quantity (${errorText(e).replace(/\.$/, '')}): the API `
            + 'server cannot read the HPA. Write the tolerance as a quantity of zero or more, e.g. 0.05 or 50m for 5%.');
          continue;
        }
        if (nanos < 0n) {
          out.push(`HPA '${h.name}' sets ${path} ${JSON.stringify(tolerance)}: the API server rejects a negative tolerance `
            + `(${path}: Invalid value: it must be greater or equal to zero). Use 0 or more, e.g. 0.05 for 5%, or remove it `
            + 'to keep the cluster-wide tolerance.');
        }
      }
    }
    return out;
  },
};
