import { ImageReference, parseImageReference } from '../../model/image-reference';
import { fieldPath, ModelContainer, PodModel } from '../../model/pod-model';
import { PodRule } from '../rule';
import { RuleSeverity } from '../rule-severity';
import { who } from './rule-helpers';

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
    const cs = pod.containers;
    for (let ci = 0; ci < cs.length; ci++) {
      const c = cs[ci];
      const image = c.spec.image;
      if (!image) continue;
      const ref = parseImageReference(image);
      if (ref.digest !== undefined || (ref.tag !== undefined && ref.tag !== 'latest')) continue;
      out.push(message(c, image, ref));
    }
    return out;
  },
};

function message(c: ModelContainer, image: string, ref: ImageReference): string {
  const what = ref.tag === undefined ? 'has no tag (so it means :latest)' : 'uses :latest';
  return `image '${image}' of ${who(c)} (${fieldPath(c)}.image) ${what}: it changes under you and replicas may run `
    + `different code. Pin a version tag (e.g. '${ref.name}:1.2.3') or a digest.`;
}
