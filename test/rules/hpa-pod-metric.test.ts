import { container, containerMetric, hpa, messages, pod, podMetric, run, sidecar } from './rule-fixtures';
import { RuleSeverity } from '../../lib/checks/rule-severity';
import { hpaPodMetric } from '../../lib/checks/rules/hpa-pod-metric';

describe('PP-HPA-POD-METRIC', () => {
  test('warns for a pod-level cpu metric on an app with a native sidecar, suggesting ContainerResource on the app', () => {
    const findings = run(hpaPodMetric, pod({ initContainers: [sidecar('log-shipper')], containers: [container('app')] },
      { hpas: [hpa([podMetric('cpu')])], patterns: { 'log-shipper': 'native-sidecar' } }));
    expect(findings.map(f => [f.ruleId, f.severity])).toEqual([['PP-HPA-POD-METRIC', RuleSeverity.WARNING]]);
    expect(findings[0].message).toContain("HPA 'web-hpa' scales on the pod's cpu utilisation, which averages containers 'log-shipper', 'app'");
    expect(findings[0].message).toContain("ContainerResource metric on 'app'");
  });

  test('names the app container, not the classic sidecar a mixin added', () => {
    const [m] = messages(hpaPodMetric, pod({ containers: [container('log-shipper'), container('web')] },
      { hpas: [hpa([podMetric('memory')])], patterns: { 'log-shipper': 'classic-sidecar' } }));
    expect(m).toContain("ContainerResource metric on 'web'");
    expect(m).toContain('Metric.containerMemory');
  });

  // KEP-1610: a Resource metric averages every running container, an injected proxy too (sidecar.istio.io/inject)
  test('warns for a one-container pod that Istio injects a proxy into', () => {
    expect(messages(hpaPodMetric, pod({ containers: [container('app')] }, { hpas: [hpa([podMetric('cpu')])], labels: { 'sidecar.istio.io/inject': 'true' } })))
      .toEqual(["HPA 'web-hpa' scales on the pod's cpu utilisation, which averages containers 'app', 'istio-proxy' (injected by Istio): "
        + "the helpers dilute the app's load. Use a ContainerResource metric on 'app' instead (WithContainerAutoscaling({ container: 'app', ... }), "
        + 'or kplus.Metric.containerCpu).']);
  });

  test('passes for ContainerResource metrics', () => {
    expect(run(hpaPodMetric, pod({ initContainers: [sidecar('s')], containers: [container('app')] }, { hpas: [hpa([containerMetric('app')])] }))).toEqual([]);
  });

  test('does not apply to a pod running one container (a plain init container does not count)', () => {
    expect(run(hpaPodMetric, pod({ initContainers: [container('init')], containers: [container('app')] }, { hpas: [hpa([podMetric()])] }))).toEqual([]);
  });
});
