import 'i18next';
import type fr from './fr.json';

// Types `t` keys from the French catalogue, so a missing or misspelt key fails the type check.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof fr };
    returnNull: false;
  }
}
