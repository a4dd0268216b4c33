import { container, hpa, messages, pod, run, sidecar } from './rule-fixtures';
import { RuleSeverity } from '../../lib/checks/rule-severity';
import { initStepReplicas } from '../../lib/checks/rules/init-step-replicas';

const spec = { initContainers: [container('migrate')], containers: [container('app')] };

describe('PP-INIT-STEP-REPLICAS', () => {
  test('warns for an init step in a Deployment of 3 replicas, naming the step, the count and the fixes', () => {
    const findings = run(initStepReplicas, pod(spec, { replicas: 3, patterns: { migrate: 'init-step' } }));
    expect(findings.map(f => [f.ruleId, f.severity])).toEqual([['PP-INIT-STEP-REPLICAS', RuleSeverity.WARNING]]);
    expect(findings[0].message).toEqual("init step 'migrate' (spec.initContainers[0]) runs in every pod of Deployment 'web', 3 replicas: "
      + 'once per pod, several at once when pods start together, so a database migration there races with itself. Run migrations '
      + 'once in a Job (or a Helm or Argo CD hook), or take a leader lock (e.g. a PostgreSQL advisory lock) in the step; if the '
      + "step is safe to repeat, acknowledge it: PodChecks.acknowledge(scope, 'PP-INIT-STEP-REPLICAS', reason).");
  });

  test('warns under an HPA, with the largest maxReplicas and the HPA\'s name', () => {
    const [m] = messages(initStepReplicas, pod(spec, { hpas: [hpa([], 'web-hpa')], patterns: { migrate: 'init-step' } }));
    expect(m).toContain("runs in every pod of Deployment 'web', up to 10 replicas (HPA 'web-hpa'): once per pod");
  });

  test('warns for a Job that runs pods in parallel, counting pods', () => {
    const [m] = messages(initStepReplicas, pod(spec, { kind: 'Job', replicas: 4, patterns: { migrate: 'init-step' } }));
    expect(m).toContain("runs in every pod of Job 'web', 4 pods: once per pod");
  });

  test('one finding per init step, in list order', () => {
    const found = messages(initStepReplicas, pod({
      initContainers: [container('migrate'), container('seed')],
      containers: [container('app')],
    }, { replicas: 2, patterns: { migrate: 'init-step', seed: 'init-step' } }));
    expect(found.map(m => m.slice(0, m.indexOf(')') + 1))).toEqual([
      "init step 'migrate' (spec.initContainers[0])",
      "init step 'seed' (spec.initContainers[1])",
    ]);
  });

  test('passes for an init step in a single replica', () => {
    expect(run(initStepReplicas, pod(spec, { replicas: 1, patterns: { migrate: 'init-step' } }))).toEqual([]);
  });

  test('passes under an HPA that never scales past one replica', () => {
    const single = { ...hpa([], 'web-hpa'), maxReplicas: 1 };
    expect(run(initStepReplicas, pod(spec, { hpas: [single], patterns: { migrate: 'init-step' } }))).toEqual([]);
  });

  test('does not apply to init containers no mixin added, nor to WithWaitFor, nor to native sidecars', () => {
    expect(run(initStepReplicas, pod(spec, { replicas: 3 }))).toEqual([]);
    expect(run(initStepReplicas, pod({
      initContainers: [container('wait-for-postgres'), sidecar('log-shipper')],
      containers: [container('app')],
    }, { replicas: 3, patterns: { 'wait-for-postgres': 'wait-for', 'log-shipper': 'native-sidecar' } }))).toEqual([]);
  });

  test('does not apply to a DaemonSet (one pod per node: per-node setup) nor to a workload without a replica count', () => {
    expect(run(initStepReplicas, pod(spec, { kind: 'DaemonSet', replicas: 3, patterns: { migrate: 'init-step' } }))).toEqual([]);
    expect(run(initStepReplicas, pod(spec, { patterns: { migrate: 'init-step' } }))).toEqual([]);
  });
});
