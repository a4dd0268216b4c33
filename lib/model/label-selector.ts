import { LabelSelectorJson } from './pod-model';

/** Whether `labels` satisfy the selector (apimachinery `metav1.LabelSelectorAsSelector`, then `Matches`). */
export function selectorMatches(selector: LabelSelectorJson, labels: { [key: string]: string }): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    if (!e) continue;
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const values = e.values ?? [];
    switch (e.operator) {
      case 'In': if (!has || !values.includes(labels[e.key])) return false; break;
      case 'NotIn': if (has && values.includes(labels[e.key])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return true; // an invalid operator is the schema's (and the API server's) other error: not this one
    }
  }
  return true;
}
