/**
 * Back-office rules shared by the server and the desk screen: the validation promise counted in
 * business days, the standard reasons of a rejection or a new-document request (nl/en), and the
 * language an organisation is written to.
 *
 * Business days are Monday to Friday (ISO 8601 weekday 1–5); public holidays are not known to the
 * program and count as business days.
 */
import { addDays, assertIsoDate } from './dates';

/** The program's promise: an application is decided within this many business days. */
export const validationPromiseBusinessDays = 2;

/** ISO weekday of a `YYYY-MM-DD` date: 1 = Monday … 7 = Sunday. */
function isoWeekday(isoDate: string): number {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return day === 0 ? 7 : day;
}

/** True for Monday to Friday. */
export function isBusinessDay(isoDate: string): boolean {
  assertIsoDate(isoDate, 'isBusinessDay: isoDate');
  return isoWeekday(isoDate) <= 5;
}

/**
 * Whole business days from `from` to `to` (`YYYY-MM-DD`): the business days after `from` up to and
 * including `to`; 0 when `to` is not after `from`. Friday → next Monday is 1.
 * @throws RangeError when a date is not a real `YYYY-MM-DD` date.
 */
export function businessDaysBetween(from: string, to: string): number {
  assertIsoDate(from, 'businessDaysBetween: from');
  assertIsoDate(to, 'businessDaysBetween: to');
  let n = 0;
  // Whole weeks first, then the rest day by day (a queue is weeks, not years, old).
  let day = from;
  while (addDays(day, 7) <= to) {
    day = addDays(day, 7);
    n += 5;
  }
  while (day < to) {
    day = addDays(day, 1);
    if (isoWeekday(day) <= 5) n++;
  }
  return n;
}

/** `from` plus `days` business days (`YYYY-MM-DD`); a submission on Saturday counts from Monday's end like Friday's. */
export function addBusinessDays(from: string, days: number): string {
  assertIsoDate(from, 'addBusinessDays: from');
  let day = from;
  let left = days;
  while (left > 0) {
    day = addDays(day, 1);
    if (isoWeekday(day) <= 5) left--;
  }
  return day;
}

/** Where an application stands against the promise on `today`. */
export type ValidationDue = 'overdue' | 'today' | 'later';

/**
 * Age and deadline of an application submitted on `submittedOn` (`YYYY-MM-DD`), seen on `today`:
 * `ageBusinessDays`, `dueOn` (submission + {@link validationPromiseBusinessDays} business days)
 * and `due` (`overdue` after that day, `today` on it, `later` before it).
 */
export function validationDeadline(submittedOn: string, today: string): { ageBusinessDays: number; dueOn: string; due: ValidationDue } {
  const dueOn = addBusinessDays(submittedOn, validationPromiseBusinessDays);
  return { ageBusinessDays: businessDaysBetween(submittedOn, today), dueOn, due: today > dueOn ? 'overdue' : today === dueOn ? 'today' : 'later' };
}

/** Languages the program writes to an organisation in. */
export type OrganisationLanguage = 'nl' | 'en';

/**
 * The language of e-mails and reasons for an organisation: Dutch for the Netherlands and Belgium
 * (the program has no French or German texts), English elsewhere.
 */
export function organisationLanguage(country: unknown): OrganisationLanguage {
  const cc = typeof country === 'string' ? country.trim().toUpperCase() : '';
  return cc === 'NL' || cc === 'BE' ? 'nl' : 'en';
}

/** Codes of the standard reasons a clerk picks when rejecting or asking for a new document. */
export const standardReasonCodes = ['unreadable', 'name-missing', 'vat-missing', 'address-missing', 'mismatch', 'expired', 'wrong-kind', 'vat-invalid', 'duplicate'] as const;
export type StandardReasonCode = (typeof standardReasonCodes)[number];

/** The text of each standard reason, per language (shown to the applicant and e-mailed). */
export const standardReasons: Readonly<Record<StandardReasonCode, Readonly<Record<OrganisationLanguage, string>>>> = {
  unreadable: { en: 'The evidence document cannot be read', nl: 'Het bewijsdocument is niet leesbaar' },
  'name-missing': { en: 'The evidence document does not show the organisation’s name', nl: 'Het bewijsdocument toont de naam van de organisatie niet' },
  'vat-missing': { en: 'The evidence document does not show the VAT number', nl: 'Het bewijsdocument toont het btw-nummer niet' },
  'address-missing': { en: 'The evidence document does not show the address', nl: 'Het bewijsdocument toont het adres niet' },
  mismatch: { en: 'The details on the evidence document do not match the application', nl: 'De gegevens op het bewijsdocument komen niet overeen met de aanvraag' },
  expired: { en: 'The evidence document is too old or no longer valid', nl: 'Het bewijsdocument is te oud of niet meer geldig' },
  'wrong-kind': { en: 'This kind of document is not accepted as evidence', nl: 'Dit soort document wordt niet als bewijs geaccepteerd' },
  'vat-invalid': { en: 'The VAT number is not valid in the EU VAT register (VIES)', nl: 'Het btw-nummer is niet geldig in het EU-btw-register (VIES)' },
  duplicate: { en: 'The organisation already has a CPS business account', nl: 'De organisatie heeft al een CPS-zakelijk account' },
};

/** True when `code` is one of {@link standardReasonCodes}. */
export function isStandardReasonCode(code: unknown): code is StandardReasonCode {
  return typeof code === 'string' && (standardReasonCodes as readonly string[]).includes(code);
}

/**
 * The reason text shown to the applicant: the standard reason in `lang` and/or the clerk's free
 * text, joined with ": " (either may be missing, not both — callers check).
 */
export function reasonText(code: StandardReasonCode | null, freeText: string, lang: OrganisationLanguage): string {
  const std = code ? standardReasons[code][lang] : '';
  const free = freeText.trim();
  return std && free ? `${std}: ${free}` : std || free;
}
