import { fieldPath, PodModel } from '../../model/pod-model';
import { PodRule } from '../rule';
import { RuleSeverity } from '../rule-severity';
import { roleName, who } from './rule-helpers';
import { DNS1123_LABEL_MAX_LENGTH, dns1123LabelErrors, isDns1123Label } from '../../model/names';

/** A name close to `value` that the API server accepts, for the message. */
function suggestion(value: string): string {
  const s = value.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, DNS1123_LABEL_MAX_LENGTH).replace(/-+$/, '');
  return s || 'app';
}

/**
 * Container names must be DNS-1123 labels. kubernetes `pkg/apis/core/validation/validation.go`
 * `validateContainerCommon` → `ValidateDNS1123Label` (VALIDATION-RULES 1.2).
 */
export const invalidName: PodRule = {
  id: 'PP-INVALID-NAME',
  severity: RuleSeverity.ERROR,
  apiServerRejects: true,
  cause: 'A container name is missing or is not a DNS-1123 label (lowercase alphanumerics and \'-\', at most 63 characters).',
  explanation: 'The API server requires every container name, native sidecars and init containers included, to be a '
    + 'lowercase RFC 1123 label: at most 63 characters of `a-z`, `0-9` and `-`, starting and ending with a letter or digit. '
    + 'Anything else is rejected with `Invalid value` (or `Required value` when the name is empty). Rename the container.',
  source: 'kubernetes pkg/apis/core/validation/validation.go validateContainerCommon; apimachinery pkg/util/validation/validation.go IsDNS1123Label',
  check: (pod: PodModel) => {
    const out: string[] = [];
    const cs = pod.containers;
    for (let ci = 0; ci < cs.length; ci++) {
      const c = cs[ci];
      const name = c.spec.name;
      if (name === undefined || name === null || name === '') {
        out.push(`the ${roleName(c)} at ${fieldPath(c)} has no name (${fieldPath(c)}.name: Required value). `
          + "Give it a name, e.g. 'log-shipper'.");
        continue;
      }
      if (isDns1123Label(String(name))) continue;
      const errs = dns1123LabelErrors(String(name));
      out.push(`${who(c)} has an invalid name (${fieldPath(c)}.name: Invalid value: ${JSON.stringify(name)}: ${errs.join(', ')}). `
        + `Rename it, e.g. '${suggestion(String(name))}'.`);
    }
    return out;
  },
};
