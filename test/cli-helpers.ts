import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CliIo, main } from '../lib/cli/cli';

/** Shared by the CLI and schema tests: run `main` in-process with captured output, temporary files, a tiny schema. */

export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs the CLI in-process; the environment is empty unless given (so no K8S_SCHEMA_DIR leaks in). */
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
 * A tiny definitions file in the cdk8s-team/cdk8s layout: a core/v1 `Widget` (no such kind in Kubernetes) and an
 * apps/v1 `Gadget`, so the validator's logic and the schema lookup are tested apart from the real schemas.
 */
export const MINI_SCHEMA = {
  definitions: {
    'io.k8s.api.core.v1.Widget': {
      'type': 'object',
      'required': ['spec'],
      'properties': {
        apiVersion: { type: 'string' },
        kind: { type: 'string', enum: ['Widget'] },
        metadata: { $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
        spec: { $ref: '#/definitions/io.k8s.api.core.v1.WidgetSpec' },
      },
      'x-kubernetes-group-version-kind': [{ group: '', kind: 'Widget', version: 'v1' }],
    },
    'io.k8s.api.core.v1.WidgetSpec': {
      type: 'object',
      required: ['size'],
      properties: {
        size: { $ref: '#/definitions/io.k8s.apimachinery.pkg.api.resource.Quantity' },
        port: { $ref: '#/definitions/io.k8s.apimachinery.pkg.util.intstr.IntOrString' },
        replicas: { type: 'integer', format: 'int32' },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        items: { 'type': 'array', 'items': { type: 'string' }, 'x-kubernetes-list-type': 'atomic' },
      },
    },
    'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta': {
      type: 'object',
      properties: { name: { type: 'string' }, creationTimestamp: { type: 'string', format: 'date-time' } },
    },
    'io.k8s.apimachinery.pkg.api.resource.Quantity': { oneOf: [{ type: 'string' }, { type: 'number' }] },
    'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { oneOf: [{ type: 'string' }, { type: 'integer' }], format: 'int-or-string' },
    'io.k8s.api.apps.v1.Gadget': {
      'type': 'object',
      'properties': { apiVersion: { type: 'string' }, kind: { type: 'string' } },
      'x-kubernetes-group-version-kind': [{ group: 'apps', kind: 'Gadget', version: 'v1' }],
    },
  },
};

/** A fresh schema folder (`vX.Y.0/_definitions.json`) holding MINI_SCHEMA for each of `versions` (`1.30`). */
export function miniSchemaDir(...versions: string[]): string {
  return writeFiles(Object.fromEntries(versions.map(v => [`v${v}.0/_definitions.json`, JSON.stringify(MINI_SCHEMA)])));
}

/** A Widget manifest (MINI_SCHEMA) whose spec has the misspelled field `replicaz`. */
export const WIDGET_YAML = 'apiVersion: v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: 1Gi\n  replicaz: 2\n';

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
