/**
 * The `dev6` evidence corpus (first held out as `heldout3`) is consistent with itself: every ground-truth value is printed on
 * its document, identifiers pass their checks (or fail them exactly where the truth says
 * `invalid`), legal forms are register spellings, and the split covers every market, language and
 * evidence kind. This asserts the fixtures only; what the extraction reads from them is measured by
 * `npx tsx test/bench/ocr-corpus.ts --split dev6` (a development split, tuned on).
 */
import { describe, expect, it } from 'vitest';
import { corpusDocs } from '../../fixtures/evidence/corpus';
import { date } from '../../fixtures/evidence/corpus/kit';
import { corpusOrganisations, type Country } from '../../fixtures/evidence/corpus/orgs';
import { dev6Layouts } from '../../fixtures/evidence/corpus/dev6';
import { legalForms, validateRegisterNumber, validateRsin, validateVatNumber } from '../../../shared/identifiers';

const docs = corpusDocs('dev6');
const COUNTRIES: Country[] = ['NL', 'BE', 'DE', 'AT', 'FR', 'LU', 'GB', 'PL'];
/** Upper case without blanks, dots, dashes and slashes: how identifiers are compared with the printed text. */
const compact = (s: string): string => s.toUpperCase().replace(/[\s./-]/g, '');

describe('dev6 corpus fixtures', () => {
  it('covers the eight markets, Belgium in Dutch and French, and the four evidence kinds, two documents per layout', () => {
    expect(dev6Layouts.length).toBeGreaterThanOrEqual(16);
    expect(new Set(dev6Layouts.map((l) => l.country))).toEqual(new Set(COUNTRIES));
    expect(new Set(dev6Layouts.filter((l) => l.country === 'BE').map((l) => l.lang))).toEqual(new Set(['nl', 'fr']));
    expect(new Set(dev6Layouts.map((l) => l.kind))).toEqual(new Set(['vat-certificate', 'company-invoice', 'chamber-extract', 'professional-licence']));
    expect(new Set(dev6Layouts.map((l) => l.id)).size).toBe(dev6Layouts.length);
    expect(docs).toHaveLength(dev6Layouts.length * 2);
    for (const l of dev6Layouts) {
      const [a, b] = docs.filter((d) => d.layout === l.id);
      expect(a!.fields.name!.value, l.id).not.toBe(b!.fields.name!.value);
      expect(a!.fields.documentDate!.value, l.id).not.toBe(b!.fields.documentDate!.value);
    }
  });

  it('comes only by name, with organisations of its own', () => {
    expect(corpusDocs().some((d) => d.split === 'dev6')).toBe(false);
    expect(docs.every((d) => d.split === 'dev6')).toBe(true);
    const shared = new Set(corpusOrganisations().map((o) => o.name));
    expect(docs.map((d) => d.fields.name!.value).filter((n) => shared.has(n))).toEqual([]);
  });

  it('prints every ground-truth value on its document', () => {
    const missing: string[] = [];
    for (const d of docs) {
      const text = d.pages.flat().map((e) => e.text).join('\n');
      for (const [field, { value }] of Object.entries(d.fields)) {
        let found: boolean;
        if (field === 'country') found = value === d.country;
        else if (field === 'documentDate') found = [value, ...COUNTRIES.flatMap((c) => [date(value, c), date(value, c, true)])].some((s) => text.includes(s));
        else if (field === 'legalForm') found = text.toLowerCase().includes(value.toLowerCase());
        // a Polish VAT number is printed as the NIP, without its `PL`
        else if (field === 'vatNumber' && d.country === 'PL') found = compact(text).includes(compact(value).slice(2));
        else if (['vatNumber', 'chamberNumber', 'rsin'].includes(field)) found = compact(text).includes(compact(value));
        else found = text.includes(value);
        if (!found) missing.push(`${d.file} ${field}=${value}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('has identifiers that pass their checks, except those marked invalid (which fail them), and legal forms in the register spelling', () => {
    const spellings = new Set(legalForms.flatMap((f) => [...f.long, ...f.short]));
    let invalid = 0;
    for (const d of docs) {
      const { vatNumber, chamberNumber, rsin, legalForm } = d.fields;
      if (vatNumber) {
        const r = validateVatNumber(vatNumber.value, d.country);
        expect(r.valid, `${d.file} ${vatNumber.value}`).toBe(!vatNumber.invalid);
        if (r.valid) expect(r.normalised, d.file).toBe(vatNumber.value);
        if (vatNumber.invalid) invalid++;
      }
      if (chamberNumber) expect(validateRegisterNumber(d.country, chamberNumber.value), d.file).toEqual({ valid: true, normalised: chamberNumber.value });
      if (rsin) expect(validateRsin(rsin.value), d.file).toEqual({ valid: true, normalised: rsin.value });
      if (legalForm) expect(spellings.has(legalForm.value), `${d.file} ${legalForm.value}`).toBe(true);
    }
    expect(invalid).toBeGreaterThan(0);
  });
});
