import * as path from 'path';
import * as ts from 'typescript';

/**
 * What a TypeScript consumer's compiler says about the mixins' props: consumer files type-checked against the package
 * entry point (`cdk8s-pod-patterns` mapped to lib/index.ts, whose types are those of the emitted .d.ts;
 * scripts/test-consumer.sh checks the emitted .d.ts themselves with TypeScript 5 and 7).
 */
const root = path.join(__dirname, '..');

function diagnostics(sources: { [file: string]: string }): string[] {
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    baseUrl: root,
    paths: { 'cdk8s-pod-patterns': ['lib/index.ts'] },
  };
  const files = new Map(Object.entries(sources).map(([name, text]) => [path.join(root, 'test', `__consumer_${name}__.ts`), text]));
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile;
  host.getSourceFile = (f, lang, ...rest) =>
    files.has(f) ? ts.createSourceFile(f, files.get(f)!, lang) : getSourceFile.call(host, f, lang, ...rest);
  const fileExists = host.fileExists;
  host.fileExists = f => files.has(f) || fileExists.call(host, f);
  const program = ts.createProgram([...files.keys()], options, host);
  return [...files.keys()].flatMap(f => ts.getPreEmitDiagnostics(program, program.getSourceFile(f))
    .map(d => `${path.basename(f)}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`));
}

const IMPORTS = "import { WithAdapter, WithAmbassador, WithClassicSidecar, WithInitStep, WithNativeSidecar } from 'cdk8s-pod-patterns';\n";

describe('PatternContainerProps', () => {
  test('fails to compile when a consumer leaves out name, for every container mixin', () => {
    expect(diagnostics({
      missing: IMPORTS + [
        "new WithNativeSidecar({ image: 'grafana/promtail:3.4.0' });",
        "new WithClassicSidecar({ image: 'grafana/promtail:3.4.0' });",
        "new WithInitStep({ image: 'mycompany/migrate:1.6.0' });",
        "new WithAmbassador({ image: 'kuiken/twemproxy:0.5' });",
        "new WithAdapter({ image: 'bitnami/jmx-exporter:1.0.1' });",
      ].join('\n'),
    })).toEqual([
      "__consumer_missing__.ts: Argument of type '{ image: string; }' is not assignable to parameter of type 'WithNativeSidecarProps'.\n"
        + "  Property 'name' is missing in type '{ image: string; }' but required in type 'WithNativeSidecarProps'.",
      "__consumer_missing__.ts: Argument of type '{ image: string; }' is not assignable to parameter of type 'WithClassicSidecarProps'.\n"
        + "  Property 'name' is missing in type '{ image: string; }' but required in type 'WithClassicSidecarProps'.",
      "__consumer_missing__.ts: Argument of type '{ image: string; }' is not assignable to parameter of type 'WithInitStepProps'.\n"
        + "  Property 'name' is missing in type '{ image: string; }' but required in type 'WithInitStepProps'.",
      "__consumer_missing__.ts: Argument of type '{ image: string; }' is not assignable to parameter of type 'WithAmbassadorProps'.\n"
        + "  Property 'name' is missing in type '{ image: string; }' but required in type 'WithAmbassadorProps'.",
      "__consumer_missing__.ts: Argument of type '{ image: string; }' is not assignable to parameter of type 'WithAdapterProps'.\n"
        + "  Property 'name' is missing in type '{ image: string; }' but required in type 'WithAdapterProps'.",
    ]);
  }, 60_000);

  test('compiles with a name, and every other field of kplus.ContainerProps, of the same type', () => {
    expect(diagnostics({
      named: IMPORTS + [
        "import * as kplus from 'cdk8s-plus-30';",
        "import { PatternContainerProps } from 'cdk8s-pod-patterns';",
        "new WithNativeSidecar({ name: 'log-shipper', image: 'grafana/promtail:3.4.0' });",
        "new WithInitStep({ name: 'migrate', image: 'mycompany/migrate:1.6.0', command: ['./migrate', 'up'] });",
        // the same fields as cdk8s-plus's container props, each of the same type; only `name` is required
        'type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;',
        "type Fields = Omit<PatternContainerProps, 'appVolumeMounts'>;",
        'const sameFields: Same<Required<Fields>, Required<kplus.ContainerProps>> = true;',
        "const nameRequired: Same<Fields['name'], string> = true;",
        'const props: kplus.ContainerProps = {} as Fields;',
        'export { sameFields, nameRequired, props };',
      ].join('\n'),
    })).toEqual([]);
  }, 60_000);

  test('the type check sees a field that differs from cdk8s-plus\'s (the check above can fail)', () => {
    expect(diagnostics({
      differs: [
        "import * as kplus from 'cdk8s-plus-30';",
        'type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;',
        "const sameFields: Same<Required<kplus.ContainerProps>, Required<Omit<kplus.ContainerProps, 'workingDir'>>> = true;",
        'export { sameFields };',
      ].join('\n'),
    })).toEqual(["__consumer_differs__.ts: Type 'true' is not assignable to type 'false'."]);
  }, 60_000);
});
