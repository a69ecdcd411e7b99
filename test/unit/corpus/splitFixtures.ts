/**
 * The fixtures checks shared by the corpus splits written on the `dev9` kit (dev9orgs.ts: its
 * organisation table, layouts and ground-truth rule), run inside the caller's `describe`: coverage
 * of every market × evidence kind, the scan variety, lines in place, organisations of the split's
 * own, every ground-truth value printed, the applicant's fields (invoice issuer, letter addressee),
 * document dates, and identifiers and look-alike numbers that pass their checks. A split's own
 * expectations (its counts, its look-alikes, its awkward parties) stay in its test file.
 */
import { expect, it } from 'vitest';
import { corpusDocs, type Split } from '../../fixtures/evidence/corpus';
import type { Country } from '../../fixtures/evidence/corpus/orgs';
import { allFormats, type H6Layout, type H6Org } from '../../fixtures/evidence/corpus/dev9orgs';
import {
  validateAustrianFirmenbuchNumber, validateBelgianEstablishmentNumber, validateBsn, validateFrenchSiret, validateGermanTaxNumber, validateIban,
  validatePolishNip, validatePolishRegon, validateRegisterNumber, validateUkUtr, validateVatNumber,
} from '../../../shared/identifiers';
import { compact, expectApplicantFields, expectDocumentDates, expectDocumentIdentifiers, linesOutOfPlace, missingTruth, plain } from './truthOnPage';

const COUNTRIES: Country[] = ['NL', 'BE', 'DE', 'AT', 'FR', 'LU', 'GB', 'PL'];
const KINDS = ['vat-certificate', 'company-invoice', 'chamber-extract', 'professional-licence'];

/** What a split on the dev9 kit declares for the shared checks. */
export interface SplitFixturesSpec {
  split: Split;
  layouts: readonly H6Layout[];
  orgs: readonly H6Org[];
  /** The organisation of a key of the split's table; throws on an unknown key. */
  org(key: string): H6Org;
  /** Every other split whose organisations this split must not reuse. */
  otherSplits: Split[];
  /** Exact counts of the scan variety (documents or layouts, as named). */
  scanCounts: { multiPageDocs: number; upsideDownLayouts: number; firstPageUpsideDown: number; photoLayouts: number; photoCountries: number; stampedDocs: number; signedDocs: number };
  /** At least this many invoices name a customer from abroad, and from the same country. */
  invoiceCustomers: { abroad: number; home: number };
}

/**
 * Defines the shared `it` blocks for `spec.split` in the current `describe`.
 * @returns the split's documents and the applicant organisation of each (from the layout's
 *   organisation list and the document's number in its file name).
 */
export function describeSplitFixtures(spec: SplitFixturesSpec) {
  const { split, layouts, orgs } = spec;
  const docs = corpusDocs(split);
  const applicant = (d: (typeof docs)[number]): H6Org => {
    const layout = layouts.find((l) => l.id === d.layout)!;
    return spec.org(layout.orgs[Number(/-(\d)\.pdf$/.exec(d.file)![1]) - 1]!);
  };

  it('covers every market × evidence kind (Belgium in Dutch and French, Luxembourg in French and German), two documents per layout', () => {
    expect(layouts.length).toBeGreaterThanOrEqual(32);
    expect(new Set(layouts.map((l) => l.id)).size).toBe(layouts.length);
    const cells = new Set(layouts.map((l) => `${l.country} ${l.kind}`));
    expect(COUNTRIES.flatMap((c) => KINDS.map((k) => `${c} ${k}`)).filter((cell) => !cells.has(cell))).toEqual([]);
    expect(new Set(layouts.filter((l) => l.country === 'BE').map((l) => l.lang))).toEqual(new Set(['nl', 'fr']));
    expect(new Set(layouts.filter((l) => l.country === 'LU').map((l) => l.lang))).toEqual(new Set(['fr', 'de']));
    for (const lang of ['nl', 'fr']) expect(new Set(layouts.filter((l) => l.country === 'BE' && l.lang === lang).map((l) => l.kind)).size, `BE ${lang}`).toBe(3);
    expect(docs).toHaveLength(layouts.length * 2);
    for (const l of layouts) {
      const [a, b] = docs.filter((d) => d.layout === l.id);
      expect(a!.fields.name!.value, l.id).not.toBe(b!.fields.name!.value);
      expect(a!.fields.documentDate!.value, l.id).not.toBe(b!.fields.documentDate!.value);
    }
  });

  it('is hard but real: multi-page, upside-down and phone-photo scans, stamps and signatures over text, 150 to 300 dpi, every font', () => {
    const counts = {
      multiPageDocs: docs.filter((d) => d.pages.length > 1).length,
      upsideDownLayouts: layouts.filter((l) => l.scan.upsideDown?.length).length,
      firstPageUpsideDown: layouts.filter((l) => l.scan.upsideDown?.includes(1)).length,
      photoLayouts: layouts.filter((l) => l.scan.photo).length,
      photoCountries: new Set(layouts.filter((l) => l.scan.photo).map((l) => l.country)).size,
      stampedDocs: docs.filter((d) => d.pages.flat().some((e) => e.stamp)).length,
      signedDocs: docs.filter((d) => d.pages.flat().some((e) => e.rotate && !e.stamp)).length,
    };
    expect(counts).toEqual(spec.scanCounts);
    expect(new Set(layouts.map((l) => l.scan.dpi))).toEqual(new Set([150, 200, 220, 240, 250, 300]));
    expect(new Set(layouts.map((l) => l.scan.font)).size).toBe(5);
  });

  it('draws every line inside the page and no two lines over each other (stamps, signatures and rules apart)', () => {
    // these splits also draw rules of dashes
    expect(linesOutOfPlace(docs, /^(_{3}|-{3})/)).toEqual([]);
  });

  it('comes only by name, with organisations of its own', () => {
    expect(corpusDocs().some((d) => d.split === split)).toBe(false);
    expect(docs.every((d) => d.split === split)).toBe(true);
    // every other split's applicants and counterparties, whatever their split is called now
    // (an unknown name returns no documents)
    const others = spec.otherSplits.flatMap((s) => corpusDocs(s));
    expect(others.length).toBeGreaterThan(300);
    const names = new Set(others.flatMap((d) => [d.fields.name?.value, d.other.name].filter(Boolean).map((n) => plain(n!))));
    const places = new Set(others.flatMap((d) => [`${d.fields.street?.value}|${d.fields.city?.value}`, `${d.other.street}|${d.other.city}`].map(plain)));
    const numbers = new Set(others.flatMap((d) => [d.fields.vatNumber?.value, d.fields.chamberNumber?.value, d.other.vatNumber, d.other.chamberNumber]).filter(Boolean));
    expect(orgs.filter((o) => names.has(plain(o.name)) || places.has(plain(`${o.street}|${o.city}`)) || numbers.has(o.vatNumber) || numbers.has(o.chamberNumber)).map((o) => o.key)).toEqual([]);
    expect(new Set(orgs.map((o) => o.vatNumber)).size).toBe(orgs.length);
    expect(new Set(orgs.map((o) => o.key)).size).toBe(orgs.length);
  });

  it('prints every ground-truth value on its document, in capitals only where no mixed-case spelling is printed', () => {
    expect(missingTruth(docs, allFormats)).toEqual([]);
  });

  it('expects the fields of the applicant: the invoice issuer, never the customer; the addressee of a letter, never the office that sends it', () => {
    expectApplicantFields(docs, applicant);
    // invoices name a customer: from abroad on most, from the same country on some
    const invoices = docs.filter((d) => d.kind === 'company-invoice');
    expect(invoices.filter((d) => d.other.country !== d.country).length).toBeGreaterThanOrEqual(spec.invoiceCustomers.abroad);
    expect(invoices.filter((d) => d.other.country === d.country).length).toBeGreaterThanOrEqual(spec.invoiceCustomers.home);
  });

  it('dates documents in 2024 or 2025, never on a founding date or a birth date printed beside them', () => {
    expectDocumentDates(docs, applicant);
  });

  it('has identifiers that pass their checks, legal forms in the register spelling of the document’s country, and valid look-alike numbers beside them', () => {
    expectDocumentIdentifiers(docs);
    for (const o of orgs) {
      expect(validateVatNumber(o.vatNumber, o.country), o.key).toEqual({ valid: true, normalised: o.vatNumber });
      expect(compact(o.vatPrinted).replace(/^(?=\d)/, o.country), o.key).toBe(o.vatNumber);
      if (o.chamberNumber) expect(validateRegisterNumber(o.country, o.chamberPrinted), o.key).toEqual({ valid: true, normalised: o.chamberNumber });
      if (o.rsin) expect(`NL${o.rsin}B01`, o.key).toBe(o.vatNumber);
      expect(validateIban(o.iban).valid, `${o.key} ${o.iban}`).toBe(true);
      const x = o.distractors;
      if (x.establishment && o.country === 'BE') expect(validateBelgianEstablishmentNumber(x.establishment).valid, o.key).toBe(true);
      if (x.establishment && o.country === 'NL') expect(x.establishment, o.key).toMatch(/^0000\d{8}$/);
      if (x.taxNumber && o.country === 'DE') expect(validateGermanTaxNumber(x.taxNumber).valid, o.key).toBe(true);
      if (x.siret) expect(validateFrenchSiret(x.siret).valid && compact(x.siret).startsWith(o.chamberNumber) && compact(x.siret) !== o.chamberNumber, o.key).toBe(true);
      if (x.regon) expect(validatePolishRegon(x.regon).valid, o.key).toBe(true);
      if (x.utr) expect(validateUkUtr(x.utr).valid && compact(x.utr) !== o.vatNumber.slice(2), o.key).toBe(true);
      if (o.omzet) expect(validateBsn(o.omzet.replace(/\D/g, '').slice(0, 9)).valid && `NL${compact(o.omzet)}` !== o.vatNumber, o.key).toBe(true);
      if (o.nip) expect(validatePolishNip(o.nip).normalised, o.key).toBe(o.vatNumber.slice(2));
      if (o.country === 'AT') expect(validateAustrianFirmenbuchNumber(o.chamberPrinted).valid, o.key).toBe(true);
    }
  });

  return { docs, applicant };
}
