import { fieldPointerOf, positionIn } from '../lib/cli/finding-position';
import { DEFAULT_READ_LIMITS, parseManifestText, ReadResult } from '../lib/manifest/manifest-reader';
import { KubeObject } from '../lib/model/kube-object';

const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } } as KubeObject;
const cronJob = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'nightly' } } as KubeObject;
const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } } as KubeObject;

describe('fieldPointerOf', () => {
  test('the first pod field path a message quotes, under the pod spec of the kind', () => {
    expect(fieldPointerOf("container 'a' and 'b' both bind 8080 (spec.containers[1].ports[0] and spec.containers[0].ports[0])", deployment))
      .toBe('/spec/template/spec/containers/1/ports/0');
    expect(fieldPointerOf('(spec.initContainers[0].startupProbe: Forbidden)', cronJob))
      .toBe('/spec/jobTemplate/spec/template/spec/initContainers/0/startupProbe');
    expect(fieldPointerOf('spec.terminationGracePeriodSeconds is 30s', pod)).toBe('/spec/terminationGracePeriodSeconds');
  });

  test('undefined when the message quotes no pod field, or the object holds no pod', () => {
    expect(fieldPointerOf('pod web has 1 container(s)', deployment)).toBeUndefined();
    expect(fieldPointerOf("HPA 'h' (spec.metrics[0]) scales on a pod metric", deployment)).toBeUndefined();
    expect(fieldPointerOf('spec.containers[0]', { apiVersion: 'v1', kind: 'ConfigMap' } as KubeObject)).toBeUndefined();
  });
});

describe('positionIn', () => {
  const read = (text: string): ReadResult['objects'] => {
    const r: Pick<ReadResult, 'objects' | 'errors'> = { objects: [], errors: [] };
    parseManifestText('m.yaml', text, DEFAULT_READ_LIMITS, r);
    expect(r.errors).toEqual([]);
    return r.objects;
  };

  test('the object, without a pointer; the named field, with one; the deepest field found when the rest is missing', () => {
    const [m] = read('---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    image: nginx\n');
    expect(positionIn(m)).toEqual({ line: 2, column: 1 });
    expect(positionIn(m, '/spec/containers/0/image')).toEqual({ line: 8, column: 5 });
    expect(positionIn(m, '/spec/containers/0/ports/0')).toEqual({ line: 7, column: 5 });
  });

  test('an object read without its text (no positions): the line of its document', () => {
    expect(positionIn({ file: 'x', doc: 0, line: 4, source: 'x#0', object: pod })).toEqual({ line: 4, column: 1 });
  });
});
