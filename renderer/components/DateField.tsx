/**
 * A date field in the UI language, keyboard first. Chromium's `<input type="date">` follows the
 * browser's locale, not the page's (a Dutch UI in an English browser shows mm/dd/yyyy), so this is
 * a text field that shows the date in the program's one format per language (shared/text/dates.ts:
 * `01-12-2026` / `1 Dec 2026`) and reads what is typed in either language, day first (`1-12-26`,
 * `01122026`, `1 dec 2026`, ISO). ArrowUp / ArrowDown move a valid date by a day (PageUp / PageDown
 * by a month). What cannot be read, or lies outside `min`/`max`, is kept as typed and named in a
 * clear error below the field (role alert, `aria-invalid`); the parent hears `onValidity(false)`
 * and keeps its last good value, so nothing typed is lost and nothing wrong is saved.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { addDays } from '../../shared/program/dates';
import { dateInputPattern, formatDate, parseDateInput, type DateLanguage } from '../../shared/text/dates';
import { dateLanguageOf } from '../app/dates';

/** Why the typed text is not a usable date. */
export type DateFieldError = 'format' | 'no-such-day' | 'after-max' | 'before-min';

export interface DateFieldProps {
  id: string;
  /** The date as `YYYY-MM-DD`, or '' for none. */
  value: string;
  /** Called with a readable date (`YYYY-MM-DD`, '' for an emptied field) whenever the text becomes one. */
  onChange(iso: string): void;
  /** Called with false while the text cannot be used, true again once it can. */
  onValidity?(valid: boolean): void;
  /** Latest allowed date, `YYYY-MM-DD`. */
  max?: string;
  /** Earliest allowed date, `YYYY-MM-DD`. */
  min?: string;
  /** Extra element ids that describe the field (a hint). */
  describedBy?: string;
  required?: boolean;
}

/** Reads `text` and checks it against `min`/`max`. */
export function readDate(text: string, lang: DateLanguage, min?: string, max?: string): { iso: string | null; error: DateFieldError | null } {
  const p = parseDateInput(text, lang);
  if (!p.ok) return { iso: null, error: p.error };
  if (p.iso && max && p.iso > max) return { iso: p.iso, error: 'after-max' };
  if (p.iso && min && p.iso < min) return { iso: p.iso, error: 'before-min' };
  return { iso: p.iso, error: null };
}

export function DateField({ id, value, onChange, onValidity, max, min, describedBy, required }: DateFieldProps) {
  const { t, i18n } = useTranslation();
  const lang = dateLanguageOf(i18n.language);
  const [text, setText] = useState(() => formatDate(value, lang));
  const [error, setError] = useState<DateFieldError | null>(null);
  const errorId = useId();

  // A value set from outside (a reset after saving) or a language switch shows the value in the
  // UI's format; the field's own changes (the text already means the value) and text with an
  // error the user is still fixing are left alone.
  const prev = useRef({ value, lang });
  useEffect(() => {
    const valueChanged = prev.current.value !== value;
    const langChanged = prev.current.lang !== lang;
    prev.current = { value, lang };
    const current = readDate(text, lang, min, max);
    const meansValue = current.error === null && (current.iso ?? '') === value;
    if ((valueChanged && !meansValue) || (langChanged && current.error === null)) {
      setText(formatDate(value, lang));
      if (error !== null) {
        setError(null);
        onValidity?.(true);
      }
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only an outside change of value or language resets the text
  }, [value, lang]);

  function take(next: string, reformat: boolean) {
    const r = readDate(next, lang, min, max);
    setError(r.error);
    onValidity?.(r.error === null);
    if (r.error === null) {
      if ((r.iso ?? '') !== value) onChange(r.iso ?? '');
      setText(reformat ? formatDate(r.iso, lang) : next);
    } else setText(next);
  }

  function step(days: number | 'month-up' | 'month-down') {
    const r = readDate(text, lang);
    if (!r.iso || r.error) return;
    let next: string;
    if (typeof days === 'number') next = addDays(r.iso, days);
    else {
      const [y, m, d] = r.iso.split('-').map(Number) as [number, number, number];
      const date = new Date(Date.UTC(y, m - 1 + (days === 'month-up' ? 1 : -1), 1));
      const last = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
      next = `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
    }
    if (max && next > max) next = max;
    if (min && next < min) next = min;
    take(formatDate(next, lang), true);
  }

  const example = formatDate('2026-12-01', lang);
  const message =
    error === 'format'
      ? t('date.error.format', { pattern: dateInputPattern(lang), example })
      : error === 'no-such-day'
        ? t('date.error.no-such-day', { text: text.trim() })
        : error === 'after-max'
          ? t('date.error.after-max', { date: formatDate(max, lang) })
          : error === 'before-min'
            ? t('date.error.before-min', { date: formatDate(min, lang) })
            : '';
  return (
    <>
      <input
        id={id}
        type="text"
        inputMode="text"
        autoComplete="off"
        spellCheck={false}
        className="date-input"
        value={text}
        placeholder={dateInputPattern(lang)}
        required={required}
        aria-invalid={error !== null}
        aria-describedby={[describedBy, error ? errorId : null].filter(Boolean).join(' ') || undefined}
        data-iso={value}
        onChange={(e) => take(e.target.value, false)}
        onBlur={() => {
          if (error === null) setText(formatDate(value, lang));
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowUp' || e.key === 'ArrowDown' || e.key === 'PageUp' || e.key === 'PageDown') {
            e.preventDefault();
            step(e.key === 'ArrowUp' ? 1 : e.key === 'ArrowDown' ? -1 : e.key === 'PageUp' ? 'month-up' : 'month-down');
          }
        }}
      />
      {error ? (
        <span id={errorId} className="field-error" role="alert">
          {message}
        </span>
      ) : null}
    </>
  );
}
