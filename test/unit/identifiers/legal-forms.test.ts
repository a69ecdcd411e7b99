/** Legal-form recognition per country and language: names carrying an abbreviation, written-out forms. */
import { describe, expect, it } from 'vitest';
import { isLegalForm, legalFormOfName, repairLegalFormOfName } from '../../../shared/identifiers';

describe('legalFormOfName', () => {
  it.each([
    ['NL', 'Fotografie Duinrand V.O.F.', 'V.O.F.', 'Vennootschap onder firma'],
    ['NL', 'Beeldstudio Hoogland B.V.', 'B.V.', 'Besloten Vennootschap'],
    ['BE', 'Studio Leie BV', 'BV', 'Besloten Vennootschap'],
    ['BE', 'Images Sambre SRL', 'SRL', 'Société à responsabilité limitée'],
    ['BE', 'Optique Brabant SA', 'SA', 'Société anonyme'],
    ['DE', 'Lichtwerk Solingen GmbH', 'GmbH', 'Gesellschaft mit beschränkter Haftung'],
    ['DE', 'Bildpunkt Dresden UG (haftungsbeschränkt)', 'UG (haftungsbeschränkt)', 'Unternehmergesellschaft (haftungsbeschränkt)'],
    ['DE', 'Fotohaus Weber e.K.', 'e.K.', 'eingetragener Kaufmann'],
    ['DE', 'Blende Acht GmbH & Co. KG', 'GmbH & Co. KG', 'GmbH & Co. KG'],
    ['AT', 'Alpenfoto Huber OG', 'OG', 'Offene Gesellschaft'],
    ['AT', 'Studio Mur e.U.', 'e.U.', 'eingetragenes Unternehmen'],
    ['FR', 'Objectif Provence SAS', 'SAS', 'Société par actions simplifiée'],
    ['FR', 'Studio Garonne EURL', 'EURL', 'Entreprise unipersonnelle à responsabilité limitée'],
    ['LU', 'Photo Kirchberg S.à r.l.', 'S.à r.l.', 'Société à responsabilité limitée'],
    ['GB', 'Northern Light Imaging Ltd', 'Ltd', 'Private company limited by shares'],
    ['GB', 'NORTHERN LIGHT IMAGING LTD', 'Ltd', 'Private company limited by shares'],
    ['GB', 'Thames Frame Studios LLP', 'LLP', 'Limited liability partnership'],
    ['PL', 'Fotografia Wisła Sp. z o.o.', 'Sp. z o.o.', 'Spółka z ograniczoną odpowiedzialnością'],
    ['PL', 'Obiektyw Kraków S.A.', 'S.A.', 'Société anonyme'],
  ])('%s %s → %s', (country, name, value, long) => {
    const r = legalFormOfName(name, country);
    expect(r?.value).toBe(value);
    expect(r?.form.long).toContain(long);
  });

  it.each([
    ['PL', 'FOTOGRAFIA WISŁA SPÓŁKA Z OGRANICZONĄ ODPOWIEDZIALNOŚCIĄ', 'Spółka z ograniczoną odpowiedzialnością', 4],
    ['PL', 'OBIEKTYW KRAKÓW SPÓŁKA AKCYJNA', 'Spółka akcyjna', 2],
    ['DE', 'Lichtwerk Solingen Gesellschaft mit beschränkter Haftung', 'Gesellschaft mit beschränkter Haftung', 4],
    ['BE', 'Images Sambre société à responsabilité limitée', 'Société à responsabilité limitée', 4],
    ['NL', 'Fotografie Duinrand Vennootschap onder firma', 'Vennootschap onder firma', 3],
  ])('%s %s: the form written out at the end of the name → the register\'s spelling %s', (country, name, value, words) => {
    expect(legalFormOfName(name, country)).toMatchObject({ value, words });
  });

  it('an abbreviation with a letter OCR read as a digit is recognised and put right by the dictionary; other digits stay', () => {
    expect(legalFormOfName('Alpenfoto Huber 0G', 'AT')).toMatchObject({ value: 'OG', misread: '0G' });
    expect(repairLegalFormOfName('Alpenfoto Huber 0G', 'AT')).toBe('Alpenfoto Huber OG');
    expect(repairLegalFormOfName('Studio Leie 8V', 'BE')).toBe('Studio Leie BV');
    expect(repairLegalFormOfName('Studio 54', 'NL')).toBe('Studio 54');
    expect(repairLegalFormOfName('Foto 2000', 'DE')).toBe('Foto 2000');
    expect(repairLegalFormOfName('Alpenfoto Huber OG', 'AT')).toBe('Alpenfoto Huber OG');
  });

  it('a name without a legal form has none (no word of the name is taken for one)', () => {
    // one-word written-out forms at the end of a name are not taken for the form
    expect(legalFormOfName('Fotografen Vereniging', 'NL')).toBeUndefined();
    expect(legalFormOfName('Fotografie Stichting', 'NL')).toBeUndefined();
    expect(legalFormOfName('Jane Porter Photography', 'GB')).toBeUndefined();
    expect(legalFormOfName('Studio Noorderlicht', 'NL')).toBeUndefined();
    expect(legalFormOfName('GmbH')).toBeUndefined();
  });
});

describe('isLegalForm', () => {
  it('knows written-out forms in every language and abbreviations', () => {
    for (const t of ['Eenmanszaak', 'Vennootschap onder firma', 'Société à responsabilité limitée', 'Gesellschaft mit beschränkter Haftung', 'Sole trader', 'Spółka z ograniczoną odpowiedzialnością', 'sp. z o.o.', 'SARL']) expect(isLegalForm(t), t).toBe(true);
    expect(isLegalForm('samenwerkingsverband')).toBe(false);
    expect(isLegalForm('Solingen')).toBe(false);
  });
});
