/**
 * Dates on screen in the UI language, in the program's one format per language
 * (shared/text/dates.ts: Dutch `01-12-2026`, English `1 Dec 2026`). Screens use this hook, never
 * `toLocaleDateString` (which follows the browser's locale and differs per screen).
 */
import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime, type DateLanguage } from '../../shared/text/dates';

/** The UI language as a date language (anything but Dutch writes English dates). */
export function dateLanguageOf(language: string | undefined): DateLanguage {
  return language?.startsWith('nl') ? 'nl' : 'en';
}

/** `date(iso)` and `dateTime(iso)` in the current UI language; '—' for no date. */
export function useDates(): { date(iso: string | null | undefined): string; dateTime(iso: string | null | undefined): string; lang: DateLanguage } {
  const { i18n } = useTranslation();
  const lang = dateLanguageOf(i18n.language);
  return {
    lang,
    date: (iso) => (iso ? formatDate(iso, lang) : '—'),
    dateTime: (iso) => (iso ? formatDateTime(iso, lang) : '—'),
  };
}
