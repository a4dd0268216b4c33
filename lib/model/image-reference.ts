/**
 * Container image references, split as the Docker distribution reference grammar has them
 * (github.com/distribution/reference, `reference.go`):
 *
 *   reference := name [ ":" tag ] [ "@" digest ]
 *   name      := [ domain "/" ] path
 *   domain    := host [ ":" port-number ]
 *
 * A `:` before the last `/` belongs to the domain (a registry port), so the tag is what follows the last `:`
 * after the last `/`. The first component is a domain when there is more than one and it contains a `.` or
 * a `:` or is `localhost` (`splitDockerDomain` in `normalize.go`). This splits; it does not validate the
 * components' characters (the API server does not either). Internal module.
 * @see https://kubernetes.io/docs/concepts/containers/images/#image-names
 */
export interface ImageReference {
  /** The repository, domain included: `localhost:5000/web` of `localhost:5000/web:1.2@sha256:...`. */
  readonly name: string;
  /** The registry: `localhost:5000`; `undefined` for Docker Hub's short form (`nginx`, `library/nginx`). */
  readonly domain?: string;
  /** The repository's path in the registry: `linkerd/proxy` of `cr.l5d.io/linkerd/proxy:stable-2.14`. */
  readonly path: string;
  /** The tag: `1.2` of `web:1.2`; `undefined` when there is none. */
  readonly tag?: string;
  /** The digest: `sha256:...` of `web@sha256:...`; `undefined` when there is none. */
  readonly digest?: string;
}

/**
 * Splits an image reference into its parts; see `ImageReference`. Memoized (the result is frozen): the rules parse
 * every container's image of every workload at synth, and an app uses a handful of images.
 */
export function parseImageReference(image: string): ImageReference {
  const known = PARSED.get(image);
  if (known) return known;
  const parsed = Object.freeze(splitImageReference(image));
  if (PARSED.size < MAX_CACHED) PARSED.set(image, parsed);
  return parsed;
}

const PARSED = new Map<string, ImageReference>();
const MAX_CACHED = 1000;

function splitImageReference(image: string): ImageReference {
  const at = image.indexOf('@');
  const digest = at >= 0 ? image.slice(at + 1) : undefined;
  const nameAndTag = at >= 0 ? image.slice(0, at) : image;
  const slash = nameAndTag.lastIndexOf('/');
  const colon = nameAndTag.lastIndexOf(':');
  const tag = colon > slash ? nameAndTag.slice(colon + 1) : undefined;
  const name = colon > slash ? nameAndTag.slice(0, colon) : nameAndTag;
  const firstSlash = name.indexOf('/');
  const first = firstSlash >= 0 ? name.slice(0, firstSlash) : undefined;
  const domain = first !== undefined && (first.includes('.') || first.includes(':') || first === 'localhost') ? first : undefined;
  return { name, domain, path: domain === undefined ? name : name.slice(domain.length + 1), tag, digest };
}
