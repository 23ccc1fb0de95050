import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useContext, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { updateOwnLocale } from '../api/endpoints';
import { errorMessage } from '../api/error-messages';
import { queryKeys } from '../api/queries';
import type { Locale, Me } from '../api/types';
import { SessionContext } from '../auth/session';
import { chooseLanguage, type Language } from '../i18n';

/**
 * Shows the interface in the account's language once the user is signed in. The account's
 * language is the user's choice on every browser, so it replaces a choice made on this browser
 * before signing in.
 */
export function useSyncLanguageWithAccount(accountLocale: Locale | undefined): void {
  const { i18n } = useTranslation();
  useEffect(() => {
    if (accountLocale && i18n.language !== accountLocale) void chooseLanguage(accountLocale);
  }, [accountLocale, i18n]);
}

/**
 * Returns the function that switches the interface language. Signed in, it also saves the
 * language in the account with `PATCH /api/me`, and switches back if the server rejects it.
 */
export function useChooseLanguage(options: { announceSaved?: boolean } = {}): {
  choose: (language: Language) => void;
  saving: boolean;
} {
  const { t } = useTranslation();
  const me = useContext(SessionContext);
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (language: Language) => updateOwnLocale(language),
    onSuccess: (_result, language) => {
      queryClient.setQueryData<Me>(queryKeys.me, (previous) =>
        previous ? { ...previous, user: { ...previous.user, locale: language } } : previous,
      );
      if (options.announceSaved) {
        notifications.show({
          color: 'green',
          message: t('account.identity.locale-saved', { language: t(`app.language.name-${language}`) }),
        });
      }
    },
    onError: (error) => {
      notifications.show({ color: 'red', message: errorMessage(t, error) });
      if (me) void chooseLanguage(me.user.locale);
    },
  });
  return {
    choose: (language) => {
      void chooseLanguage(language);
      if (me && me.user.locale !== language) save.mutate(language);
    },
    saving: save.isPending,
  };
}
