/**
 * The held-out evidence corpus `heldout8` is consistent with itself: every ground-truth value is
 * printed on its document (in capitals only where the page has no mixed-case spelling of it, per
 * the ground-truth rule of test/fixtures/evidence/corpus/kit.ts), identifiers and the look-alike
 * numbers printed beside them pass their checks, legal forms are register spellings of the
 * document's country, and the split covers every market × evidence kind with the layout variety
 * it was written for. This asserts the fixtures only, never what the extraction reads from them:
 * the split is held out (measured blind with `npx tsx test/bench/ocr-corpus.ts --split heldout8`).
 */
import { describe, expect, it } from 'vitest';
import { heldout8Layouts } from '../../fixtures/evidence/corpus/heldout8';
import { H8_ORGS, h8Org } from '../../fixtures/evidence/corpus/heldout8orgs';
import { validateFrenchSiret } from '../../../shared/identifiers';
import { compact, pageText, printedOn } from './truthOnPage';
import { describeSplitFixtures } from './splitFixtures';

describe('heldout8 corpus fixtures', () => {
  const { docs, applicant } = describeSplitFixtures({
    split: 'heldout8',
    layouts: heldout8Layouts,
    orgs: H8_ORGS,
    org: h8Org,
    otherSplits: ['dev', 'eval', 'dev3', 'dev4', 'dev6', 'dev7', 'dev8', 'dev9', 'dev10'],
    scanCounts: { multiPageDocs: 24, upsideDownLayouts: 6, firstPageUpsideDown: 5, photoLayouts: 8, photoCountries: 8, stampedDocs: 22, signedDocs: 24 },
    invoiceCustomers: { abroad: 12, home: 4 },
  });
  type Doc = (typeof docs)[number];
  const layoutsWhere = (ok: (d: Doc) => boolean): string[] => [...new Set(docs.filter(ok).map((d) => d.layout))];

  it('prints the look-alike numbers beside the identifiers on the pages, not only in the organisation table', () => {
    const printed = printedOn(docs, H8_ORGS);
    const counts = {
      vestigingsnummer: printed((o) => (o.country === 'NL' ? o.distractors.establishment : undefined)),
      rsin: printed((o) => o.rsin),
      omzetbelastingnummer: printed((o) => o.omzet),
      beEstablishment: printed((o) => (o.country === 'BE' ? o.distractors.establishment : undefined)),
      steuernummer: printed((o) => (o.country === 'DE' || o.country === 'AT' ? o.distractors.taxNumber : undefined)),
      gisa: printed((o) => o.gisa),
      siret: printed((o) => o.distractors.siret),
      secondarySiret: printed((o) => o.siret2),
      matricule: printed((o) => o.matricule),
      utr: printed((o) => o.distractors.utr),
      regon: printed((o) => o.distractors.regon),
    };
    // one sole trader in the Netherlands carries an omzetbelastingnummer of its own
    expect(Object.entries(counts).filter(([k, n]) => n < (k === 'omzetbelastingnummer' ? 1 : 2))).toEqual([]);
    for (const o of H8_ORGS.filter((x) => x.siret2)) {
      expect(validateFrenchSiret(o.siret2!).valid && compact(o.siret2!).startsWith(o.chamberNumber) && o.siret2 !== o.distractors.siret, o.key).toBe(true);
    }
  });

  it('has the documents the brief asks for: a sole trader\u2019s invoice, two enterprise numbers, a Prokurist and a former name, an établissement secondaire, an agent, both NIPs', () => {
    const invoices = docs.filter((d) => d.kind === 'company-invoice');
    // a sole trader issuing an invoice: a person's name as trading name, no legal form expected
    expect(invoices.filter((d) => !d.fields.legalForm && applicant(d).bare.includes(applicant(d).person.split(' ').pop()!)).length).toBeGreaterThanOrEqual(1);
    // a Belgian invoice printing the issuer's and the customer's enterprise numbers
    expect(invoices.filter((d) => d.country === 'BE' && d.other.country === 'BE' && compact(pageText(d)).includes(compact(applicant(d).chamberPrinted)) && compact(pageText(d)).includes(compact(d.other.chamberPrinted))).length).toBeGreaterThanOrEqual(2);
    // a German register extract with a Prokurist and the former name
    expect(docs.filter((d) => d.country === 'DE' && d.kind === 'chamber-extract' && /Prokura/.test(pageText(d)) && pageText(d).includes(`früher: ${h8Org(applicant(d).key).formerName}`)).length).toBeGreaterThanOrEqual(1);
    // a Kbis with an établissement secondaire and its own SIRET
    expect(docs.filter((d) => d.country === 'FR' && d.kind === 'chamber-extract' && pageText(d).includes('ÉTABLISSEMENT SECONDAIRE') && pageText(d).includes(h8Org(applicant(d).key).siret2!)).length).toBe(2);
    // an HMRC letter addressed to an agent
    expect(docs.filter((d) => d.country === 'GB' && d.kind === 'vat-certificate' && /agent/i.test(pageText(d)) && /HM Revenue/.test(pageText(d))).length).toBe(2);
    // a Polish invoice with the NIP of both parties
    expect(invoices.filter((d) => d.country === 'PL' && d.other.country === 'PL' && pageText(d).includes(`NIP: ${applicant(d).nip}`) && pageText(d).includes(`NIP: ${h8Org(H8_ORGS.find((x) => x.name === d.other.name)!.key).nip}`)).length).toBeGreaterThanOrEqual(1);
    // customers and addressees abroad
    expect(docs.filter((d) => d.kind === 'company-invoice' && d.other.country !== d.country).length).toBeGreaterThanOrEqual(2);
  });

  it('has documents whose applicant identifiers are printed only on page 2, and 2025–2026 office details (QR codes, reference blocks)', () => {
    const onlyOnPage2 = docs.filter((d) => {
      if (d.pages.length < 2) return false;
      const ids = [d.fields.vatNumber?.value, d.fields.chamberNumber?.value].filter((v): v is string => !!v).map((v) => compact(v).replace(/^(GB|PL)/, ''));
      const page = (i: number): string => compact(d.pages[i]!.map((e) => e.text).join('\n'));
      return ids.length > 0 && ids.every((v) => !page(0).includes(v) && page(1).includes(v));
    });
    expect(new Set(onlyOnPage2.map((d) => d.layout)).size).toBeGreaterThanOrEqual(2);
    expect(layoutsWhere((d) => d.pages.flat().some((e) => /^[█ ]+$/.test(e.text) && e.text.includes('█'))).length).toBeGreaterThanOrEqual(4);
    expect(layoutsWhere((d) => /Ons kenmerk|Unser Zeichen|Nos réf\.|Our reference/.test(pageText(d))).length).toBeGreaterThanOrEqual(5);
  });
});
