/**
 * The units of the pod report's amounts, chosen for a person reading them (internal; `report-format.ts` uses it).
 *
 * - CPU: millicores below 1 core (`250m`), cores from 1 core up with at most 3 decimals (`1`, `1.5`, `9`), so a CPU
 *   amount is always exact (1m is the finest CPU quantity).
 * - Memory, `ephemeral-storage` and `hugepages-*`: bytes below 1Ki, then Ki, Mi below 1Gi (`320Mi`), Gi from 1Gi up
 *   (`1.5Gi`, `9.38Gi` for 9600Mi), Ti, each with at most 2 decimals, rounded. Binary units, as Kubernetes users write
 *   memory.
 * - Any other resource (`nvidia.com/gpu`, `pods`): the number.
 *
 * Amounts shown side by side (a container's request and limit, a quota's `min..max`, the memory headroom sum) share
 * one unit, the one of the largest: `1/1.5`, `0.9..9`, `0.94Gi..9.38Gi`. When a smaller non-zero amount would then
 * read below 0.1 of that unit, or two different amounts would read the same, they all take the unit of the smallest
 * non-zero amount instead (the unit below, when that is the same unit): `50m/1000m`, `64Mi/2048Mi`, `1088Mi/1090Mi`.
 *
 * Rule messages keep `formatAmount` (`quantity.ts`), which writes exact quantities a user can paste into a manifest.
 */

interface Unit {
  readonly suffix: string;
  /** Size of one unit in the amount's base (millicores, bytes). */
  readonly size: number;
  readonly decimals: number;
}

const CPU_UNITS: readonly Unit[] = [
  { suffix: 'm', size: 1, decimals: 0 },
  { suffix: '', size: 1000, decimals: 3 },
];

const BYTE_UNITS: readonly Unit[] = [
  { suffix: '', size: 1, decimals: 0 },
  { suffix: 'Ki', size: 2 ** 10, decimals: 2 },
  { suffix: 'Mi', size: 2 ** 20, decimals: 2 },
  { suffix: 'Gi', size: 2 ** 30, decimals: 2 },
  { suffix: 'Ti', size: 2 ** 40, decimals: 2 },
  { suffix: 'Pi', size: 2 ** 50, decimals: 2 },
];

/** The units of a resource, smallest first; undefined for a resource counted in plain numbers. */
function unitsOf(resource: string): readonly Unit[] | undefined {
  if (resource === 'cpu') return CPU_UNITS;
  if (resource === 'memory' || resource === 'ephemeral-storage' || resource.startsWith('hugepages-')) return BYTE_UNITS;
  return undefined;
}

/** The largest unit that `amount` fills at least once (the smallest unit for 0). */
function unitFor(units: readonly Unit[], amount: number): Unit {
  const abs = Math.abs(amount);
  let unit = units[0];
  for (const u of units) if (abs >= u.size) unit = u;
  return unit;
}

/** `amount` in `unit`, rounded to the unit's decimals, trailing zeros dropped: `9.38Gi`, `1.5`, `250m`, `0`. */
function inUnit(amount: number, unit: Unit): string {
  if (amount === 0) return '0';
  const text = (amount / unit.size).toFixed(unit.decimals);
  const trimmed = unit.decimals === 0 ? text : text.replace(/0+$/, '').replace(/\.$/, '');
  return `${trimmed === '-0' ? '0' : trimmed}${unit.suffix}`;
}

/** One amount in its own unit: `250m`, `1.5`, `320Mi`, `9.38Gi`, `4` (a GPU count). */
export function formatReportAmount(resource: string, amount: number): string {
  return formatReportAmounts(resource, [amount])[0];
}

/**
 * Amounts read side by side, in one unit (the module's comment says which). The texts are in the order of `amounts`.
 */
export function formatReportAmounts(resource: string, amounts: readonly number[]): string[] {
  const units = unitsOf(resource);
  if (!units || amounts.length === 0) return amounts.map(a => String(a));
  const nonZero = amounts.filter(a => a !== 0).map(a => Math.abs(a));
  if (nonZero.length === 0) return amounts.map(() => '0');
  const largest = unitFor(units, Math.max(...nonZero));
  const texts = amounts.map(a => inUnit(a, largest));
  if (readable(amounts, texts, largest)) return texts;
  // the unit of the smallest, or the unit below when that is the largest's unit too (1088Mi/1090Mi, not 1.06Gi/1.06Gi)
  let smaller = unitFor(units, Math.min(...nonZero));
  if (smaller === largest) smaller = units[Math.max(0, units.indexOf(largest) - 1)];
  return amounts.map(a => inUnit(a, smaller));
}

/** No non-zero amount reads below 0.1 of the unit, and different amounts read differently. */
function readable(amounts: readonly number[], texts: readonly string[], unit: Unit): boolean {
  for (let i = 0; i < amounts.length; i++) {
    if (amounts[i] !== 0 && Math.abs(amounts[i]) < unit.size / 10) return false;
    for (let j = 0; j < i; j++) if (texts[i] === texts[j] && amounts[i] !== amounts[j]) return false;
  }
  return true;
}
