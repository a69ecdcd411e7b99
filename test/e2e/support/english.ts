/**
 * "No English left" on a Dutch page or in a Dutch text: a list of English fragments the app or
 * the server could show, and a check that fails naming every one found. Reusable on any page
 * (the app's screens, the server's set-password page, the terms) and on any text (an e-mail body).
 *
 * The list: every value of the English UI catalog (renderer/i18n/en.json) and the server's English
 * texts (reason fallbacks, the set-password page), split at `{{placeholders}}`, trimmed of
 * punctuation, keeping the pieces that
 * - are not also in the Dutch catalog or the server's Dutch texts (values equal in both languages:
 *   "Online", "Status", tier names, …),
 * - are longer than a single short token (at least 5 characters with a run of 3 lower-case
 *   letters: "OK", "PDF", "KvK" are no evidence of English),
 * - are not brand or product names ({@link brandNames}).
 */
import { readFileSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';
import { reasonFallbacks } from '../../../shared/text/reasons';
import { setPasswordTexts } from '../../../server/setPasswordPage';

/** Names that are the same in every language: the program's and the product's, and the tier names (program data, not UI text). */
export const brandNames = ['CPS Desk', 'CPS Professional Services', 'Professional Services', 'Canon', 'Factur-X', 'Corporate A', 'Corporate B', 'Corporate C'];

const flat = (tree: object): string[] => Object.values(tree).flatMap((v) => (typeof v === 'string' ? [v] : flat(v as object)));

let cached: string[] | null = null;

/** The English fragments (computed once per worker). */
export function englishFragments(): string[] {
  if (cached) return cached;
  const en = [...flat(JSON.parse(readFileSync('renderer/i18n/en.json', 'utf8')) as object), ...Object.values(reasonFallbacks), ...Object.values(setPasswordTexts.en)];
  const nlText = [...flat(JSON.parse(readFileSync('renderer/i18n/nl.json', 'utf8')) as object), ...Object.values(setPasswordTexts.nl)].join('\n');
  const pieces = en
    .flatMap((s) => s.split(/\{\{[^}]+\}\}|\{[a-z]+\}/))
    .map((s) => s.trim().replace(/^[:;,.()—–-]+|[:;,.()—–-]+$/g, '').trim());
  cached = [...new Set(pieces.filter((p) => p.length >= 5 && /[a-z]{3}/.test(p) && !nlText.includes(p) && !brandNames.some((b) => b.includes(p))))];
  return cached;
}

/** The English fragments found in `text` (empty when none). */
export function englishIn(text: string): string[] {
  return englishFragments().filter((e) => text.includes(e));
}

/** Fails (naming `where` and every fragment found) when the visible text of `page`, or `text`, holds English. */
export async function expectNoEnglish(source: Page | string, where: string): Promise<void> {
  const text = typeof source === 'string' ? source : await source.locator('body').innerText();
  expect(englishIn(text), `English on ${where}`).toEqual([]);
}
