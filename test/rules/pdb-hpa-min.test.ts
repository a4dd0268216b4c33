// PP-PDB-HPA-MIN follows kubernetes pkg/controller/disruption/disruption.go (disruptionsAllowed = currentHealthy -
// desiredHealthy; percentages of minAvailable and maxUnavailable rounded up); kube-linter pdb-min-available.
import { ApiObject, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-30';
import { container, hpa, messages, pod, podMetric, run } from './rule-fixtures';
import { RuleSeverity } from '../../lib/checks/rule-severity';
import { pdbHpaMin } from '../../lib/checks/rules/pdb-hpa-min';
import { WithPodChecks } from '../../lib/mixins/with-pod-checks';
import { warnedRules } from '../mixin-fixtures';
import { takeWarnings } from '../setup/warnings';

const app = { containers: [container('app')] };
const scaled = (minReplicas: number) => [{ ...hpa([podMetric()]), minReplicas }];
const pdb = (b: { minAvailable?: number | string; maxUnavailable?: number | string }) => [{ name: 'web-pdb', source: 'test/web-pdb', ...b }];

describe('PP-PDB-HPA-MIN', () => {
  test('warns when minAvailable equals the HPA\'s minReplicas', () => {
    const findings = run(pdbHpaMin, pod(app, { hpas: scaled(2), pdbs: pdb({ minAvailable: 2 }) }));
    expect(findings.map(f => [f.ruleId, f.severity])).toEqual([['PP-PDB-HPA-MIN', RuleSeverity.WARNING]]);
    expect(findings[0].message).toEqual("PodDisruptionBudget 'web-pdb' (minAvailable 2) allows no eviction when HPA 'web-hpa' has "
      + "scaled Deployment 'web' down to its minReplicas 2: node drains and cluster-autoscaler scale-downs wait until it scales up. "
      + 'Set minAvailable below 2, use maxUnavailable: 1, or raise minReplicas to 3.');
  });

  test('warns for a percentage that rounds up to minReplicas, and for maxUnavailable 0', () => {
    expect(messages(pdbHpaMin, pod(app, { hpas: scaled(3), pdbs: pdb({ minAvailable: '80%' }) }))).toHaveLength(1);
    expect(messages(pdbHpaMin, pod(app, { hpas: scaled(3), pdbs: pdb({ maxUnavailable: 0 }) }))).toHaveLength(1);
  });

  test('passes when one pod may go at minReplicas', () => {
    expect(run(pdbHpaMin, pod(app, { hpas: scaled(3), pdbs: pdb({ minAvailable: 2 }) }))).toEqual([]);
    expect(run(pdbHpaMin, pod(app, { hpas: scaled(2), pdbs: pdb({ minAvailable: '50%' }) }))).toEqual([]);
    expect(run(pdbHpaMin, pod(app, { hpas: scaled(2), pdbs: pdb({ maxUnavailable: '10%' }) }))).toEqual([]);
  });

  test('does not apply without an HPA or without a PodDisruptionBudget', () => {
    expect(run(pdbHpaMin, pod(app, { replicas: 2, pdbs: pdb({ minAvailable: 2 }) }))).toEqual([]);
    expect(run(pdbHpaMin, pod(app, { hpas: scaled(2) }))).toEqual([]);
  });
});

describe('PP-PDB-HPA-MIN at synth: PodDisruptionBudgets among the app\'s API objects', () => {
  const budget = (scope: Chart, minAvailable: number, namespace?: string) => new ApiObject(scope, 'pdb', {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: 'web-pdb', ...(namespace ? { namespace } : {}) },
    spec: { minAvailable, selector: { matchLabels: { app: 'web' } } },
  });
  const scaledWeb = (scope: Chart) => {
    const web = new kplus.Deployment(scope, 'web', {
      metadata: { name: 'web' },
      podMetadata: { labels: { app: 'web' } },
      containers: [{ name: 'app', image: 'mycompany/web:1.6.0', resources: { cpu: { request: kplus.Cpu.millis(100) } } }],
    });
    new kplus.HorizontalPodAutoscaler(scope, 'hpa', { target: web, minReplicas: 2, maxReplicas: 6 });
    return web;
  };

  test('warns for a cdk8s-plus Deployment scaled by a cdk8s-plus HPA whose pods a PDB object selects', () => {
    const chart = new Chart(Testing.app(), 'c');
    scaledWeb(chart);
    budget(chart, 2);
    chart.with(new WithPodChecks());
    Testing.synth(chart);
    expect(takeWarnings()).toEqual([expect.stringMatching(/^\[c\/web\] WARNING PP-PDB-HPA-MIN: PodDisruptionBudget 'web-pdb' \(minAvailable 2\) allows no eviction when HPA '[^']+' has scaled Deployment 'web' down to its minReplicas 2/)]);
  });

  test('warns for an L1 Deployment too, and passes a budget that lets one pod go or selects another namespace', () => {
    const chart = new Chart(Testing.app(), 'c');
    new ApiObject(chart, 'api', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'api' },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'mycompany/api:2.0.0', resources: { requests: { cpu: '100m' } } }] } },
      },
    });
    new ApiObject(chart, 'api-hpa', {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'api-hpa' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' }, minReplicas: 2, maxReplicas: 4 },
    });
    budget(chart, 2);
    chart.with(new WithPodChecks());
    Testing.synth(chart);
    expect(warnedRules()).toEqual(['PP-PDB-HPA-MIN']);

    const relaxed = new Chart(Testing.app(), 'relaxed');
    scaledWeb(relaxed);
    budget(relaxed, 1);
    relaxed.with(new WithPodChecks());
    Testing.synth(relaxed);
    const elsewhere = new Chart(Testing.app(), 'elsewhere');
    scaledWeb(elsewhere);
    budget(elsewhere, 2, 'other');
    elsewhere.with(new WithPodChecks());
    Testing.synth(elsewhere);
    expect(warnedRules()).toEqual([]);
  });
});
