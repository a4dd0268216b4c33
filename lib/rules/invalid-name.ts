import { fieldPath, PodModel } from '../pod-model';
import { PodRule, RuleSeverity } from '../rule';
import { roleName, who } from './rule-helpers';

/** apimachinery `pkg/util/validation/validation.go`: dns1123LabelFmt, DNS1123LabelMaxLength. */
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const MAX_LENGTH = 63;
/** `RegexError(dns1123LabelErrMsg, dns1123LabelFmt, "my-name", "123-abc")`, as the API server words it. */
const LABEL_ERROR = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
  + "and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', "
  + "regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

/**
 * Port of apimachinery `IsDNS1123Label` (v0.36): the errors the API server gives for a container name.
 * @internal
 */
export function dns1123LabelErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > MAX_LENGTH) errs.push(`must be no more than ${MAX_LENGTH} characters`);
  if (!DNS1123_LABEL.test(value)) {
    errs.push(DNS1123_SUBDOMAIN.test(value) ? 'must not contain dots' : LABEL_ERROR);
  }
  return errs;
}

/** Whether `value` is a DNS-1123 label: `dns1123LabelErrors(value)` is empty, without building the list. @internal */
export function isDns1123Label(value: string): boolean {
  return value.length <= MAX_LENGTH && DNS1123_LABEL.test(value);
}

/** A name close to `value` that the API server accepts, for the message. */
function suggestion(value: string): string {
  const s = value.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, MAX_LENGTH).replace(/-+$/, '');
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
