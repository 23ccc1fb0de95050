import { formatNumber } from '../format';
import type { Language } from '../i18n/languages';

/**
 * Decimals that show about three significant digits: 1,62 ; 11,5 ; 114. Figures from models carry
 * no more precision than that, and long decimals only make them harder to read.
 */
export function decimalsFor(value: number, significantDigits = 3): number {
  if (value === 0 || !Number.isFinite(value)) return 0;
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  return Math.min(3, Math.max(0, significantDigits - 1 - magnitude));
}

/**
 * Rounds a value to the decimals it will be shown with and turns a negative zero into zero, so that
 * −0,04 shown with one decimal reads « 0 », not « -0 ».
 */
function shown(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  const rounded = Math.round(value * factor) / factor;
  return rounded === 0 ? 0 : rounded;
}

/** Formats a model figure with about three significant digits. */
export function formatFigure(value: number, language: Language, significantDigits = 3): string {
  const decimals = decimalsFor(value, significantDigits);
  return formatNumber(shown(value, decimals), language, decimals);
}

/**
 * Formats an energy in the unit that suits its size, keeping the qualifier of the API's unit:
 * 44 156 kWh PCS reads « 44,2 MWh PCS ». Units other than kWh are written as they come.
 */
export function formatEnergyIn(kwh: number, unit: string, language: Language): string {
  const match = /^kWh(.*)$/.exec(unit);
  if (!match) return `${formatNumber(shown(kwh, 1), language, 1)}\u00a0${unit}`;
  const qualifier = match[1] ?? '';
  const size = Math.abs(kwh);
  if (size < 10_000) return `${formatNumber(shown(kwh, 0), language, 0)}\u00a0kWh${qualifier}`;
  if (size < 10_000_000) return `${formatNumber(shown(kwh / 1_000, 1), language, 1)}\u00a0MWh${qualifier}`;
  return `${formatNumber(shown(kwh / 1_000_000, 1), language, 1)}\u00a0GWh${qualifier}`;
}

/**
 * Returns a formatter that writes every energy of a table in one unit, the one that suits the
 * largest value, so that a column never mixes kWh and MWh.
 */
export function energyFormatterFor(
  values: readonly (number | null)[],
  language: Language,
): (kwh: number, unit: string) => string {
  const largest = Math.max(0, ...values.map((value) => Math.abs(value ?? 0)));
  return (kwh, unit) => {
    const match = /^kWh(.*)$/.exec(unit);
    if (!match) return `${formatNumber(shown(kwh, 1), language, 1)}\u00a0${unit}`;
    const qualifier = match[1] ?? '';
    if (largest < 10_000) return `${formatNumber(shown(kwh, 0), language, 0)}\u00a0kWh${qualifier}`;
    if (largest < 10_000_000)
      return `${formatNumber(shown(kwh / 1_000, 1), language, 1)}\u00a0MWh${qualifier}`;
    return `${formatNumber(shown(kwh / 1_000_000, 1), language, 1)}\u00a0GWh${qualifier}`;
  };
}

/** Formats a percentage given in percent (12.9 → « 12,9 % »), with a plus sign when `signed` and positive. */
export function formatPercent(value: number, language: Language, decimals = 1, signed = false): string {
  const rounded = shown(value, decimals);
  return `${signed && rounded > 0 ? '+' : ''}${formatNumber(rounded, language, decimals)}\u00a0%`;
}

/**
 * Spaces the API's compact factor units as the rest of the page writes them: « kWhEP/kWhEF » reads « kWh
 * EP/kWh EF ».
 */
export function readableUnit(unit: string): string {
  return unit.replace(/kWh(EP|EF)\b/g, 'kWh $1').replace(/kgCO2e/g, 'kg CO2e');
}
