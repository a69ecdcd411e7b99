/**
 * The new-account form's VIES cross-check, as plain functions (tested without React in
 * test/unit/renderer/vatCheck.test.ts):
 * - {@link vatNumberToCheck}: which VAT number to ask about — only while the program server is
 *   reachable, only a number that passes its checksum, only one VIES knows (EU member states, XI);
 *   otherwise none, so offline nothing is asked and nothing changes;
 * - {@link parseRegisteredAddress}: the free-text address VIES returns ("DAMRAK 00001\n1012LG
 *   AMSTERDAM", "12 RUE DE RIVOLI\n75001 PARIS", "UL. MARSZAŁKOWSKA 1, 00-001 WARSZAWA") split into
 *   the form's street, house number, postcode and city, or null when it does not look like one;
 * - {@link registeredOffer} / {@link takeRegistered}: the registered name and address offered where
 *   the scan was unsure or found nothing, never over what the user typed.
 * VIES and its answer shapes: server/vies.ts; the server route: `POST /vat-check`.
 */
import { LOW_CONFIDENCE } from '../../shared/ocr/extract';
import type { EvidenceFields } from '../../shared/ocr/types';
import type { IdentifierResult } from '../../shared/identifiers/result';
import { isViesVatNumber } from '../../shared/identifiers/euMemberStates';
import type { VatCheck } from '../../shared/sync/desk';

/** The form fields the register's details can fill. */
export type RegisteredField = 'name' | 'street' | 'houseNumber' | 'postcode' | 'city';
/** The address fields, filled together. */
export const addressFields = ['street', 'houseNumber', 'postcode', 'city'] as const;
/** The form values the offer looks at. */
export type RegisteredDraft = Record<RegisteredField, string>;
/** An address split into the form's fields. */
export type RegisteredAddress = Record<(typeof addressFields)[number], string>;

/** What the form shows for the check: nothing, asking, the answer, or the request failed (as unknown). */
export type VatCheckState = { kind: 'off' } | { kind: 'checking'; vatNumber: string } | { kind: 'done'; check: VatCheck } | { kind: 'failed'; vatNumber: string; code: string };

/**
 * The VAT number to check with VIES, or null: `vat` is the form's validation of its VAT number field
 * (shared/identifiers `validateVatNumber`, null when empty), `online` whether the program server
 * is reachable now.
 */
export function vatNumberToCheck(vat: IdentifierResult | null, online: boolean): string | null {
  if (!online || !vat?.valid) return null;
  return isViesVatNumber(vat.normalised) ? vat.normalised : null;
}

/** Postcode (group 1) and city (group 2) on one line, per country; a leading `NL-`/`L-`-style country code is dropped. */
const postcodeCity: Readonly<Record<string, RegExp>> = {
  NL: /^(?:NL-?\s*)?(\d{4}\s?[A-Z]{2})\s+(.+)$/i,
  PL: /^(?:PL-?\s*)?(\d{2}-\d{3})\s+(.+)$/i,
  LU: /^(?:L-?\s*)?(\d{4})\s+(.+)$/i,
  PT: /^(\d{4}-\d{3})\s+(.+)$/i,
  IE: /^(.+?)\s*,?\s+([A-Z]\d{2}\s?[A-Z0-9]{4})$/i,
};
const genericPostcodeCity = /^(?:[A-Z]{1,2}-\s*)?(\d{4,5}|\d{3}\s\d{2})\s+(.+)$/i;

/** `DAMRAK` → `Damrak`, `SANKT-JOHANN` → `Sankt-Johann`; text that is not all upper case stays as it is. */
function readableCase(s: string): string {
  if (s !== s.toUpperCase() || s === s.toLowerCase()) return s;
  return s.toLowerCase().replace(/(^|[\s\-/'(])(\p{L})/gu, (_, sep: string, c: string) => sep + c.toUpperCase());
}

/** `00123 A` → `123A`, `0012` → `12`. */
function houseNumberOf(s: string): string {
  return s.replace(/\s+/g, '').replace(/^0+(?=\d)/, '');
}

/**
 * Splits a VIES address into street, house number, postcode and city. `country` is the VAT number's
 * country (ISO 3166 alpha-2; `EL` → Greek rules = generic). Lines may be separated by line breaks
 * or commas; the last line holding a postcode and a city is taken, the line before it is the
 * street with its number (after the street name, or before it as in France and Belgium's French
 * addresses). Upper-case text is written in normal case; the Dutch postcode gets its space.
 * @returns null when no postcode line or no street line is found.
 */
export function parseRegisteredAddress(address: string, country: string): RegisteredAddress | null {
  const lines = address
    .split(/\r?\n|,/)
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
  const cc = country.toUpperCase();
  const pattern = postcodeCity[cc] ?? genericPostcodeCity;
  for (let i = lines.length - 1; i >= 1; i--) {
    const m = pattern.exec(lines[i]!);
    if (!m) continue;
    const city = cc === 'IE' ? m[1]! : m[2]!;
    let postcode = (cc === 'IE' ? m[2]! : m[1]!).toUpperCase();
    if (cc === 'NL') postcode = postcode.replace(/^(\d{4})\s?([A-Z]{2})$/, '$1 $2');
    const line = lines[i - 1]!;
    const after = /^(.*?\D)\s*(\d+(?:\s?[A-Z](?![A-Z]))?(?:\s*[-/]\s*\d+[A-Z]?)?)$/i.exec(line);
    const before = /^(\d+(?:\s?[A-Z](?![A-Z]))?(?:\s*(?:bis|ter))?)[\s,]+(\D.*)$/i.exec(line);
    const street = after ? after[1]!.trim() : before ? before[2]!.trim() : null;
    const houseNumber = after ? after[2]! : before ? before[1]! : null;
    if (!street || !houseNumber) return null;
    return { street: readableCase(street), houseNumber: houseNumberOf(houseNumber), postcode, city: readableCase(city.replace(/\s+[A-Z]{2}$/, (p) => (cc === 'IT' ? '' : p)).trim()) };
  }
  return null;
}

/** What the form may offer from a valid check: the registered name and/or address (null: nothing to offer). */
export interface RegisteredOffer {
  name: string | null;
  address: RegisteredAddress | null;
}

const same = (a: string, b: string) => a.toLocaleLowerCase().replace(/[\s.,-]+/g, '') === b.toLocaleLowerCase().replace(/[\s.,-]+/g, '');

/** True when the scan gave no value for `name` or one below the review threshold (or failing its check). */
function scanUnsure(fields: EvidenceFields, name: RegisteredField): boolean {
  const f = fields[name];
  return !f || f.confidence < LOW_CONFIDENCE || Boolean(f.invalid);
}

/**
 * What to offer from `check`: its registered name where the form's name is empty or the scan was
 * unsure of it, and its address (as a whole) where any address field is empty or unsure — never
 * for a field the user typed (`edited`), and not when the form already holds the same value.
 * Only a `valid` check with details offers anything.
 */
export function registeredOffer(check: VatCheck | null, draft: RegisteredDraft, fields: EvidenceFields, edited: ReadonlySet<string>): RegisteredOffer {
  const none = { name: null, address: null };
  if (!check || check.result !== 'valid') return none;
  const country = check.vatNumber.slice(0, 2) === 'EL' ? 'GR' : check.vatNumber.slice(0, 2);
  const name = check.name && !edited.has('name') && (!draft.name.trim() || scanUnsure(fields, 'name')) && !same(draft.name, check.name) ? check.name : null;
  const parsed = check.address ? parseRegisteredAddress(check.address, country) : null;
  const address =
    parsed &&
    addressFields.every((f) => !edited.has(f)) &&
    addressFields.some((f) => !draft[f].trim() || scanUnsure(fields, f)) &&
    !addressFields.every((f) => same(draft[f], parsed[f]))
      ? parsed
      : null;
  return { name, address };
}

/**
 * The draft with the offer's `part` taken: the name, or the four address fields. A field the user
 * typed meanwhile (`edited`) keeps its value. Returns the draft and the fields it filled.
 */
export function takeRegistered<D extends RegisteredDraft>(draft: D, offer: RegisteredOffer, part: 'name' | 'address', edited: ReadonlySet<string>): { draft: D; filled: RegisteredField[] } {
  const next = { ...draft };
  const filled: RegisteredField[] = [];
  if (part === 'name' && offer.name && !edited.has('name')) {
    next.name = offer.name;
    filled.push('name');
  }
  if (part === 'address' && offer.address) {
    for (const f of addressFields) {
      if (edited.has(f)) continue;
      next[f] = offer.address[f];
      filled.push(f);
    }
  }
  return { draft: next, filled };
}
