import { completingWhat } from '../lib/model/run-to-completion';

describe('completingWhat', () => {
  test.each([
    ['Job', undefined, 'the Job'],
    ['Job', 'OnFailure', 'the Job'],
    ['CronJob', undefined, "the CronJob's Jobs"],
    ['Pod', 'Never', 'the Pod (restartPolicy: Never)'],
    ['Pod', 'OnFailure', 'the Pod (restartPolicy: OnFailure)'],
  ])('a %s with restartPolicy %s runs to completion: %s', (kind, restartPolicy, what) => {
    expect(completingWhat(kind, restartPolicy)).toEqual(what);
  });

  test.each([
    ['Pod', undefined],
    ['Pod', 'Always'],
    ['Deployment', undefined],
    ['StatefulSet', undefined],
    ['DaemonSet', undefined],
  ])('a %s with restartPolicy %s does not run to completion', (kind, restartPolicy) => {
    expect(completingWhat(kind, restartPolicy)).toBeUndefined();
  });
});
