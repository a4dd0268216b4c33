import { container, messages, pod, run, sidecar } from './rule-fixtures';
import { RuleSeverity } from '../../lib/checks/rule-severity';
import { invalidQuantity } from '../../lib/checks/rules/invalid-quantity';
import { tmpfsHeadroom } from '../../lib/checks/rules/tmpfs-headroom';

const tmpfs = (sizeLimit?: string) => ({ name: 'secrets', emptyDir: { medium: 'Memory', ...(sizeLimit ? { sizeLimit } : {}) } });
const mounting = (name: string, memoryLimit?: string) => container(name, {
  volumeMounts: [{ name: 'secrets', mountPath: '/secrets' }],
  resources: { requests: { cpu: '100m', memory: '64Mi' }, ...(memoryLimit ? { limits: { memory: memoryLimit } } : {}) },
});
const reading = (name: string, memoryLimit?: string) => ({ ...mounting(name, memoryLimit), volumeMounts: [{ name: 'secrets', mountPath: '/secrets', readOnly: true }] });

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
    expect(m).toContain("containers that mount it writable ('app' with a 512Mi memory limit, 'helper' with no memory limit) "
      + "and gets those with a memory limit OOM-killed; the others take the node's memory until the kubelet evicts the pod.");
    expect(m).toContain('at most 384Mi');
    const [limited] = messages(tmpfsHeadroom, pod({ volumes: [tmpfs()], containers: [mounting('app', '512Mi')] }));
    expect(limited).toContain("('app' with a 512Mi memory limit) and gets them OOM-killed. Set emptyDir.sizeLimit");
  });

  test('warns without a word of OOM kills when no writer has a memory limit: the node\'s memory fills, the kubelet evicts', () => {
    // linkerd's injected 'linkerd-identity-end-entity' volume, written by a linkerd-proxy without a memory limit
    const [m, ...rest] = messages(tmpfsHeadroom, pod({ volumes: [tmpfs()], containers: [mounting('app')] }));
    expect(rest).toEqual([]);
    expect(m).toBe("emptyDir 'secrets' (medium: Memory) has no sizeLimit: it can grow until it fills the memory of the containers "
      + "that mount it writable ('app' with no memory limit) and, as no memory limit bounds them, takes the node's memory until "
      + 'the kubelet evicts the pod. Set emptyDir.sizeLimit (cdk8s-plus: Volume.fromEmptyDir(scope, id, name, '
      + '{ medium: EmptyDirMedium.MEMORY, sizeLimit })).');
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

  test('warns for sizeLimit 0, which Kubernetes treats as no sizeLimit (calculateEmptyDirMemorySize)', () => {
    const [m, ...rest] = messages(tmpfsHeadroom, pod({ volumes: [tmpfs('0')], containers: [mounting('app', '512Mi')] }));
    expect(rest).toEqual([]);
    expect(m).toContain("emptyDir 'secrets' (medium: Memory) has sizeLimit 0, which Kubernetes treats as no sizeLimit");
    expect(m).toContain('at most 384Mi');
  });

  test('leaves read-only mounts out: a reader cannot fill the tmpfs', () => {
    const [m] = messages(tmpfsHeadroom, pod({ volumes: [tmpfs()], containers: [mounting('app', '512Mi'), reading('reader')] }));
    expect(m).toContain("containers that mount it writable ('app' with a 512Mi memory limit)");
    expect(m).not.toContain('reader');
    expect(run(tmpfsHeadroom, pod({ volumes: [tmpfs()], containers: [reading('reader', '512Mi')] }))).toEqual([]);
    expect(run(tmpfsHeadroom, pod({ volumes: [tmpfs('400Mi')], containers: [mounting('app', '2Gi'), reading('reader', '512Mi')] }))).toEqual([]);
  });

  test('treats a memory limit of 0 as no limit: no "at most 0" advice', () => {
    const [m] = messages(tmpfsHeadroom, pod({ volumes: [tmpfs()], containers: [mounting('app', '0')] }));
    expect(m).toContain("('app' with no memory limit)");
    expect(m).not.toContain('at most');
  });

  test('warns with the pod\'s memory limit for a container that has none of its own', () => {
    const spec = { resources: { limits: { memory: '512Mi' } }, volumes: [tmpfs('400Mi')], containers: [mounting('app')] };
    const [m] = messages(tmpfsHeadroom, pod(spec, { version: '1.34' }));
    expect(m).toContain("may take most of the memory of container 'app': sizeLimit 400Mi of the pod's 512Mi memory limit leaves 112Mi");
    expect(m).toContain('raise the pod\'s memory limit (spec.resources.limits.memory)');
    const [none] = messages(tmpfsHeadroom, pod({ ...spec, volumes: [tmpfs()] }, { version: '1.34' }));
    expect(none).toContain("('app' with the pod's 512Mi memory limit)");
    expect(none).toContain('at most 384Mi');
  });

  test('leaves a malformed sizeLimit or memory limit to PP-INVALID-QUANTITY instead of crashing', () => {
    const model = pod({ volumes: [tmpfs('lots')], containers: [mounting('app', '512Mi')] });
    expect(run(tmpfsHeadroom, model)).toEqual([]);
    expect(messages(invalidQuantity, model).join('\n')).toContain('spec.volumes[0].emptyDir.sizeLimit');
    expect(run(tmpfsHeadroom, pod({ volumes: [tmpfs()], containers: [mounting('app', '1 Gi')] }))).toEqual([]);
  });

  describe('several tmpfs volumes written by one container', () => {
    const vol = (name: string, sizeLimit: string) => ({ name, emptyDir: { medium: 'Memory', sizeLimit } });
    const writer = (memoryLimit: string, names: string[]) => container('app', {
      volumeMounts: names.map((name, k) => ({ name, mountPath: `/v${k}` })),
      resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: memoryLimit } },
    });

    test('warns when together they leave the process less than a quarter of the limit, each leaving enough alone', () => {
      const m = messages(tmpfsHeadroom, pod({ volumes: [vol('a', '200Mi'), vol('b', '200Mi')], containers: [writer('512Mi', ['a', 'b'])] }));
      expect(m).toHaveLength(1);
      expect(m[0]).toContain("emptyDirs 'a' and 'b' (medium: Memory) may together take most of the memory of container 'app'");
      expect(m[0]).toContain('sizeLimit 200Mi + 200Mi = 400Mi of 512Mi leaves 112Mi, less than a quarter (128Mi)');
    });

    test('stays quiet when together they leave a quarter, and leaves a sum at or over the limit to PP-TMPFS-OVER-LIMIT', () => {
      expect(messages(tmpfsHeadroom, pod({ volumes: [vol('a', '150Mi'), vol('b', '150Mi')], containers: [writer('512Mi', ['a', 'b'])] }))).toEqual([]);
      expect(messages(tmpfsHeadroom, pod({ volumes: [vol('a', '300Mi'), vol('b', '300Mi')], containers: [writer('512Mi', ['a', 'b'])] }))).toEqual([]);
    });

    test('does not report again a volume that alone leaves less than a quarter', () => {
      const m = messages(tmpfsHeadroom, pod({ volumes: [vol('a', '400Mi'), vol('b', '50Mi')], containers: [writer('512Mi', ['a', 'b'])] }));
      expect(m).toHaveLength(1);
      expect(m[0]).toContain("emptyDir 'a' (medium: Memory) may take most of the memory");
    });
  });
});

// Volumes an injector owns: Istio names them in the pod's sidecar.istio.io/status annotation (istio pkg/kube/inject);
// Linkerd's linkerd-identity-end-entity (linkerd2 charts/partials proxy volumes). The user does not write them.
describe('PP-TMPFS-HEADROOM and injected volumes', () => {
  const envoy = {
    initContainers: [sidecar('istio-proxy', { volumeMounts: [{ name: 'istio-envoy', mountPath: '/etc/istio/proxy' }] })],
    containers: [container('app')],
    volumes: [{ name: 'istio-envoy', emptyDir: { medium: 'Memory' } }],
  };
  test('does not report a volume Istio lists in sidecar.istio.io/status', () => {
    expect(run(tmpfsHeadroom, pod(envoy, { annotations: { 'sidecar.istio.io/status': '{"volumes":["istio-envoy","istio-data"]}' } }))).toEqual([]);
  });
  test('does not report Istio\'s volume names in a pod with an istio-proxy (kube-inject writes a CronJob\'s status on the jobTemplate)', () => {
    expect(run(tmpfsHeadroom, pod(envoy))).toEqual([]);
  });
  test('still reports a volume of that name when no injector claims it (no status annotation, no istio-proxy)', () => {
    const own = { ...envoy, initContainers: [sidecar('envoy', { volumeMounts: [{ name: 'istio-envoy', mountPath: '/etc/envoy' }] })] };
    expect(messages(tmpfsHeadroom, pod(own))[0]).toContain("emptyDir 'istio-envoy' (medium: Memory) has no sizeLimit");
  });
});
