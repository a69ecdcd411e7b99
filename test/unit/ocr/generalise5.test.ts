/**
 * Rules learnt from the `dev8` layouts (first held out), each on a small page of its own written
 * here (not a corpus document) and read perfectly: Dutch house-number additions after a dash,
 * certifying prose with words between its verb and "that", and the other rules in the describe
 * blocks below.
 */
import { describe, expect, it } from 'vitest';
import { extractEvidence } from '../../../shared/ocr/extract';
import { pagesFromLayout } from './fixtureText';

type El = { text: string; x: number; y: number; size: number };
const extract = (els: El[][]) => extractEvidence(pagesFromLayout(els));
const t = (text: string, x: number, y: number, size = 10): El => ({ text, x, y, size });

describe('addresses', () => {
  it('a Dutch house number with a letter addition after a dash ("18-B", BAG huisnummertoevoeging) is one house number', () => {
    const r = extract([[
      t('Belastingdienst', 400, 70, 17),
      t('Fotohandel Van Rijn', 70, 160, 10.5), t('Datum', 400, 160, 8.5),
      t('Dorpsstraat 7-A', 70, 174, 10.5), t('4 maart 2025', 400, 172, 8.5),
      t('3421 BK  Oudewater', 70, 188, 10.5),
      t('Onderwerp  Uw btw-identificatienummer', 70, 290, 10.5),
      t('Btw-identificatienummer', 70, 420, 10.5), t('NL004495445B01', 250, 420, 10.5),
    ]]);
    expect(r.fields.name?.value).toBe('Fotohandel Van Rijn');
    expect([r.fields.street?.value, r.fields.houseNumber?.value, r.fields.postcode?.value, r.fields.city?.value]).toEqual(['Dorpsstraat', '7-A', '3421 BK', 'Oudewater']);
  });

  it('a house number with a door after a slash still reads, and a dash between two numbers stays one number', () => {
    const r = extract([[
      t('Rechnung', 56, 60, 15),
      t('Lichtwerk Graz OG', 56, 150), t('Annenstraße 12-14', 56, 164), t('8020 Graz', 56, 178),
    ]]);
    expect(r.fields.houseNumber?.value).toBe('12-14');
  });
});

describe('certifying prose', () => {
  it('a cell right of the prose that ends with a colon is a label of its own; a lower-case noun under the prose gives way to the name a blank line below', () => {
    const r = extract([[
      t('Union Professionnelle des Photographes', 56, 70, 15),
      t('CERTIFICAT DE MEMBRE', 56, 140, 14),
      t('Le bureau de l’Union certifie que', 56, 200, 10.5), t('Critères d’adhésion :', 330, 200, 9.5),
      t('la société', 56, 215, 10.5), t('– activité de photographe', 330, 214, 9.5),
      t('Studio Meuse SRL', 56, 245, 13),
      t('Rue de Fer 12', 56, 265, 10.5),
      t('5000 Namur', 56, 280, 10.5),
      t('N° de membre', 56, 337, 10), t('UPP 112-24', 165, 337, 10),
    ]]);
    expect(r.fields.name?.value).toBe('Studio Meuse SRL');
    expect([r.fields.street?.value, r.fields.houseNumber?.value, r.fields.city?.value]).toEqual(['Rue de Fer', '12', 'Namur']);
  });

  it('a line that introduces the business with a colon ("M. DURAND Paul, gérant de l’entreprise :") is not the name: the line below is', () => {
    const r = extract([[
      t('Chambre de Métiers et de l’Artisanat', 56, 62, 14),
      t('ATTESTATION DE QUALIFICATION', 150, 170, 14),
      t('Le Président de la Chambre certifie que', 56, 215, 10.5),
      t('M. DURAND Paul, gérant de l’entreprise :', 56, 231, 10.5),
      t('Durand Images SARL', 90, 270, 11),
      t('4 Rue du Moulin', 90, 285, 11),
      t('21000 Dijon', 90, 300, 11),
    ]]);
    expect(r.fields.name?.value).toBe('Durand Images SARL');
    expect(r.fields.city?.value).toBe('Dijon');
  });
});

describe('document dates', () => {
  const letter = (dateLines: El[]) => extract([[
    t('Administration des Contributions', 56, 85, 11),
    t('Studio Lys S.A.', 320, 160, 10.5), t('12, Rue Haute', 320, 174, 10.5), t('L-2320 Luxembourg', 320, 188, 10.5),
    ...dateLines,
    t('Numéro d’identification TVA', 90, 409, 10), t('LU 2022 8857', 330, 409, 10),
  ]]);

  it('the date a registration takes effect ("Date d’effet") or was entered in the register ("Immatriculée au RNE le") is not the document’s', () => {
    const a = letter([t('Luxembourg, le 18 août 2024', 320, 240, 10), t('Date d’effet', 90, 426, 10), t('29/03/2018', 330, 426, 10)]);
    expect(a.fields.documentDate?.value).toBe('2024-08-18');
    const b = letter([t('Fait à Luxembourg, le 2 mai 2025', 56, 470, 10.5), t('Immatriculée au RNE le', 90, 347, 10.5), t('03/02/2020', 280, 347, 10.5)]);
    expect(b.fields.documentDate?.value).toBe('2025-05-02');
  });

  it('the place-and-date line of a German letter ("Luxemburg, den 21. April 2024") outranks an unlabelled date in a table', () => {
    const r = letter([t('Genehmigung', 90, 372, 10.5), t('Nr. 10167044/0 vom 16.01.2023', 260, 372, 10.5), t('Luxemburg, den 21. April 2024', 56, 460, 10.5)]);
    expect(r.fields.documentDate?.value).toBe('2024-04-21');
  });

  it('the dates of a register’s last filings ("Last accounts made up to …") are not the document’s: the printout’s date is', () => {
    const r = extract([[
      t('05/05/2024, 10:41', 30, 24, 7.5),
      t('NORTHGATE LENS LTD', 56, 100, 14),
      t('Company number 09812334', 56, 132, 10.5),
      t('Registered office address', 56, 170, 10), t('27 Northgate, Halifax, HX1 1UR', 56, 184, 10.5),
      t('Companies House', 56, 60, 9),
      t('Last accounts made up to 28 October 2023', 56, 406, 10),
      t('Last statement dated 5 October 2023', 330, 406, 10),
    ]]);
    expect(r.fields.documentDate?.value).toBe('2024-05-05');
  });
});

describe('labels with an alternative after a slash', () => {
  it('"Nazwa / Imię i nazwisko" is one label (a white-list printout): its value is the cell right of it, not the alternative', () => {
    const r = extract([[
      t('Ministerstwo Finansów', 56, 58, 12),
      t('Wykaz podatników VAT', 56, 76, 11),
      t('Nazwa / Imię i nazwisko', 56, 200, 9.5), t('FOTO RYBNIK SPÓŁKA Z OGRANICZONĄ ODPOWIEDZIALNOŚCIĄ', 250, 200, 9.5),
      t('NIP', 56, 217, 9.5), t('6721647396', 250, 217, 9.5),
      t('Adres siedziby', 56, 285, 9.5), t('RYNEK 4, 44-200 RYBNIK', 250, 285, 9.5),
    ]]);
    expect(r.fields.name?.value).toBe('FOTO RYBNIK SPÓŁKA Z OGRANICZONĄ ODPOWIEDZIALNOŚCIĄ');
    expect(r.fields.vatNumber?.value).toBe('PL6721647396');
  });
});

describe('certifying prose ending with a noun and a colon', () => {
  it('"Zarząd Cechu zaświadcza, że firma:" names the holder on the block below, not the guild in the letterhead, and the guild’s NIP is not the holder’s', () => {
    const r = extract([[
      t('CECH RZEMIOSŁ RÓŻNYCH W OPOLU', 60, 70, 12),
      t('ul. Katedralna 1, 45-007 Opole · NIP 813-02-61-248', 64, 87, 9),
      t('Opole, dnia 22.03.2024 r.', 380, 130, 10),
      t('ZAŚWIADCZENIE nr 22/2024', 180, 190, 14),
      t('Zarząd Cechu zaświadcza, że firma:', 56, 235, 10.5),
      t('Anna Nowak Foto', 90, 265, 10.5),
      t('ul. Krakowska 21, 45-075 Opole', 90, 281, 10.5),
      t('NIP: 140-842-74-52', 90, 297, 10.5),
      t('jest członkiem Cechu od dnia 01.10.2015 r.', 56, 335, 10),
    ]]);
    expect(r.fields.name?.value).toBe('Anna Nowak Foto');
    expect([r.fields.street?.value, r.fields.houseNumber?.value, r.fields.postcode?.value]).toEqual(['ul. Krakowska', '21', '45-075']);
    expect(r.fields.vatNumber?.value).toBe('PL1408427452');
  });
});

describe('Luxembourg register numbers in German', () => {
  it('"eingetragen im Handels- und / Gesellschaftsregister unter  B 468.652" (a label wrapped over two lines, a thousands dot) is the RCS number', () => {
    const r = extract([[
      t('Chambre des Métiers', 56, 62, 16),
      t('Mitgliedsbescheinigung', 56, 160, 15),
      t('Die Kammer bescheinigt hiermit, dass das Unternehmen', 56, 200, 10.5),
      t('Foto Mosel S.à r.l.', 90, 230, 11), t('12, Route du Vin', 90, 245, 11), t('L-5401 Ahn', 90, 260, 11),
      t('eingetragen im Handels- und', 56, 300, 10.5),
      t('Gesellschaftsregister unter', 56, 318, 10.5), t('B 468.652', 260, 318, 10.5),
    ]]);
    expect(r.fields.chamberNumber?.value).toBe('B468652');
    expect(r.fields.country?.value).toBe('LU');
  });
});

describe('document kinds', () => {
  it('a business counter’s "attestation d’inscription" to the BCE with the legal situation and establishment units is a register extract, not a VAT certificate', () => {
    const r = extract([[
      t('GUICHET PLUS', 56, 62, 18), t('Guichet d’entreprises agréé', 56, 78, 8.5),
      t('ATTESTATION D’INSCRIPTION', 56, 140, 14),
      t('à la Banque-Carrefour des Entreprises (BCE)', 56, 158, 11),
      t('Numéro d’entreprise', 56, 245, 10), t('0457.481.989', 250, 245, 10),
      t('Dénomination', 56, 263, 10), t('Photo Ourthe SRL', 250, 263, 10),
      t('Situation juridique', 56, 299, 10), t('Situation normale', 250, 299, 10),
      t('Adresse du siège', 56, 335, 10), t('Rue Haute 3', 250, 335, 10), t('4000 Liège', 250, 353, 10),
      t('Qualité', 56, 371, 10), t('Assujetti TVA', 250, 371, 10),
    ], [
      t('Unité(s) d’établissement', 56, 130, 12),
      t('Numéro d’unité', 56, 155, 10), t('2.307.581.795', 250, 155, 10),
    ]]);
    expect(r.kind).toBe('chamber-extract');
    expect(r.fields.name?.value).toBe('Photo Ourthe SRL');
  });
});

describe('legal footers with dash separators', () => {
  it('a name in capitals spelled again in a footer "Name EI – Entrepreneur individuel – street …" ends before the dash', () => {
    const r = extract([[
      t('LUCIE MARCHAND PHOTOGRAPHIE', 56, 70, 14), t('FACTURE', 330, 70, 18),
      t('3 Rue Basse', 56, 90, 9), t('N° de facture', 330, 92, 9), t('2503-007', 430, 92, 9),
      t('68000 Colmar', 56, 102, 9), t('Date', 330, 105, 9), t('07/03/2025', 430, 105, 9),
      t('Adressée à :', 330, 170, 8.5), t('Optique Vosges SARL', 330, 186, 9.5), t('29 Rue Neuve', 330, 199, 9.5), t('88000 Épinal', 330, 212, 9.5),
      t('Total TTC', 370, 417, 10), t('1 488,00 €', 500, 417, 10),
      t('Lucie Marchand Photographie EI – Entrepreneur individuel – 3 Rue Basse 68000 Colmar', 56, 776, 7.5),
      t('SIREN 424 877 710 – TVA intracommunautaire FR 83 424 877 710', 56, 786, 7.5),
    ]]);
    expect(r.fields.name?.value).toBe('Lucie Marchand Photographie EI');
    expect(r.fields.legalForm?.value).toBe('EI');
  });
});

describe('trading names', () => {
  it('a VAT certificate that prints "Name  … LIMITED" and "Trading as  …" above the address: the registered name, not the trading name', () => {
    const r = extract([[
      t('HM Revenue', 56, 62, 15), t('& Customs', 56, 79, 15),
      t('Certificate of Registration for Value Added Tax', 56, 140, 13),
      t('VAT registration number', 56, 180, 10), t('615 1658 91', 250, 180, 10),
      t('Date of issue', 56, 216, 10), t('08/07/2024', 250, 216, 10),
      t('Name', 56, 234, 10), t('TIDEWAY PICTURES LIMITED', 250, 234, 10),
      t('Trading as', 56, 252, 10), t('TIDEWAY STUDIO', 250, 252, 10),
      t('Address', 56, 270, 10), t('52 Quay Street', 250, 270, 10), t('Bristol', 250, 288, 10), t('BS1 4DB', 250, 306, 10),
    ]]);
    expect(r.fields.name?.value).toBe('TIDEWAY PICTURES LIMITED');
    expect(r.fields.legalForm?.value).toBe('Limited');
    expect(r.fields.city?.value).toBe('Bristol');
  });
});

describe('OCR confusions', () => {
  const ocr = (text: string, x: number, y: number, size = 10): El => ({ text, x, y, size });
  /** Positioned lines as an OCR reading of the page (the misreadings written in). */
  const read = (els: El[]) => extractEvidence(pagesFromLayout([els]).map((p) => ({ ...p, source: 'ocr' as const })));

  it('a German street whose ß was read as R or g ("AlaunstraRe", "Favoritenstrage") is put right by the street-suffix dictionary and marked repaired', () => {
    for (const [readAs, want] of [['AlaunstraRe', 'Alaunstraße'], ['Favoritenstrage', 'Favoritenstraße']] as const) {
      const r = read([
        ocr('RECHNUNG', 380, 70, 18),
        ocr('Lichtwerk Huber GmbH', 56, 70, 16),
        ocr(`${readAs} 12`, 56, 90, 9), ocr('01099 Dresden', 56, 102, 9),
        ocr('Rechnungsdatum', 380, 110, 9), ocr('12.03.2025', 460, 110, 9),
        ocr('USt-IdNr. DE 136 695 976', 56, 780, 8),
      ]);
      expect(r.fields.street?.value).toBe(want);
      expect(r.fields.street?.repaired).toBe(true);
      expect(r.fields.street?.read).toBe(readAs);
    }
  });

  it('a street that really ends in "-strage" is not a German street (FR): left as read', () => {
    const r = read([
      ocr('FACTURE', 380, 70, 18), ocr('Studio Fleuve SARL', 56, 70, 16),
      ocr('4 Rue de la Strage', 56, 90, 9), ocr('67000 Strasbourg', 56, 102, 9),
      ocr('TVA FR 83 424 877 710', 56, 780, 8),
    ]);
    expect(r.fields.street?.value).toBe('Rue de la Strage');
  });

  it('an em dash read in a one-line footer separates the name, the address and the phone ("Atelier X SA — Rue … 287, 1050 Ixelles — 02 …")', () => {
    const r = read([
      ocr('ATELIER NORD', 56, 72, 20), ocr('FACTURE', 380, 72, 18),
      ocr('Date', 380, 112, 9.5), ocr('08/08/2024', 460, 112, 9.5),
      ocr('Client', 330, 175, 9), ocr('Photo Sambre SRL', 330, 190, 9.5), ocr('Rue du Pont 3', 330, 203, 9.5), ocr('6000 Charleroi', 330, 216, 9.5),
      ocr('Total', 380, 420, 10), ocr('1 240,00 €', 480, 420, 10),
      ocr('Atelier Nord SA — Chaussée de Wavre 287, 1050 Ixelles — 02 644 90 12', 56, 758, 8.5),
      ocr('TVA BE 0752.479.676 — RPM Bruxelles', 56, 770, 8.5),
    ]);
    expect([r.fields.street?.value, r.fields.houseNumber?.value, r.fields.postcode?.value, r.fields.city?.value]).toEqual(['Chaussée de Wavre', '287', '1050', 'Ixelles']);
  });
});

describe('return-address lines', () => {
  it('a DIN 5008 invoice without a readable logo: the block under the sender’s return-address line is the customer; the issuer comes from the return line and the footer', () => {
    const r = extract([[
      t('Fotografie · Bildbearbeitung · Druck', 391, 73, 8.5),
      t('Lichtblick Weber e.K. · Domstraße 12 · 50667 Köln', 56, 140, 7),
      t('Kranich & Sohn Fotodesign OHG', 56, 160, 12), t('Rechnungs-Nr.', 370, 160, 8.5), t('RE-2024-0321', 465, 160, 8.5),
      t('Ostertorsteinweg 31', 56, 174, 10), t('Rechnungsdatum', 370, 186, 8.5), t('14.03.2024', 465, 186, 8.5),
      t('28203 Bremen', 56, 187, 10),
      t('USt-IdNr. DE 499 609 082', 56, 201, 10),
      t('Rechnung', 56, 285, 14),
      t('Nettobetrag', 370, 432, 10), t('1.036,00 €', 480, 432, 10),
      t('Lichtblick Weber e.K.', 56, 770, 7.5), t('USt-IdNr. DE380735588', 390, 770, 7.5),
      t('Domstraße 12', 56, 780, 7.5), t('Amtsgericht Köln', 240, 780, 7.5),
      t('50667 Köln', 56, 790, 7.5), t('HRA 8123', 240, 790, 7.5),
    ]]);
    expect(r.fields.name?.value).toBe('Lichtblick Weber e.K.');
    expect([r.fields.street?.value, r.fields.city?.value]).toEqual(['Domstraße', 'Köln']);
    expect(r.fields.vatNumber?.value).toBe('DE380735588');
    expect(r.otherParties?.some((p) => p.fields.name?.value === 'Kranich & Sohn Fotodesign OHG')).toBe(true);
  });
});

describe('Polish letters under OCR', () => {
  it('a Polish city whose Ł was read as "t" ("todz") is put right by the city dictionary and marked repaired; an unknown city stays flagged', () => {
    const read = (city: string) => extractEvidence(pagesFromLayout([[
      t('FAKTURA VAT', 380, 70, 16), t('Sprzedawca:', 56, 140, 9),
      t('Foto Studio Nowak', 56, 154, 10), t('ul. Piotrkowska 12', 56, 168, 10), t(`90-001 ${city}`, 56, 182, 10),
      t('NIP: 140-842-74-52', 56, 196, 10),
      t('Data wystawienia: 2025-03-12', 380, 100, 9),
    ]]).map((p) => ({ ...p, source: 'ocr' as const })));
    const a = read('todz');
    expect(a.fields.city?.value).toBe('Łódź');
    expect(a.fields.city?.repaired).toBe(true);
    const b = read('Tomaszowo');
    expect(b.fields.city?.value).toBe('Tomaszowo');
    expect(b.fields.city!.confidence).toBeLessThan(0.6);
  });
});
