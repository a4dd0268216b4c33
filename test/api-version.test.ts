import { splitApiVersion } from '../lib/model/api-version';

describe('splitApiVersion', () => {
  test.each([
    ['v1', '', 'v1'],
    ['apps/v1', 'apps', 'v1'],
    ['autoscaling/v2beta2', 'autoscaling', 'v2beta2'],
    ['argoproj.io/v1alpha1', 'argoproj.io', 'v1alpha1'],
  ])('%s is group %j, version %j', (apiVersion, group, version) => {
    expect(splitApiVersion(apiVersion)).toEqual({ group, version });
  });
});
