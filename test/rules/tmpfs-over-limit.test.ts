import { container, messages, pod, run, sidecar } from './rule-fixtures';
import { memoryHeadroom } from '../../lib/accounting/memory-backed-volumes';
import { invalidQuantity } from '../../lib/checks/rules/invalid-quantity';
import { tmpfsOverLimit } from '../../lib/checks/rules/tmpfs-over-limit';
import { PodSpecJson } from '../../lib/model/pod-model';

const tmpfs = (sizeLimit?: string) => ({ name: 'cache', emptyDir: { medium: 'Memory', ...(sizeLimit ? { sizeLimit } : {}) } });
const mounting = (name: string, memoryLimit?: string) => container(name, {
  volumeMounts: [{ name: 'cache', mountPath: '/cache' }],
  resources: { requests: { cpu: '100m', memory: '64Mi' }, ...(memoryLimit ? { limits: { memory: memoryLimit } } : {}) },
});
const reading = (name: string, memoryLimit: string) => ({ ...mounting(name, memoryLimit), volumeMounts: [{ name: 'cache', mountPath: '/cache', readOnly: true }] });

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

  test('fails with the pod\'s memory limit for a container that has none of its own, as the report counts it', () => {
    const spec: PodSpecJson = { resources: { limits: { memory: '512Mi' } }, volumes: [tmpfs('512Mi')], containers: [mounting('app')] };
    const [m, ...rest] = messages(tmpfsOverLimit, pod(spec, { version: '1.34' }));
    expect(rest).toEqual([]);
    expect(m).toContain("has sizeLimit 512Mi, at least the pod's 512Mi memory limit, which bounds container 'app' that mounts it");
    expect(m).toContain('Lower sizeLimit to at most 384Mi');
    expect(m).toContain('raise the pod\'s memory limit (spec.resources.limits.memory)');
    expect(memoryHeadroom(spec)[0]).toMatchObject({ container: 'app', limitSource: 'pod', remaining: 0n });
  });

  test('does not count a read-only mount: a reader cannot fill the tmpfs (memoryHeadroom leaves it out too)', () => {
    const spec: PodSpecJson = { volumes: [tmpfs('512Mi')], containers: [mounting('writer', '1Gi'), reading('reader', '256Mi')] };
    expect(run(tmpfsOverLimit, pod(spec))).toEqual([]);
    expect(memoryHeadroom(spec).map(r => r.container)).toEqual(['writer']);
  });

  test('fails for the writer and not for the reader of the same tmpfs', () => {
    const m = messages(tmpfsOverLimit, pod({ volumes: [tmpfs('512Mi')], containers: [reading('reader', '256Mi'), mounting('writer', '256Mi')] }));
    expect(m).toHaveLength(1);
    expect(m[0]).toContain("memory limit of container 'writer'");
  });

  test('does not apply to a memory limit of 0, which means no limit (never "at most 0")', () => {
    expect(run(tmpfsOverLimit, pod({ volumes: [tmpfs('64Mi')], containers: [mounting('app', '0')] }))).toEqual([]);
  });

  test('does not apply to sizeLimit 0, which Kubernetes treats as unset (that is PP-TMPFS-HEADROOM)', () => {
    expect(run(tmpfsOverLimit, pod({ volumes: [tmpfs('0')], containers: [mounting('app', '512Mi')] }))).toEqual([]);
  });

  test('leaves a malformed memory limit of a mounting container to PP-INVALID-QUANTITY instead of crashing', () => {
    const model = pod({ volumes: [tmpfs('1Gi')], containers: [mounting('app', 'lots')] });
    expect(run(tmpfsOverLimit, model)).toEqual([]);
    expect(messages(invalidQuantity, model).join('\n')).toContain('spec.containers[0].resources.limits');
  });

  describe('several tmpfs volumes written by one container', () => {
    const vol = (name: string, sizeLimit?: string) => ({ name, emptyDir: { medium: 'Memory', ...(sizeLimit ? { sizeLimit } : {}) } });
    const writer = (name: string, memoryLimit: string, mounts: Array<{ name: string; readOnly?: boolean }>) => container(name, {
      volumeMounts: mounts.map((m, k) => ({ name: m.name, mountPath: `/v${k}`, ...(m.readOnly ? { readOnly: true } : {}) })),
      resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: memoryLimit } },
    });

    test('fails when their sizeLimits add up to at least its memory limit, though each is below it, naming them and the total', () => {
      const spec: PodSpecJson = { volumes: [vol('a', '300Mi'), vol('b', '300Mi')], containers: [writer('app', '512Mi', [{ name: 'a' }, { name: 'b' }])] };
      const m = messages(tmpfsOverLimit, pod(spec));
      expect(m).toHaveLength(1);
      expect(m[0]).toContain("emptyDirs 'a' and 'b' (medium: Memory) may together hold 600Mi (sizeLimit 300Mi + 300Mi), at least the 512Mi memory limit of container 'app'");
      expect(m[0]).toContain('at most 384Mi in all');
      // the report shows the same pod with no headroom left
      expect(memoryHeadroom(spec)[0].remaining! < 0n).toBe(true);
    });

    test('passes when they add up to less than the limit', () => {
      const spec: PodSpecJson = { volumes: [vol('a', '200Mi'), vol('b', '200Mi')], containers: [writer('app', '512Mi', [{ name: 'a' }, { name: 'b' }])] };
      expect(messages(tmpfsOverLimit, pod(spec))).toEqual([]);
    });

    test('counts only the volumes it mounts writable', () => {
      const spec: PodSpecJson = {
        volumes: [vol('a', '300Mi'), vol('b', '300Mi')],
        containers: [writer('app', '512Mi', [{ name: 'a' }, { name: 'b', readOnly: true }])],
      };
      expect(messages(tmpfsOverLimit, pod(spec))).toEqual([]);
    });

    test('reports a volume at or above the limit on its own, not again in a sum; leaves one without sizeLimit to PP-TMPFS-HEADROOM', () => {
      const over: PodSpecJson = { volumes: [vol('a', '600Mi'), vol('b', '100Mi')], containers: [writer('app', '512Mi', [{ name: 'a' }, { name: 'b' }])] };
      const m = messages(tmpfsOverLimit, pod(over));
      expect(m).toHaveLength(1);
      expect(m[0]).toContain("emptyDir 'a' (medium: Memory) has sizeLimit 600Mi");
      const unset: PodSpecJson = { volumes: [vol('a', '400Mi'), vol('b')], containers: [writer('app', '512Mi', [{ name: 'a' }, { name: 'b' }])] };
      expect(messages(tmpfsOverLimit, pod(unset))).toEqual([]);
    });
  });
});
