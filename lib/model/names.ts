/**
 * Names the API server accepts: the DNS-1123 label and subdomain of apimachinery `pkg/util/validation/validation.go`,
 * used for container names and RuntimeClass names. Internal.
 */

/** apimachinery `pkg/util/validation/validation.go`: dns1123LabelFmt, DNS1123LabelMaxLength. */
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
export const DNS1123_LABEL_MAX_LENGTH = 63;
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
  if (value.length > DNS1123_LABEL_MAX_LENGTH) errs.push(`must be no more than ${DNS1123_LABEL_MAX_LENGTH} characters`);
  if (!DNS1123_LABEL.test(value)) {
    errs.push(DNS1123_SUBDOMAIN.test(value) ? 'must not contain dots' : LABEL_ERROR);
  }
  return errs;
}

/** Whether `value` is a DNS-1123 label: `dns1123LabelErrors(value)` is empty, without building the list. @internal */
export function isDns1123Label(value: string): boolean {
  return value.length <= DNS1123_LABEL_MAX_LENGTH && DNS1123_LABEL.test(value);
}

/** apimachinery `pkg/util/validation/validation.go`: DNS1123SubdomainMaxLength. */
export const DNS1123_SUBDOMAIN_MAX_LENGTH = 253;
/** `RegexError(dns1123SubdomainErrorMsg, dns1123SubdomainFmt, "example.com")`, as the API server words it. */
const SUBDOMAIN_ERROR = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
  + "and must start and end with an alphanumeric character (e.g. 'example.com', "
  + "regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

/**
 * Port of apimachinery `IsDNS1123Subdomain`: the errors the API server gives for the name of an object that must be a
 * DNS subdomain (a RuntimeClass: kubernetes pkg/apis/node/validation/validation.go `ValidateRuntimeClass`,
 * `NameIsDNSSubdomain`; a pod's `runtimeClassName`).
 * @internal
 */
export function dns1123SubdomainErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > DNS1123_SUBDOMAIN_MAX_LENGTH) errs.push(`must be no more than ${DNS1123_SUBDOMAIN_MAX_LENGTH} characters`);
  if (!DNS1123_SUBDOMAIN.test(value)) errs.push(SUBDOMAIN_ERROR);
  return errs;
}
