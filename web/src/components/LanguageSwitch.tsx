import { SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { chooseLanguage, currentLanguage, isLanguage, LANGUAGES } from '../i18n';

/** FR/EN switch of the interface language. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('app.language.switch-label')}
      value={isLanguage(i18n.language) ? i18n.language : currentLanguage()}
      onChange={(value) => {
        if (isLanguage(value)) void chooseLanguage(value);
      }}
      data={LANGUAGES.map((language) => ({
        value: language,
        label: t(`app.language.short-${language}`),
      }))}
    />
  );
}
