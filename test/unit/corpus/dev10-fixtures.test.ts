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
import { dev10Layouts } from '../../fixtures/evidence/corpus/dev10';
import { H7_ORGS, h7Org } from '../../fixtures/evidence/corpus/dev10orgs';
import { pageText, printedOn } from './truthOnPage';
import { describeSplitFixtures } from './splitFixtures';

describe('dev10 corpus fixtures', () => {
  const { docs, applicant } = describeSplitFixtures({
    split: 'dev10',
    layouts: dev10Layouts,
    orgs: H7_ORGS,
    org: h7Org,
    otherSplits: ['dev', 'eval', 'dev3', 'dev4', 'dev6', 'dev7', 'dev8', 'dev9'],
    scanCounts: { multiPageDocs: 18, upsideDownLayouts: 8, firstPageUpsideDown: 6, photoLayouts: 8, photoCountries: 8, stampedDocs: 20, signedDocs: 32 },
    invoiceCustomers: { abroad: 10, home: 4 },
  });

  it('prints the look-alike numbers beside the identifiers on the pages, not only in the organisation table', () => {
    const printed = printedOn(docs, H7_ORGS);
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
