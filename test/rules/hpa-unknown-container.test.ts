import { container, containerMetric, hpa, messages, pod, podMetric, run, sidecar } from './rule-fixtures';
import { hpaUnknownContainer } from '../../lib/checks/rules/hpa-unknown-container';

const spec = { initContainers: [container('migrate'), sidecar('log-shipper')], containers: [container('app')] };

describe('PP-HPA-UNKNOWN-CONTAINER', () => {
  test('fails for a misspelt container, listing the containers the pod runs', () => {
    const findings = run(hpaUnknownContainer, pod(spec, { hpas: [hpa([containerMetric('ap')])] }));
    expect(findings.map(f => f.ruleId)).toEqual(['PP-HPA-UNKNOWN-CONTAINER']);
    expect(findings[0].message).toContain("HPA 'web-hpa' scales on the cpu of container 'ap', but Deployment 'web' has no container 'ap'");
    expect(findings[0].message).toContain("(it runs: 'log-shipper', 'app')");
  });

  test('fails for a plain init container, which has exited when the pod runs', () => {
    const [m] = messages(hpaUnknownContainer, pod(spec, { hpas: [hpa([containerMetric('migrate', 'memory')])] }));
    expect(m).toContain("'migrate' is a plain init container");
  });

  test('passes for a regular container and for a native sidecar (metrics-server reports both)', () => {
    expect(run(hpaUnknownContainer, pod(spec, { hpas: [hpa([containerMetric('app'), containerMetric('log-shipper')])] }))).toEqual([]);
  });

  test('does not apply to pod-level Resource metrics or to a pod without HPAs', () => {
    expect(run(hpaUnknownContainer, pod(spec, { hpas: [hpa([podMetric()])] }))).toEqual([]);
    expect(run(hpaUnknownContainer, pod(spec))).toEqual([]);
  });
});
