import { container, containerMetric, hpa, messages, pod, podMetric, run, sidecar } from './rule-fixtures';
import { hpaNoRequest } from '../../lib/checks/rules/hpa-no-request';
import { invalidQuantity } from '../../lib/checks/rules/invalid-quantity';

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

  describe("the containers' sum (calculatePodRequestsFromContainers, then GetResourceUtilizationRatio)", () => {
    const cpu = (q: string) => ({ resources: { requests: { cpu: q, memory: '64Mi' }, limits: { memory: '128Mi' } } });
    const podLevel = { hpas: [hpa([podMetric('cpu')])] };

    test('passes when one container requests 0 and another more: the 0 is part of the sum, as upstream adds it', () => {
      const spec = { initContainers: [sidecar('proxy', cpu('0'))], containers: [container('app', cpu('250m'))] };
      expect(run(hpaNoRequest, pod(spec, podLevel))).toEqual([]);
    });

    test('fails when every container and native sidecar requests 0, naming them', () => {
      const spec = { initContainers: [sidecar('proxy', cpu('0'))], containers: [container('app', cpu('0m'))] };
      const [m, ...rest] = messages(hpaNoRequest, pod(spec, podLevel));
      expect(rest).toEqual([]);
      expect(m).toContain("HPA 'web-hpa' scales on the pod's 70% cpu utilisation, but its containers and native sidecars ('proxy' and 'app') request 0 cpu in all");
      expect(m).toContain('Set a cpu request above 0');
    });

    test("fails for the one container's request of 0", () => {
      const [m] = messages(hpaNoRequest, pod({ containers: [container('app', cpu('0'))] }, podLevel));
      expect(m).toContain("but container 'app' requests 0 cpu: utilisation is a percentage of that sum");
    });

    test('a missing request fails first, naming only the containers without one', () => {
      const spec = { initContainers: [sidecar('proxy', noCpu)], containers: [container('app', cpu('0'))] };
      const [m, ...rest] = messages(hpaNoRequest, pod(spec, podLevel));
      expect(rest).toEqual([]);
      expect(m).toContain("but native sidecar 'proxy' has no cpu request: the pod's request is the sum over its containers and native sidecars");
      expect(m).not.toContain("'app'");
    });

    test('a tiny request is not 0: the controller reads it rounded up to a milli-unit', () => {
      expect(run(hpaNoRequest, pod({ containers: [container('app', cpu('0.0001'))] }, podLevel))).toEqual([]);
    });
  });

  describe('pod-level requests (replica_calculator.go calculateRequests, on the pod as the API server stores it)', () => {
    const cpu = (q: string) => ({ resources: { requests: { cpu: q, memory: '64Mi' }, limits: { memory: '128Mi' } } });
    const on = { version: '1.34', hpas: [hpa([podMetric('cpu')])] };

    test('passes on 1.34 for a pod with only pod-level limits: defaulting gives it pod-level requests', () => {
      const spec = { initContainers: [sidecar('proxy', noCpu)], containers: [container('app')], resources: { limits: { cpu: '1', memory: '1Gi' } } };
      expect(run(hpaNoRequest, pod(spec, on))).toEqual([]);
      // on 1.33 the gate is off: the containers' requests are summed, and the sidecar has none
      expect(messages(hpaNoRequest, pod(spec, { ...on, version: '1.33' }))[0]).toContain("native sidecar 'proxy' has no cpu request");
    });

    test('passes when pod-level requests are set for another resource and the containers\' total is positive', () => {
      const spec = { initContainers: [sidecar('proxy', noCpu)], containers: [container('app')], resources: { requests: { memory: '1Gi' } } };
      expect(run(hpaNoRequest, pod(spec, on))).toEqual([]);
    });

    test('passes when one container requests 0 but the pod\'s total request is positive', () => {
      const spec = { initContainers: [sidecar('proxy', cpu('0'))], containers: [container('app')], resources: { requests: { memory: '1Gi' } } };
      expect(run(hpaNoRequest, pod(spec, on))).toEqual([]);
    });

    test('counts pod overhead, as PodRequests does', () => {
      const spec = { overhead: { cpu: '250m' }, containers: [container('app', noCpu)], resources: { requests: { memory: '1Gi' } } };
      expect(run(hpaNoRequest, pod(spec, on))).toEqual([]);
    });

    test('fails when the pod\'s total request is 0', () => {
      const spec = { initContainers: [sidecar('proxy', noCpu)], containers: [container('app', cpu('0'))], resources: { requests: { memory: '1Gi' } } };
      const findings = run(hpaNoRequest, pod(spec, on));
      expect(findings.map(f => f.ruleId)).toEqual(['PP-HPA-NO-REQUEST']);
      expect(findings[0].message).toContain("HPA 'web-hpa' scales on the pod's 70% cpu utilisation, but the pod's cpu request is 0");
      expect(findings[0].message).toContain('Set spec.resources.requests.cpu');
    });

    test('fails when an explicit pod-level request is 0', () => {
      const spec = { containers: [container('app', noCpu)], resources: { requests: { cpu: '0', memory: '1Gi' } } };
      expect(messages(hpaNoRequest, pod(spec, on))[0]).toContain("the pod's cpu request is 0");
    });

    test('fails when neither the pod nor any container requests the resource ("missing pod-level request")', () => {
      const spec = { initContainers: [sidecar('proxy', noCpu)], containers: [container('app', noCpu)], resources: { requests: { memory: '1Gi' } } };
      const [m, ...rest] = messages(hpaNoRequest, pod(spec, on));
      expect(rest).toEqual([]);
      expect(m).toContain("HPA 'web-hpa' scales on the pod's 70% cpu utilisation, but the pod has no cpu request");
    });

    test('does not use pod-level requests for a ContainerResource metric: the named container takes precedence', () => {
      const spec = { containers: [container('app', noCpu)], resources: { requests: { cpu: '1' } } };
      expect(messages(hpaNoRequest, pod(spec, { version: '1.34', hpas: [hpa([containerMetric('app')])] }))[0])
        .toContain("container 'app' has no cpu request");
    });

    test('leaves a malformed pod-level quantity to PP-INVALID-QUANTITY instead of crashing', () => {
      const model = pod({ containers: [container('app', noCpu)], resources: { limits: { cpu: 'lots' } } }, on);
      expect(run(hpaNoRequest, model)).toEqual([]);
      expect(messages(invalidQuantity, model).join('\n')).toContain('spec.resources.limits');
    });
  });
});
