/**
 * Whose identifiers a certificate, letter or extract prints: the issuer's own numbers (a
 * professional body's VAT number, a business counter's enterprise number, in the footer) are never
 * the applicant's; a certificate that names a member without the member's number returns none.
 * And the kind of a membership certificate in each market's language. Small pages read perfectly.
 */
import { describe, expect, it } from 'vitest';
import { extractEvidence, LOW_CONFIDENCE } from '../../../shared/ocr/extract';
import { pagesFromLayout } from './fixtureText';

type El = { text: string; x: number; y: number; size: number };
const extract = (els: El[][]) => extractEvidence(pagesFromLayout(els));

/** A professional body's certificate for a member: the body's letterhead and address, the member under the prose, the body's numbers in the footer. */
function membership(title: string, prose: string, member: string[], footer: string, extra: El[] = []): El[][] {
  return [[
    { text: 'Federal Photographers Association', x: 150, y: 58, size: 11 },
    { text: 'FPA', x: 56, y: 66, size: 26 },
    { text: title, x: 56, y: 150, size: 18 },
    { text: prose, x: 56, y: 190, size: 10.5 },
    ...member.map((text, i) => ({ text, x: 56, y: 215 + i * 15, size: i ? 10.5 : 12 })),
    ...extra,
    { text: footer, x: 56, y: 800, size: 7.5 },
  ]];
}

describe('the issuer’s own identifiers', () => {
  it('DE: an association’s valid USt-IdNr. in the footer of a membership certificate is not the member’s (none is returned)', () => {
    const r = extract(membership('Mitgliedsbescheinigung', 'Hiermit bestätigen wir, dass der Betrieb', ['Fotohaus Weber e.K.', 'Große Bleichen 3', '20354 Hamburg'],
      'Vereinsregister Amtsgericht Köln VR 40117 · USt-IdNr. DE314159262 · IBAN DE02 3705 0198 0001 2345 67',
      [{ text: 'Mitgliedsnummer: BV-2019-0417', x: 56, y: 300, size: 10.5 }]));
    expect(r.kind).toBe('professional-licence');
    expect(r.fields.name?.value).toBe('Fotohaus Weber e.K.');
    expect(r.fields.vatNumber).toBeUndefined();
    expect([r.fields.street?.value, r.fields.postcode?.value, r.fields.country?.value]).toEqual(['Große Bleichen', '20354', 'DE']);
  });
  it('NL: a professional body’s btw-nummer and KvK number in its footer are not the member’s', () => {
    const r = extract(membership('Bewijs van lidmaatschap', 'Hierbij verklaren wij dat', ['Fotografie Duinrand V.O.F.', 'Zeestraat 72', '2518 AD Den Haag'],
      'Beroepsvereniging Fotografen · KvK 24394014 · btw NL002391455B01 · Postbus 100 · 3500 AC Utrecht'));
    expect(r.kind).toBe('professional-licence');
    expect(r.fields.name?.value).toBe('Fotografie Duinrand V.O.F.');
    expect(r.fields.vatNumber).toBeUndefined();
    expect(r.fields.chamberNumber).toBeUndefined();
  });
  it('FR: the member’s own SIREN in the body is kept; the federation’s TVA number in the footer is not taken', () => {
    const r = extract(membership('Attestation d’adhésion', 'La fédération atteste que', ['Atelier Lumière SARL', '12 rue de la Paix', '75002 Paris'],
      'Fédération des photographes · N° TVA FR40303265045 · 8 rue Lafayette · 75009 Paris',
      [{ text: 'SIREN : 732 829 320', x: 56, y: 300, size: 10.5 }]));
    expect(r.kind).toBe('professional-licence');
    expect(r.fields.vatNumber).toBeUndefined();
    expect(r.fields.chamberNumber?.value).toBe('732829320');
    expect(r.fields.chamberNumber!.confidence).toBeGreaterThanOrEqual(LOW_CONFIDENCE);
  });
  it('BE: a business counter’s own enterprise number in the footer neither replaces nor flags the registered enterprise’s', () => {
    const r = extract([[
      { text: 'GUICHET ENTREPRISES HAINAUT', x: 56, y: 62, size: 14 },
      { text: 'Attestation d\'inscription à la Banque-Carrefour des Entreprises', x: 56, y: 130, size: 13 },
      { text: 'Numéro d\'entreprise', x: 56, y: 205, size: 10 }, { text: '0835.723.492', x: 250, y: 205, size: 10 },
      { text: 'Dénomination', x: 56, y: 223, size: 10 }, { text: 'Studio Leie BV', x: 250, y: 223, size: 10 },
      { text: 'Siège', x: 56, y: 241, size: 10 }, { text: 'Veldstraat 81', x: 250, y: 241, size: 10 }, { text: '9000 Gent', x: 250, y: 259, size: 10 },
      { text: 'Guichet Entreprises Hainaut asbl · N° d\'entreprise 0812.345.603 · Grand-Place 22 · 7000 Mons', x: 56, y: 800, size: 7.5 },
    ]]);
    expect(r.fields.chamberNumber?.value).toBe('0835.723.492');
    expect(r.fields.chamberNumber!.confidence).toBeGreaterThanOrEqual(LOW_CONFIDENCE);
  });
  it.each([
    ['with its address', 'Ehrenstraße 41 · 50672 Köln · USt-IdNr. DE314159262'],
    ['without an address', 'Vereinsregister VR 40117 · USt-IdNr. DE314159262'],
  ])('DE: the association’s USt-IdNr. in its letterhead (%s) is not the member’s', (_what, line) => {
    const r = extract([[
      { text: 'Bundesverband Porträt- und Werbefotografie e.V.', x: 56, y: 58, size: 14 }, { text: line, x: 56, y: 74, size: 8.5 },
      { text: 'Mitgliedsbescheinigung', x: 56, y: 150, size: 18 }, { text: 'Hiermit bestätigen wir, dass der Betrieb', x: 56, y: 190, size: 10.5 },
      { text: 'Fotohaus Weber e.K.', x: 56, y: 215, size: 12 }, { text: 'Große Bleichen 3', x: 56, y: 231, size: 10.5 }, { text: '20354 Hamburg', x: 56, y: 245, size: 10.5 },
      { text: 'Köln, den 23.07.2024', x: 56, y: 420, size: 10.5 },
    ]]);
    expect(r.fields.name?.value).toBe('Fotohaus Weber e.K.');
    expect(r.fields.vatNumber).toBeUndefined();
  });
  it('FR: a federation’s letterhead with its address and N° TVA gives neither a VAT nor a register number to the member', () => {
    const r = extract([[
      { text: 'Fédération Française de la Photographie', x: 56, y: 58, size: 14 }, { text: '8 rue Lafayette 75009 Paris – N° TVA FR40303265045', x: 56, y: 74, size: 8.5 },
      { text: 'Attestation d\'adhésion', x: 56, y: 150, size: 18 }, { text: 'La fédération atteste que', x: 56, y: 190, size: 10.5 },
      { text: 'Atelier Lumière SARL', x: 56, y: 215, size: 12 }, { text: '12 rue de la Paix', x: 56, y: 231, size: 10.5 }, { text: '75002 Paris', x: 56, y: 245, size: 10.5 },
      { text: 'Paris, le 23/07/2024', x: 56, y: 420, size: 10.5 },
    ]]);
    expect(r.fields.vatNumber).toBeUndefined();
    expect(r.fields.chamberNumber).toBeUndefined();
  });
  it('a register’s header with the subject’s own number and no contact details is not an issuer letterhead (AT Firmenbuch: FN kept)', () => {
    const r = extract([[
      { text: 'REPUBLIK ÖSTERREICH', x: 56, y: 50, size: 9 }, { text: 'FIRMENBUCH', x: 56, y: 64, size: 9 }, { text: 'FN 475873 p', x: 420, y: 64, size: 10 },
      { text: 'Auszug mit aktuellen Daten', x: 56, y: 96, size: 11 },
      { text: 'FIRMA', x: 56, y: 170, size: 9.5 }, { text: 'Alpenfoto Huber OG', x: 250, y: 170, size: 9.5 },
      { text: 'GESCHÄFTSANSCHRIFT', x: 56, y: 242, size: 9.5 }, { text: 'Maria-Theresien-Straße 21', x: 250, y: 242, size: 9.5 }, { text: '6020 Innsbruck', x: 250, y: 256, size: 9.5 },
    ]]);
    expect(r.fields.chamberNumber?.value).toBe('FN 475873p');
  });
  it('an invoice’s footer is its issuer’s = the applicant’s: its VAT number is still taken', () => {
    const r = extract([[
      { text: 'Studio Leie BV', x: 56, y: 70, size: 18 }, { text: 'Veldstraat 81', x: 56, y: 90, size: 10 }, { text: '9000 Gent', x: 56, y: 104, size: 10 },
      { text: 'FACTUUR', x: 56, y: 200, size: 18 }, { text: 'Factuurdatum 12-03-2025', x: 56, y: 230, size: 10 }, { text: 'Totaal 995,00', x: 300, y: 400, size: 10 },
      { text: 'Studio Leie BV · BTW BE 0835.723.492 · IBAN BE68 5390 0754 7034', x: 56, y: 800, size: 8 },
    ]]);
    expect(r.kind).toBe('company-invoice');
    expect(r.fields.vatNumber?.value).toBe('BE0835723492');
  });
});

describe('professional cards and association certificates', () => {
  it('FR carte d’artisan: a professional licence; the SIREN before "RM" (répertoire des métiers) is the register number; the chamber’s SIRET in the footer is not', () => {
    const r = extract([[
      { text: 'Chambre de Métiers et de l\'Artisanat', x: 56, y: 66, size: 13 }, { text: 'Carte d\'artisan', x: 56, y: 96, size: 17 },
      { text: 'Dénomination', x: 56, y: 145, size: 10 }, { text: 'Atelier Lumière SARL', x: 230, y: 145, size: 10 },
      { text: 'N° d\'identification', x: 56, y: 161, size: 10 }, { text: '732 829 320 RM 750', x: 230, y: 161, size: 10 },
      { text: 'Adresse de l\'établissement', x: 56, y: 177, size: 10 }, { text: '12 rue de la Paix', x: 230, y: 177, size: 10 }, { text: '75002 Paris', x: 230, y: 193, size: 10 },
      { text: 'CMA · 72 rue de Reuilly · 75012 Paris · SIRET 130 027 964 00013', x: 56, y: 800, size: 7.5 },
    ]]);
    expect(r.kind).toBe('professional-licence');
    expect(r.fields.chamberNumber?.value).toBe('732829320');
  });
  it('PL association certificate: the member’s NIP under its name is taken, the association’s own NIP in the footer is not; "od dnia" is the membership date, "dnia" after the place the document’s', () => {
    const r = extract(membership('Zaświadczenie o członkostwie', 'Niniejszym zaświadcza się, że firma', ['Fotografia Wisła Sp. z o.o.', 'ul. Marszałkowska 84', '00-514 Warszawa', 'NIP: 888-119-42-37'],
      'Związek Fotografów Zawodowych · ul. Foksal 3/5 · 00-366 Warszawa · NIP 5251002016 · KRS 0000123456',
      [{ text: 'jest członkiem Związku od dnia 01.06.2018.', x: 56, y: 290, size: 10.5 }, { text: 'Warszawa, dnia 25.11.2024', x: 56, y: 400, size: 10.5 }]));
    expect(r.kind).toBe('professional-licence');
    expect(r.fields.vatNumber?.value).toBe('PL8881194237');
    expect(r.fields.documentDate?.value).toBe('2024-11-25');
  });
});
