/**
 * i18next with the app's catalogs (nl and en; en is the fallback). Every UI string comes from
 * these catalogs; a test checks that both have the same keys.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import nl from './nl.json';
import { formatDate } from '../../shared/text/dates';

/** Languages the UI ships in. */
export const languages = ['en', 'nl'] as const;
export type Language = (typeof languages)[number];

/** Initialises i18next once with the given language. */
export async function initI18n(language: Language): Promise<typeof i18next> {
  if (!i18next.isInitialized) {
    await i18next.use(initReactI18next).init({
      resources: { en: { translation: en }, nl: { translation: nl } },
      lng: language,
      fallbackLng: 'en',
      interpolation: { escapeValue: false },
      returnNull: false,
    });
    // `{{name, day}}` writes a `YYYY-MM-DD` parameter in the UI's date format (shared/text/dates.ts).
    i18next.services.formatter?.add('day', (value: unknown, lng: string | undefined) => formatDate(typeof value === 'string' ? value : '', lng?.startsWith('nl') ? 'nl' : 'en'));
  } else if (i18next.language !== language) {
    await i18next.changeLanguage(language);
  }
  document.documentElement.lang = language;
  return i18next;
}
