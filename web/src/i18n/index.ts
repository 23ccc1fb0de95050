import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import fr from './fr.json';
import { isLanguage, LANGUAGES, type Language } from './languages';

export { isLanguage, LANGUAGES, type Language };

const LANGUAGE_STORAGE_KEY = 'openfluides.language';

/** Returns the language the user chose on this browser with the FR/EN switch, if any. */
export function storedLanguage(): Language | null {
  try {
    const value = window.localStorage.getItem(LANGUAGE_STORAGE_KEY);
    return isLanguage(value) ? value : null;
  } catch {
    return null;
  }
}

/** Switches the interface language and remembers the choice on this browser. */
export async function chooseLanguage(language: Language): Promise<void> {
  try {
    window.localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // Private browsing can forbid storage, so the choice then lasts until the page reloads.
  }
  await i18next.changeLanguage(language);
}

/** Returns the current interface language, French when i18next reports another one. */
export function currentLanguage(): Language {
  return isLanguage(i18next.language) ? i18next.language : 'fr';
}

i18next.on('languageChanged', (language) => {
  document.documentElement.lang = isLanguage(language) ? language : 'fr';
});

// The catalogues are bundled, so `initAsync: false` makes every key usable before the first render.
void i18next.use(initReactI18next).init({
  initAsync: false,
  resources: { fr: { translation: fr }, en: { translation: en } },
  lng: storedLanguage() ?? 'fr',
  fallbackLng: 'fr',
  supportedLngs: LANGUAGES,
  interpolation: { escapeValue: false },
  returnNull: false,
  // i18next 25 otherwise prints a sponsorship notice on every initialisation, tests included.
  showSupportNotice: false,
});

export default i18next;
