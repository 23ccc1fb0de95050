import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import {
  capitalizeFirst,
  formatDate,
  formatDateTime,
  formatEnergy,
  formatLocalDate,
  formatLocalDay,
  formatLocalMonth,
  formatNumber,
  formatShare,
  formatTime,
} from './format';
import { currentLanguage, isLanguage } from './i18n';

/** Decimals shown for floor areas, which the database stores to the hundredth of a square metre. */
const AREA_DECIMALS = 2;

/** Number and date formatters for the current interface language, re-created when it changes. */
export function useFormat() {
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : currentLanguage();
  return useMemo(
    () => ({
      language,
      number: (value: number, maximumFractionDigits = 0) =>
        formatNumber(value, language, maximumFractionDigits),
      date: (iso: string) => formatDate(iso, language),
      capitalize: (text: string) => capitalizeFirst(text, language),
      dateTime: (iso: string, withSeconds = false) => formatDateTime(iso, language, withSeconds),
      time: (iso: string) => formatTime(iso, language),
      localDate: (localDate: string) => formatLocalDate(localDate, language),
      localDay: (localDate: string) => formatLocalDay(localDate, language),
      month: (localDate: string, short = false) => formatLocalMonth(localDate, language, short),
      energy: (kWh: number) => formatEnergy(kWh, language),
      share: (share: number) => formatShare(share, language),
      area: (squareMetres: number) =>
        t('common.unit.square-metres', { value: formatNumber(squareMetres, language, AREA_DECIMALS) }),
    }),
    [language, t],
  );
}
