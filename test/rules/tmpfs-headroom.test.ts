import { container, messages, pod, run } from './rule-fixtures';
import { RuleSeverity } from '../../lib/rule-severity';
import { tmpfsHeadroom } from '../../lib/rules/tmpfs-headroom';

const tmpfs = (sizeLimit?: string) => ({ name: 'secrets', emptyDir: { medium: 'Memory', ...(sizeLimit ? { sizeLimit } : {}) } });
const mounting = (name: string, memoryLimit?: string) => container(name, {
  volumeMounts: [{ name: 'secrets', mountPath: '/secrets' }],
  resources: { requests: { cpu: '100m', memory: '64Mi' }, ...(memoryLimit ? { limits: { memory: memoryLimit } } : {}) },
});

describe('PP-TMPFS-HEADROOM', () => {
  test('warns when sizeLimit leaves less than a quarter of the limit, showing the arithmetic', () => {
    const findings = run(tmpfsHeadroom, pod({ volumes: [tmpfs('400Mi')], containers: [mounting('app', '512Mi')] }));
    expect(findings.map(f => [f.ruleId, f.severity])).toEqual([['PP-TMPFS-HEADROOM', RuleSeverity.WARNING]]);
    expect(findings[0].message).toContain("emptyDir 'secrets' (medium: Memory) may take most of the memory of container 'app'");
    expect(findings[0].message).toContain('sizeLimit 400Mi of 512Mi leaves 112Mi, less than a quarter (128Mi)');
    expect(findings[0].message).toContain('at most 384Mi');
  });

  test('warns for a memory-backed emptyDir without sizeLimit, naming the mounting containers and their limits', () => {
    const [m] = messages(tmpfsHeadroom, pod({ volumes: [tmpfs()], containers: [mounting('app', '512Mi'), mounting('helper')] }));
    expect(m).toContain("emptyDir 'secrets' (medium: Memory) has no sizeLimit");
    expect(m).toContain("containers that mount it ('app' with a 512Mi memory limit, 'helper' with no memory limit)");
    expect(m).toContain('at most 384Mi');
  });

  test('passes when exactly a quarter is left (300Mi of 400Mi leaves 100Mi) and for 300Mi of 512Mi', () => {
    expect(run(tmpfsHeadroom, pod({ volumes: [tmpfs('300Mi')], containers: [mounting('app', '400Mi')] }))).toEqual([]);
    expect(run(tmpfsHeadroom, pod({ volumes: [tmpfs('300Mi')], containers: [mounting('app', '512Mi')] }))).toEqual([]);
  });

  test('does not apply to disk-backed emptyDirs, unmounted volumes, or a sizeLimit at the limit (that is the error PP-TMPFS-OVER-LIMIT)', () => {
    expect(run(tmpfsHeadroom, pod({ volumes: [{ name: 'secrets', emptyDir: {} }], containers: [mounting('app', '512Mi')] }))).toEqual([]);
    expect(run(tmpfsHeadroom, pod({ volumes: [tmpfs()], containers: [container('app')] }))).toEqual([]);
    expect(run(tmpfsHeadroom, pod({ volumes: [tmpfs('512Mi')], containers: [mounting('app', '512Mi')] }))).toEqual([]);
  });
});
