import { container, messages, pod, run, sidecar } from './rule-fixtures';
import { duplicateName } from '../../lib/checks/rules/duplicate-name';

describe('PP-DUPLICATE-NAME', () => {
  test('fails when a sidecar has the name of a regular container, on the init container\'s path as the API server reports it', () => {
    const findings = run(duplicateName, pod({ initContainers: [sidecar('app')], containers: [container('app')] }));
    expect(findings.map(f => f.ruleId)).toEqual(['PP-DUPLICATE-NAME']);
    expect(findings[0].message).toContain('spec.initContainers[0].name: Duplicate value: "app"');
    expect(findings[0].message).toContain("native sidecar 'app' (spec.initContainers[0]) and container 'app' (spec.containers[0])");
  });

  test('fails on the later of two regular containers (cdk8s-plus names unnamed containers main)', () => {
    const [m] = messages(duplicateName, pod({ containers: [container('main'), container('main')] }));
    expect(m).toContain('spec.containers[1].name: Duplicate value: "main"');
  });

  test('fails on the later of two init containers', () => {
    const [m] = messages(duplicateName, pod({ initContainers: [container('setup'), sidecar('setup')], containers: [container('app')] }));
    expect(m).toContain('spec.initContainers[1].name: Duplicate value: "setup"');
  });

  test('reports each duplicate once per later entry', () => {
    expect(run(duplicateName, pod({ containers: [container('x'), container('x'), container('x')] }))).toHaveLength(2);
  });

  test('passes when every name is unique', () => {
    expect(run(duplicateName, pod({ initContainers: [container('init'), sidecar('proxy')], containers: [container('app')] }))).toEqual([]);
  });

  test('does not apply to a pod with one container', () => {
    expect(run(duplicateName, pod({ containers: [container('app')] }))).toEqual([]);
  });
});
