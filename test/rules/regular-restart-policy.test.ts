import { container, messages, pod, run, sidecar } from './rule-fixtures';
import { regularRestartPolicy } from '../../lib/checks/rules/regular-restart-policy';

describe('PP-REGULAR-RESTART-POLICY', () => {
  test('fails for restartPolicy on a regular container on 1.30, with the API server\'s message and the fix', () => {
    const findings = run(regularRestartPolicy, pod({ containers: [container('app'), container('proxy', { restartPolicy: 'Always' })] }));
    expect(findings.map(f => f.ruleId)).toEqual(['PP-REGULAR-RESTART-POLICY']);
    expect(findings[0].message).toContain("container 'proxy' sets restartPolicy: Always");
    expect(findings[0].message).toContain('spec.containers[1].restartPolicy: Forbidden: may not be set for non-init containers');
    expect(findings[0].message).toContain('WithNativeSidecar');
  });

  test('fails on 1.34 unless the ContainerRestartRules gate is on', () => {
    const spec = { containers: [container('app', { restartPolicy: 'Never' })] };
    expect(run(regularRestartPolicy, pod(spec, { version: '1.34' }))).toHaveLength(1);
    expect(run(regularRestartPolicy, pod(spec, { version: '1.34', featureGates: { ContainerRestartRules: true } }))).toEqual([]);
  });

  test('passes on 1.35, where container restart rules are on by default, for Always, Never and OnFailure', () => {
    for (const p of ['Always', 'Never', 'OnFailure']) {
      expect(run(regularRestartPolicy, pod({ containers: [container('app', { restartPolicy: p })] }, { version: '1.35' }))).toEqual([]);
    }
  });

  test('fails on 1.35 for a value outside Always, Never, OnFailure', () => {
    const [m] = messages(regularRestartPolicy, pod({ containers: [container('app', { restartPolicy: 'Sometimes' })] }, { version: '1.35' }));
    expect(m).toContain('Unsupported value: "Sometimes"');
  });

  test('does not apply to init containers (restartPolicy: Always makes a native sidecar)', () => {
    expect(run(regularRestartPolicy, pod({ initContainers: [sidecar('proxy')], containers: [container('app')] }))).toEqual([]);
  });
});
