/**
 * The program's terms and conditions (docs/program.md#terms-and-conditions): which published
 * version is in force on a day, its text in a language, and whether a customer who accepted some
 * version must accept again. Pure; the desktop (sign-up screen) and the server (membership
 * authority) decide with the same functions.
 */
import type { ProgramTerms, TermsLanguage } from '../schemas/programTerms';

/** A terms document as replicated (`_deleted` may be present on pulled documents). */
export type TermsDocument = Pick<ProgramTerms, 'id' | 'version' | 'effectiveOn' | 'texts'> & { _deleted?: boolean };

/**
 * The version in force on `today` (`YYYY-MM-DD`): of the non-deleted versions whose `effectiveOn`
 * is on or before `today`, the one with the latest `effectiveOn` (ties: the greater `version`).
 * @returns that document, or null when no version is in force yet (sign-up cannot proceed then).
 */
export function currentTerms<T extends TermsDocument>(terms: readonly T[], today: string): T | null {
  let best: T | null = null;
  for (const t of terms) {
    if (t._deleted || t.effectiveOn > today) continue;
    if (!best || t.effectiveOn > best.effectiveOn || (t.effectiveOn === best.effectiveOn && t.version > best.version)) best = t;
  }
  return best;
}

/** The text of `terms` in `language` (title and sections; every version carries both program languages). */
export function termsText(terms: TermsDocument, language: TermsLanguage): TermsDocument['texts'][TermsLanguage] {
  return terms.texts[language];
}

/** The terms language for a UI or organisation language code: Dutch for `nl…`, English otherwise. */
export function termsLanguageOf(language: string | null | undefined): TermsLanguage {
  return (language ?? '').toLowerCase().startsWith('nl') ? 'nl' : 'en';
}

/**
 * Whether a sign-up must (again) accept the terms: true when nothing was accepted yet or the
 * accepted version is not the one in force. A new version therefore makes the next sign-up accept
 * again; memberships already active keep the version they accepted.
 */
export function termsAcceptanceNeeded(acceptedVersion: string | null | undefined, inForce: Pick<TermsDocument, 'version'> | null): boolean {
  if (!inForce) return true;
  return acceptedVersion !== inForce.version;
}
