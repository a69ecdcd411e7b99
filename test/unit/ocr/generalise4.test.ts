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
