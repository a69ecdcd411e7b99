/**
 * Rules learnt from the `dev6` layouts (first held out), each on a small page of its own read
 * perfectly: labels printed above their values in two columns (a Belgian enterprise beside its
 * establishment unit), a professional body's affiliation certificate naming its member in prose,
 * a register's announced filing dates, an invoice whose legal footer spells the name with its
 * legal form, and a membership certificate with the member's address in a sentence.
 */
import { describe, expect, it } from 'vitest';
import { extractEvidence } from '../../../shared/ocr/extract';
import { pagesFromLayout } from './fixtureText';

type El = { text: string; x: number; y: number; size: number };
const extract = (els: El[][]) => extractEvidence(pagesFromLayout(els));
const t = (text: string, x: number, y: number, size = 10): El => ({ text, x, y, size });

describe('labels above their values, two columns', () => {
  for (const [lang, labels] of [
    ['fr', { ent: "Numéro d'entreprise", unit: "Numéro d'unité d'établissement", name: 'Dénomination', form: 'Forme légale', addr: 'Adresse', seat: 'Adresse du siège' }],
    ['nl', { ent: 'Ondernemingsnummer', unit: 'Vestigingseenheidsnummer', name: 'Benaming', form: 'Rechtsvorm', addr: 'Adres', seat: 'Adres van de zetel' }],
  ] as const) {
    it(`a KBO/BCE extract (${lang}): each value from below its label, never the other column's header or the establishment unit`, () => {
      const r = extract([[
        t('Banque-Carrefour des Entreprises / Kruispuntbank van Ondernemingen', 56, 60, 11),
        t('EXTRAIT / UITTREKSEL', 56, 110, 18),
        t(labels.ent, 56, 200, 8), t(labels.unit, 320, 200, 8),
        t('0403.170.701', 56, 214), t('2.145.889.301', 320, 214),
        t(labels.name, 56, 240, 8), t(labels.name, 320, 240, 8),
        t('Studio Meuse SRL', 56, 254), t('Studio Meuse', 320, 254),
        t(labels.form, 56, 280, 8), t(labels.addr, 320, 280, 8),
        t('Société à responsabilité limitée', 56, 294), t('Quai de la Batte 7', 320, 294),
        t('4000 Liège', 320, 307),
        t(labels.seat, 56, 320, 8),
        t('Quai de la Batte 7', 56, 334), t('4000 Liège', 56, 347),
        t('Extrait délivré le 03/02/2025', 56, 600),
      ]]);
      expect(r.kind).toBe('chamber-extract');
      expect(r.fields.name?.value).toBe('Studio Meuse SRL');
      expect(r.fields.legalForm?.value).toBe('Société à responsabilité limitée');
      expect(r.fields.chamberNumber?.value).toBe('0403.170.701');
      expect(r.fields.chamberNumber?.confidence).toBeGreaterThan(0.6);
    });
  }
});

describe('professional bodies', () => {
  it('an affiliation certificate (fr): a professional licence, the member named after "… atteste que" is the party, the chamber’s own number is not chosen', () => {
    const r = extract([[
      t('Chambre Belge des Vidéastes asbl', 150, 58, 10),
      t('CBV', 56, 70, 30),
      t("Rue Haute 12 · 1000 Bruxelles · N° d'entreprise 0835.723.492", 150, 72, 8),
      t("ATTESTATION D'AFFILIATION", 150, 170, 18),
      t('Le bureau de la Chambre atteste que', 56, 230, 11),
      t('Studio Meuse SRL', 56, 262, 16),
      t("Numéro d'entreprise : 0403.170.701", 56, 288, 11),
      t('Siège : Quai de la Batte 7, 4000 Liège', 56, 306, 11),
      t("est membre effectif de la Chambre sous le numéro d'affiliation 5521 depuis le 01/03/2019", 56, 340, 10.5),
      t('Fait à Bruxelles, le 4 mars 2025.', 56, 420, 10.5),
    ]]);
    expect(r.kind).toBe('professional-licence');
    expect(r.fields.name?.value).toBe('Studio Meuse SRL');
    expect(r.fields.street?.value).toBe('Quai de la Batte');
    expect(r.fields.city?.value).toBe('Liège');
    expect(r.fields.chamberNumber?.value).toBe('0403.170.701');
    expect(r.fields.chamberNumber?.confidence).toBeGreaterThan(0.6);
  });

  it('a membership certificate (en): the member’s address from "of 12 Stonegate, York, YO1 8AS", not the body’s own in its footer', () => {
    const r = extract([[
      t('THE INSTITUTE OF EVENT PHOTOGRAPHERS', 96, 80, 16),
      t('Certificate of Registered Membership', 120, 150, 20),
      t('The Council hereby confirms that', 56, 210, 11),
      t('Minster Frames Ltd', 56, 240, 18),
      t('Company No. SC412377', 56, 262, 10.5),
      t('of 12 Stonegate, York, YO1 8AS', 56, 280, 10.5),
      t('is a Registered Member of the Institute.', 56, 312, 10),
      t('Issued on 2 May 2025', 56, 440, 10.5),
      t('The Institute of Event Photographers Ltd · Registered in England No. 05512345 · 9 Kings Road, Reading, RG1 3AA', 56, 805, 7),
    ]]);
    expect(r.kind).toBe('professional-licence');
    expect(r.fields.name?.value).toBe('Minster Frames Ltd');
    expect([r.fields.houseNumber?.value, r.fields.street?.value, r.fields.city?.value, r.fields.postcode?.value]).toEqual(['12', 'Stonegate', 'York', 'YO1 8AS']);
    expect(r.fields.chamberNumber?.value).toBe('SC412377');
  });
});

describe('GB', () => {
  it('a company register print: the dates announced for the next filings are not the document’s date', () => {
    const r = extract([[
      t('03/06/2025, 09:15', 36, 24, 7),
      t('Find and update company information', 56, 92, 11),
      t('MINSTER FRAMES LTD', 56, 160, 16),
      t('Company number SC412377', 56, 180, 11),
      t('Registered office address', 56, 240, 9),
      t('12 Stonegate, York, England, YO1 8AS', 56, 256, 11),
      t('Incorporated on', 56, 336, 9), t('4 April 2016', 56, 352, 11),
      t('Next accounts made up to 30 April 2025', 56, 410, 9.5),
      t('Next statement date 4 April 2026', 300, 410, 9.5),
    ]]);
    expect(r.fields.documentDate?.value).toBe('2025-06-03');
  });

  for (const [footer, number] of [
    ['Lagan Photo Ltd. Registered in Northern Ireland No. NI612345. VAT No. GB 176 6327 39', 'NI612345'],
    ['Lagan Photo LLP is a limited liability partnership registered in England and Wales, LLP number OC398765.', 'OC398765'],
    ['Lagan Photo Ltd · Registered in England & Wales No. 09130711', '09130711'],
  ] as const) {
    it(`Companies House numbers as invoice footers print them: ${number}`, () => {
      const r = extract([[
        t('Lagan Photo', 56, 64, 18), t('INVOICE', 440, 64, 22), t('12 Donegall Road', 56, 84, 9), t('Belfast', 56, 96, 9), t('BT12 5AB', 56, 108, 9),
        t('Bill to', 56, 170, 9), t('Invoice date', 360, 184, 9), t('2 May 2025', 450, 184, 9),
        t('Dale Light Studio', 56, 186, 9.5), t('3 Swan Lane', 56, 199, 9.5), t('Leeds', 56, 212, 9.5), t('LS1 5AB', 56, 225, 9.5),
        t('Total due', 330, 432, 10), t('£144.00', 480, 432, 10), t(footer, 56, 792, 7.5),
      ]]);
      expect(r.fields.chamberNumber?.value).toBe(number);
      expect(r.fields.country?.value).toBe('GB');
    });
  }

  it('an invoice whose letterhead leaves out the legal form its legal footer prints: the registered spelling', () => {
    const r = extract([[
      t('Minster Frames', 56, 64, 18), t('INVOICE', 440, 64, 22),
      t('12 Stonegate', 56, 84, 9), t('York', 56, 96, 9), t('YO1 8AS', 56, 108, 9),
      t('Bill to', 56, 170, 9), t('Invoice date', 360, 184, 9), t('2 May 2025', 450, 184, 9),
      t('Dale Light Studio', 56, 186, 9.5), t('3 Swan Lane', 56, 199, 9.5), t('Leeds', 56, 212, 9.5), t('LS1 5AB', 56, 225, 9.5),
      t('Description', 56, 320, 10), t('Amount £', 480, 320, 10),
      t('Framing', 56, 338, 10), t('120.00', 480, 338, 10),
      t('Total due', 330, 432, 10), t('£144.00', 480, 432, 10),
      t('Minster Frames Limited is a company registered in Scotland. Company number SC412377.', 56, 792, 7.5),
    ]]);
    expect(r.kind).toBe('company-invoice');
    expect(r.fields.name?.value).toBe('Minster Frames Limited');
    expect(r.fields.legalForm?.value).toBe('Limited');
  });
});

describe('legal forms', () => {
  it('a dotted abbreviation read with a dot missing inside it ("VO.F") is put right, marked repaired; one without its final dot stays as printed', () => {
    const invoice = (name: string) => extract([[
      t(name, 56, 64, 18), t('FACTUUR', 440, 64, 22), t('Oudegracht 12', 56, 84, 9), t('3511 AB Utrecht', 56, 96, 9),
      t('Factuurdatum 12-03-2025', 360, 184, 9), t('Aan:', 56, 170, 9), t('Studio Leie BV', 56, 186, 9.5), t('Veldstraat 81', 56, 199, 9.5), t('9000 Gent', 56, 212, 9.5),
      t('Totaal', 330, 432, 10), t('€ 121,00', 480, 432, 10),
    ]]);
    const r = invoice('Kade Fotografen VO.F');
    expect(r.fields.name?.value).toBe('Kade Fotografen V.O.F.');
    expect(r.fields.name?.repaired).toBe(true);
    expect(r.fields.legalForm?.value).toBe('V.O.F.');
    expect(invoice('Kade Fotografen B.V').fields.name?.value).toBe('Kade Fotografen B.V');
  });
});
