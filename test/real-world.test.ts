import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { cli } from './cli-helpers';
import { podSpecPathOf } from '../lib/manifest/manifest-model';
import { manifestFilesUnder, readManifests } from '../lib/manifest/manifest-reader';

/**
 * The CLI over manifests written by others (test/fixtures/real-world, origins in its SOURCES.md): Kubernetes docs
 * examples, service-mesh injector output, CSI drivers, operators' install manifests. Kubernetes accepts every one of
 * them, so the check must raise no error on any, at the oldest, a middle and the newest version it supports; and every
 * warning it raises there is one the rule's documentation (docs/rules.md) stands by, listed file by file below.
 */

const CORPUS = path.join(__dirname, 'fixtures', 'real-world');
const VERSIONS = ['1.29', '1.33', '1.36'];

/**
 * The warnings each file raises (rule IDs), reviewed one by one; the same on every version:
 *
 * - PP-IMAGE-TAG: the image is `:latest` or untagged as written (Argo CD's kustomize bases before their release
 *   overlay, istio's and the docs' examples, busybox init containers), so replicas may run different code.
 * - No PP-TMPFS-HEADROOM: the injected `istio-envoy` and `linkerd-identity-end-entity` volumes are `medium: Memory`
 *   without a sizeLimit, but the injector owns them (the user would edit them only to have the injector put them back),
 *   so the rule leaves them out and says so in docs/rules.md.
 * - PP-PORT-NAME-REPEATED: two containers name a port alike (`healthz` in the CSI hostpath plugin, `http` in
 *   istio's two-container hello), so a Service `targetPort` of that name picks whichever comes first.
 * - PP-JOB-SUSPECTED-SIDECAR: a Cloud SQL proxy (cloud-sql-proxy's `job_with_shutdown_hook.yaml`, which itself says a
 *   native sidecar is better; its folded `>` command even joins the `curl .../quitquitquit` onto the batch command's
 *   line, so the proxy is never told to quit) or an istio-proxy (istio's pre-native-sidecar CronJob injection) runs as
 *   a regular container of a Job, which then never completes; and the Kubernetes docs' own "legacy-style sidecar"
 *   (`job-sidecar-legacy.yaml`), a regular container running `tail -F`, shown there as what native sidecars fix.
 * - PP-PROBE-IDENTICAL: the liveness and readiness probes are one check (Argo CD's redis-ha `haproxy` httpGet
 *   `/healthz` and `sentinel` script; microservices-demo's gRPC health checks of adservice, currencyservice, cartservice):
 *   a replica that is only slow or waiting on a dependency is restarted, not just taken out of its Service (kube-score
 *   `container-probes-identical`).
 * - No PP-PROBE-PORT-NUMBER: every probe on a number is on a declared port, but for three kinds the rule leaves out
 *   and docs/rules.md says why: csi-driver-nfs's driver probes the `livenessprobe` sidecar's 29652/29653 with
 *   `host: localhost` in a hostNetwork pod (the kubelet dials the node's localhost, where the sidecar listens);
 *   istio's injected `istio-proxy` probes its status port 15021 while declaring only 15090 (the injector writes it,
 *   not the user); and in `hello-probes.yaml` the app probes Istio rewrote to `/app-health/<container>/...` on the
 *   agent's port 15020. Linkerd's proxy probes 4191, which it declares (`linkerd-admin`).
 */
const WARNINGS: { readonly [file: string]: readonly string[] } = {
  'argo-cd/argocd-dex-server-deployment.yaml': ['PP-IMAGE-TAG'],
  'argo-cd/argocd-redis-deployment.yaml': ['PP-IMAGE-TAG'],
  'argo-cd/argocd-repo-server-deployment.yaml': ['PP-IMAGE-TAG'],
  'argo-cd/upstream.yaml': ['PP-PROBE-IDENTICAL'],
  'cloud-sql-proxy/job_with_shutdown_hook.yaml': ['PP-IMAGE-TAG', 'PP-JOB-SUSPECTED-SIDECAR'],
  'cloud-sql-proxy/job_with_sidecar.yaml': ['PP-IMAGE-TAG'],
  'csi-driver-host-path/csi-hostpath-plugin-1.34.yaml': ['PP-PORT-NAME-REPEATED'],
  'csi-driver-host-path/csi-hostpath-plugin-distributed.yaml': ['PP-PORT-NAME-REPEATED'],
  'csi-driver-nfs/csi-nfs-controller.yaml': [],
  'csi-driver-nfs/csi-nfs-node.yaml': [],
  'flannel/kube-flannel.yml': [],
  'istio/cronjob-old-version.yaml': ['PP-IMAGE-TAG', 'PP-JOB-SUSPECTED-SIDECAR'],
  'istio/cronjob.yaml': ['PP-IMAGE-TAG'],
  'istio/daemonset.yaml': ['PP-IMAGE-TAG'],
  'istio/frontend.yaml': ['PP-IMAGE-TAG'],
  'istio/hello-probes.yaml': ['PP-IMAGE-TAG', 'PP-PORT-NAME-REPEATED'],
  'kube-prometheus/blackboxExporter-deployment.yaml': [],
  'kube-prometheus/kubeStateMetrics-deployment.yaml': [],
  'kube-prometheus/nodeExporter-daemonset.yaml': [],
  'kube-prometheus/prometheusOperator-deployment.yaml': [],
  'kubernetes-engine-samples/custom-metrics-prometheus-sd.yaml': [],
  'kubernetes-engine-samples/hubble-ui-std.yaml': [],
  'kubernetes-engine-samples/mmap-count.yaml': [],
  'kubernetes-engine-samples/mysql-statefulset.yaml': [],
  'kubernetes-examples/es-rc.yaml': ['PP-IMAGE-TAG'],
  'kubernetes-examples/javaweb.yaml': [],
  'kubernetes-examples/redis-master.yaml': [],
  'kubernetes-website/deployment-sidecar.yaml': ['PP-IMAGE-TAG'],
  'kubernetes-website/init-containers.yaml': ['PP-IMAGE-TAG'],
  'kubernetes-website/job-sidecar-legacy.yaml': ['PP-IMAGE-TAG', 'PP-JOB-SUSPECTED-SIDECAR'],
  'kubernetes-website/job-sidecar.yaml': ['PP-IMAGE-TAG'],
  'kubernetes-website/mysql-statefulset.yaml': [],
  'kubernetes-website/startup-coordination.yaml': [],
  'kubernetes-website/two-files-counter-pod-streaming-sidecar.yaml': [],
  'linkerd2/inject_emojivoto_deployment.golden.yml': [],
  'linkerd2/inject_emojivoto_list.golden.yml': [],
  'linkerd2/inject_emojivoto_pod_nativesidecar.golden.yml': [],
  'linkerd2/inject_emojivoto_statefulset.golden.yml': [],
  'microservices-demo/kubernetes-manifests.yaml': ['PP-PROBE-IDENTICAL'],
};

/** Corpus files relative to the corpus directory, with `/` separators. */
function corpusFiles(): string[] {
  return manifestFilesUnder(CORPUS, []).map(f => path.relative(CORPUS, f).split(path.sep).join('/')).sort();
}

/** The rows of SOURCES.md: local path, repository, path in repository, commit, licence, git blob id. */
function sources(): Array<{ file: string; repo: string; upstream: string; commit: string; licence: string; blob: string }> {
  const rows = fs.readFileSync(path.join(CORPUS, 'SOURCES.md'), 'utf8').split('\n').filter(l => l.startsWith('| `'));
  return rows.map(l => {
    const [file, repo, upstream, commit, licence, blob] = l.split('|').slice(1, -1).map(c => c.trim().replace(/^`|`$/g, ''));
    return { file, repo, upstream, commit, licence, blob };
  });
}

/** `git hash-object`: the id git gives a file's bytes. */
function gitBlobId(file: string): string {
  const bytes = fs.readFileSync(file);
  return crypto.createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

describe('real-world corpus (test/fixtures/real-world)', () => {
  test('SOURCES.md names the origin, commit and licence of every file, and the bytes are the ones it names', () => {
    const rows = sources();
    expect(rows.map(r => r.file).sort()).toEqual(corpusFiles());
    for (const r of rows) {
      expect({ file: r.file, repo: r.repo, commit: r.commit, licence: r.licence }).toEqual({
        file: r.file,
        repo: expect.stringMatching(/^[\w.-]+\/[\w.-]+$/),
        commit: expect.stringMatching(/^[0-9a-f]{40}$/),
        licence: expect.stringMatching(/^(Apache-2\.0|CC-BY-4\.0)$/),
      });
      expect({ file: r.file, blob: gitBlobId(path.join(CORPUS, r.file)) }).toEqual({ file: r.file, blob: r.blob });
    }
  });

  test('at least 30 files from at least 8 projects, each with a pod of two or more containers (init or regular)', () => {
    const rows = sources();
    expect(rows.length).toBeGreaterThanOrEqual(30);
    expect(new Set(rows.map(r => r.repo)).size).toBeGreaterThanOrEqual(8);
    const read = readManifests([CORPUS]);
    expect(read.errors).toEqual([]);
    const largest = new Map<string, number>();
    for (const m of read.objects) {
      let spec: any = m.object;
      for (const key of podSpecPathOf(m.object) ?? ['(none)']) spec = spec?.[key];
      const n = (spec?.containers?.length ?? 0) + (spec?.initContainers?.length ?? 0);
      const file = path.relative(CORPUS, m.file).split(path.sep).join('/');
      largest.set(file, Math.max(largest.get(file) ?? 0, n));
    }
    expect(corpusFiles().filter(f => (largest.get(f) ?? 0) < 2)).toEqual([]);
  });

  test('the table of warnings lists every file of the corpus', () => {
    expect(Object.keys(WARNINGS).sort()).toEqual(corpusFiles());
  });

  describe.each(VERSIONS)('Kubernetes %s, with schema validation', version => {
    let json: any;
    let code: number;
    beforeAll(async () => {
      // with the API schemas the package ships for the version
      const r = await cli(['check', '--k8s-version', version, '--format', 'json', CORPUS]);
      json = JSON.parse(r.out);
      code = r.code;
    }, 120_000);

    test('no error: every object is read, no schema problem, no error-level rule finding', () => {
      expect(json.inputErrors).toEqual([]);
      expect(json.findings.filter((f: any) => f.severity === 'error')).toEqual([]);
      expect(json.files).toBe(Object.keys(WARNINGS).length);
      expect(code).toBe(0);
    });

    test('the warnings of each file are the reviewed ones', () => {
      const found: { [file: string]: string[] } = {};
      for (const f of corpusFiles()) found[f] = [];
      for (const f of json.findings) {
        const file = path.relative(CORPUS, f.file).split(path.sep).join('/');
        if (!found[file].includes(f.ruleId)) found[file].push(f.ruleId);
      }
      for (const ids of Object.values(found)) ids.sort();
      expect(found).toEqual(WARNINGS);
    });
  });
});
