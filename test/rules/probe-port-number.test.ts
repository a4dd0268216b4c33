// PP-PROBE-PORT-NUMBER ports kube-linter's liveness-port, readiness-port and startup-port checks
// (stackrox/kube-linter pkg/templates/util/check_probe_port.go CheckProbePort: the probe's port must be a TCP port, by
// number or name, of the container's own ports; spec.containers only, no lifecycle hooks), here by number only and
// satisfied by any running container of the pod. The kubelet sends httpGet/tcpSocket/grpc probes to the pod IP unless
// `host` is set (kubernetes pkg/kubelet/prober/prober.go runProbe; pkg/probe/http/request.go NewRequestForHTTPGetAction)
// and reads the port with pkg/probe/util.go ResolveContainerPort: an int is used as it is, a string is looked up by
// name among the container's ports, digits included. The API server rejects a string of digits anyway
// (pkg/apis/core/validation/validation.go ValidatePortNumOrName -> IsValidPortName: "must contain at least one letter").
// Istio's rewrite of app probes: istio pkg/kube/inject/app_probe.go convertAppProber, pilot-agent status FormatProberURL.
import { container, messages, pod, run, sidecar } from './rule-fixtures';
import { RuleSeverity } from '../../lib/checks/rule-severity';
import { probePortNumber } from '../../lib/checks/rules/probe-port-number';
import { probePortUndeclared } from '../../lib/checks/rules/probe-port-undeclared';

const ISTIO_STATUS = '{"initContainers":["istio-init","istio-proxy"],"containers":null,"volumes":["istio-envoy"],"imagePullSecrets":null,"revision":"default"}';

describe('PP-PROBE-PORT-NUMBER', () => {
  describe('non-compliant', () => {
    test('warns for a readinessProbe on a number the container does not declare, naming what it declares', () => {
      const findings = run(probePortNumber, pod({
        containers: [container('app', { ports: [{ containerPort: 8080 }], readinessProbe: { httpGet: { path: '/ready', port: 8081 } } })],
      }));
      expect(findings.map(f => [f.ruleId, f.severity])).toEqual([['PP-PROBE-PORT-NUMBER', RuleSeverity.WARNING]]);
      expect(findings[0].message).toBe("the readinessProbe of container 'app' uses httpGet port 8081 "
        + '(spec.containers[0].readinessProbe.httpGet.port), but no container of the pod declares TCP port 8081 '
        + "('app' declares TCP 8080): if nothing listens on it, the container never becomes ready. Check the number; if it is "
        + "right, add { containerPort: 8081 } to the ports of 'app' (or of the container that serves it).");
    });

    test('warns for a native sidecar\'s startupProbe, saying the containers after it never start', () => {
      const [m] = messages(probePortNumber, pod({
        initContainers: [sidecar('proxy', { startupProbe: { tcpSocket: { port: 15021 } } })],
        containers: [container('app', { ports: [{ containerPort: 8080 }] })],
      }));
      expect(m).toBe("the startupProbe of native sidecar 'proxy' uses tcpSocket port 15021 "
        + '(spec.initContainers[0].startupProbe.tcpSocket.port), but no container of the pod declares TCP port 15021 '
        + "('proxy' declares no ports): if nothing listens on it, the startupProbe never passes and the containers after it "
        + "never start. Check the number; if it is right, add { containerPort: 15021 } to the ports of 'proxy' (or of the "
        + 'container that serves it).');
    });

    test('warns for a grpc livenessProbe, and for each probe of a container in the order startup, readiness, liveness', () => {
      const m = messages(probePortNumber, pod({
        containers: [container('api', {
          ports: [{ containerPort: 50051, name: 'grpc' }],
          livenessProbe: { grpc: { port: 50052 } },
          readinessProbe: { tcpSocket: { port: 50053 } },
          startupProbe: { httpGet: { path: '/', port: 50054 } },
        })],
      }));
      expect(m).toHaveLength(3);
      expect(m[0]).toContain("the startupProbe of container 'api' uses httpGet port 50054 (spec.containers[0].startupProbe.httpGet.port)");
      expect(m[0]).toContain('the startupProbe never passes and the container is restarted');
      expect(m[1]).toContain("the readinessProbe of container 'api' uses tcpSocket port 50053 (spec.containers[0].readinessProbe.tcpSocket.port)");
      expect(m[2]).toContain("the livenessProbe of container 'api' uses grpc port 50052 (spec.containers[0].livenessProbe.grpc.port)");
      expect(m[2]).toContain("('api' declares TCP 50051)");
      expect(m[2]).toContain('the livenessProbe fails and the container is restarted forever');
    });

    test('warns when the number is declared for UDP only (a probe connects over TCP), and says so', () => {
      const [m] = messages(probePortNumber, pod({
        containers: [container('dns', {
          ports: [{ containerPort: 53, protocol: 'UDP' }, { containerPort: 9153, protocol: 'TCP' }],
          livenessProbe: { tcpSocket: { port: 53 } },
        })],
      }));
      expect(m).toContain("no container of the pod declares TCP port 53 ('dns' declares UDP 53, TCP 9153; it declares 53 only as UDP, and a probe connects over TCP)");
    });

    test('warns for a container the user wrote in an injected pod, and for a container merely named like an agent', () => {
      // the pod is Istio-injected, but 'app' probes its own undeclared port, not the agent's /app-health/ path
      expect(messages(probePortNumber, pod({
        containers: [container('app', { ports: [{ containerPort: 8080 }], livenessProbe: { httpGet: { path: '/healthz', port: 9090 } } })],
      }, { annotations: { 'sidecar.istio.io/status': ISTIO_STATUS } }))).toHaveLength(1);
      // a container named 'vault-agent' is the Vault agent's only in a pod the Vault injector has marked as injected
      expect(messages(probePortNumber, pod({
        containers: [container('vault-agent', { readinessProbe: { httpGet: { path: '/', port: 8200 } } })],
      }))).toHaveLength(1);
      // an /app-health/ path in a pod Istio has not injected is the user's own
      expect(messages(probePortNumber, pod({
        containers: [container('app', { ports: [{ containerPort: 8080 }], livenessProbe: { httpGet: { path: '/app-health/app/livez', port: 15020 } } })],
      }))).toHaveLength(1);
    });
  });

  describe('compliant', () => {
    test('passes for numbers the container declares (TCP by default or explicitly), on every probe handler', () => {
      expect(run(probePortNumber, pod({
        containers: [container('app', {
          ports: [{ containerPort: 8080 }, { containerPort: 9090, protocol: 'TCP', name: 'metrics' }, { containerPort: 50051 }],
          startupProbe: { tcpSocket: { port: 8080 } },
          readinessProbe: { httpGet: { path: '/ready', port: 9090 } },
          livenessProbe: { grpc: { port: 50051 } },
        })],
      }))).toEqual([]);
    });

    test('passes for a port another container of the pod declares (the containers share the network namespace)', () => {
      // the CSI livenessprobe pattern: the driver's livenessProbe is answered by the sidecar that serves /healthz
      expect(run(probePortNumber, pod({
        containers: [
          container('driver', { livenessProbe: { httpGet: { path: '/healthz', port: 9808 } } }),
          container('liveness-probe', { ports: [{ containerPort: 9808, name: 'healthz' }] }),
        ],
      }))).toEqual([]);
      // a port declared by a native sidecar
      expect(run(probePortNumber, pod({
        initContainers: [sidecar('agent', { ports: [{ containerPort: 15020 }] })],
        containers: [container('app', { readinessProbe: { httpGet: { path: '/app', port: 15020 } } })],
      }))).toEqual([]);
    });
  });

  describe('not applicable', () => {
    test('leaves out plain init containers, which cannot have probes (PP-INIT-PROBE), and whose ports do not count', () => {
      expect(run(probePortNumber, pod({
        initContainers: [container('migrate', { ports: [{ containerPort: 8080 }], readinessProbe: { tcpSocket: { port: 5432 } } })],
        containers: [container('app', { ports: [{ containerPort: 80 }] })],
      }))).toEqual([]);
      // a plain init container has finished before the regular containers start: its port declares nothing for them
      expect(messages(probePortNumber, pod({
        initContainers: [container('migrate', { ports: [{ containerPort: 8080 }] })],
        containers: [container('app', { readinessProbe: { tcpSocket: { port: 8080 } } })],
      }))).toHaveLength(1);
    });

    test('leaves named ports to PP-PROBE-PORT-UNDECLARED', () => {
      const model = pod({ containers: [container('app', { ports: [{ containerPort: 8080, name: 'web' }], readinessProbe: { httpGet: { path: '/', port: 'http' } } })] });
      expect(run(probePortNumber, model)).toEqual([]);
      expect(run(probePortUndeclared, model).map(f => f.ruleId)).toEqual(['PP-PROBE-PORT-UNDECLARED']);
    });

    test('leaves out a port written as a string of digits: the kubelet would look it up as a name, and the API server rejects it', () => {
      expect(run(probePortNumber, pod({
        containers: [container('app', { ports: [{ containerPort: 8080 }], livenessProbe: { httpGet: { path: '/', port: '9090' } }, readinessProbe: { tcpSocket: { port: '9091' } } })],
      }))).toEqual([]);
    });

    test('leaves out numbers out of range (the API server rejects them) and exec probes', () => {
      expect(run(probePortNumber, pod({
        containers: [container('app', { livenessProbe: { httpGet: { path: '/', port: 0 } }, readinessProbe: { grpc: { port: 70000 } }, startupProbe: { exec: { command: ['true'] } } })],
      }))).toEqual([]);
    });

    test('leaves out probes sent to another host (httpGet.host, tcpSocket.host)', () => {
      expect(run(probePortNumber, pod({
        containers: [container('app', {
          ports: [{ containerPort: 8080 }],
          livenessProbe: { httpGet: { host: 'localhost', path: '/healthz', port: 29653 } },
          readinessProbe: { tcpSocket: { host: '10.0.0.1', port: 5432 } },
        })],
      }))).toEqual([]);
    });

    test('leaves out hostNetwork pods, where the pod IP is the node\'s', () => {
      const spec = { containers: [container('agent', { livenessProbe: { httpGet: { path: '/healthz', port: 9808 } } })] };
      expect(run(probePortNumber, pod({ ...spec, hostNetwork: true }))).toEqual([]);
      expect(run(probePortNumber, pod({ ...spec, hostNetwork: false }))).toHaveLength(1);
    });

    test('leaves out lifecycle hooks, as kube-linter does', () => {
      expect(run(probePortNumber, pod({
        containers: [container('app', { ports: [{ containerPort: 8080 }], lifecycle: { preStop: { httpGet: { path: '/quitquitquit', port: 9091 } }, postStart: { tcpSocket: { port: 9092 } } } })],
      }))).toEqual([]);
    });

    test('leaves out the containers injectors added: istio-proxy (15021 while it declares 15090), linkerd-proxy, the Vault agent', () => {
      // istio's injection output (pkg/kube/inject/testdata/inject/*.injected): a native sidecar istio-proxy
      expect(run(probePortNumber, pod({
        initContainers: [sidecar('istio-proxy', {
          ports: [{ containerPort: 15090, name: 'http-envoy-prom', protocol: 'TCP' }],
          readinessProbe: { httpGet: { path: '/healthz/ready', port: 15021 } },
          startupProbe: { httpGet: { path: '/healthz/ready', port: 15021 } },
        })],
        containers: [container('app', { ports: [{ containerPort: 80 }] })],
      }, { annotations: { 'sidecar.istio.io/status': ISTIO_STATUS } }))).toEqual([]);
      // classic mode, without the status annotation: the container name tells
      expect(run(probePortNumber, pod({
        containers: [container('app'), container('istio-proxy', { readinessProbe: { httpGet: { path: '/healthz/ready', port: 15021 } } })],
      }))).toEqual([]);
      // a container the status annotation lists under another name
      expect(run(probePortNumber, pod({
        containers: [container('app'), container('mesh-agent', { readinessProbe: { tcpSocket: { port: 15021 } } })],
      }, { annotations: { 'sidecar.istio.io/status': '{"containers":["mesh-agent"]}' } }))).toEqual([]);
      // Linkerd's proxy probes its admin port 4191 (declared as linkerd-admin in linkerd's output; here not, to show the rule skips it)
      expect(run(probePortNumber, pod({
        containers: [container('app'), container('linkerd-proxy', { livenessProbe: { httpGet: { path: '/live', port: 4191 } }, readinessProbe: { httpGet: { path: '/ready', port: 4191 } } })],
      }, { annotations: { 'linkerd.io/proxy-version': 'stable-2.14.10' } }))).toEqual([]);
      expect(run(probePortNumber, pod({
        containers: [container('app'), container('vault-agent', { readinessProbe: { httpGet: { path: '/', port: 8200 } } })],
      }, { annotations: { 'vault.hashicorp.com/agent-inject-status': 'injected' } }))).toEqual([]);
    });

    test('leaves out the app probes Istio rewrote to its agent (/app-health/<container>/... on 15020)', () => {
      const spec = {
        containers: [
          container('hello', { ports: [{ containerPort: 80, name: 'http' }], livenessProbe: { httpGet: { path: '/app-health/hello/livez', port: 15020 } }, readinessProbe: { httpGet: { path: '/app-health/hello/readyz', port: 15020 } } }),
          container('world', { startupProbe: { httpGet: { path: '/app-health/world/startupz', port: 15020 } } }),
        ],
        initContainers: [sidecar('istio-proxy', { ports: [{ containerPort: 15090 }] })],
      };
      expect(run(probePortNumber, pod(spec, { annotations: { 'sidecar.istio.io/status': ISTIO_STATUS } }))).toEqual([]);
      expect(run(probePortNumber, pod(spec))).toEqual([]);
      // the path names the container: another container's /app-health/ path is not the rewrite of this one's probe
      expect(messages(probePortNumber, pod({
        containers: [container('hello', { livenessProbe: { httpGet: { path: '/app-health/world/livez', port: 15020 } } })],
        initContainers: [sidecar('istio-proxy', { ports: [{ containerPort: 15090 }] })],
      }))).toHaveLength(1);
    });
  });
});
