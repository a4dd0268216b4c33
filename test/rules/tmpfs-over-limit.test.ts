import { container, messages, pod, run, sidecar } from './rule-fixtures';
import { invalidQuantity } from '../../lib/rules/invalid-quantity';
import { tmpfsOverLimit } from '../../lib/rules/tmpfs-over-limit';

const tmpfs = (sizeLimit?: string) => ({ name: 'cache', emptyDir: { medium: 'Memory', ...(sizeLimit ? { sizeLimit } : {}) } });
const mounting = (name: string, memoryLimit?: string) => container(name, {
  volumeMounts: [{ name: 'cache', mountPath: '/cache' }],
  resources: { requests: { cpu: '100m', memory: '64Mi' }, ...(memoryLimit ? { limits: { memory: memoryLimit } } : {}) },
});

describe('PP-TMPFS-OVER-LIMIT', () => {
  test('fails when sizeLimit equals the memory limit of the mounting container, with both values and the fix', () => {
    const findings = run(tmpfsOverLimit, pod({ volumes: [tmpfs('512Mi')], containers: [mounting('app', '512Mi')] }));
    expect(findings.map(f => f.ruleId)).toEqual(['PP-TMPFS-OVER-LIMIT']);
    expect(findings[0].message).toContain("emptyDir 'cache' (medium: Memory) has sizeLimit 512Mi, at least the 512Mi memory limit of container 'app'");
    expect(findings[0].message).toContain('Lower sizeLimit to at most 384Mi');
  });

  test('fails for each mounting container whose limit is too small, sidecars included, comparing exact quantities', () => {
    const m = messages(tmpfsOverLimit, pod({
      volumes: [tmpfs('1Gi')],
      initContainers: [{ ...mounting('writer', '1000Mi'), restartPolicy: 'Always' }],
      containers: [mounting('app', '2Gi')],
    }));
    expect(m).toHaveLength(1);
    expect(m[0]).toContain("native sidecar 'writer'");
  });

  test('passes when sizeLimit is below the limit (the headroom warning is PP-TMPFS-HEADROOM)', () => {
    expect(run(tmpfsOverLimit, pod({ volumes: [tmpfs('511Mi')], containers: [mounting('app', '512Mi')] }))).toEqual([]);
  });

  test('does not apply to disk-backed emptyDirs, to a tmpfs without sizeLimit, or to containers without a memory limit', () => {
    expect(run(tmpfsOverLimit, pod({ volumes: [{ name: 'cache', emptyDir: { sizeLimit: '1Gi' } }], containers: [mounting('app', '512Mi')] }))).toEqual([]);
    expect(run(tmpfsOverLimit, pod({ volumes: [tmpfs()], containers: [mounting('app', '512Mi')] }))).toEqual([]);
    expect(run(tmpfsOverLimit, pod({ volumes: [tmpfs('1Gi')], initContainers: [sidecar('s')], containers: [mounting('app')] }))).toEqual([]);
  });

  test('leaves a malformed sizeLimit to PP-INVALID-QUANTITY instead of crashing', () => {
    const model = pod({ volumes: [tmpfs('lots')], containers: [mounting('app', '512Mi')] });
    expect(messages(tmpfsOverLimit, model)).toEqual([]);
    expect(messages(invalidQuantity, model).join('\n')).toContain('spec.volumes[0].emptyDir.sizeLimit');
  });
});
