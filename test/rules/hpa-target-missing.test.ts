// PP-HPA-TARGET-MISSING follows the HPA controller, kubernetes pkg/controller/podautoscaler/horizontal.go
// reconcileAutoscaler: it reads the scale of spec.scaleTargetRef in the HPA's own namespace
// (scaleForResourceMappings(hpa.Namespace, hpa.Spec.ScaleTargetRef.Name, ...)) and, when that fails, sets AbleToScale
// False with reason FailedGetScale ("the HPA controller was unable to get the target's current scale: ...").
// kube-linter's dangling-horizontalpodautoscaler check is the linter users already run; this one is namespace-aware.
import { ApiObject, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-30';
import { RuleSeverity } from '../../lib/checks/rule-severity';
import { INPUT_RULES } from '../../lib/checks/rules';
import { hpaTargetMissing, HpaTargets } from '../../lib/checks/rules/hpa-target-missing';
import { WithPodChecks } from '../../lib/mixins/with-pod-checks';
import { PodChecks } from '../../lib/pod-checks';
import { synthError, warnedRules } from '../mixin-fixtures';
import { takeWarnings } from '../setup/warnings';

function targets(...objects: Array<[string, string, string?]>): HpaTargets {
  const t = new HpaTargets('the checked manifests');
  for (const [kind, name, namespace] of objects) t.add(kind, name, namespace);
  return t;
}

describe('PP-HPA-TARGET-MISSING', () => {
  test('is a warning over the whole input, listed with the input rules', () => {
    expect(hpaTargetMissing.severity).toBe(RuleSeverity.WARNING);
    expect(INPUT_RULES.map(r => r.id)).toEqual(['PP-HPA-TARGET-MISSING']);
  });

  test('passes an HPA whose target is in the input, in the same namespace', () => {
    const t = targets(['Deployment', 'web', 'prod'], ['Service', 'web', 'prod']);
    expect(t.missing({ name: 'web', namespace: 'prod', kind: 'Deployment', target: 'web' })).toBeUndefined();
  });

  test('an object written without a namespace matches one of the same kind and name in any namespace', () => {
    expect(targets(['Deployment', 'web']).missing({ name: 'web', namespace: 'prod', kind: 'Deployment', target: 'web' })).toBeUndefined();
    expect(targets(['Deployment', 'web', 'prod']).missing({ name: 'web', kind: 'Deployment', target: 'web' })).toBeUndefined();
  });

  test('a target of another kind is not found; a custom kind with a scale subresource is found like any other', () => {
    expect(targets(['Rollout', 'web', 'prod']).missing({ name: 'web', namespace: 'prod', kind: 'Rollout', target: 'web' })).toBeUndefined();
    expect(targets(['StatefulSet', 'db']).missing({ name: 'db', kind: 'Deployment', target: 'db' })).toEqual(
      "HPA 'db' scales Deployment 'db' (spec.scaleTargetRef), but no Deployment named 'db' is in the checked manifests: if it "
      + 'does not exist, the HPA reports AbleToScale False (FailedGetScale) and scales nothing. Did you mean StatefulSet \'db\'? '
      + "Fix spec.scaleTargetRef, check the HPA together with its target's manifests, or, if the target is applied from "
      + 'elsewhere, acknowledge PP-HPA-TARGET-MISSING on the HPA.');
  });

  test('warns for a missing target, suggesting a close name of the same kind', () => {
    expect(targets(['Deployment', 'frontend', 'shop']).missing({ name: 'fe', namespace: 'shop', kind: 'Deployment', target: 'frontent' }))
      .toEqual("HPA 'fe' scales Deployment 'frontent' (spec.scaleTargetRef), but no Deployment named 'frontent' in namespace "
        + "'shop' is in the checked manifests: if it does not exist, the HPA reports AbleToScale False (FailedGetScale) and "
        + "scales nothing. Did you mean Deployment 'frontend'? Fix spec.scaleTargetRef, check the HPA together with its "
        + "target's manifests, or, if the target is applied from elsewhere, acknowledge PP-HPA-TARGET-MISSING on the HPA.");
  });

  test('warns for a target in another namespace: an HPA scales only its own namespace\'s objects', () => {
    expect(targets(['Deployment', 'web', 'staging'], ['Deployment', 'web', 'dev']).missing({ name: 'web', namespace: 'prod', kind: 'Deployment', target: 'web' }))
      .toEqual("HPA 'web' scales Deployment 'web' (spec.scaleTargetRef), but no Deployment named 'web' in namespace 'prod' is "
        + "in the checked manifests (there is one in namespace 'dev', 'staging', but an HPA scales only its own namespace's "
        + 'objects): if it does not exist, the HPA reports AbleToScale False (FailedGetScale) and scales nothing. Fix '
        + "spec.scaleTargetRef, check the HPA together with its target's manifests, or, if the target is applied from "
        + 'elsewhere, acknowledge PP-HPA-TARGET-MISSING on the HPA.');
  });

  test('warns with no suggestion when nothing is close, and names what was searched', () => {
    const t = new HpaTargets('the app');
    t.add('Deployment', 'api', undefined);
    t.add(undefined, 'web', undefined); // malformed objects are left out, not matched
    expect(t.missing({ name: 'h', kind: 'Deployment', target: 'web' })).toEqual("HPA 'h' scales Deployment 'web' "
      + "(spec.scaleTargetRef), but no Deployment named 'web' is in the app: if it does not exist, the HPA reports AbleToScale "
      + "False (FailedGetScale) and scales nothing. Fix spec.scaleTargetRef, check the HPA together with its target's "
      + 'manifests, or, if the target is applied from elsewhere, acknowledge PP-HPA-TARGET-MISSING on the HPA.');
  });

  test('names are compared exactly: a target that differs only in case is missing, and suggested', () => {
    expect(targets(['Deployment', 'web']).missing({ name: 'h', kind: 'Deployment', target: 'Web' }))
      .toContain("Did you mean Deployment 'web'?");
  });
});

describe('PP-HPA-TARGET-MISSING at synth: HPAs among API objects, looked up among every API object of the app', () => {
  const hpa = (scope: Chart, target: string, annotations?: { [key: string]: string }) => new ApiObject(scope, 'hpa', {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'web-hpa', ...(annotations ? { annotations } : {}) },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: target }, minReplicas: 2, maxReplicas: 4 },
  });
  const web = (scope: Chart) => new kplus.Deployment(scope, 'web', {
    metadata: { name: 'web' },
    containers: [{ name: 'app', image: 'mycompany/web:1.6.0', resources: { cpu: { request: kplus.Cpu.millis(100) } } }],
  });

  test('passes an HPA whose target is a cdk8s-plus workload of the chart', () => {
    const chart = new Chart(Testing.app(), 'c');
    web(chart);
    hpa(chart, 'web');
    chart.with(new WithPodChecks());
    Testing.synth(chart);
    expect(warnedRules()).toEqual([]);
  });

  test('passes a target in another chart of the same app (the app is applied whole)', () => {
    const a = Testing.app();
    web(new Chart(a, 'workloads'));
    const scaling = new Chart(a, 'scaling');
    hpa(scaling, 'web');
    scaling.with(new WithPodChecks());
    a.synthYaml();
    expect(warnedRules()).toEqual([]);
  });

  test('warns for a target that is not in the app, suggesting the close name, and writes the same YAML', () => {
    const chart = new Chart(Testing.app(), 'c');
    web(chart);
    hpa(chart, 'wbe');
    const before = JSON.stringify(Testing.synth(chart));
    chart.with(new WithPodChecks());
    expect(JSON.stringify(Testing.synth(chart))).toEqual(before);
    expect(takeWarnings()).toEqual(["[c/hpa] WARNING PP-HPA-TARGET-MISSING: HPA 'web-hpa' scales Deployment 'wbe' "
      + "(spec.scaleTargetRef), but no Deployment named 'wbe' is in the app: if it does not exist, the HPA reports "
      + "AbleToScale False (FailedGetScale) and scales nothing. Did you mean Deployment 'web'? Fix spec.scaleTargetRef, "
      + "check the HPA together with its target's manifests, or, if the target is applied from elsewhere, acknowledge "
      + 'PP-HPA-TARGET-MISSING on the HPA.']);
  });

  test('fails synth under strict checks, naming the HPA', () => {
    const a = Testing.app();
    const chart = new Chart(a, 'c');
    hpa(chart, 'missing');
    chart.with(new WithPodChecks({ strict: true }));
    expect(synthError(a)).toContain("[c/hpa] PP-HPA-TARGET-MISSING: HPA 'web-hpa' scales Deployment 'missing'");
  });

  test('is silenced by PodChecks.acknowledge on a scope above the HPA, or by the annotation on the HPA object', () => {
    const a = Testing.app();
    const acknowledged = new Chart(a, 'acknowledged');
    hpa(acknowledged, 'operator-managed');
    acknowledged.with(new WithPodChecks({ strict: true }));
    PodChecks.acknowledge(acknowledged, 'PP-HPA-TARGET-MISSING', 'the operator creates this Deployment');
    const annotated = new Chart(a, 'annotated');
    hpa(annotated, 'operator-managed', { 'acknowledge.cdk8s-pod-patterns/PP-HPA-TARGET-MISSING': 'the operator creates this Deployment' });
    annotated.with(new WithPodChecks({ strict: true }));
    expect(synthError(a)).toBeUndefined();
    expect(warnedRules()).toEqual([]);
  });

  test('a malformed acknowledgement annotation on the HPA fails synth, naming it', () => {
    const a = Testing.app();
    const chart = new Chart(a, 'c');
    hpa(chart, 'missing', { 'acknowledge.cdk8s-pod-patterns/PP-HPA-TARGET-MISSING': 'short' });
    chart.with(new WithPodChecks());
    expect(synthError(a)).toContain('[c/hpa] annotation acknowledge.cdk8s-pod-patterns/PP-HPA-TARGET-MISSING: the reason must be at least 10 characters (got 5)');
    expect(warnedRules()).toEqual(['PP-HPA-TARGET-MISSING']);
  });

  test('does not apply where the checks are not registered', () => {
    const chart = new Chart(Testing.app(), 'c');
    hpa(chart, 'missing');
    Testing.synth(chart);
    expect(warnedRules()).toEqual([]);
  });
});
