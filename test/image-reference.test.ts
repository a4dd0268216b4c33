import { ImageReference, parseImageReference } from '../lib/model/image-reference';

describe('parseImageReference', () => {
  test.each<[string, ImageReference]>([
    ['nginx', { name: 'nginx', domain: undefined, path: 'nginx', tag: undefined, digest: undefined }],
    ['nginx:1.27', { name: 'nginx', domain: undefined, path: 'nginx', tag: '1.27', digest: undefined }],
    ['a/b:latest', { name: 'a/b', domain: undefined, path: 'a/b', tag: 'latest', digest: undefined }],
    ['library/nginx:1.27', { name: 'library/nginx', domain: undefined, path: 'library/nginx', tag: '1.27', digest: undefined }],
    // a ':' before the last '/' is a registry port, not a tag
    ['localhost:5000/nginx', { name: 'localhost:5000/nginx', domain: 'localhost:5000', path: 'nginx', tag: undefined, digest: undefined }],
    ['localhost:5000/web:latest', { name: 'localhost:5000/web', domain: 'localhost:5000', path: 'web', tag: 'latest', digest: undefined }],
    ['localhost/web', { name: 'localhost/web', domain: 'localhost', path: 'web', tag: undefined, digest: undefined }],
    ['cr.l5d.io/linkerd/proxy:stable-2.14',
      { name: 'cr.l5d.io/linkerd/proxy', domain: 'cr.l5d.io', path: 'linkerd/proxy', tag: 'stable-2.14', digest: undefined }],
    ['[::1]:5000/web:2', { name: '[::1]:5000/web', domain: '[::1]:5000', path: 'web', tag: '2', digest: undefined }],
    ['x@sha256:ab', { name: 'x', domain: undefined, path: 'x', tag: undefined, digest: 'sha256:ab' }],
    ['nginx:1.27@sha256:ab', { name: 'nginx', domain: undefined, path: 'nginx', tag: '1.27', digest: 'sha256:ab' }],
    ['gcr.io/p/envoy:v1@sha256:ab', { name: 'gcr.io/p/envoy', domain: 'gcr.io', path: 'p/envoy', tag: 'v1', digest: 'sha256:ab' }],
  ])('%s', (image, ref) => {
    expect(parseImageReference(image)).toEqual(ref);
  });
});
