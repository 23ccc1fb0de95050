import { formatLocalDate, formatLocalDay, formatLocalMonth } from '../format';
import type { Language } from '../i18n/languages';
import type { SeriesUnit } from './api';

/** Unit symbols as users read them. */
export const UNIT_SYMBOLS: Record<SeriesUnit, string> = {
  kWh: 'kWh',
  MWh: 'MWh',
  kW: 'kW',
  kWhEP: 'kWh EP',
  kgCO2e: 'kg CO₂e',
  'kWh/m2': 'kWh/m²',
};

/**
 * Formats a period label of the series API: `2024` (year), `2024-03` (month), `2024-W09` (ISO week),
 * `2024-03-01` (day) or `2024-10-27T02:00+01:00` (10 min, 1 h, Paris wall clock).
 */
export function formatPeriodLabel(
  label: string,
  language: Language,
  weekWord: string,
  short = false,
): string {
  if (/^\d{4}$/.test(label)) return label;
  if (/^\d{4}-\d{2}$/.test(label)) return formatLocalMonth(`${label}-01`, language, short);
  const week = /^(\d{4})-W(\d{2})$/.exec(label);
  if (week) return `${weekWord}${week[2]} ${week[1]}`;
  // Tables name the weekday of days and hours (« dim. 25/12/2022 03:00 »); chart axes stay short.
  const date = short ? formatLocalDate : formatLocalDay;
  if (/^\d{4}-\d{2}-\d{2}$/.test(label)) return date(label, language);
  const fine = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(label);
  if (fine?.[1] && fine[2]) return `${date(fine[1], language)} ${fine[2]}`;
  return label;
}
