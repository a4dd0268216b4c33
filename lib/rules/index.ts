import { featureVersion } from './feature-version';
import { PodRule } from '../rule';

/** Every rule, in the order findings are reported. Add a rule: one file in this folder, one line here. */
export const ALL_RULES: readonly PodRule[] = [
  featureVersion,
];
