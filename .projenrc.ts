import { cdk8s, javascript } from 'projen';

const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-pod-patterns',
  description: 'Kubernetes multi-container pod patterns (native sidecars, init containers, ambassadors, adapters) as typed, checked cdk8s mixins.',
  author: 'cdk8s-pod-patterns developers',
  authorAddress: 'dev@example.com',
  repositoryUrl: 'https://example.com/cdk8s-pod-patterns.git',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  sampleCode: false,
  github: false,
  release: false,
  srcdir: 'lib',
  libdir: 'out',
  entrypoint: 'out/index.js',
  jsiiVersion: '~6.0.0',
  typescriptVersion: '~5.9.0',
  cdk8sVersion: '2.70.0',
  constructsVersion: '10.5.0',
  cdk8sVersionPinning: false,
  keywords: ['cdk8s', 'kubernetes', 'sidecar', 'init-container', 'ambassador', 'adapter', 'mixin'],
  bundledDeps: ['js-yaml@^4', 'ajv@^8', 'ajv-formats@^3'],
  // cdk8s-cli: the end-to-end test of PodChecksValidation runs the real `cdk8s synth` (test/pod-checks-validation.e2e.test.ts)
  devDeps: ['@types/node@^20', '@types/js-yaml@^4', 'fast-check@^3', 'cdk8s-cli@^2', 'yaml@^2'],
  bin: { 'cdk8s-pod-patterns': 'bin/cdk8s-pod-patterns' },
  docgen: true,
  eslintOptions: { dirs: ['lib'], devdirs: ['test', 'examples', 'scripts', 'bench', 'projenrc'] },
  jestOptions: {
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      // jest's default on a 2-core machine is one worker; two keep `npm test` well under a minute
      maxWorkers: 2,
      collectCoverage: false,
      testPathIgnorePatterns: ['/node_modules/', '/out/', '/dist/'],
      // the checks' warnings are captured, and a test fails on one it did not assert (test/setup/warnings.ts)
      setupFilesAfterEnv: ['<rootDir>/test/setup/warnings.ts'],
    },
  },
  tsconfigDev: {
    include: ['examples/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    compilerOptions: {},
  },
  gitignore: ['/dist/', '/bench/.out/'],
  // schemas/ (the Kubernetes API schemas the CLI validates with) ships in the package: it is not ignored here
  // the package ships docs/ (the README links there) and schemas/, never CI or development scripts
  npmIgnoreOptions: { ignorePatterns: ['/examples/', '/bench/', '/scripts/', '/.ci/', '/dist/'] },
});

// Peer dependencies as the issue asks: cdk8s ^2.70, cdk8s-plus-30 ^2.4, constructs ^10.5.
project.addPeerDeps('cdk8s-plus-30@^2.4.10');

// The main job: synthesize the catalogue in examples/ into dist/ and print one line per workload.
const synth = project.addTask('synth', {
  description: 'Compile the library and synthesize every example in examples/ into dist/*.k8s.yaml',
});
synth.spawn(project.compileTask);
synth.exec('ts-node --project examples/tsconfig.json examples/synth.ts', { receiveArgs: true });

project.addTask('bench', {
  description: 'Benchmark: the mixins against hand-written cdk8s-plus at synth (--cli: also the CLI over 10,000 objects)',
  exec: 'node --expose-gc -r ts-node/register/transpile-only bench/run.ts',
  receiveArgs: true,
});

project.addTask('test:compat', {
  description: 'Run the compat tests and the examples against the newest cdk8s 2.x, cdk8s-plus-30 2.x and constructs 10.x, in a temporary copy',
  exec: 'bash scripts/test-compat.sh',
});

project.addTask('docs', {
  description: 'Regenerate docs/rules.md and docs/catalogue.md from the sources',
  exec: 'ts-node --project examples/tsconfig.json scripts/gen-docs.ts',
});

// A consumer project type-checks against the packed library (out/*.d.ts) with TypeScript 5.0, 5.9 and 7.0.
// Not part of `npm test` (it installs from the npm registry and takes a minute or two): run it in CI after the tests.
project.addTask('test:consumer', {
  description: 'Pack the library and type-check a consumer project against its .d.ts with TypeScript 5.x and 7 (tsc --noEmit)',
  exec: 'bash scripts/test-consumer.sh',
});

project.addTask('schemas', {
  description: 'Regenerate schemas/ (the shipped Kubernetes API schemas) from a schema folder (default ../shared/k8s-schemas)',
  exec: 'ts-node --project examples/tsconfig.json scripts/gen-schemas.ts',
  receiveArgs: true,
});
project.gitattributes.addAttributes('/schemas/*.gz', 'binary', 'linguist-generated');

// The layers of lib/ and the direction of their imports (docs/decisions/00-architecture.md). A wrong-way import fails
// eslint, and so `npm test`.
const LAYERS = ['model', 'accounting', 'checks', 'report', 'manifest', 'synth', 'mixins', 'cli'];
const CORE = ['effective-limits', 'effective-requests', 'pod-checks', 'pod-qos', 'pod-report', 'report-of-model'].map(f => `./lib/${f}.ts`);
const MAY_IMPORT: { [layer: string]: string[] } = {
  model: [],
  accounting: ['model'],
  checks: ['model', 'accounting'],
  report: ['model', 'accounting', 'checks'],
  manifest: ['model'],
  synth: ['model', 'accounting', 'checks', 'report', 'manifest'],
  mixins: ['model', 'checks', 'synth'],
  cli: ['model', 'accounting', 'checks', 'report', 'manifest'],
};
project.eslint?.addRules({
  'import/no-restricted-paths': ['error', {
    zones: [
      ...LAYERS.map(layer => ({
        target: `./lib/${layer}`,
        from: [...LAYERS.filter(l => l !== layer && !MAY_IMPORT[layer].includes(l)).map(l => `./lib/${l}`), ...CORE],
        message: `lib/${layer} may import only ${MAY_IMPORT[layer].map(l => `lib/${l}`).join(', ') || 'nothing of ours'} (docs/decisions/00-architecture.md)`,
      })),
      {
        target: CORE,
        from: ['./lib/mixins', './lib/cli'],
        message: 'nothing but lib/index.ts imports the mixins or the CLI (docs/decisions/00-architecture.md)',
      },
    ],
  }],
});

project.synth();
