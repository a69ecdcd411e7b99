/**
 * Extraction rules that hold for families of documents (not for one layout), each on a small page
 * read perfectly: addresses in labelled parts, register numbering without a blank, labels that run
 * on, legal forms with a statistical code, SIREN from a SIRET, one date per label, names printed in
 * capitals, the name under certificate prose; and the legal forms of each market's registers.
 */
import { describe, expect, it } from 'vitest';
import { legalFormOfAlias, legalFormOfName } from '../../../shared/identifiers';
import { extractEvidence } from '../../../shared/ocr/extract';
import { corpusOrganisations } from '../../fixtures/evidence/corpus/orgs';
import { pagesFromLayout } from './fixtureText';

type Row = [string, string];
/** Label/value rows: labels at x = 56, values at `vx`. */
const rows = (y: number, items: Row[], vx = 260, step = 16) => items.flatMap(([l, v], i) => [...(l ? [{ text: l, x: 56, y: y + i * step, size: 9 }] : []), ...(v ? [{ text: v, x: vx, y: y + i * step, size: 9 }] : [])]);
const read = (els: { text: string; x: number; y: number; size: number }[][]) => extractEvidence(pagesFromLayout(els)).fields;

describe('addresses printed in labelled parts', () => {
  it('Polish register style: "ul. …, nr …, lok. ---, miejsc. …," wrapped onto "kod …, poczta …, kraj …"', () => {
    const f = read([[
      { text: 'KRAJOWY REJESTR SĄDOWY', x: 56, y: 60, size: 14 }, { text: 'Odpis aktualny z rejestru przedsiębiorców', x: 56, y: 80, size: 10 },
      ...rows(120, [['1.Siedziba', 'kraj POLSKA, woj. POMORSKIE, powiat GDYNIA,'], ['', 'gmina GDYNIA, miejsc. GDYNIA'], ['2.Adres', 'ul. ŚWIĘTOJAŃSKA, nr 23, lok. ---, miejsc. GDYNIA,'], ['', 'kod 81-372, poczta GDYNIA, kraj POLSKA']], 260, 13),
    ]]);
    expect([f.street?.value, f.houseNumber?.value, f.postcode?.value, f.city?.value]).toEqual(['ul. ŚWIĘTOJAŃSKA', '23', '81-372', 'GDYNIA']);
  });
  it('one part per row ("Numéro : / Rue : / Code postal : / Localité :"); "Numéro d\'immatriculation" is no house number', () => {
    const f = read([[
      { text: 'Registre de Commerce et des Sociétés', x: 56, y: 60, size: 13 }, { text: 'Extrait', x: 56, y: 80, size: 13 },
      ...rows(120, [["Numéro d'immatriculation :", 'B 187456'], ['Dénomination :', 'Lumen Esch S.à r.l.']]),
      ...rows(170, [['Numéro :', '7'], ['Rue :', "rue de l'Alzette"], ['Code postal :', '4011'], ['Localité :', 'Esch-sur-Alzette']], 260, 15),
    ]]);
    expect([f.street?.value, f.houseNumber?.value, f.postcode?.value, f.city?.value, f.chamberNumber?.value]).toEqual(["rue de l'Alzette", '7', '4011', 'Esch-sur-Alzette', 'B187456']);
  });
});

describe('labels as registers print them', () => {
  it('numbering without a blank ("1.Oznaczenie formy prawnej") still finds the label; the written-out form wins over the name\'s abbreviation', () => {
    const f = read([[
      { text: 'KRAJOWY REJESTR SĄDOWY', x: 56, y: 60, size: 14 }, { text: 'Odpis aktualny', x: 56, y: 80, size: 10 },
      ...rows(120, [['1.Oznaczenie formy prawnej', 'SPÓŁKA AKCYJNA'], ['3.Firma, pod którą spółka działa', 'KADR GDYNIA S.A.']]),
    ]]);
    expect(f.name?.value).toBe('KADR GDYNIA S.A.');
    expect(f.legalForm?.value).toBe('Spółka akcyjna');
  });
  it('a label that runs on after its keyword and ends with a colon ("5. a) Rechtsform, Beginn, Satzung:") takes the value right of it', () => {
    const f = read([[
      { text: 'Handelsregister B des Amtsgerichts Köln', x: 56, y: 60, size: 11 }, { text: 'Ausdruck', x: 56, y: 80, size: 14 },
      ...rows(120, [['2. a) Firma:', 'Kamerawerk Rhein GmbH'], ['5. a) Rechtsform, Beginn, Satzung:', 'Gesellschaft mit beschränkter Haftung']]),
    ]]);
    expect(f.legalForm?.value).toBe('Gesellschaft mit beschränkter Haftung');
  });
  it('the same label without its colon: the legal form is in the cell right of it', () => {
    const f = read([[
      { text: 'Handelsregister B des Amtsgerichts Köln', x: 56, y: 60, size: 11 }, { text: 'Ausdruck', x: 56, y: 80, size: 14 },
      ...rows(120, [['2. a) Firma', 'Kamerawerk Rhein GmbH'], ['5. a) Rechtsform, Beginn, Satzung', 'Gesellschaft mit beschränkter Haftung']]),
    ]]);
    expect(f.legalForm?.value).toBe('Gesellschaft mit beschränkter Haftung');
  });
  it('label and value columns so close that they read as one cell: the address starts after the label\'s colon', () => {
    const f = read([[
      { text: 'Handelsregister B des Amtsgerichts Köln', x: 56, y: 60, size: 11 }, { text: 'Ausdruck', x: 56, y: 80, size: 14 },
      { text: 'Geschäftsanschrift, empfangsberechtigte Geschäftsanschrift: Domstraße 4, 50668 Köln', x: 56, y: 120, size: 9 },
    ]]);
    expect([f.street?.value, f.houseNumber?.value, f.postcode?.value, f.city?.value]).toEqual(['Domstraße', '4', '50668', 'Köln']);
  });
  it.each([
    ['5710 - SAS, société par actions simplifiée', 'Société par actions simplifiée'],
    ['5499 - Société à responsabilité limitée (sans autre indication)', 'Société à responsabilité limitée'],
    ['5498 - SARL unipersonnelle', 'Entreprise unipersonnelle à responsabilité limitée'],
  ])('INSEE catégorie juridique "%s" → %s', (printed, want) => {
    const f = read([[
      { text: 'Avis de situation au répertoire Sirene', x: 56, y: 60, size: 14 },
      ...rows(120, [['Dénomination :', 'PHOTO RIVAGE'], ['Catégorie juridique :', printed]]),
    ]]);
    expect(f.legalForm?.value).toBe(want);
  });
});

describe('identifiers', () => {
  const fr = corpusOrganisations().find((o) => o.country === 'FR')!;
  it('the SIREN is the first nine digits of a SIRET that passes its check (an invoice without RCS or VAT number)', () => {
    const page = (siret: string) => [[
      { text: 'Studio Rivage EI', x: 340, y: 60, size: 10 }, { text: '4 quai des Chartrons', x: 340, y: 73, size: 10 }, { text: '33000 Bordeaux', x: 340, y: 86, size: 10 },
      { text: `SIRET : ${siret}`, x: 340, y: 100, size: 9 }, { text: 'FACTURE N° 12', x: 56, y: 200, size: 14 }, { text: 'TVA non applicable, art. 293 B du CGI', x: 56, y: 400, size: 9 },
    ]];
    expect(read(page(fr.distractors.siret!)).chamberNumber?.value).toBe(fr.chamberNumber);
    const bad = fr.distractors.siret!.replace(/\d$/, (d) => String((Number(d) + 1) % 10));
    expect(read(page(bad)).chamberNumber).toBeUndefined();
  });
});

describe('dates', () => {
  it('each date is read with the text before it: an invoice number that reads as a date is not the issue date', () => {
    const f = read([[{ text: 'FAKTURA VAT nr 17/03/2025', x: 56, y: 70, size: 14 }, { text: 'Data wystawienia: 2025-03-12', x: 330, y: 72, size: 9 }, { text: 'Sprzedawca:', x: 56, y: 150, size: 10 }]]);
    expect(f.documentDate?.value).toBe('2025-03-12');
  });
  it('"Depuis le …" / "seit …" are dates of a state, not of the document', () => {
    const f = read([[{ text: 'Banque-Carrefour des Entreprises', x: 56, y: 60, size: 14 }, ...rows(100, [['Forme légale:', 'Société anonyme'], ['', 'Depuis le 1 mai 2019']]), { text: 'Données consultées le 12/03/2025', x: 56, y: 800, size: 8 }]]);
    expect(f.documentDate?.value).toBe('2025-03-12');
  });
});

describe('names printed in capitals', () => {
  const letter = (table: Row[]) => [[
    { text: 'HM Revenue & Customs', x: 56, y: 56, size: 14 },
    ...['KESTREL LENS WORKS LTD', '8 MILL LANE', 'LEEDS', 'LS1 4AB'].map((text, i) => ({ text, x: 56, y: 150 + i * 13, size: 10 })),
    { text: 'VAT registration certificate', x: 56, y: 250, size: 14 },
    ...rows(300, [['VAT registration number', '553 5747 22'], ...table]),
  ]];
  it('stay in capitals when the document prints them only so', () => {
    expect(read(letter([])).name?.value).toBe('KESTREL LENS WORKS LTD');
  });
  it('come out in the mixed-case spelling the same document prints elsewhere', () => {
    expect(read(letter([['Name', 'Kestrel Lens Works Ltd']])).name?.value).toBe('Kestrel Lens Works Ltd');
  });
  it('a logo line in capitals without a legal form takes the mixed-case name with its legal form from the sender line', () => {
    const r = extractEvidence(pagesFromLayout([[
      { text: 'KAMERAWERK RHEIN', x: 300, y: 62, size: 22 },
      { text: 'Kamerawerk Rhein GmbH · Domstraße 4 · 50668 Köln', x: 56, y: 140, size: 7 },
      { text: 'Studio Leie BV', x: 56, y: 158, size: 10 }, { text: 'Veldstraat 81', x: 56, y: 172, size: 10 }, { text: '9000 Gent', x: 56, y: 186, size: 10 },
      { text: 'RECHNUNG', x: 56, y: 270, size: 15 }, { text: 'Rechnungsbetrag 1.184,05 €', x: 330, y: 390, size: 10 },
    ]]));
    expect(r.fields.name?.value).toBe('Kamerawerk Rhein GmbH');
  });
});

describe('sentences in footers', () => {
  it('a name and an address inside a sentence lose the sentence\'s full stop ("… Ltd. Registered in …", "… LS1 4AB. VAT …")', () => {
    const r = extractEvidence(pagesFromLayout([[
      { text: 'KESTREL LENS WORKS', x: 56, y: 64, size: 20 }, { text: 'INVOICE', x: 420, y: 64, size: 18 }, { text: 'Invoice date 12/03/2025', x: 380, y: 90, size: 8.5 },
      { text: 'Bill to:', x: 56, y: 150, size: 9 }, { text: 'Studio Leie BV', x: 56, y: 165, size: 10 }, { text: 'Veldstraat 81', x: 56, y: 178, size: 10 }, { text: '9000 Gent', x: 56, y: 191, size: 10 },
      { text: 'Total due £1,194.00', x: 330, y: 370, size: 10 },
      { text: 'Kestrel Lens Works Ltd. Registered in England and Wales No. 01234567.', x: 56, y: 780, size: 7 },
      { text: 'Registered office: 8 Mill Lane, Leeds LS1 4AB. VAT Reg. No. GB 553 5747 22', x: 56, y: 790, size: 7 },
    ]]));
    expect([r.fields.name?.value, r.fields.legalForm?.value]).toEqual(['Kestrel Lens Works Ltd', 'Ltd']);
    expect([r.fields.street?.value, r.fields.houseNumber?.value, r.fields.city?.value, r.fields.postcode?.value]).toEqual(['Mill Lane', '8', 'Leeds', 'LS1 4AB']);
  });
});

describe('certificates', () => {
  it('the holder\'s name is the larger line under "This is to certify that", even when centred', () => {
    const f = read([[
      { text: 'Certificate of Membership', x: 190, y: 110, size: 16 }, { text: 'This is to certify that', x: 230, y: 150, size: 11 },
      { text: 'Ellie Moss Photography', x: 200, y: 175, size: 16 }, { text: 'is a Qualified Member of the Institute.', x: 150, y: 200, size: 10 },
      ...rows(240, [['Business status', 'Sole trader']]),
    ]]);
    expect(f.name?.value).toBe('Ellie Moss Photography');
    expect(f.legalForm?.value).toBe('Sole trader');
  });
});

describe('legal forms of the markets\' registers', () => {
  it.each([
    ['PL', 'FOTO WISŁA SP.J.', 'sp.j.'], ['PL', 'Obiektyw Nowak sp.k.', 'sp.k.'], ['PL', 'Kadr Gdynia Sp. z o.o.', 'Sp. z o.o.'], ['PL', 'KADR GDYNIA S.A.', 'S.A.'],
    ['AT', 'Alpenfoto Huber KG', 'KG'], ['AT', 'Alpenfoto Huber OG', 'OG'], ['AT', 'Studio Mur e.U.', 'e.U.'], ['AT', 'Bildraum Wien GmbH', 'GmbH'],
    ['GB', 'BRIGHTWATER PICTURES PLC', 'PLC'], ['GB', 'Thames Frame Studios LLP', 'LLP'], ['GB', 'Kestrel Lens Works Limited', 'Limited'],
    ['LU', 'Visuels Moselle SCS', 'SCS'], ['LU', 'Photo Kirchberg S.à r.l.', 'S.à r.l.'], ['LU', 'Visuels Moselle S.A.', 'S.A.'],
    ['FR', 'Objectif Provence SASU', 'SASU'], ['FR', 'Atelier Lumière SARL', 'SARL'], ['FR', 'Studio Garonne EI', 'EI'],
  ])('%s %s → %s', (country, name, want) => {
    expect(legalFormOfName(name, country)?.value).toBe(want);
  });
  it('aliases registers print read as the written-out form', () => {
    expect(legalFormOfAlias('SARL unipersonnelle')).toBe('Entreprise unipersonnelle à responsabilité limitée');
    expect(legalFormOfAlias('Société anonyme')).toBeUndefined();
  });
});
