import { dns1123SubdomainErrors } from './names';
import { ResourceList, RuntimeClassLookup, RuntimeClassModel } from './pod-model';
import { quantityNanos, QuantityError } from './quantity';

/**
 * RuntimeClasses (node.k8s.io) as the checks know them: the problems the API server finds in one, and lookups that
 * combine where they are declared. Internal: `KubernetesTarget` (declared ones) and the manifest adapter (objects of
 * the input) use it; the admission itself is `admitRuntimeClass` (pod-model.ts).
 */

/**
 * Why a RuntimeClass name is not one the API server accepts, or undefined: a RuntimeClass's name must be a DNS-1123
 * subdomain (kubernetes pkg/apis/node/validation/validation.go `ValidateRuntimeClass`: `ValidateObjectMeta(...,
 * NameIsDNSSubdomain, ...)`), and so must a pod's `runtimeClassName` (pkg/apis/core/validation/validation.go
 * `ValidateRuntimeClassName`).
 */
export function runtimeClassNameProblem(name: string): string | undefined {
  const errs = dns1123SubdomainErrors(name);
  return errs.length === 0 ? undefined : errs.join('; ');
}

/** `IsQualifiedName`'s name part (apimachinery pkg/util/validation/validation.go `qualifiedNameFmt`, at most 63). */
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * Why a resource name cannot be a key of `overhead.podFixed`, or undefined. The RuntimeClass's overhead is validated as
 * container limits (kubernetes pkg/apis/node/validation/validation.go `validateOverhead` →
 * pkg/apis/core/validation/validation.go `ValidateResourceRequirements` → `validateContainerResourceName`): a name
 * without a domain must be a standard container resource (helper `IsStandardContainerResourceName`: cpu, memory,
 * ephemeral-storage, hugepages-*); one with a domain must be a qualified name (`IsQualifiedName`: a DNS-1123 subdomain
 * prefix, `/`, a name part of at most 63 alphanumerics, `-`, `_`, `.`), and if it is not a `kubernetes.io/` one, an
 * extended resource name (`IsExtendedResourceName`: not prefixed `requests.`).
 */
export function overheadResourceNameProblem(name: string): string | undefined {
  const parts = name.split('/');
  if (parts.length === 1) {
    if (name === 'cpu' || name === 'memory' || name === 'ephemeral-storage' || name.startsWith('hugepages-')) return undefined;
    return 'must be a standard resource for containers (cpu, memory, ephemeral-storage, hugepages-<size>) or a '
      + 'domain-prefixed extended resource such as example.com/device';
  }
  const [prefix, part] = parts;
  const qualified = parts.length === 2 && prefix.length <= 253 && DNS1123_SUBDOMAIN.test(prefix)
    && part.length <= 63 && QUALIFIED_NAME.test(part);
  if (!qualified) {
    return 'must be a qualified name: a DNS subdomain prefix, \'/\', and a name of at most 63 alphanumeric characters, '
      + '\'-\', \'_\' or \'.\' that starts and ends with an alphanumeric character (e.g. example.com/device)';
  }
  if (!name.includes('kubernetes.io/') && name.startsWith('requests.')) return 'doesn\'t follow extended resource name standard';
  return undefined;
}

/**
 * Why `overhead.podFixed` is not one the API server accepts, or undefined: a resource name it refuses
 * (`overheadResourceNameProblem`), a quantity it cannot decode (apimachinery `Quantity.UnmarshalJSON`), or a negative
 * one (`ValidateResourceQuantityValue` → `ValidateNonnegativeQuantity`). `where` names the list in the message
 * (`overhead.podFixed`, `runtimeClasses['kata'].podFixed`); with `stringsOnly`, a quantity must be a string (the
 * typed `KubernetesTarget` props), where a manifest may hold a JSON number. The message has no final period.
 */
export function podFixedProblem(podFixed: unknown, where: string, stringsOnly = false): string | undefined {
  if (typeof podFixed !== 'object' || podFixed === null || Array.isArray(podFixed)) {
    return `${where} must be a map of resource names to quantities, such as { cpu: '250m', memory: '120Mi' }, not ${JSON.stringify(podFixed)}`;
  }
  for (const [resource, value] of Object.entries(podFixed)) {
    const at = `${where}['${resource}']`;
    const nameProblem = overheadResourceNameProblem(resource);
    if (nameProblem) return `${at}: resource name '${resource}' ${nameProblem}`;
    if (stringsOnly ? typeof value !== 'string' : typeof value !== 'string' && typeof value !== 'number') {
      return `${at} (${JSON.stringify(value)}) must be a quantity string such as '250m' or '120Mi'`;
    }
    let nanos: bigint;
    try {
      nanos = quantityNanos(value as string | number, () => at);
    } catch (e) {
      if (e instanceof QuantityError) return e.message.replace(/\.$/, '');
      throw e;
    }
    if (nanos < 0n) return `${at} (${JSON.stringify(value)}) must be greater than or equal to 0`;
  }
  return undefined;
}

/** A lookup over a list of RuntimeClasses: a later one of the same name replaces an earlier one. */
export function runtimeClassLookupOf(classes: readonly RuntimeClassModel[]): RuntimeClassLookup {
  const byName = new Map<string, RuntimeClassModel>();
  for (const rc of classes) byName.set(rc.name, rc);
  return byName;
}

/** The first lookup that holds the name wins; undefined when none is given. */
export function chainRuntimeClasses(...lookups: ReadonlyArray<RuntimeClassLookup | undefined>): RuntimeClassLookup | undefined {
  const present = lookups.filter((l): l is RuntimeClassLookup => l !== undefined);
  if (present.length <= 1) return present[0];
  return {
    get: (name: string) => {
      for (const l of present) {
        const rc = l.get(name);
        if (rc !== undefined) return rc;
      }
      return undefined;
    },
  };
}

/** `cpu 250m, memory 120Mi`: a resource list as written, for messages; `none` when empty. */
export function describeResourceList(list: ResourceList | undefined): string {
  const entries = Object.entries(list ?? {});
  return entries.length === 0 ? 'none' : entries.map(([k, v]) => `${k} ${v}`).join(', ');
}
