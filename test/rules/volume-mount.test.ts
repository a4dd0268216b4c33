import { container, messages, pod, run, sidecar } from './rule-fixtures';
import { volumeMount } from '../../lib/checks/rules/volume-mount';

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

  describe('StatefulSet volumeClaimTemplates (kubernetes pkg/controller/statefulset/stateful_set_utils.go updateStorage)', () => {
    // The replicated MySQL tutorial (kubernetes/website content/en/examples/application/mysql/mysql-statefulset.yaml):
    // 'data' is a claim template, 'conf' a volume of the template.
    const mysql = {
      volumes: [{ name: 'conf', emptyDir: {} }],
      initContainers: [container('clone-mysql', { volumeMounts: [{ name: 'data', mountPath: '/var/lib/mysql', subPath: 'mysql' }] })],
      containers: [container('mysql', { volumeMounts: [{ name: 'data', mountPath: '/var/lib/mysql' }, { name: 'conf', mountPath: '/etc/mysql/conf.d' }] })],
    };

    test('passes when a StatefulSet mounts a claim template, which the controller adds to every pod as a volume', () => {
      expect(run(volumeMount, pod(mysql, { kind: 'StatefulSet', name: 'mysql', volumeClaimTemplates: ['data'] }))).toEqual([]);
    });

    test('fails when a StatefulSet mounts a name that is neither a volume nor a claim template, naming both lists', () => {
      const [m, ...rest] = messages(volumeMount, pod({
        ...mysql,
        containers: [container('mysql', { volumeMounts: [{ name: 'datta', mountPath: '/var/lib/mysql' }] })],
      }, { kind: 'StatefulSet', name: 'mysql', volumeClaimTemplates: ['data'] }));
      expect(rest).toEqual([]);
      expect(m).toBe("container 'mysql' mounts volume 'datta' at /var/lib/mysql, but the pod declares 'conf' and the StatefulSet's "
        + 'volumeClaimTemplates add \'data\' (spec.containers[0].volumeMounts[0].name: Not found: "datta"). '
        + "Add a volume named 'datta' to the pod (or a volumeClaimTemplates entry of that name) or fix the name.");
    });

    test('fails when a Deployment mounts a name only a StatefulSet would provide: other kinds have no claim templates', () => {
      const findings = run(volumeMount, pod(mysql, { kind: 'Deployment', name: 'mysql' }));
      expect(findings.map(f => f.message)).toEqual([
        expect.stringContaining("init container 'clone-mysql' mounts volume 'data' at /var/lib/mysql, but the pod declares 'conf'"),
        expect.stringContaining("container 'mysql' mounts volume 'data' at /var/lib/mysql, but the pod declares 'conf' ("),
      ]);
      expect(findings[0].message).toContain("Add a volume named 'data' to the pod or fix the name.");
    });
  });

  test('does not apply without mounts', () => {
    expect(run(volumeMount, pod({ containers: [container('app')] }))).toEqual([]);
  });
});
