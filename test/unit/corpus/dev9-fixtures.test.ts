/**
 * The `dev9` evidence corpus (first held out as `heldout6`) is consistent with itself: every ground-truth value is printed on
 * its document (in capitals only where the page has no mixed-case spelling of it, per the
 * ground-truth rule of test/fixtures/evidence/corpus/kit.ts), identifiers and the look-alike
 * numbers printed beside them pass their checks, legal forms are register spellings of the
 * document's country, and the split covers every market × evidence kind with the layout variety
 * it was written for. This asserts the fixtures only; what the extraction reads from them is
 * measured with `npx tsx test/bench/ocr-corpus.ts --split dev9 --text`.
 */
import { describe, expect, it } from 'vitest';
import { dev9Layouts } from '../../fixtures/evidence/corpus/dev9';
import { H6_ORGS, h6Org } from '../../fixtures/evidence/corpus/dev9orgs';
import { printedOn } from './truthOnPage';
import { describeSplitFixtures } from './splitFixtures';

describe('dev9 corpus fixtures', () => {
  const { docs } = describeSplitFixtures({
    split: 'dev9',
    layouts: dev9Layouts,
    orgs: H6_ORGS,
    org: h6Org,
    otherSplits: ['dev', 'eval', 'dev3', 'dev4', 'dev6', 'dev7', 'dev8'],
    scanCounts: { multiPageDocs: 18, upsideDownLayouts: 8, firstPageUpsideDown: 6, photoLayouts: 10, photoCountries: 8, stampedDocs: 18, signedDocs: 30 },
    invoiceCustomers: { abroad: 14, home: 1 },
  });

  it('prints the look-alike numbers beside the identifiers on the pages, not only in the organisation table', () => {
    const printed = printedOn(docs, H6_ORGS);
    const counts = {
      vestigingsnummer: printed((o) => (o.country === 'NL' ? o.distractors.establishment : undefined)),
      loonheffingennummer: printed((o) => (o.rsin ? `${o.rsin}L01` : undefined)),
      beEstablishment: printed((o) => (o.country === 'BE' ? o.distractors.establishment : undefined)),
      steuernummer: printed((o) => (o.country === 'DE' || o.country === 'AT' ? o.distractors.taxNumber : undefined)),
      gisa: printed((o) => o.gisa),
      siret: printed((o) => o.distractors.siret),
      matricule: printed((o) => o.matricule),
      utr: printed((o) => o.distractors.utr),
      regon: printed((o) => o.distractors.regon),
    };
    expect(Object.entries(counts).filter(([, n]) => n < 2)).toEqual([]);
  });
});
