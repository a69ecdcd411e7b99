/**
 * Rules learnt from the `dev7` layouts (first held out), each on a small page of its own read
 * perfectly: a tax office's letter sent to the organisation's tax adviser or accountant, an
 * attention line under the addressee's name, a return-address line with a post-office box, and
 * house numbers with a door after a slash (Austria, Poland).
 */
import { describe, expect, it } from 'vitest';
import { extractEvidence } from '../../../shared/ocr/extract';
import { pagesFromLayout } from './fixtureText';

type El = { text: string; x: number; y: number; size: number };
const extract = (els: El[][]) => extractEvidence(pagesFromLayout(els));
const t = (text: string, x: number, y: number, size = 10): El => ({ text, x, y, size });

describe('letters sent to a representative', () => {
  it('a BZSt letter to the tax adviser "für" the organisation: the organisation, not the adviser, with its own address', () => {
    const r = extract([[
      t('Bundeszentralamt für Steuern', 56, 60, 15),
      t('Bundeszentralamt für Steuern, 66738 Saarlouis', 56, 140, 7),
      t('Roth Steuerberatung GmbH', 56, 158, 10.5), t('Datum', 390, 158, 8),
      t('z. Hd. Herrn StB Jens Roth', 56, 172, 10.5), t('03.04.2025', 390, 170, 8),
      t('Marktplatz 3', 56, 186, 10.5),
      t('93047 Regensburg', 56, 200, 10.5),
      t('Mitteilung über die Erteilung einer Umsatzsteuer-Identifikationsnummer', 56, 270, 11),
      t('für', 56, 296, 10.5), t('Lichtblick Medien GmbH', 90, 296, 10.5),
      t('Domplatz 12', 90, 310, 10.5),
      t('94032 Passau', 90, 324, 10.5),
      t('USt-IdNr.:  DE 314 159 262', 120, 470, 12),
    ]]);
    expect(r.fields.name?.value).toBe('Lichtblick Medien GmbH');
    expect(r.fields.name!.confidence).toBeGreaterThan(0.6);
    expect([r.fields.street?.value, r.fields.postcode?.value, r.fields.city?.value]).toEqual(['Domplatz', '94032', 'Passau']);
  });

  it('a Belastingdienst letter to the bookkeeper about "uw cliënt": the details table, never the addressee or the return address', () => {
    const r = extract([[
      t('Belastingdienst', 400, 70, 17),
      t('Retouradres Postbus 9047  7300 GV  Apeldoorn', 70, 140, 7),
      t('Administratie Smit', 70, 160, 10.5), t('Datum', 400, 160, 8.5),
      t('T.a.v. mevrouw J. Smit', 70, 174, 10.5), t('4 maart 2025', 400, 172, 8.5),
      t('Kerkstraat 9', 70, 188, 10.5),
      t('1211 AB Hilversum', 70, 202, 10.5),
      t('Onderwerp  Registratie omzetbelasting van uw cliënt', 70, 290, 10.5),
      t('Wij hebben uw cliënt ingeschreven voor de omzetbelasting.', 70, 342, 10.5),
      t('Naam', 70, 420, 10.5), t('Fotostudio Duin', 250, 420, 10.5),
      t('Adres', 70, 436, 10.5), t('Zeeweg 21', 250, 436, 10.5),
      t('Postcode en plaats', 70, 452, 10.5), t('1971 HA  IJmuiden', 250, 452, 10.5),
      t('Btw-identificatienummer', 70, 484, 10.5), t('NL004495445B01', 250, 484, 10.5),
    ]]);
    expect(r.fields.name?.value).toBe('Fotostudio Duin');
    expect([r.fields.street?.value, r.fields.houseNumber?.value, r.fields.postcode?.value, r.fields.city?.value]).toEqual(['Zeeweg', '21', '1971 HA', 'IJmuiden']);
    expect(r.fields.vatNumber?.value).toBe('NL004495445B01');
  });
});

describe('addressee blocks and house numbers', () => {
  it('an attention line "z.H. Geschäftsführung" under the name is skipped: the name above it is the addressee', () => {
    const r = extract([[
      t('Finanzamt Österreich', 56, 60, 15),
      t('Alpenblick Foto OG', 56, 150), t('Datum', 380, 198, 8),
      t('z.H. Geschäftsführung', 56, 164), t('Graz, 2. Mai 2025', 380, 210, 8),
      t('Annenstraße 14', 56, 178),
      t('8020 Graz', 56, 192),
      t('BESCHEID', 56, 270, 14),
      t('über die Erteilung einer Umsatzsteuer-Identifikationsnummer (UID)', 56, 288, 11),
      t('UID-Nummer:  ATU33167462', 120, 370, 13),
    ]]);
    expect(r.fields.name?.value).toBe('Alpenblick Foto OG');
    expect(r.fields.legalForm?.value).toBe('OG');
  });

  for (const [country, street, number, pc, city] of [['AT', 'Mariahilfer Straße', '63/14', '1060', 'Wien'], ['PL', 'ul. Długa', '14/3', '80-831', 'Gdańsk']] as const) {
    it(`a house number with a door after a slash (${country} "${number}")`, () => {
      const r = extract([[
        t('Studio Nord', 56, 150, 12),
        t(`${street} ${number}`, 56, 166),
        t(`${pc} ${city}`, 56, 180),
        t('Rechnung / Faktura', 56, 260, 16),
      ]]);
      expect([r.fields.street?.value, r.fields.houseNumber?.value, r.fields.postcode?.value, r.fields.city?.value]).toEqual([street, number, pc, city]);
    });
  }
});

describe('register numbers in prose and footers', () => {
  it('a membership certificate: the KvK number "ingeschreven bij de Kamer van Koophandel onder nummer …"', () => {
    const r = extract([[
      t('Vereniging van Beeldmakers', 70, 90, 15),
      t('Certificaat van lidmaatschap', 70, 130, 22),
      t('Het bestuur van de vereniging verklaart dat', 70, 220, 11),
      t('Beeldbank Noord B.V.', 70, 256, 18),
      t('Vismarkt 4, 9712 CA Groningen', 70, 282, 11),
      t('ingeschreven bij de Kamer van Koophandel onder nummer 90412207,', 70, 302, 11),
      t('als lid is opgenomen in het register onder nummer VVB-2025-014.', 70, 336, 11),
      t('Groningen, 3 februari 2025', 70, 470, 11),
    ]]);
    expect(r.fields.chamberNumber?.value).toBe('90412207');
  });

  it('a federation\'s attest: the enterprise number "in de Kruispuntbank van Ondernemingen onder nummer …", the street after "met maatschappelijke zetel te"', () => {
    const r = extract([[
      t('Beroepsfederatie Beeld vzw', 56, 62, 15),
      t('LIDMAATSCHAPSATTEST', 56, 170, 17),
      t('De Beroepsfederatie Beeld vzw bevestigt hierbij dat', 56, 210, 10.5),
      t('Fotoatelier Leie BV', 80, 240, 13),
      t('met maatschappelijke zetel te Veldstraat 81, 9000 Gent', 80, 258, 10.5),
      t('ingeschreven in de Kruispuntbank van Ondernemingen onder nummer 0403.170.701', 80, 273, 10.5),
      t('Opgemaakt te Brussel op 16/04/2025.', 56, 420, 10.5),
    ]]);
    expect(r.fields.chamberNumber?.value).toBe('0403.170.701');
    expect([r.fields.street?.value, r.fields.houseNumber?.value, r.fields.postcode?.value]).toEqual(['Veldstraat', '81', '9000']);
  });

  it('an invoice\'s legal footer repeats the issuer\'s name and address: its KRS number below is the issuer\'s', () => {
    const r = extract([[
      t('Faktura VAT nr FV/2025/01/7', 56, 66, 15),
      t('Data wystawienia: 2025-01-20', 360, 72, 9),
      t('Sprzedawca:', 56, 130, 9.5), t('Nabywca:', 320, 130, 9.5),
      t('Obraz i Ramka sp.j.', 56, 145, 9.5), t('Kadr Studio Sp. z o.o.', 320, 145, 9.5),
      t('ul. Długa 5', 56, 158, 9.5), t('ul. Piotrkowska 12', 320, 158, 9.5),
      t('80-831 Gdańsk', 56, 171, 9.5), t('90-001 Łódź', 320, 171, 9.5),
      t('NIP: 888-119-42-37', 56, 184, 9.5),
      t('Razem brutto 2 312,40 zł', 340, 380, 9.5),
      t('Obraz i Ramka sp.j., ul. Długa 5, 80-831 Gdańsk', 56, 784, 7),
      t('Sąd Rejonowy Gdańsk-Północ, VII Wydział Gospodarczy KRS,', 56, 794, 7),
      t('KRS 0000123456, REGON 220000000', 56, 804, 7),
    ]]);
    expect(r.fields.name?.value).toBe('Obraz i Ramka sp.j.');
    expect(r.fields.chamberNumber?.value).toBe('0000123456');
  });

  it('a Luxembourg invoice footer "R.C.S. Luxembourg B…" gives the RCS number', () => {
    const r = extract([[
      t('Fotohaus Mosel S.à r.l.', 56, 60, 16),
      t('Rechnung', 56, 140, 18),
      t('Rechnungsdatum: 07.10.2025', 56, 170, 10),
      t('Gesamtbetrag EUR 3.273,66', 340, 380, 9.5),
      t('Fotohaus Mosel S.à r.l. · 7, Rue du Pont · L-6471 Echternach · R.C.S. Luxembourg B123456', 56, 787, 7.5),
    ]]);
    expect(r.fields.chamberNumber?.value).toBe('B123456');
  });
});

describe('Luxembourg\'s business permit and register extract', () => {
  it('an "autorisation d\'établissement" is a licence: the holder\'s address from its sentence, never the ministry\'s', () => {
    const r = extract([[
      t('LE GOUVERNEMENT DU GRAND-DUCHÉ DE LUXEMBOURG', 56, 56, 9),
      t('Ministère de l’Économie', 56, 72, 12),
      t('Direction générale des classes moyennes', 56, 88, 8.5),
      t('19-21, Boulevard Royal, L-2449 Luxembourg', 56, 99, 8.5),
      t('AUTORISATION D’ÉTABLISSEMENT N° 10400001 / 0', 56, 160, 13),
      t('Art. 1er. L’autorisation d’établissement est accordée à la société', 56, 280, 10),
      t('Atelier Sûre S.à r.l.', 110, 302, 12),
      t('établie à 4, Route de Diekirch, L-7220 Walferdange,', 56, 325, 10),
      t('inscrite au registre de commerce et des sociétés sous le numéro B123456,', 56, 340, 10),
      t('Luxembourg, le 12 octobre 2025', 56, 440, 10),
    ]]);
    expect(r.kind).toBe('professional-licence');
    expect([r.fields.street?.value, r.fields.houseNumber?.value, r.fields.postcode?.value, r.fields.city?.value]).toEqual(['Route de Diekirch', '4', '7220', 'Walferdange']);
    expect(r.fields.chamberNumber?.value).toBe('B123456');
  });

  it('an RCS extract: the seat in labelled rows (postcode "L-2449") wins over a manager\'s "Adresse privée"', () => {
    const row = (label: string, value: string, y: number, page = 0): El[] => [t(label, 56, y + page, 9.5), t(value, 240, y + page, 9.5)];
    const r = extract([[
      t('Luxembourg Business Registers', 56, 54, 12),
      t('EXTRAIT', 250, 120, 16),
      ...row('Numéro RCS', 'B123456', 170), ...row('Dénomination', 'Atelier Sûre S.à r.l.', 204),
      ...row('Forme juridique', 'Société à responsabilité limitée', 221),
      t('Siège social', 56, 238, 9.5),
      ...row('Numéro', '18', 255), ...row('Rue', 'Boulevard Royal', 272), ...row('Code postal', 'L-2449', 289), ...row('Localité', 'Luxembourg', 306),
      t('Extrait délivré le 07/10/2025', 56, 700, 10),
    ], [
      t('Gérant(s)', 56, 110, 11),
      ...row('Nom', 'KIEFFER', 132), ...row('Adresse privée', '3, Rue des Prés', 183), t('L-8081 Bertrange', 240, 200, 9.5),
    ]]);
    expect([r.fields.street?.value, r.fields.houseNumber?.value, r.fields.postcode?.value, r.fields.city?.value]).toEqual(['Boulevard Royal', '18', '2449', 'Luxembourg']);
  });
});

describe('Companies House overview and invoice footers', () => {
  it('a "Name | Period" table under "Previous company names" and officers\' "Correspondence address" are never the name; the company number is read', () => {
    const r = extract([[
      t('GOV.UK', 56, 60, 12), t('Find and update company information', 130, 60, 11),
      t('HARBOUR LIGHT STUDIOS LTD', 56, 110, 17),
      t('Company number 09130711', 56, 130, 10),
      t('Registered office address', 56, 200, 9.5),
      t('12 Womanby Street, Cardiff, Wales, CF10 1BR', 56, 216, 10.5),
      t('Company type', 300, 250, 9.5), t('Private limited Company', 300, 265, 9.5),
      t('Previous company names', 56, 472, 11),
      t('Name', 56, 488, 9.5), t('Period', 330, 488, 9.5),
      t('CARDIFF PICTURES LTD', 56, 503, 9.5), t('9 January 2017 - 28 June 2019', 330, 503, 9.5),
    ], [
      t('HARBOUR LIGHT STUDIOS LTD - Officers', 56, 70, 13),
      t('DAVIES, Rhys Owen', 56, 130, 10.5),
      t('Correspondence address', 56, 148, 9.5),
      t('15 Bootham, Cardiff, Wales, CF10 7BW', 56, 162, 9.5),
    ]]);
    expect(r.fields.name?.value).toBe('HARBOUR LIGHT STUDIOS LTD');
    expect(r.fields.city?.value).toBe('Cardiff');
    expect(r.fields.chamberNumber?.value).toBe('09130711');
  });

  it('an invoice footer at the issuer\'s address, under another spelling of its name, carries the issuer\'s own VAT and SIREN', () => {
    const r = extract([[
      t('LUMIÈRE', 56, 66, 24), t('FACTURE', 330, 66, 18),
      t('Studio Lumière SAS', 56, 90, 9), t('Date : 20/10/2025', 330, 102, 9),
      t('12 Rue de la Paix', 56, 102, 9),
      t('75002 Paris', 56, 114, 9),
      t('Facturé à :', 330, 150, 9),
      t('Atelier Grenette EURL', 330, 164, 9), t('5 Place Grenette', 330, 176, 9), t('38000 Grenoble', 330, 188, 9),
      t('Total TTC 1 200,00 €', 340, 390, 9.5),
      t('Studio Lumière SAS – SAS au capital de 50 000 € – 12 Rue de la Paix, 75002 Paris', 56, 788, 7.5),
      t('RCS Paris 732 829 320 – N° TVA intracommunautaire FR44732829320', 56, 799, 7.5),
    ]]);
    expect(r.fields.vatNumber?.value).toBe('FR44732829320');
    expect(r.fields.chamberNumber?.value).toBe('732829320');
  });
});

describe('Polish guild certificates and tax-office letters', () => {
  const guild = (holder: string[]): El[][] => [[
    t('Cech Rzemiosł Różnych w Opolu', 70, 70, 15),
    t('ul. Ozimska 4, 45-057 Opole', 70, 86, 9),
    t('ZAŚWIADCZENIE nr 12/2025', 70, 170, 16),
    t('Zarząd Cechu zaświadcza, że', 70, 210, 11),
    t(holder[0]!, 70, 232, 11),
    t(holder[1]!, 90, 260, 14),
    t('ul. Krakowska 7, 45-018 Opole', 90, 280, 10.5),
    t('NIP 888-119-42-37', 90, 295, 10.5),
    t('jest członkiem Cechu od dnia 06.05.2019 r. w zawodzie FOTOGRAF', 70, 330, 11),
    t('Opole, dnia 15 października 2025 r.', 70, 440, 11),
  ]];

  it('the business name after "… prowadząca działalność gospodarczą pod firmą", the member\'s address below it, the date with a Polish month', () => {
    const r = extract(guild(['Pani Ewa Nowak, prowadząca działalność gospodarczą pod firmą', 'Foto Ewa Nowak']));
    expect(r.fields.name?.value).toBe('Foto Ewa Nowak');
    expect([r.fields.street?.value, r.fields.houseNumber?.value]).toEqual(['ul. Krakowska', '7']);
    expect(r.fields.vatNumber?.value).toBe('PL8881194237');
    expect(r.fields.documentDate?.value).toBe('2025-10-15');
  });

  it('a common noun in lower case under the prose ("przedsiębiorca") is not the name: the line below it is', () => {
    const r = extract(guild(['przedsiębiorca', 'Studio Opole Sp. z o.o.']));
    expect(r.fields.name?.value).toBe('Studio Opole Sp. z o.o.');
    expect(r.fields.name!.confidence).toBeGreaterThan(0.6);
    expect(r.fields.legalForm?.value).toBe('Sp. z o.o.');
  });
});

describe('numbered register entries', () => {
  it('"6. a) Rechtsform, Beginn, Satzung …:" with its value below the label, right of the entry number: the written-out form', () => {
    const r = extract([[
      t('Handelsregister B des Amtsgerichts München', 56, 50, 9),
      t('Nummer der Firma: HRB 123456', 56, 64, 9),
      t('Aktueller Ausdruck', 56, 110, 14),
      t('2.', 56, 174, 9.5), t('a) Firma:', 80, 174, 9.5),
      t('Bildwerk Isar GmbH', 100, 190, 9.5),
      t('Geschäftsanschrift: Leopoldstraße 12, 80802 München', 100, 256, 9.5),
      t('6.', 56, 400, 9.5), t('a) Rechtsform, Beginn, Satzung oder Gesellschaftsvertrag:', 80, 400, 9.5),
      t('Gesellschaft mit beschränkter Haftung', 100, 416, 9.5),
    ]]);
    expect(r.fields.legalForm?.value).toBe('Gesellschaft mit beschränkter Haftung');
  });
});

describe('confidence of a party chosen between close candidates', () => {
  it('a tax-office letter whose addressee is not the organisation its details table names: the addressee is kept, below the 0.90 band', () => {
    const r = extract([[
      t('Belastingdienst', 400, 70, 17),
      t('Fotostudio Duin', 70, 160, 10.5), t('Datum', 400, 160, 8.5),
      t('Zeeweg 21', 70, 174, 10.5), t('4 maart 2025', 400, 172, 8.5),
      t('1971 HA IJmuiden', 70, 188, 10.5),
      t('Onderwerp  Registratie omzetbelasting', 70, 290, 10.5),
      t('Naam', 70, 420, 10.5), t('Duin Media Groep', 250, 420, 10.5),
      t('Btw-identificatienummer', 70, 484, 10.5), t('NL004495445B01', 250, 484, 10.5),
    ]]);
    expect(r.fields.name?.value).toBe('Fotostudio Duin');
    expect(r.fields.name!.confidence).toBeLessThan(0.9);
    expect(r.fields.name!.confidence).toBeGreaterThanOrEqual(0.6);
    expect(r.fields.street!.confidence).toBeLessThan(0.9);
  });
});
