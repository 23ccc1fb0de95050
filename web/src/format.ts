import type { Language } from './i18n/languages';

/** Time zone of every displayed date: the estate is in France, whatever the browser's zone. */
export const TIME_ZONE = 'Europe/Paris';

/** Intl locale of each interface language. Both write dates as dd/mm/yyyy. */
const INTL_LOCALES: Record<Language, string> = { fr: 'fr-FR', en: 'en-GB' };

export function intlLocale(language: Language): string {
  return INTL_LOCALES[language];
}

/** Returns the text with its first letter in upper case, for labels that start a line. */
export function capitalizeFirst(text: string, language: Language): string {
  return text.charAt(0).toLocaleUpperCase(intlLocale(language)) + text.slice(1);
}

export function formatNumber(value: number, language: Language, maximumFractionDigits = 0): string {
  return new Intl.NumberFormat(intlLocale(language), { maximumFractionDigits }).format(value);
}

/** Formats an ISO instant as dd/mm/yyyy in Paris time. */
export function formatDate(iso: string, language: Language): string {
  return new Intl.DateTimeFormat(intlLocale(language), {
    timeZone: TIME_ZONE,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(new Date(iso));
}

/** Formats an ISO instant as dd/mm/yyyy hh:mm (24-hour clock), with seconds when asked, in Paris time. */
export function formatDateTime(iso: string, language: Language, withSeconds = false): string {
  return new Intl.DateTimeFormat(intlLocale(language), {
    timeZone: TIME_ZONE,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    ...(withSeconds ? { second: '2-digit' } : {}),
    hourCycle: 'h23',
  }).format(new Date(iso));
}

/**
 * Formats a local calendar date `YYYY-MM-DD` as dd/mm/yyyy. The date names a day in Paris, not an
 * instant, so it is formatted in UTC where no zone offset can move it to another day.
 */
export function formatLocalDate(localDate: string, language: Language): string {
  return new Intl.DateTimeFormat(intlLocale(language), {
    timeZone: 'UTC',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(localDateAsUtc(localDate));
}

/** Formats the month of a local date `YYYY-MM-DD`: « mars 2022 », or « mars 22 » when short. */
export function formatLocalMonth(localDate: string, language: Language, short = false): string {
  return new Intl.DateTimeFormat(intlLocale(language), {
    timeZone: 'UTC',
    month: short ? 'short' : 'long',
    year: short ? '2-digit' : 'numeric',
  }).format(localDateAsUtc(localDate));
}

/** Formats a local date `YYYY-MM-DD` with its weekday: « lun. 27/03/2022 ». */
export function formatLocalDay(localDate: string, language: Language): string {
  return new Intl.DateTimeFormat(intlLocale(language), {
    timeZone: 'UTC',
    weekday: 'short',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(localDateAsUtc(localDate));
}

/** Formats the Paris wall-clock time of an instant as hh:mm. */
export function formatTime(iso: string, language: Language): string {
  return new Intl.DateTimeFormat(intlLocale(language), {
    timeZone: TIME_ZONE,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));
}

function localDateAsUtc(localDate: string): Date {
  const [year, month, day] = localDate.split('-').map(Number);
  return new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, day ?? 1));
}

/** Energy units from kWh upward, each 1000 times the previous. */
export const ENERGY_UNITS = ['kWh', 'MWh', 'GWh'] as const;
export type EnergyUnit = (typeof ENERGY_UNITS)[number];

/**
 * Picks the unit in which a largest value reads best: kWh below 10 000 kWh, MWh below
 * 10 000 MWh, GWh above, so axis labels keep at most four significant digits before the unit.
 */
export function energyUnitFor(maxKWh: number): { unit: EnergyUnit; divisor: number } {
  if (Math.abs(maxKWh) < 10_000) return { unit: 'kWh', divisor: 1 };
  if (Math.abs(maxKWh) < 10_000_000) return { unit: 'MWh', divisor: 1_000 };
  return { unit: 'GWh', divisor: 1_000_000 };
}

/** Formats an energy in the unit that suits its size: « 812 kWh », « 7 298,1 MWh ». */
export function formatEnergy(kWh: number, language: Language): string {
  const { unit, divisor } = energyUnitFor(kWh);
  return `${formatNumber(kWh / divisor, language, divisor === 1 ? 0 : 1)}\u00a0${unit}`;
}

/**
 * Formats a share between 0 and 1 as a percentage with one decimal, rounded down so that a share
 * below 1 never reads « 100 % ».
 */
export function formatShare(share: number, language: Language): string {
  const flooredPerThousand = Math.floor(share * 1000) / 1000;
  return new Intl.NumberFormat(intlLocale(language), {
    style: 'percent',
    maximumFractionDigits: 1,
  }).format(flooredPerThousand);
}
