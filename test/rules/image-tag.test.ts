import { container, messages, pod, run, sidecar } from './rule-fixtures';
import { RuleSeverity } from '../../lib/checks/rule-severity';
import { imageTagRule } from '../../lib/checks/rules/image-tag';

describe('PP-IMAGE-TAG', () => {
  test('warns for an image without a tag, naming the container and image', () => {
    const findings = run(imageTagRule, pod({ initContainers: [sidecar('proxy', { image: 'envoyproxy/envoy' })], containers: [container('app')] }));
    expect(findings.map(f => [f.ruleId, f.severity])).toEqual([['PP-IMAGE-TAG', RuleSeverity.WARNING]]);
    expect(findings[0].message).toContain("image 'envoyproxy/envoy' of native sidecar 'proxy' (spec.initContainers[0].image) has no tag");
  });

  test('warns for :latest, also behind a registry with a port', () => {
    const [m] = messages(imageTagRule, pod({ containers: [container('app', { image: 'localhost:5000/web:latest' })] }));
    expect(m).toContain('uses :latest');
    expect(m).toContain("'localhost:5000/web:1.2.3'");
  });

  test('passes for tagged and digest-pinned images (busybox:1.37 included)', () => {
    expect(run(imageTagRule, pod({
      initContainers: [container('wait', { image: 'busybox:1.37' })],
      containers: [container('app', { image: 'nginx@sha256:0123abcd' }), container('b', { image: 'localhost:5000/web:2.0' })],
    }))).toEqual([]);
  });

  test('does not apply to a container without an image', () => {
    expect(run(imageTagRule, pod({ containers: [{ name: 'app' }] }))).toEqual([]);
  });

  test('passes for an image pinned by digest that also has :latest', () => {
    expect(run(imageTagRule, pod({ containers: [container('app', { image: 'nginx:latest@sha256:0123abcd' })] }))).toEqual([]);
  });
});
