/**
 * Conversion and emission factors change with each arrêté, so every factor carries its validity
 * dates, its source and how well the source was checked.
 */

/**
 * How well a value was checked. `official` was read in the regulation or on an official page.
 * `third-party` was read in a secondary source only. `unverified` comes from memory or inference
 * and must be confirmed before a figure is published.
 */
export type SourceStatus = 'official' | 'third-party' | 'unverified';

/** A factor valid over a range of days. */
export interface DatedFactor {
  value: number;
  /** Unit of `value`, such as `kWhEP/kWhEF`, `kgCO2e/kWh PCI` (fuels) or `kgCO2e/kWh` (electricity). */
  unit: string;
  /** First day of validity, `YYYY-MM-DD`, included; null when the start is not known. */
  validFrom: string | null;
  /** Last day of validity, `YYYY-MM-DD`, included; null while still in force. */
  validTo: string | null;
  /** Text and, where useful, the page the value was read from, in French because the API shows it to users. */
  source: string;
  status: SourceStatus;
}

/** Find the factor in force on `date` (`YYYY-MM-DD`), or null when none covers it. */
export function factorAt<T extends DatedFactor>(factors: readonly T[], date: string): T | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RangeError(`Invalid date ${date}; expected YYYY-MM-DD`);
  return (
    factors.find(
      (factor) =>
        (factor.validFrom === null || factor.validFrom <= date) &&
        (factor.validTo === null || date <= factor.validTo),
    ) ?? null
  );
}
