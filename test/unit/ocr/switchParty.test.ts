/** The party switch on a company invoice: the issuer is chosen, the customer is one click away and back. */
import { describe, expect, it } from 'vitest';
import { extractEvidence } from '../../../shared/ocr/extract';
import { switchParty } from '../../../shared/ocr/switchParty';
import { pagesFromLayout } from './fixtureText';

const invoice = pagesFromLayout([[
  { text: 'Persbureau Kustlicht B.V.', x: 56, y: 70, size: 18 },
  { text: 'Lange Voorhout 9', x: 56, y: 90, size: 10 },
  { text: '2514 EA Den Haag', x: 56, y: 104, size: 10 },
  { text: 'FACTUUR', x: 56, y: 200, size: 18 },
  { text: 'Factuurdatum 28-02-2025', x: 56, y: 225, size: 10 },
  { text: 'Aan:', x: 56, y: 260, size: 10 },
  { text: 'Studio Schelde BV', x: 56, y: 275, size: 10 },
  { text: 'Meir 34', x: 56, y: 289, size: 10 },
  { text: '2000 Antwerpen', x: 56, y: 303, size: 10 },
  { text: 'Uw btw-nummer: BE 0403.170.701', x: 56, y: 317, size: 10 },
  { text: 'KvK 93593466 · BTW NL004495445B01', x: 56, y: 790, size: 8 },
]]);

describe('switchParty', () => {
  it('swaps the issuer for the customer with its own VAT number, keeps the date, and switches back', () => {
    const r = extractEvidence(invoice);
    expect(r.party).toBe('issuer');
    expect(r.fields.vatNumber?.value).toBe('NL004495445B01');
    const s = switchParty(r, 0);
    expect(s.party).toBe('customer');
    expect(s.fields.name?.value).toBe('Studio Schelde BV');
    expect(s.fields.street?.value).toBe('Meir');
    expect(s.fields.vatNumber?.value).toBe('BE0403170701');
    expect(s.fields.chamberNumber).toBeUndefined();
    expect(s.fields.documentDate?.value).toBe('2025-02-28');
    const back = switchParty(s, 0);
    expect(back.party).toBe('issuer');
    expect(back.fields.name?.value).toBe('Persbureau Kustlicht B.V.');
    expect(back.fields.vatNumber?.value).toBe('NL004495445B01');
  });
  it('leaves the result unchanged for a party that does not exist', () => {
    const r = extractEvidence(invoice);
    expect(switchParty(r, 5)).toBe(r);
  });
});
