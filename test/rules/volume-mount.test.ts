import { container, messages, pod, run, sidecar } from './rule-fixtures';
import { volumeMount } from '../../lib/rules/volume-mount';

describe('PP-VOLUME-MOUNT', () => {
  test('fails for a mount of a volume the pod does not declare, listing the volumes it has', () => {
    const findings = run(volumeMount, pod({
      volumes: [{ name: 'logs', emptyDir: {} }],
      initContainers: [sidecar('log-shipper', { volumeMounts: [{ name: 'log', mountPath: '/var/log/app' }] })],
      containers: [container('app')],
    }));
    expect(findings.map(f => f.ruleId)).toEqual(['PP-VOLUME-MOUNT']);
    expect(findings[0].message).toContain("native sidecar 'log-shipper' mounts volume 'log' at /var/log/app, but the pod declares 'logs'");
    expect(findings[0].message).toContain('spec.initContainers[0].volumeMounts[0].name: Not found: "log"');
  });

  test('fails for two mounts at one path in a container', () => {
    const [m] = messages(volumeMount, pod({
      volumes: [{ name: 'a', emptyDir: {} }, { name: 'b', emptyDir: {} }],
      containers: [container('app', { volumeMounts: [{ name: 'a', mountPath: '/data' }, { name: 'b', mountPath: '/data' }] })],
    }));
    expect(m).toContain('spec.containers[0].volumeMounts[1].mountPath: Invalid value: "/data": must be unique');
  });

  test('passes when two containers mount the same volume at different or equal paths', () => {
    expect(run(volumeMount, pod({
      volumes: [{ name: 'logs', emptyDir: {} }],
      initContainers: [sidecar('shipper', { volumeMounts: [{ name: 'logs', mountPath: '/logs' }] })],
      containers: [container('app', { volumeMounts: [{ name: 'logs', mountPath: '/logs' }] })],
    }))).toEqual([]);
  });

  test('does not apply without mounts', () => {
    expect(run(volumeMount, pod({ containers: [container('app')] }))).toEqual([]);
  });
});
