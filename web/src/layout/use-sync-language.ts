import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../api/types';
import { storedLanguage } from '../i18n';

/**
 * Shows the interface in the account's preferred language, unless the user picked a language with
 * the FR/EN switch on this browser: that explicit choice wins.
 */
export function useSyncLanguageWithAccount(accountLocale: Locale | undefined): void {
  const { i18n } = useTranslation();
  useEffect(() => {
    if (accountLocale && storedLanguage() === null && i18n.language !== accountLocale) {
      void i18n.changeLanguage(accountLocale);
    }
  }, [accountLocale, i18n]);
}
