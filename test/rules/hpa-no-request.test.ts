import { container, containerMetric, hpa, messages, pod, podMetric, run, sidecar } from './rule-fixtures';
import { hpaNoRequest } from '../../lib/rules/hpa-no-request';

const noCpu = { resources: { requests: { memory: '64Mi' }, limits: { memory: '128Mi' } } };

describe('PP-HPA-NO-REQUEST', () => {
  test('fails for a ContainerResource metric on a container without that request', () => {
    const findings = run(hpaNoRequest, pod({ containers: [container('app', noCpu)] }, { hpas: [hpa([containerMetric('app', 'cpu', 70)])] }));
    expect(findings.map(f => f.ruleId)).toEqual(['PP-HPA-NO-REQUEST']);
    expect(findings[0].message).toContain("HPA 'web-hpa' scales on 70% cpu utilisation of container 'app', but container 'app' has no cpu request");
    expect(findings[0].message).toContain("Set a cpu request on 'app'");
  });

  test('fails for an explicit request of 0', () => {
    const [m] = messages(hpaNoRequest, pod({ containers: [container('app', { resources: { requests: { cpu: '0' } } })] },
      { hpas: [hpa([containerMetric('app')])] }));
    expect(m).toContain("container 'app' requests 0 cpu");
  });

  test('passes for a limit-only container: defaulting copies the limit into the request', () => {
    expect(run(hpaNoRequest, pod({ containers: [container('app', { resources: { limits: { cpu: '500m', memory: '1Gi' } } })] },
      { hpas: [hpa([containerMetric('app'), containerMetric('app', 'memory')])] }))).toEqual([]);
  });

  test('fails for a pod-level Resource metric when a native sidecar has no request, naming it', () => {
    const [m] = messages(hpaNoRequest, pod({ initContainers: [sidecar('proxy', noCpu)], containers: [container('app')] }, { hpas: [hpa([podMetric('cpu')])] }));
    expect(m).toContain("native sidecar 'proxy' has no cpu request");
  });

  test('passes for a pod-level Resource metric when pod-level requests are set (1.34+)', () => {
    const spec = { initContainers: [sidecar('proxy', noCpu)], containers: [container('app')], resources: { requests: { cpu: '1' } } };
    expect(run(hpaNoRequest, pod(spec, { version: '1.34', hpas: [hpa([podMetric('cpu')])] }))).toEqual([]);
    expect(run(hpaNoRequest, pod(spec, { version: '1.33', hpas: [hpa([podMetric('cpu')])] }))).toHaveLength(1);
  });

  test('does not apply to AverageValue targets, to plain init containers, or without HPAs', () => {
    const avg = { type: 'ContainerResource', containerResource: { name: 'cpu', container: 'app', target: { type: 'AverageValue', averageValue: '200m' } } };
    expect(run(hpaNoRequest, pod({ containers: [container('app', noCpu)] }, { hpas: [hpa([avg])] }))).toEqual([]);
    expect(run(hpaNoRequest, pod({ initContainers: [container('init', noCpu)], containers: [container('app')] }, { hpas: [hpa([podMetric()])] }))).toEqual([]);
    expect(run(hpaNoRequest, pod({ containers: [container('app', noCpu)] }))).toEqual([]);
  });
});
