import { container, messages, pod, run, sidecar } from './rule-fixtures';
import { initRestartPolicy } from '../../lib/checks/rules/init-restart-policy';

describe('PP-INIT-RESTART-POLICY', () => {
  test('fails for restartPolicy OnFailure on an init container on 1.30, with the API server\'s message', () => {
    const findings = run(initRestartPolicy, pod({ initContainers: [container('migrate', { restartPolicy: 'OnFailure' })], containers: [container('app')] }));
    expect(findings.map(f => f.ruleId)).toEqual(['PP-INIT-RESTART-POLICY']);
    expect(findings[0].message).toContain("init container 'migrate' sets restartPolicy: OnFailure");
    expect(findings[0].message).toContain('spec.initContainers[0].restartPolicy: Unsupported value: "OnFailure": supported values: "Always"');
  });

  test('passes for Never and OnFailure once ContainerRestartRules is on (1.35, or 1.34 with the gate)', () => {
    const spec = { initContainers: [container('a', { restartPolicy: 'Never' }), container('b', { restartPolicy: 'OnFailure' })], containers: [container('app')] };
    expect(run(initRestartPolicy, pod(spec, { version: '1.35' }))).toEqual([]);
    expect(run(initRestartPolicy, pod(spec, { version: '1.34', featureGates: { ContainerRestartRules: true } }))).toEqual([]);
    expect(run(initRestartPolicy, pod(spec, { version: '1.34' }))).toHaveLength(2);
  });

  test('fails for a value outside Always, Never, OnFailure even with the feature on', () => {
    const [m] = messages(initRestartPolicy, pod({ initContainers: [container('a', { restartPolicy: 'Sometimes' })], containers: [container('app')] },
      { version: '1.35' }));
    expect(m).toContain('supported values: "Always", "Never", "OnFailure"');
  });

  test('does not apply to native sidecars, plain init containers without the field, or regular containers', () => {
    expect(run(initRestartPolicy, pod({ initContainers: [sidecar('proxy'), container('init')], containers: [container('app', { restartPolicy: 'Never' })] })))
      .toEqual([]);
  });
});
