/**
 * Field extraction over the generalisation corpus (test/fixtures/evidence/corpus: the development
 * splits dev, dev3, dev4, dev6, dev7, dev8, dev9 and dev10 and the evaluation split; 8 countries, 4 kinds) read perfectly (positioned text → words with boxes): every document's kind,
 * every field exact or flagged for review, no identifier returned unflagged that differs from the
 * truth, and on invoices the customer returned as the other party (the review form's party
 * switch). OCR of the rendered scans is measured by `npm run bench:ocr` (too slow for this suite).
 */
import { describe, expect, it } from 'vitest';
import { extractEvidence, LOW_CONFIDENCE } from '../../../shared/ocr/extract';
import { corpusDocs } from '../../fixtures/evidence/corpus';
import { scoreExtraction } from '../../bench/ocr/score';
import { pagesFromLayout } from './fixtureText';

for (const split of ['dev', 'dev3', 'dev4', 'dev6', 'dev7', 'dev8', 'dev9', 'dev10', 'eval'] as const) {
  describe(`corpus, ${split} layouts (perfect reading)`, () => {
    for (const doc of corpusDocs(split)) {
      it(`${doc.file} (${doc.country}, ${doc.kind}): kind, fields exact or flagged, no wrong identifier`, () => {
        const r = extractEvidence(pagesFromLayout(doc.pages));
        const s = scoreExtraction(r, doc.kind, doc.fields);
        expect(r.kind).toBe(doc.kind);
        expect(s.identifiersWrongUnflagged).toBe(0);
        for (const f of s.fields) expect(['exact', 'flagged'], `${f.field}: want ${f.want}, got ${f.got} (${f.confidence})`).toContain(f.outcome);
        if (doc.kind === 'company-invoice') {
          expect(r.party).toBe('issuer');
          expect(r.otherParties?.some((p) => p.fields.name?.value === doc.other.name), 'customer offered as the other party').toBe(true);
        }
      });
    }
  });
}

describe('identifiers never confidently wrong', () => {
  it('two different valid VAT numbers of the issuer, neither the customer’s: the choice is flagged with the alternative', () => {
    const pages = pagesFromLayout([[
      { text: 'Studio Leie BV', x: 56, y: 70, size: 18 },
      { text: 'Veldstraat 81', x: 56, y: 90, size: 10 },
      { text: '9000 Gent', x: 56, y: 104, size: 10 },
      { text: 'FACTUUR', x: 56, y: 200, size: 18 },
      { text: 'Factuurdatum 12-03-2025', x: 56, y: 230, size: 10 },
      { text: 'BTW BE 0403.170.701', x: 56, y: 780, size: 8 },
      { text: 'BTW BE 0835.723.492', x: 300, y: 780, size: 8 },
    ]]);
    const vat = extractEvidence(pages).fields.vatNumber!;
    expect(vat.confidence).toBeLessThan(LOW_CONFIDENCE);
    expect(vat.alternatives?.length).toBe(1);
  });
  it('a BE register number that disagrees with the BE VAT number flags both', () => {
    const pages = pagesFromLayout([[
      { text: 'Kruispuntbank van Ondernemingen', x: 56, y: 70, size: 16 },
      { text: 'Ondernemingsnummer: 0403.170.701', x: 56, y: 120, size: 10 },
      { text: 'Naam: Studio Leie BV', x: 56, y: 140, size: 10 },
      { text: 'Btw-nummer: BE 0835.723.492', x: 56, y: 160, size: 10 },
    ]]);
    const f = extractEvidence(pages).fields;
    expect(f.vatNumber!.confidence).toBeLessThan(LOW_CONFIDENCE);
    expect(f.chamberNumber!.confidence).toBeLessThan(LOW_CONFIDENCE);
  });
  it('the customer’s VAT number on an invoice is never the applicant’s', () => {
    const pages = pagesFromLayout([[
      { text: 'Persbureau Kustlicht B.V.', x: 56, y: 70, size: 18 },
      { text: 'Lange Voorhout 9', x: 56, y: 90, size: 10 },
      { text: '2514 EA Den Haag', x: 56, y: 104, size: 10 },
      { text: 'FACTUUR', x: 56, y: 200, size: 18 },
      { text: 'Aan:', x: 56, y: 260, size: 10 },
      { text: 'Studio Schelde BV', x: 56, y: 275, size: 10 },
      { text: 'Meir 34', x: 56, y: 289, size: 10 },
      { text: '2000 Antwerpen', x: 56, y: 303, size: 10 },
      { text: 'BTW BE 0403.170.701', x: 56, y: 317, size: 10 },
    ]]);
    const r = extractEvidence(pages);
    expect(r.fields.name?.value).toBe('Persbureau Kustlicht B.V.');
    expect(r.fields.vatNumber).toBeUndefined();
    expect(r.otherParties?.[0]?.fields.name?.value).toBe('Studio Schelde BV');
  });
});
