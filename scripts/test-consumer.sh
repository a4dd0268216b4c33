#!/usr/bin/env bash
# A consumer project compiles against the package as npm would install it: `npm pack` of the compiled library (out/*.d.ts),
# installed into a temporary project with cdk8s, cdk8s-plus-30 and constructs, type-checked with `tsc --noEmit`
# (strict, skipLibCheck off, so the package's .d.ts are checked too) by each TypeScript in TS_VERSIONS.
# Each compiler also checks that a mixin without `name` is refused ("Property 'name' is missing").
#
#   npm run test:consumer                          # TypeScript 5.0, 5.9 and 7.0 (npm's typescript@7, the native compiler)
#   TS_VERSIONS="~5.9.0" npm run test:consumer     # one version
#   KEEP=1 npm run test:consumer                   # keep the temporary directory and print where it is
#
# Needs the npm registry. Compiles the library first (jsii) unless out/index.d.ts is newer than every file in lib/.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
TS_VERSIONS=${TS_VERSIONS:-"~5.0.0 ~5.9.0 ~7.0.0"}

fail() { echo "test:consumer: FAILED: $*" >&2; exit 1; }

if [ ! -f out/index.d.ts ] || [ -n "$(find lib -name '*.ts' -newer out/index.d.ts | head -1)" ]; then
  echo "test:consumer: compiling the library (out/ is missing or older than lib/)"
  npx jsii --silence-warnings=reserved-word >/dev/null || fail "the library does not compile (npx projen compile)"
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/pod-patterns-consumer.XXXXXX")
if [ -z "${KEEP:-}" ]; then trap 'rm -rf "$WORK"' EXIT; else echo "test:consumer: keeping $WORK"; fi

TARBALL=$(npm pack --silent --pack-destination "$WORK" | tail -1)
[ -f "$WORK/$TARBALL" ] || fail "npm pack did not produce a tarball"

# The peer dependencies at the versions the library is developed against (its devDependencies).
dep() { node -p "require('./package.json').devDependencies['$1']"; }
mkdir -p "$WORK/consumer/src" "$WORK/consumer/refused"
cat > "$WORK/consumer/package.json" <<EOF
{
  "name": "pod-patterns-consumer",
  "private": true,
  "dependencies": {
    "cdk8s": "$(dep cdk8s)",
    "cdk8s-plus-30": "$(dep cdk8s-plus-30)",
    "constructs": "$(dep constructs)",
    "cdk8s-pod-patterns": "file:../$TARBALL"
  }
}
EOF
# The tsconfig a consumer would write: strict, Node module resolution, no skipLibCheck (the .d.ts are checked too).
for dir in "$WORK/consumer" "$WORK/consumer/refused"; do
  cat > "$dir/tsconfig.json" <<'EOF'
{
  "compilerOptions": {
    "strict": true,
    "noEmit": true,
    "skipLibCheck": false,
    "target": "ES2022",
    "module": "Node16",
    "moduleResolution": "Node16",
    "types": []
  },
  "include": ["*.ts", "src/*.ts"]
}
EOF
done

cat > "$WORK/consumer/src/app.ts" <<'EOF'
import { App, Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-30';
import {
  EffectiveRequests, KubernetesTarget, PodChecks, PodReport, QosClass, WaitTarget, WithAdapter, WithAmbassador,
  WithClassicSidecar, WithContainerAutoscaling, WithInitStep, WithNativeSidecar, WithPodChecks, WithWaitFor,
} from 'cdk8s-pod-patterns';

const app = new App();
KubernetesTarget.set(app, { version: '1.30' });
const chart = new Chart(app, 'web');
const config = kplus.Volume.fromEmptyDir(chart, 'config', 'config');
const web = new kplus.Deployment(chart, 'web-app', { containers: [{ name: 'app', image: 'mycompany/web:1.6.0', ports: [{ number: 8080 }] }] });
web.with(
  new WithWaitFor({ name: 'wait-for-postgres', target: WaitTarget.tcp('postgres-service', 5432), timeout: Duration.minutes(5) }),
  new WithInitStep({ name: 'fetch-config', image: 'curlimages/curl:8.11.1', volumeMounts: [{ path: '/config', volume: config }] }),
  new WithNativeSidecar({ name: 'log-shipper', image: 'grafana/promtail:3.4.0', startup: kplus.Probe.fromHttpGet('/ready', { port: 3101 }) }),
  new WithAmbassador({ name: 'redis-ambassador', image: 'kuiken/twemproxy:0.5', ports: [{ number: 6379 }], appUrlEnv: 'REDIS_URL', urlScheme: 'redis' }),
  new WithContainerAutoscaling({ container: 'app', minReplicas: 3, maxReplicas: 30, cpuUtilization: 70 }),
);
const worker = new kplus.Deployment(chart, 'worker', { containers: [{ name: 'worker', image: 'mycompany/worker:1.6.0' }] });
worker.with(new WithClassicSidecar({ name: 'shipper', image: 'grafana/promtail:3.4.0' }), new WithAdapter({ name: 'exporter', image: 'bitnami/jmx-exporter:1.0.1' }));
PodChecks.acknowledge(web, 'PP-INIT-STEP-REPLICAS', 'fetching configuration is safe to repeat');
app.with(new WithPodChecks({ strict: true }));
const report: PodReport = PodReport.of(web);
const burstable: boolean = report.qosClass === QosClass.BURSTABLE;
const cpu: number | undefined = EffectiveRequests.of(web).cpu;
export { burstable, cpu };
EOF

cat > "$WORK/consumer/refused/missing-name.ts" <<'EOF'
import { WithNativeSidecar } from 'cdk8s-pod-patterns';
export const sidecar = new WithNativeSidecar({ image: 'grafana/promtail:3.4.0' });
EOF

echo "test:consumer: installing the packed library ($TARBALL) into a consumer project"
(cd "$WORK/consumer" && npm install --no-audit --no-fund --silent >"$WORK/install.log" 2>&1) \
  || { cat "$WORK/install.log" >&2; fail "npm install of the consumer project"; }

RESULTS=()
for v in $TS_VERSIONS; do
  dir="$WORK/ts-$(echo "$v" | tr -c 'A-Za-z0-9.\n' '_')"
  mkdir -p "$dir"
  (cd "$dir" && echo '{"private":true}' > package.json && npm install --no-audit --no-fund --silent "typescript@$v" >install.log 2>&1) \
    || { cat "$dir/install.log" >&2; fail "npm install typescript@$v"; }
  tsc="$dir/node_modules/.bin/tsc"
  version=$("$tsc" --version)
  # ./node_modules of the consumer: the compiler resolves the packages from the project, not from its own folder
  if ! out=$(cd "$WORK/consumer" && "$tsc" -p tsconfig.json 2>&1); then
    echo "$out" >&2
    fail "typescript@$v ($version) does not compile a consumer of the package (above: tsc --noEmit)"
  fi
  if out=$(cd "$WORK/consumer/refused" && "$tsc" -p tsconfig.json 2>&1); then
    fail "typescript@$v ($version) accepted a WithNativeSidecar without 'name'"
  fi
  if ! grep -q "Property 'name' is missing" <<<"$out"; then
    echo "$out" >&2
    fail "typescript@$v ($version) refused the consumer without 'name' for another reason than the missing name"
  fi
  RESULTS+=("$version")
  echo "test:consumer: typescript@$v ($version): the consumer compiles; a mixin without 'name' is refused"
done
echo "test:consumer: ${#RESULTS[@]} passed, 0 failed"
