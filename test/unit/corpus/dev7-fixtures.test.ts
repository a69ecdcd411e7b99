/**
 * The `dev7` evidence corpus (first held out as `heldout4`) is consistent with itself: every ground-truth value is printed on
 * its document (names, streets and cities in capitals only where the page has no mixed-case
 * spelling of them, per the ground-truth rule of test/fixtures/evidence/corpus/kit.ts),
 * identifiers and the look-alike numbers printed beside them pass their checks, legal forms are
 * register spellings of the document's country, and the split covers every market × evidence
 * kind with the layout variety it was written for. This asserts the fixtures only; what the
 * extraction reads from them is asserted by test/unit/ocr/corpus.test.ts and measured with
 * `npx tsx test/bench/ocr-corpus.ts --split dev7 --text`.
 */
import { describe, expect, it } from 'vitest';
import { corpusDocs } from '../../fixtures/evidence/corpus';
import { corpusOrganisations, type Country } from '../../fixtures/evidence/corpus/orgs';
import { dev7Layouts } from '../../fixtures/evidence/corpus/dev7';
import { allFormats, H4_ORGS, h4Org } from '../../fixtures/evidence/corpus/dev7orgs';
import { H3_ORGS } from '../../fixtures/evidence/corpus/dev6orgs';
import {
  validateBelgianEstablishmentNumber, validateBsn, validateFrenchSiret, validateGermanTaxNumber, validatePolishNip,
  validatePolishRegon, validateRegisterNumber, validateUkUtr, validateVatNumber,
} from '../../../shared/identifiers';
import { compact, expectDocumentIdentifiers, linesOutOfPlace, missingTruth } from './truthOnPage';

const docs = corpusDocs('dev7');
const COUNTRIES: Country[] = ['NL', 'BE', 'DE', 'AT', 'FR', 'LU', 'GB', 'PL'];
const KINDS = ['vat-certificate', 'company-invoice', 'chamber-extract', 'professional-licence'];

describe('dev7 corpus fixtures', () => {
  it('covers every market × evidence kind (Belgium in Dutch and French, Luxembourg in French and German), two documents per layout', () => {
    expect(dev7Layouts.length).toBeGreaterThanOrEqual(24);
    expect(new Set(dev7Layouts.map((l) => l.id)).size).toBe(dev7Layouts.length);
    const cells = new Set(dev7Layouts.map((l) => `${l.country} ${l.kind}`));
    expect(COUNTRIES.flatMap((c) => KINDS.map((k) => `${c} ${k}`)).filter((cell) => !cells.has(cell))).toEqual([]);
    for (const c of COUNTRIES) expect(dev7Layouts.filter((l) => l.country === c).length, c).toBeGreaterThanOrEqual(3);
    expect(new Set(dev7Layouts.filter((l) => l.country === 'BE').map((l) => l.lang))).toEqual(new Set(['nl', 'fr']));
    expect(new Set(dev7Layouts.filter((l) => l.country === 'LU').map((l) => l.lang))).toEqual(new Set(['fr', 'de']));
    expect(docs).toHaveLength(dev7Layouts.length * 2);
    for (const l of dev7Layouts) {
      const [a, b] = docs.filter((d) => d.layout === l.id);
      expect(a!.fields.name!.value, l.id).not.toBe(b!.fields.name!.value);
      expect(a!.fields.documentDate!.value, l.id).not.toBe(b!.fields.documentDate!.value);
    }
  });

  it('has the layout variety it was written for: several pages, phone photos, upside-down pages, stamps and signatures over text', () => {
    expect(docs.filter((d) => d.pages.length > 1).length).toBeGreaterThanOrEqual(8);
    expect(new Set(dev7Layouts.filter((l) => l.scan.photo).map((l) => l.country)).size).toBeGreaterThanOrEqual(5);
    expect(dev7Layouts.filter((l) => l.scan.upsideDown?.length).length).toBeGreaterThanOrEqual(3);
    expect(dev7Layouts.filter((l) => l.scan.upsideDown?.includes(1)).length).toBeGreaterThanOrEqual(1);
    expect(docs.filter((d) => d.pages.flat().some((e) => e.stamp)).length).toBeGreaterThanOrEqual(20);
    expect(docs.filter((d) => d.pages.flat().some((e) => e.rotate && !e.stamp)).length).toBeGreaterThanOrEqual(16);
  });

  it('draws every line inside the page and no two lines over each other (stamps, signatures and rules apart)', () => {
    expect(linesOutOfPlace(docs)).toEqual([]);
  });

  it('comes only by name, with organisations of its own', () => {
    expect(corpusDocs().some((d) => d.split === 'dev7')).toBe(false);
    expect(docs.every((d) => d.split === 'dev7')).toBe(true);
    const elsewhere = [...corpusOrganisations(), ...H3_ORGS];
    const names = new Set(elsewhere.map((o) => o.name.toLowerCase()));
    const numbers = new Set(elsewhere.flatMap((o) => [o.vatNumber, o.chamberNumber]));
    expect(H4_ORGS.filter((o) => names.has(o.name.toLowerCase()) || numbers.has(o.vatNumber) || numbers.has(o.chamberNumber)).map((o) => o.key)).toEqual([]);
    expect(new Set(H4_ORGS.map((o) => o.vatNumber)).size).toBe(H4_ORGS.length);
  });

  it('prints every ground-truth value on its document, in capitals only where no mixed-case spelling is printed', () => {
    expect(missingTruth(docs, allFormats)).toEqual([]);
  });

  it('dates documents in 2024 or 2025, never on a founding date or a birth date printed beside them', () => {
    for (const d of docs) {
      const date = d.fields.documentDate!.value;
      expect(date, d.file).toMatch(/^202[45]-\d\d-\d\d$/);
      const layout = dev7Layouts.find((l) => l.id === d.layout)!;
      const o = h4Org(layout.orgs[Number(/-(\d)\.pdf$/.exec(d.file)![1]) - 1]!);
      expect(d.fields.name!.value.toLowerCase(), d.file).toContain(o.bare.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').slice(0, 6));
      expect([o.founded, o.born], d.file).not.toContain(date);
    }
  });

  it('has identifiers that pass their checks, legal forms in the register spelling of the document’s country, and valid look-alike numbers beside them', () => {
    expectDocumentIdentifiers(docs);
    // the other party (customer, …) is a real, different organisation
    for (const d of docs) expect(d.other.name, d.file).not.toBe(d.fields.name!.value);
    for (const o of H4_ORGS) {
      expect(validateVatNumber(o.vatNumber, o.country), o.key).toEqual({ valid: true, normalised: o.vatNumber });
      expect(compact(o.vatPrinted), o.key).toBe(o.vatNumber);
      if (o.chamberNumber) expect(validateRegisterNumber(o.country, o.chamberPrinted), o.key).toEqual({ valid: true, normalised: o.chamberNumber });
      if (o.rsin) expect(`NL${o.rsin}B01`, o.key).toBe(o.vatNumber);
      const x = o.distractors;
      if (x.establishment && o.country === 'BE') expect(validateBelgianEstablishmentNumber(x.establishment).valid, o.key).toBe(true);
      if (x.taxNumber && o.country === 'DE') expect(validateGermanTaxNumber(x.taxNumber).valid, o.key).toBe(true);
      if (x.siret) expect(validateFrenchSiret(x.siret).valid && x.siret.startsWith(o.chamberNumber), o.key).toBe(true);
      if (x.regon) expect(validatePolishRegon(x.regon).valid, o.key).toBe(true);
      if (x.utr) expect(validateUkUtr(x.utr).valid, o.key).toBe(true);
      if (o.omzet) expect(validateBsn(o.omzet.replace(/\D/g, '').slice(0, 9)).valid, o.key).toBe(true);
      if (o.nip) expect(validatePolishNip(o.nip).normalised, o.key).toBe(o.vatNumber.slice(2));
    }
  });
});
