// PP-PDB-HPA-MIN follows kubernetes pkg/controller/disruption/disruption.go (disruptionsAllowed = currentHealthy -
// desiredHealthy; percentages of minAvailable and maxUnavailable rounded up); kube-linter pdb-min-available.
import { container, hpa, messages, pod, podMetric, run } from './rule-fixtures';
import { RuleSeverity } from '../../lib/checks/rule-severity';
import { pdbHpaMin } from '../../lib/checks/rules/pdb-hpa-min';

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
