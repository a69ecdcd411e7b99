/**
 * Checks a corpus split's ground truth against its own pages (the ground-truth rule of
 * test/fixtures/evidence/corpus/kit.ts), shared by the fixtures tests of the splits written with
 * organisations of their own. Reads the fixtures only, never what the extraction reads from them.
 */
import { expect } from 'vitest';
import { legalForms, validateRegisterNumber, validateRsin, validateVatNumber } from '../../../shared/identifiers';
import type { CorpusDoc } from '../../fixtures/evidence/corpus';
import type { CorpusOrg } from '../../fixtures/evidence/corpus/orgs';

/** Upper case without blanks, dots, dashes and slashes: how identifiers are compared with the printed text. */
export const compact = (s: string): string => s.toUpperCase().replace(/[\s./-]/g, '');

/** Every positioned text of the document's pages, one per line. */
export const pageText = (d: CorpusDoc): string => d.pages.flat().map((e) => e.text).join('\n');

/** Lower case without diacritics: how names and places are compared. */
export const plain = (s: string): string => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

/** What {@link expectApplicantFields} reads of an applicant: its table row, and its name without the legal form. */
export type ApplicantRow = Pick<CorpusOrg, 'name' | 'country' | 'vatNumber' | 'chamberNumber' | 'postcode' | 'houseNumber'> & { bare: string };

/**
 * Asserts that each document expects the fields of its applicant (`applicant(d)`, the invoice
 * issuer or the letter's subject): the name (its first six letters without the legal form,
 * compared `plain`), the country, and the VAT number, register number, postcode and house number
 * where the document expects them; and that the other party printed is not the applicant.
 */
export function expectApplicantFields(docs: readonly CorpusDoc[], applicant: (d: CorpusDoc) => ApplicantRow): void {
  for (const d of docs) {
    const o = applicant(d);
    expect(plain(d.fields.name!.value), d.file).toContain(plain(o.bare).slice(0, 6));
    expect(d.fields.country!.value, d.file).toBe(o.country);
    if (d.fields.vatNumber) expect(d.fields.vatNumber.value, d.file).toBe(o.vatNumber);
    if (d.fields.chamberNumber) expect(d.fields.chamberNumber.value, d.file).toBe(o.chamberNumber);
    if (d.fields.postcode) expect(d.fields.postcode.value, d.file).toBe(o.postcode);
    if (d.fields.houseNumber) expect(d.fields.houseNumber.value, d.file).toBe(o.houseNumber);
    expect(d.other.name, d.file).not.toBe(o.name);
  }
}

/**
 * Asserts that each document's date (`documentDate`, ISO `YYYY-MM-DD`) is in 2024 or 2025 and is
 * neither the founding date nor the birth date of its applicant (`applicant(d)`), which pages print
 * beside it.
 */
export function expectDocumentDates(docs: readonly CorpusDoc[], applicant: (d: CorpusDoc) => { founded: string; born: string }): void {
  for (const d of docs) {
    const date = d.fields.documentDate!.value;
    expect(date, d.file).toMatch(/^202[45]-\d\d-\d\d$/);
    const o = applicant(d);
    expect([o.founded, o.born], d.file).not.toContain(date);
  }
}

/**
 * A counter over `orgs`: how many have the value `pick` returns printed (compared `compact`) on
 * the pages of `docs`, to show that look-alike numbers are on the pages, not only in the table.
 */
export function printedOn<O>(docs: readonly CorpusDoc[], orgs: readonly O[]): (pick: (o: O) => string | undefined) => number {
  const all = compact(docs.map(pageText).join('\n'));
  return (pick) =>
    orgs.filter((o) => {
      const value = pick(o);
      return value !== undefined && value !== '' && all.includes(compact(value));
    }).length;
}

/**
 * The ground-truth values of `docs` not printed on their own document, as `file field=value`
 * lines (empty when all are): dates in any of `allFormats(iso)`, identifiers compared `compact`
 * (GB and PL VAT numbers may be printed without their country prefix, as HMRC and Polish
 * documents print them), legal forms in any case; and a name, street or city expected in capitals
 * although the page also prints another spelling of it (`… also printed as …`).
 */
export function missingTruth(docs: readonly CorpusDoc[], allFormats: (iso: string) => string[]): string[] {
  const missing: string[] = [];
  for (const d of docs) {
    const text = pageText(d);
    for (const [field, { value }] of Object.entries(d.fields)) {
      let found: boolean;
      if (field === 'country') found = value === d.country;
      else if (field === 'documentDate') found = allFormats(value).some((s) => text.includes(s));
      else if (field === 'legalForm') found = text.toLowerCase().includes(value.toLowerCase());
      // HMRC prints the GB number and Polish documents the NIP without the country prefix
      else if (field === 'vatNumber') found = compact(text).includes(compact(value)) || (['GB', 'PL'].includes(d.country) && compact(text).includes(compact(value).slice(2)));
      else if (['chamberNumber', 'rsin'].includes(field)) found = compact(text).includes(compact(value));
      else found = text.includes(value);
      if (!found) missing.push(`${d.file} ${field}=${value}`);
    }
    // the kit's rule: a value in capitals is expected only when the page has no other spelling of it
    for (const field of ['name', 'street', 'city']) {
      const want = d.fields[field]?.value;
      if (!want || want !== want.toUpperCase()) continue;
      const lower = text.toLowerCase();
      for (let i = lower.indexOf(want.toLowerCase()); i >= 0; i = lower.indexOf(want.toLowerCase(), i + 1)) {
        const printed = text.slice(i, i + want.length);
        if (printed !== want) missing.push(`${d.file} ${field}=${want} also printed as ${printed}`);
      }
    }
  }
  return missing;
}

/**
 * The lines of `docs` drawn outside an A4 page's margins (x 20–585, y 10–835 pt) or over another
 * line, as `file pN outside: text` / `file pN overlap: a / b` (empty when none are). Stamps,
 * rotated signatures and rules (lines matching `rule`, by default a run of underscores) are left
 * out: they are drawn over text on purpose. Widths are estimated from the character count, about
 * 0.55 em a character and 0.62 em in bold.
 */
export function linesOutOfPlace(docs: readonly CorpusDoc[], rule: RegExp = /^_{3}/): string[] {
  const width = (e: { text: string; size: number; bold?: boolean }): number => e.text.length * e.size * (e.bold ? 0.62 : 0.55);
  const bad: string[] = [];
  for (const d of docs) {
    d.pages.forEach((page, p) => {
      const boxes = page.filter((e) => !e.stamp && !e.rotate && e.text.trim() && !rule.test(e.text)).map((e) => {
        const x0 = e.align === 'right' ? e.x - width(e) : e.x;
        return { e, x0, x1: x0 + width(e), y0: e.y - e.size * 0.75, y1: e.y + e.size * 0.2 };
      });
      for (const b of boxes) if (b.x0 < 20 || b.x1 > 585 || b.y0 < 10 || b.y1 > 835) bad.push(`${d.file} p${p + 1} outside: ${b.e.text}`);
      for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
          const [a, b] = [boxes[i]!, boxes[j]!];
          if (a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1) bad.push(`${d.file} p${p + 1} overlap: ${a.e.text} / ${b.e.text}`);
        }
      }
    });
  }
  return bad;
}

/**
 * Asserts (vitest `expect`) each document's identifiers in its ground truth: a VAT or register
 * number identifies the organisation; VAT, register and RSIN numbers pass shared/identifiers'
 * checks unchanged; a legal form is one of its country's spellings in shared/identifiers; an
 * invoice prints its other party's name and VAT number (Polish numbers may drop the PL prefix).
 */
export function expectDocumentIdentifiers(docs: readonly CorpusDoc[]): void {
  for (const d of docs) {
    const { vatNumber, chamberNumber, rsin, legalForm } = d.fields;
    expect(vatNumber || chamberNumber, `${d.file} identifies the organisation`).toBeTruthy();
    if (vatNumber) expect(validateVatNumber(vatNumber.value, d.country), d.file).toEqual({ valid: true, normalised: vatNumber.value });
    if (chamberNumber) expect(validateRegisterNumber(d.country, chamberNumber.value), d.file).toEqual({ valid: true, normalised: chamberNumber.value });
    if (rsin) expect(validateRsin(rsin.value), d.file).toEqual({ valid: true, normalised: rsin.value });
    if (legalForm) expect(legalForms.some((f) => f.countries.includes(d.country) && [...f.long, ...f.short].includes(legalForm.value)), `${d.file} ${legalForm.value}`).toBe(true);
    if (d.kind === 'company-invoice') {
      expect(pageText(d), d.file).toContain(d.other.name);
      expect(compact(pageText(d)), d.file).toContain(compact(d.other.vatPrinted).replace(/^PL/, ''));
    }
  }
}
