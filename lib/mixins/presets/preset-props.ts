import * as kplus from 'cdk8s-plus-30';
import { PatternContainerProps } from '../pattern-container-props';
import { PatternContainerOverrides } from '../pattern-overrides';

/**
 * The container props of a preset: its defaults, then every container field the user's props set (not `undefined`),
 * leaving out the preset's own keys (`instance`, `config`, ...). `extraMounts` go before the user's `volumeMounts`,
 * which add to them instead of replacing them (a preset's configuration mount is not optional). Internal.
 */
export function presetProps(defaults: PatternContainerProps, props: PatternContainerOverrides, own: readonly string[],
  extraMounts: readonly kplus.VolumeMount[] = []): PatternContainerProps {
  const out: { [key: string]: unknown } = { ...defaults };
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value !== undefined && !own.includes(key)) out[key] = value;
  }
  const mounts = [...extraMounts, ...(props?.volumeMounts ?? [])];
  if (mounts.length > 0) out.volumeMounts = mounts;
  return out as unknown as PatternContainerProps;
}

/** Throws when a port number is not 1-65535, in the user's terms. */
export function requirePort(preset: string, field: string, port: number | undefined): void {
  if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) {
    throw new Error(`${preset}: '${field}' (${port}) must be between 1 and 65535.`);
  }
}
