import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CliIo, main } from '../lib/cli';

/** Shared by the CLI tests: run `main` in-process with captured output, temporary files, the schema directory. */

export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs the CLI in-process; the environment is empty unless given (so no schema directory leaks in). */
export async function cli(args: readonly string[], io: Partial<CliIo> = {}): Promise<CliRun> {
  let out = '';
  let err = '';
  const code = await main(args, {
    stdout: t => {
      out += t;
    },
    stderr: t => {
      err += t;
    },
    env: {},
    stderrIsTTY: false,
    cacheDir: path.join(os.tmpdir(), 'cdk8s-pod-patterns-test-no-cache'),
    ...io,
  });
  return { code, out, err };
}

/** A fresh temporary directory, removed after the test file. */
export function tmpDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-pod-patterns-'));
  TMP_DIRS.push(dir);
  return dir;
}

const TMP_DIRS: string[] = [];
afterAll(() => {
  for (const d of TMP_DIRS) fs.rmSync(d, { recursive: true, force: true });
});

/** Writes `files` (name -> text or bytes) into a fresh temporary directory and returns it. */
export function writeFiles(files: { [name: string]: string | Buffer }): string {
  const dir = tmpDir();
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

/**
 * The Kubernetes schema directory of the environment (`.ci/run` sets it; locally:
 * `export K8S_SCHEMA_DIR=/work/shared/k8s-schemas`). Undefined when unset or missing.
 */
export const SCHEMA_DIR: string | undefined = process.env.K8S_SCHEMA_DIR && fs.existsSync(process.env.K8S_SCHEMA_DIR)
  ? path.resolve(process.env.K8S_SCHEMA_DIR)
  : undefined;

/** `describe`, or `describe.skip` with a visible warning when no schemas are available. */
export function describeWithSchemas(name: string, fn: (schemaDir: string) => void): void {
  if (SCHEMA_DIR) {
    describe(name, () => fn(SCHEMA_DIR!));
    return;
  }
  // eslint-disable-next-line no-console
  console.warn(`SKIPPED "${name}": K8S_SCHEMA_DIR is not set (or does not exist), so the schema validation tests do not run. `
    + 'Set K8S_SCHEMA_DIR to a directory of vX.Y.0/_definitions.json (e.g. ../shared/k8s-schemas) to run them.');
  describe.skip(name, () => fn(''));
}

/** Minimal valid Deployment YAML. */
export function deploymentYaml(name: string, extra: { replicas?: number; namespace?: string } = {}): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    ...(extra.namespace ? [`  namespace: ${extra.namespace}`] : []),
    'spec:',
    ...(extra.replicas !== undefined ? [`  replicas: ${extra.replicas}`] : []),
    '  selector:',
    '    matchLabels:',
    `      app: ${name}`,
    '  template:',
    '    metadata:',
    '      labels:',
    `        app: ${name}`,
    '    spec:',
    '      containers:',
    '        - name: app',
    '          image: ghcr.io/example/app:1.0.0',
    '          resources:',
    '            requests:',
    '              cpu: 100m',
    '              memory: 64Mi',
    '            limits:',
    '              memory: 64Mi',
  ].join('\n');
}

/** Minimal autoscaling/v2 HPA YAML scaling `target` (a Deployment) on CPU. */
export function hpaYaml(name: string, target: string): string {
  return [
    'apiVersion: autoscaling/v2',
    'kind: HorizontalPodAutoscaler',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    '  scaleTargetRef:',
    '    apiVersion: apps/v1',
    '    kind: Deployment',
    `    name: ${target}`,
    '  maxReplicas: 5',
    '  metrics:',
    '    - type: Resource',
    '      resource:',
    '        name: cpu',
    '        target:',
    '          type: Utilization',
    '          averageUtilization: 70',
  ].join('\n');
}
