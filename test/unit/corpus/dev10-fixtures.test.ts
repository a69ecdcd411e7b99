/**
 * The `dev10` evidence corpus (first held out as `heldout7`) is consistent with itself: every ground-truth value is printed on
 * its document (in capitals only where the page has no mixed-case spelling of it, per the
 * ground-truth rule of test/fixtures/evidence/corpus/kit.ts), identifiers and the look-alike
 * numbers printed beside them pass their checks, legal forms are register spellings of the
 * document's country, and the split covers every market × evidence kind with the layout variety
 * it was written for. This asserts the fixtures only; what the extraction reads from them is
 * measured with `npx tsx test/bench/ocr-corpus.ts --split dev10 --text`.
 */
import { describe, expect, it } from 'vitest';
import { corpusDocs, type Split } from '../../fixtures/evidence/corpus';
import type { Country } from '../../fixtures/evidence/corpus/orgs';
import { dev10Layouts } from '../../fixtures/evidence/corpus/dev10';
import { H7_ORGS, h7Org } from '../../fixtures/evidence/corpus/dev10orgs';
import { allFormats } from '../../fixtures/evidence/corpus/dev9orgs';
import {
  validateAustrianFirmenbuchNumber, validateBelgianEstablishmentNumber, validateBsn, validateFrenchSiret, validateGermanTaxNumber, validateIban,
  validatePolishNip, validatePolishRegon, validateRegisterNumber, validateUkUtr, validateVatNumber,
} from '../../../shared/identifiers';
import { compact, expectDocumentIdentifiers, linesOutOfPlace, missingTruth, pageText } from './truthOnPage';

const docs = corpusDocs('dev10');
const COUNTRIES: Country[] = ['NL', 'BE', 'DE', 'AT', 'FR', 'LU', 'GB', 'PL'];
const KINDS = ['vat-certificate', 'company-invoice', 'chamber-extract', 'professional-licence'];
const plain = (s: string): string => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
const applicant = (d: (typeof docs)[number]) => {
  const layout = dev10Layouts.find((l) => l.id === d.layout)!;
  return h7Org(layout.orgs[Number(/-(\d)\.pdf$/.exec(d.file)![1]) - 1]!);
};

describe('dev10 corpus fixtures', () => {
  it('covers every market × evidence kind (Belgium in Dutch and French, Luxembourg in French and German), two documents per layout', () => {
    expect(dev10Layouts.length).toBeGreaterThanOrEqual(32);
    expect(new Set(dev10Layouts.map((l) => l.id)).size).toBe(dev10Layouts.length);
    const cells = new Set(dev10Layouts.map((l) => `${l.country} ${l.kind}`));
    expect(COUNTRIES.flatMap((c) => KINDS.map((k) => `${c} ${k}`)).filter((cell) => !cells.has(cell))).toEqual([]);
    expect(new Set(dev10Layouts.filter((l) => l.country === 'BE').map((l) => l.lang))).toEqual(new Set(['nl', 'fr']));
    expect(new Set(dev10Layouts.filter((l) => l.country === 'LU').map((l) => l.lang))).toEqual(new Set(['fr', 'de']));
    for (const lang of ['nl', 'fr']) expect(new Set(dev10Layouts.filter((l) => l.country === 'BE' && l.lang === lang).map((l) => l.kind)).size, `BE ${lang}`).toBe(3);
    expect(docs).toHaveLength(dev10Layouts.length * 2);
    for (const l of dev10Layouts) {
      const [a, b] = docs.filter((d) => d.layout === l.id);
      expect(a!.fields.name!.value, l.id).not.toBe(b!.fields.name!.value);
      expect(a!.fields.documentDate!.value, l.id).not.toBe(b!.fields.documentDate!.value);
    }
  });

  it('is hard but real: multi-page, upside-down and phone-photo scans, stamps and signatures over text, 150 to 300 dpi, every font', () => {
    const counts = {
      multiPageDocs: docs.filter((d) => d.pages.length > 1).length,
      upsideDownLayouts: dev10Layouts.filter((l) => l.scan.upsideDown?.length).length,
      firstPageUpsideDown: dev10Layouts.filter((l) => l.scan.upsideDown?.includes(1)).length,
      photoLayouts: dev10Layouts.filter((l) => l.scan.photo).length,
      photoCountries: new Set(dev10Layouts.filter((l) => l.scan.photo).map((l) => l.country)).size,
      stampedDocs: docs.filter((d) => d.pages.flat().some((e) => e.stamp)).length,
      signedDocs: docs.filter((d) => d.pages.flat().some((e) => e.rotate && !e.stamp)).length,
    };
    expect(counts).toEqual({ multiPageDocs: 18, upsideDownLayouts: 8, firstPageUpsideDown: 6, photoLayouts: 8, photoCountries: 8, stampedDocs: 20, signedDocs: 32 });
    expect(new Set(dev10Layouts.map((l) => l.scan.dpi))).toEqual(new Set([150, 200, 220, 240, 250, 300]));
    expect(new Set(dev10Layouts.map((l) => l.scan.font)).size).toBe(5);
  });

  it('draws every line inside the page and no two lines over each other (stamps, signatures and rules apart)', () => {
    // this split also draws rules of dashes
    expect(linesOutOfPlace(docs, /^(_{3}|-{3})/)).toEqual([]);
  });

  it('comes only by name, with organisations of its own', () => {
    expect(corpusDocs().some((d) => d.split === 'dev10')).toBe(false);
    expect(docs.every((d) => d.split === 'dev10')).toBe(true);
    // every other split's applicants and counterparties, whatever their split is called now
    // (an unknown name returns no documents)
    const others = (['dev', 'eval', 'dev3', 'dev4', 'dev6', 'dev7', 'dev8', 'dev9'] as Split[]).flatMap((s) => corpusDocs(s));
    expect(others.length).toBeGreaterThan(300);
    const names = new Set(others.flatMap((d) => [d.fields.name?.value, d.other.name].filter(Boolean).map((n) => plain(n!))));
    const places = new Set(others.flatMap((d) => [`${d.fields.street?.value}|${d.fields.city?.value}`, `${d.other.street}|${d.other.city}`].map(plain)));
    const numbers = new Set(others.flatMap((d) => [d.fields.vatNumber?.value, d.fields.chamberNumber?.value, d.other.vatNumber, d.other.chamberNumber]).filter(Boolean));
    expect(H7_ORGS.filter((o) => names.has(plain(o.name)) || places.has(plain(`${o.street}|${o.city}`)) || numbers.has(o.vatNumber) || numbers.has(o.chamberNumber)).map((o) => o.key)).toEqual([]);
    expect(new Set(H7_ORGS.map((o) => o.vatNumber)).size).toBe(H7_ORGS.length);
    expect(new Set(H7_ORGS.map((o) => o.key)).size).toBe(H7_ORGS.length);
  });

  it('prints every ground-truth value on its document, in capitals only where no mixed-case spelling is printed', () => {
    expect(missingTruth(docs, allFormats)).toEqual([]);
  });

  it('expects the fields of the applicant: the invoice issuer, never the customer; the addressee of a letter, never the office that sends it', () => {
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
    // invoices name a customer: from abroad on most, from the same country on some
    const invoices = docs.filter((d) => d.kind === 'company-invoice');
    expect(invoices.filter((d) => d.other.country !== d.country).length).toBeGreaterThanOrEqual(10);
    expect(invoices.filter((d) => d.other.country === d.country).length).toBeGreaterThanOrEqual(4);
  });

  it('dates documents in 2024 or 2025, never on a founding date or a birth date printed beside them', () => {
    for (const d of docs) {
      const date = d.fields.documentDate!.value;
      expect(date, d.file).toMatch(/^202[45]-\d\d-\d\d$/);
      const o = applicant(d);
      expect([o.founded, o.born], d.file).not.toContain(date);
    }
  });

  it('has identifiers that pass their checks, legal forms in the register spelling of the document’s country, and valid look-alike numbers printed beside them', () => {
    expectDocumentIdentifiers(docs);
    for (const o of H7_ORGS) {
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
    // the look-alikes are on the pages, not only in the organisation table
    const all = compact(docs.map(pageText).join('\n'));
    const printed = (pick: (o: (typeof H7_ORGS)[number]) => string | undefined): number => H7_ORGS.filter((o) => pick(o) && all.includes(compact(pick(o)!))).length;
    const counts = {
      vestigingsnummer: printed((o) => (o.country === 'NL' ? o.distractors.establishment : undefined)),
      rsin: printed((o) => o.rsin),
      omzetbelastingnummer: printed((o) => o.omzet),
      beEstablishment: printed((o) => (o.country === 'BE' ? o.distractors.establishment : undefined)),
      steuernummer: printed((o) => (o.country === 'DE' || o.country === 'AT' ? o.distractors.taxNumber : undefined)),
      gisa: printed((o) => o.gisa),
      siret: printed((o) => o.distractors.siret),
      matricule: printed((o) => o.matricule),
      utr: printed((o) => o.distractors.utr),
      regon: printed((o) => o.distractors.regon),
    };
    // one sole trader in the Netherlands carries an omzetbelastingnummer of its own
    expect(Object.entries(counts).filter(([k, n]) => n < (k === 'omzetbelastingnummer' ? 1 : 2))).toEqual([]);
  });

  it('has the parties real documents put in awkward places: accountants as addressees, customers above issuers, issuers only in a logo line and the footer, reverse charge', () => {
    const layoutsWhere = (ok: (d: (typeof docs)[number]) => boolean): string[] => [...new Set(docs.filter(ok).map((d) => d.layout))];
    // letters sent to the accountant, tax adviser, fiduciaire or agent acting for the company
    const adviser = /Administratiekantoor|Steuerberatungsgesellschaft|Expert-comptable|Fiduciaire|Accountants/;
    expect(layoutsWhere((d) => d.kind === 'vat-certificate' && adviser.test(pageText(d))).length).toBeGreaterThanOrEqual(5);
    const invoices = docs.filter((d) => d.kind === 'company-invoice');
    const firstY = (d: (typeof docs)[number], name: string): number => Math.min(...d.pages[0]!.filter((e) => e.text.includes(name)).map((e) => e.y));
    expect(layoutsWhere((d) => invoices.includes(d) && firstY(d, d.other.name) < firstY(d, applicant(d).name)).length).toBeGreaterThanOrEqual(3);
    // the full name only in the legal footer, the logo line printing a shorter capitals form
    expect(layoutsWhere((d) => invoices.includes(d) && firstY(d, applicant(d).name) > 740 && d.pages[0]!.some((e) => e.y < 100 && e.text === applicant(d).bare.toUpperCase())).length).toBeGreaterThanOrEqual(2);
    expect(layoutsWhere((d) => d.country === 'AT' && pageText(d).includes('Steuerschuldnerschaft des Leistungsempfängers')).length).toBe(1);
  });
});
