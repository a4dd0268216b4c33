// PP-RESIZE-POLICY follows kubernetes pkg/apis/core/validation/validation.go validateResizePolicy ("must be 'NotRequired'
// when `restartPolicy` is 'Never'", read at 000f2605) and validateInitContainers (AllowSidecarResizePolicy from 1.33;
// "must not be set to 'RestartContainer' for non-sidecar initContainers", VALIDATION-RULES 3.10, read after 1.36; added
// in 1.36 by kubernetes/kubernetes#137458, "Disallowed resizePolicy RestartContainer on non-sidecar initContainers").
import { container, messages, pod, run, sidecar } from './rule-fixtures';
import { RuleSeverity } from '../../lib/checks/rule-severity';
import { resizePolicy } from '../../lib/checks/rules/resize-policy';

const restart = { resizePolicy: [{ resourceName: 'memory', restartPolicy: 'RestartContainer' }] };
const inPlace = { resizePolicy: [{ resourceName: 'cpu', restartPolicy: 'NotRequired' }] };

describe('PP-RESIZE-POLICY', () => {
  test('fails for RestartContainer in a restartPolicy: Never pod', () => {
    const findings = run(resizePolicy, pod({ restartPolicy: 'Never', containers: [container('app', restart)] }, { kind: 'Job', version: '1.33' }));
    expect(findings.map(f => [f.ruleId, f.severity])).toEqual([['PP-RESIZE-POLICY', RuleSeverity.ERROR]]);
    expect(findings[0].message).toEqual("container 'app' asks for RestartContainer on resize of memory in a pod with restartPolicy: Never "
      + '(spec.containers[0].resizePolicy: Invalid value: "RestartContainer": must be \'NotRequired\' when `restartPolicy` is \'Never\'). Use NotRequired.');
  });

  test('fails for resizePolicy on an init container before 1.33, and RestartContainer on a plain init container from 1.36', () => {
    expect(messages(resizePolicy, pod({ initContainers: [sidecar('proxy', inPlace)], containers: [container('app')] }, { version: '1.32' })))
      .toEqual(["native sidecar 'proxy' sets resizePolicy, which Kubernetes 1.32 does not allow on init containers "
        + '(spec.initContainers[0].resizePolicy: must not be set for init containers; allowed from 1.33). Remove it, or target 1.33 or later.']);
    expect(messages(resizePolicy, pod({ initContainers: [container('migrate', restart)], containers: [container('app')] }, { version: '1.36' })))
      .toEqual(["init container 'migrate' asks for RestartContainer on resize of memory, but a plain init container runs once "
        + '(spec.initContainers[0].resizePolicy[0].restartPolicy: Invalid value: "RestartContainer": must not be set to '
        + "'RestartContainer' for non-sidecar initContainers). Use NotRequired, or remove the resizePolicy."]);
  });

  test('passes RestartContainer on a plain init container from 1.33 to 1.35, which accepted it', () => {
    for (const version of ['1.33', '1.34', '1.35']) {
      expect(run(resizePolicy, pod({ initContainers: [container('migrate', restart)], containers: [container('app')] }, { version }))).toEqual([]);
    }
  });

  test('passes RestartContainer on a sidecar from 1.33 and in a restartPolicy: Always pod', () => {
    expect(run(resizePolicy, pod({ initContainers: [sidecar('proxy', restart)], containers: [container('app', restart)] }, { version: '1.33' }))).toEqual([]);
  });

  test('does not apply without resizePolicy', () => {
    expect(run(resizePolicy, pod({ restartPolicy: 'Never', containers: [container('app')] }, { kind: 'Job' }))).toEqual([]);
  });
});
