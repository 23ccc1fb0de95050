import { SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { currentLanguage, isLanguage, LANGUAGES } from '../i18n';
import { useChooseLanguage } from '../layout/use-sync-language';

/** FR/EN switch of the interface language, saved in the account when the user is signed in. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const { choose } = useChooseLanguage();
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('app.language.switch-label')}
      value={isLanguage(i18n.language) ? i18n.language : currentLanguage()}
      onChange={(value) => {
        if (isLanguage(value)) choose(value);
      }}
      data={LANGUAGES.map((language) => ({
        value: language,
        label: t(`app.language.short-${language}`),
      }))}
    />
  );
}
