/**
 * Rules learnt from independently written layouts, each on a small page read perfectly: the
 * registered name (with its legal form) over a trading name, the nation in a UK one-line address,
 * a registration date that is not the document's date, a VIES result print and a VAT letter in
 * French recognised as VAT evidence.
 */
import { describe, expect, it } from 'vitest';
import { extractEvidence } from '../../../shared/ocr/extract';
import { pagesFromLayout } from './fixtureText';

type El = { text: string; x: number; y: number; size: number };
const extract = (els: El[][]) => extractEvidence(pagesFromLayout(els));
/** Label/value rows: labels at x = 56, values at `vx`. */
const rows = (y: number, items: [string, string][], vx = 250, step = 18): El[] => items.flatMap(([l, v], i) => [...(l ? [{ text: l, x: 56, y: y + i * step, size: 10 }] : []), ...(v ? [{ text: v, x: vx, y: y + i * step, size: 10 }] : [])]);

describe('names', () => {
  it('a certificate with "Name" and "Trading name": the registered name with its legal form, not the trading name above the address', () => {
    const r = extract([[
      { text: 'HM Revenue & Customs', x: 56, y: 64, size: 15 },
      { text: 'Certificate of Registration for Value Added Tax', x: 56, y: 130, size: 14 },
      ...rows(170, [['VAT registration number', '269 2904 28'], ['Date of issue', '01/03/2024'], ['Name', 'THAMES FRAME STUDIOS LLP'], ['Trading name', 'Thames Frame Studios'], ['Principal place of business', '41 Clerkenwell Road'], ['', 'London'], ['', 'EC1M 5RN']]),
    ]]);
    expect(r.kind).toBe('vat-certificate');
    expect(r.fields.name?.value).toBe('THAMES FRAME STUDIOS LLP');
    expect(r.fields.legalForm?.value).toBe('LLP');
  });
  it('a tax list printing the name with its form written out in capitals: the form in the register’s spelling', () => {
    const r = extract([[
      { text: 'Ministerstwo Finansów', x: 56, y: 60, size: 11 }, { text: 'Wykaz podatników VAT', x: 56, y: 115, size: 16 },
      { text: 'Wynik wyszukiwania na dzień 2024-01-15', x: 56, y: 135, size: 9.5 },
      ...rows(190, [['Nazwa firmy:', 'FOTOGRAFIA WISŁA SPÓŁKA Z OGRANICZONĄ ODPOWIEDZIALNOŚCIĄ'], ['NIP:', '8881194237'], ['Adres siedziby:', 'UL. MARSZAŁKOWSKA 84, 00-514 WARSZAWA']], 230),
    ]]);
    expect(r.fields.name?.value).toBe('FOTOGRAFIA WISŁA SPÓŁKA Z OGRANICZONĄ ODPOWIEDZIALNOŚCIĄ');
    expect(r.fields.legalForm?.value).toBe('Spółka z ograniczoną odpowiedzialnością');
  });
});

describe('addresses and dates', () => {
  it('UK one-line address "street, city, nation, postcode": the city, not the nation', () => {
    const r = extract([[
      { text: 'NORTHERN LIGHT IMAGING LTD', x: 56, y: 115, size: 17 }, { text: 'Company number 07474956', x: 56, y: 137, size: 10.5 },
      { text: 'Registered office address', x: 56, y: 205, size: 9.5 }, { text: '221 Deansgate, Manchester, England, M3 4EN', x: 56, y: 221, size: 10.5 },
      ...rows(260, [['Company status', 'Active'], ['Company type', 'Private limited Company'], ['Incorporated on', '3 May 2016']], 260, 32),
    ]]);
    expect([r.fields.street?.value, r.fields.houseNumber?.value, r.fields.city?.value, r.fields.postcode?.value]).toEqual(['Deansgate', '221', 'Manchester', 'M3 4EN']);
  });
  it('"Date d’inscription" is the registration date, not the document’s; "Fait à …, le …" is', () => {
    const r = extract([[
      { text: 'Attestation d\'inscription à la Banque-Carrefour des Entreprises', x: 56, y: 130, size: 13 },
      ...rows(205, [['Numéro d\'entreprise', '0835.723.492'], ['Dénomination', 'Studio Leie BV'], ['Date d\'inscription', '12/09/2017']]),
      { text: 'Fait à Mons, le 13 septembre 2024.', x: 56, y: 400, size: 10 },
    ]]);
    expect(r.fields.documentDate?.value).toBe('2024-09-13');
  });
});

describe('kinds', () => {
  it('a VIES result print (German) is VAT evidence; the name is the one under "Name", not the verdict line', () => {
    const r = extract([[
      { text: 'Europäische Kommission', x: 56, y: 70, size: 13 }, { text: 'VIES – MwSt-Informationsaustauschsystem', x: 56, y: 92, size: 11 },
      { text: 'Ja, gültige MwSt-Nummer', x: 56, y: 140, size: 14 },
      ...rows(170, [['Mitgliedstaat', 'AT'], ['MwSt-Nummer', 'AT U33167462'], ['Name', 'ALPENFOTO HUBER OG'], ['Anschrift', 'MARIA-THERESIEN-STRASSE 21'], ['', 'AT-6020 INNSBRUCK']], 230),
    ]]);
    expect(r.kind).toBe('vat-certificate');
    expect(r.fields.name?.value).toBe('ALPENFOTO HUBER OG');
    expect(r.fields.vatNumber?.value).toBe('ATU33167462');
  });
  it('a French letter confirming the registration "à la TVA" is VAT evidence, not a register extract', () => {
    const r = extract([[
      { text: 'Administration de l\'enregistrement, des domaines et de la TVA', x: 56, y: 74, size: 10.5 },
      { text: 'Visuels Moselle S.A.', x: 340, y: 160, size: 10.5 }, { text: '102, route de Thionville', x: 340, y: 174, size: 10.5 }, { text: 'L-5885 Hesperange', x: 340, y: 188, size: 10.5 },
      { text: 'Concerne : attestation d\'immatriculation à la taxe sur la valeur ajoutée', x: 56, y: 300, size: 10.5 },
      { text: 'Nous certifions par la présente que la société désignée ci-dessus est immatriculée', x: 56, y: 352, size: 10.5 },
      { text: 'à la TVA depuis le 01/07/2015 sous le numéro d\'identification TVA', x: 56, y: 366, size: 10.5 },
      { text: 'LU 95709679', x: 200, y: 392, size: 12 },
    ]]);
    expect(r.kind).toBe('vat-certificate');
    expect(r.fields.vatNumber?.value).toBe('LU95709679');
  });
});

describe('letters, registers and footers', () => {
  it.each([
    ['NL', 't.a.v. de administratie', 'Fotografie Duinrand V.O.F.', 'Zeestraat 72', '2518 AD  DEN HAAG'],
    ['DE', 'z. Hd. Geschäftsführung', 'Fotohaus Weber e.K.', 'Große Bleichen 3', '20354 Hamburg'],
    ['GB', 'FAO Accounts Department', 'Thames Frame Studios LLP', '41 Clerkenwell Road', 'London'],
  ])('%s letter: the attention line "%s" between the addressee and its street is not the name', (_c, attention, name, street, city) => {
    const r = extract([[
      { text: 'Tax Office', x: 360, y: 56, size: 17 },
      { text: name, x: 56, y: 190, size: 10 }, { text: attention, x: 56, y: 204, size: 10 }, { text: street, x: 56, y: 218, size: 10 }, { text: city, x: 56, y: 232, size: 10 },
      ...(city === 'London' ? [{ text: 'EC1M 5RN', x: 56, y: 246, size: 10 }] : []),
      { text: 'Certificate of registration for VAT: btw-identificatienummer, Umsatzsteuer-Identifikationsnummer', x: 56, y: 300, size: 10 },
    ]]);
    expect(r.fields.name?.value).toBe(name);
  });
  it('a register’s entry index before each value ("1  Alpenfoto Huber OG") is not part of the name or the street; a house number first is kept', () => {
    const f = extract([[
      { text: 'FIRMENBUCH', x: 56, y: 64, size: 9 }, { text: 'Auszug mit aktuellen Daten', x: 56, y: 96, size: 11 },
      { text: 'FIRMA', x: 56, y: 170, size: 9.5 }, { text: '1  Alpenfoto Huber OG', x: 250, y: 170, size: 9.5 },
      { text: 'GESCHÄFTSANSCHRIFT', x: 56, y: 242, size: 9.5 }, { text: '1  Maria-Theresien-Straße 21', x: 250, y: 242, size: 9.5 }, { text: '6020 Innsbruck', x: 250, y: 256, size: 9.5 },
    ]]).fields;
    expect([f.name?.value, f.street?.value, f.houseNumber?.value]).toEqual(['Alpenfoto Huber OG', 'Maria-Theresien-Straße', '21']);
    const gb = extract([[
      { text: 'Companies House', x: 56, y: 64, size: 14 }, { text: 'Registered office address', x: 56, y: 120, size: 10 }, { text: '1 Deansgate', x: 56, y: 134, size: 10 }, { text: 'Manchester', x: 56, y: 148, size: 10 }, { text: 'M3 4EN', x: 56, y: 162, size: 10 },
    ]]).fields;
    expect([gb.street?.value, gb.houseNumber?.value]).toEqual(['Deansgate', '1']);
  });
  it('OCR of a Firmenbuch print ("FIRMA 1 Alpenfoto Huber 0G", O read as zero): the dictionary puts the legal form right, the name is not taken for a street', () => {
    const r = extract([[
      { text: 'FIRMENBUCH', x: 56, y: 64, size: 9 }, { text: 'Auszug mit aktuellen Daten', x: 56, y: 96, size: 11 },
      { text: 'FIRMA', x: 56, y: 170, size: 9.5 }, { text: '1  Alpenfoto Huber 0G', x: 250, y: 170, size: 9.5 },
      { text: 'GESCHÄFTSANSCHRIFT', x: 56, y: 242, size: 9.5 }, { text: '1  Maria-Theresien-Straße 21', x: 250, y: 242, size: 9.5 }, { text: '6020 Innsbruck', x: 250, y: 256, size: 9.5 },
    ]]);
    expect(r.fields.name).toMatchObject({ value: 'Alpenfoto Huber OG', repaired: true, read: 'Alpenfoto Huber 0G' });
    expect(r.fields.legalForm?.value).toBe('OG');
  });
  it('an English ordinal date ("Given at Companies House, Cardiff, on 25th December 2024") is read', () => {
    const f = extract([[
      { text: 'CERTIFICATE OF INCORPORATION', x: 145, y: 180, size: 16 }, { text: 'NORTHERN LIGHT IMAGING LTD', x: 160, y: 290, size: 13 },
      { text: 'Given at Companies House, Cardiff, on 25th December 2024', x: 90, y: 420, size: 11 },
    ]]).fields;
    expect(f.documentDate?.value).toBe('2024-12-25');
  });
  it('an invoice whose issuer is only a lower-case logo and the footer "name · street · postcode city": the footer’s name with its form and address', () => {
    const r = extract([[
      { text: 'beeldstudio hoogland', x: 56, y: 70, size: 22 }, { text: 'fotografie · video · drukwerk', x: 56, y: 88, size: 9 },
      { text: 'Visuels Moselle S.A.', x: 56, y: 160, size: 10.5 }, { text: '102, route de Thionville', x: 56, y: 174, size: 10.5 }, { text: 'L-5885 Hesperange', x: 56, y: 188, size: 10.5 },
      { text: 'Btw-nummer klant: LU 95709679', x: 56, y: 240, size: 9.5 },
      { text: 'FACTUUR', x: 56, y: 300, size: 16 }, { text: 'Datum 19-09-2024', x: 340, y: 175, size: 9.5 }, { text: 'Totaal EUR 995,00', x: 330, y: 462, size: 10 },
      { text: 'Beeldstudio Hoogland B.V. · Biltstraat 118 bis · 3572 BJ Utrecht', x: 56, y: 780, size: 8 },
      { text: 'KvK 96745673 · btw NL558710815B01 · IBAN NL91 ABNA 0417 1643 00', x: 56, y: 793, size: 8 },
    ]]);
    expect(r.kind).toBe('company-invoice');
    expect([r.fields.name?.value, r.fields.legalForm?.value, r.fields.street?.value, r.fields.houseNumber?.value, r.fields.postcode?.value, r.fields.city?.value]).toEqual(['Beeldstudio Hoogland B.V.', 'B.V.', 'Biltstraat', '118 bis', '3572 BJ', 'Utrecht']);
    expect(r.fields.vatNumber?.value).toBe('NL558710815B01');
    expect(r.otherParties?.some((p) => p.fields.name?.value === 'Visuels Moselle S.A.')).toBe(true);
  });
});
