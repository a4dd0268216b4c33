/**
 * The part of the cdk8s CLI's validation plugin contract that `PodChecksValidation` uses, declared here as jsii
 * types so the library does not depend on `cdk8s-cli` (cdk8s-cli `lib/plugins/validation.d.ts`: `ValidationContext`,
 * `ValidationReport`, `ValidationLogger`, `ValidationViolation`, `ValidationViolatingResource`). The CLI passes its own
 * objects; they match these shapes structurally. See docs/decisions/06-cdk8s-validation-plugin.md.
 */

/**
 * One resource that violates a rule, as the cdk8s CLI's validation report takes it.
 */
export interface ValidationViolatingResource {
  /**
   * The resource's `metadata.name`: the report looks the construct path up by this name in the construct metadata
   * that `cdk8s synth` records.
   */
  readonly resourceName: string;

  /** Where in the resource the problem is, one line each. */
  readonly locations: string[];

  /** The manifest file the resource is in. */
  readonly manifestPath: string;
}

/**
 * One violation added to the cdk8s CLI's validation report: a rule and the resources that violate it.
 */
export interface ValidationViolation {
  /** The rule's name, shown as the violation's title. */
  readonly ruleName: string;

  /** What is wrong. */
  readonly recommendation: string;

  /** How to fix it. */
  readonly fix: string;

  /** The resources that violate the rule. */
  readonly violatingResources: ValidationViolatingResource[];
}

/**
 * Construct metadata of one resource, as `cdk8s synth` records it in `construct-metadata.json`.
 */
export interface ResourceConstructMetadata {
  /** The construct path of the API object that wrote the resource, e.g. `my-chart/web/Resource`. */
  readonly path: string;
}

/**
 * The report a validation plugin fills (cdk8s-cli `ValidationReport`).
 */
export interface IValidationReport {
  /**
   * Adds a violation. The report adds the construct path of each resource from the construct metadata.
   * @param violation the rule and the resources that violate it
   */
  addViolation(violation: ValidationViolation): void;

  /**
   * Submits the report; `cdk8s synth` fails (exit code 2) when any report's status is `failure`.
   * @param status `success` or `failure`
   * @param metadata extra lines for the report's summary table
   */
  submit(status: string, metadata?: { [key: string]: string }): void;
}

/**
 * The logger a validation plugin writes to instead of the console (cdk8s-cli `ValidationLogger`).
 */
export interface IValidationLogger {
  /**
   * Writes one message.
   * @param message the text
   */
  log(message: string): void;
}

/**
 * What the cdk8s CLI gives a validation plugin (cdk8s-cli `ValidationContext`).
 */
export interface IValidationContext {
  /** The manifest files `cdk8s synth` wrote. */
  readonly manifests: string[];

  /**
   * Construct metadata by resource name (`metadata.name`), recorded by `cdk8s synth` when validations are configured.
   */
  readonly metadata: { [resourceName: string]: ResourceConstructMetadata };

  /** The report to fill and submit. */
  readonly report: IValidationReport;

  /** The logger to write to. */
  readonly logger: IValidationLogger;
}
