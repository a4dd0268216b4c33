import { fieldPath, PodModel } from '../pod-model';
import { PodRule, RuleSeverity } from '../rule';
import { who } from './rule-helpers';

/**
 * The tag of an image reference: `undefined` when there is none, `''` when digest-pinned (fine).
 * The tag is what follows the last `:` after the last `/` (a `:` before it is a registry port).
 * @internal
 */
export function imageTag(image: string): string | undefined {
  if (image.includes('@')) return '';
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  return colon > slash ? image.slice(colon + 1) : undefined;
}

/** An image without a tag or with `:latest`, which is not reproducible. Digest-pinned images are fine. */
export const imageTagRule: PodRule = {
  id: 'PP-IMAGE-TAG',
  severity: RuleSeverity.WARNING,
  cause: 'A container image has no tag or uses :latest.',
  explanation: 'An image without a tag means `:latest`, which changes under you: two replicas can run different code, '
    + 'a rollback does not roll back, and the API server defaults imagePullPolicy to Always for it. Pin a version tag '
    + '(`nginx:1.27.2`) or a digest (`nginx@sha256:...`).',
  source: 'https://kubernetes.io/docs/concepts/containers/images/#image-names',
  check: (pod: PodModel) => {
    const out: string[] = [];
    for (const c of pod.containers) {
      const image = c.spec.image;
      if (!image) continue;
      const tag = imageTag(image);
      if (tag === '' || (tag !== undefined && tag !== 'latest')) continue;
      const what = tag === undefined ? 'has no tag (so it means :latest)' : 'uses :latest';
      out.push(`image '${image}' of ${who(c)} (${fieldPath(c)}.image) ${what}: it changes under you and replicas may run `
        + `different code. Pin a version tag (e.g. '${tag === undefined ? image : image.slice(0, -':latest'.length)}:1.2.3') or a digest.`);
    }
    return out;
  },
};
