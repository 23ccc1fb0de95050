import type { Language } from './i18n';

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
