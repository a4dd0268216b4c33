import * as kplus from 'cdk8s-plus-30';

/**
 * Props shared by every pattern that adds one container.
 *
 * `name` is required (the mixin's constructor throws when it is missing or empty) and must be a lowercase
 * RFC 1123 label of at most 63 characters, unique among the pod's containers and init containers. It stays
 * optional in the type: jsii refuses an interface that re-declares an inherited member (JSII5015).
 */
export interface PatternContainerProps extends kplus.ContainerProps {
  /**
   * Volume mounts added to every app container of the workload (the regular containers present when the
   * mixin is applied that no mixin added; the mixin is refused on a workload without one),
   * e.g. the emptyDir an init step fills with configuration. The volume is declared once in the pod.
   * @default - none
   */
  readonly appVolumeMounts?: kplus.VolumeMount[];
}
