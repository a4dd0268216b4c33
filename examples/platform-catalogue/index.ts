/**
 * The platform team's package, `@acme/k8s-catalogue`: its patterns and its rule pack. Application code imports the
 * patterns; `cdk8s-pod-patterns check --rules @acme/k8s-catalogue dist/` loads the pack from this entry point.
 */
export * from './patterns';
export * from './rules';
