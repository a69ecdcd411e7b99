/**
 * The `dev8` evidence corpus (first held out as `heldout5`) is consistent with itself: every ground-truth value is printed on
 * its document (in capitals only where the page has no mixed-case spelling of it, per the
 * ground-truth rule of test/fixtures/evidence/corpus/kit.ts), identifiers and the look-alike
 * numbers printed beside them pass their checks, legal forms are register spellings of the
 * document's country, and the split covers every market × evidence kind with the layout variety
 * it was written for. This asserts the fixtures only; what the extraction reads from them is
 * asserted by test/unit/ocr/corpus.test.ts and measured with
 * `npx tsx test/bench/ocr-corpus.ts --split dev8 --text`.
 */
import { describe, expect, it } from 'vitest';
import { corpusDocs } from '../../fixtures/evidence/corpus';
import { corpusOrganisations, type Country } from '../../fixtures/evidence/corpus/orgs';
import { dev8Layouts } from '../../fixtures/evidence/corpus/dev8';
import { allFormats, H5_ORGS, h5Org } from '../../fixtures/evidence/corpus/dev8orgs';
import { H4_ORGS } from '../../fixtures/evidence/corpus/dev7orgs';
import { H3_ORGS } from '../../fixtures/evidence/corpus/dev6orgs';
import {
  validateBelgianEstablishmentNumber, validateBsn, validateFrenchSiret, validateGermanTaxNumber, validatePolishNip,
  validatePolishRegon, validateRegisterNumber, validateUkUtr, validateVatNumber,
} from '../../../shared/identifiers';
import { compact, expectApplicantFields, expectDocumentDates, expectDocumentIdentifiers, linesOutOfPlace, missingTruth, pageText, printedOn } from './truthOnPage';

const docs = corpusDocs('dev8');
const COUNTRIES: Country[] = ['NL', 'BE', 'DE', 'AT', 'FR', 'LU', 'GB', 'PL'];
const KINDS = ['vat-certificate', 'company-invoice', 'chamber-extract', 'professional-licence'];
const applicant = (d: (typeof docs)[number]) => {
  const layout = dev8Layouts.find((l) => l.id === d.layout)!;
  return h5Org(layout.orgs[Number(/-(\d)\.pdf$/.exec(d.file)![1]) - 1]!);
};

describe('dev8 corpus fixtures', () => {
  it('covers every market × evidence kind (Belgium in Dutch and French, Luxembourg in French and German, a CEIDG entry), two documents per layout', () => {
    expect(dev8Layouts.length).toBeGreaterThanOrEqual(32);
    expect(new Set(dev8Layouts.map((l) => l.id)).size).toBe(dev8Layouts.length);
    const cells = new Set(dev8Layouts.map((l) => `${l.country} ${l.kind}`));
    expect(COUNTRIES.flatMap((c) => KINDS.map((k) => `${c} ${k}`)).filter((cell) => !cells.has(cell))).toEqual([]);
    for (const c of COUNTRIES) expect(dev8Layouts.filter((l) => l.country === c).length, c).toBeGreaterThanOrEqual(3);
    expect(new Set(dev8Layouts.filter((l) => l.country === 'BE').map((l) => l.lang))).toEqual(new Set(['nl', 'fr']));
    expect(new Set(dev8Layouts.filter((l) => l.country === 'LU').map((l) => l.lang))).toEqual(new Set(['fr', 'de']));
    // the Polish sole traders' register: an extract of a sole trader, with no KRS number to find
    const ceidg = docs.filter((d) => d.country === 'PL' && d.kind === 'chamber-extract' && pageText(d).includes('Centralna Ewidencja i Informacja o Działalności Gospodarczej'));
    expect(ceidg).toHaveLength(2);
    for (const d of ceidg) expect([applicant(d).legalFormLong, d.fields.chamberNumber], d.file).toEqual(['Jednoosobowa działalność gospodarcza', undefined]);
    expect(docs).toHaveLength(dev8Layouts.length * 2);
    for (const l of dev8Layouts) {
      const [a, b] = docs.filter((d) => d.layout === l.id);
      expect(a!.fields.name!.value, l.id).not.toBe(b!.fields.name!.value);
      expect(a!.fields.documentDate!.value, l.id).not.toBe(b!.fields.documentDate!.value);
    }
  });

  it('is hard but real in a third of its layouts at least (phone photos, upside-down pages, two pages), with stamps and signatures over text', () => {
    const hard = dev8Layouts.filter((l) => l.scan.photo || l.scan.upsideDown?.length || docs.some((d) => d.layout === l.id && d.pages.length > 1));
    expect(hard.length * 3).toBeGreaterThanOrEqual(dev8Layouts.length);
    expect(docs.filter((d) => d.pages.length > 1).length).toBeGreaterThanOrEqual(8);
    expect(new Set(dev8Layouts.filter((l) => l.scan.photo).map((l) => l.country)).size).toBeGreaterThanOrEqual(5);
    expect(dev8Layouts.filter((l) => l.scan.upsideDown?.length).length).toBeGreaterThanOrEqual(3);
    expect(dev8Layouts.filter((l) => l.scan.upsideDown?.includes(1)).length).toBeGreaterThanOrEqual(1);
    expect(docs.filter((d) => d.pages.flat().some((e) => e.stamp)).length).toBeGreaterThanOrEqual(20);
    expect(docs.filter((d) => d.pages.flat().some((e) => e.rotate && !e.stamp)).length).toBeGreaterThanOrEqual(16);
  });

  it('draws every line inside the page and no two lines over each other (stamps, signatures and rules apart)', () => {
    // this split also draws rules of dashes
    expect(linesOutOfPlace(docs, /^(_{3}|-{3})/)).toEqual([]);
  });

  it('comes only by name, with organisations of its own', () => {
    expect(corpusDocs().some((d) => d.split === 'dev8')).toBe(false);
    expect(docs.every((d) => d.split === 'dev8')).toBe(true);
    const elsewhere = [...corpusOrganisations(), ...H3_ORGS, ...H4_ORGS];
    const names = new Set(elsewhere.flatMap((o) => [o.name.toLowerCase(), o.street.toLowerCase() + o.city.toLowerCase()]));
    const numbers = new Set(elsewhere.flatMap((o) => [o.vatNumber, o.chamberNumber]).filter(Boolean));
    expect(H5_ORGS.filter((o) => names.has(o.name.toLowerCase()) || names.has(o.street.toLowerCase() + o.city.toLowerCase()) || numbers.has(o.vatNumber) || numbers.has(o.chamberNumber)).map((o) => o.key)).toEqual([]);
    expect(new Set(H5_ORGS.map((o) => o.vatNumber)).size).toBe(H5_ORGS.length);
    expect(new Set(H5_ORGS.map((o) => o.key)).size).toBe(H5_ORGS.length);
  });

  it('prints every ground-truth value on its document, in capitals only where no mixed-case spelling is printed', () => {
    expect(missingTruth(docs, allFormats)).toEqual([]);
  });

  it('expects the fields of the applicant: the invoice issuer, never the customer; the subject of a letter, never the tax adviser it is addressed to', () => {
    expectApplicantFields(docs, applicant);
  });

  it('dates documents in 2024 or 2025, never on a founding date or a birth date printed beside them', () => {
    expectDocumentDates(docs, applicant);
  });

  it('has identifiers that pass their checks, legal forms in the register spelling of the document’s country, and valid look-alike numbers printed beside them', () => {
    expectDocumentIdentifiers(docs);
    for (const o of H5_ORGS) {
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
      if (o.omzet) expect(validateBsn(o.omzet.replace(/\D/g, '').slice(0, 9)).valid && `NL${o.omzet.replace(/[.\s]/g, '')}` !== o.vatNumber, o.key).toBe(true);
      if (o.nip) expect(validatePolishNip(o.nip).normalised, o.key).toBe(o.vatNumber.slice(2));
    }
    // the look-alikes are on the pages, not only in the organisation table
    const printed = printedOn(docs, H5_ORGS);
    const counts = {
      vestigingsnummer: printed((o) => (o.country === 'NL' ? o.vestiging : undefined)),
      omzetbelastingnummer: printed((o) => o.omzet),
      beEstablishment: printed((o) => (o.country === 'BE' ? o.distractors.establishment : undefined)),
      steuernummer: printed((o) => (o.country === 'DE' || o.country === 'AT' ? o.distractors.taxNumber : undefined)),
      gisa: printed((o) => o.gisa),
      siret: printed((o) => o.distractors.siret),
      matricule: printed((o) => o.matricule),
      regon: printed((o) => o.distractors.regon),
    };
    expect(Object.entries(counts).filter(([, n]) => n < 2)).toEqual([]);
  });
});
