/** Organisation search as people type it: identifiers and postcodes ignoring blanks, dots and case, names with or without legal form, street, city, e-mail; ranking. */
import { describe, expect, it } from 'vitest';
import { buildOrganisationIndex, searchOrganisations, type OrganisationLike } from '../../../renderer/organisations/search';

const orgs: (OrganisationLike & { id: string })[] = [
  { id: 'noord', name: 'Fotostudio Noord B.V.', legalForm: 'B.V.', street: 'Damrak', houseNumber: '12', postcode: '1012 LG', city: 'Amsterdam', country: 'NL', vatNumber: 'NL699925228B01', chamberNumber: '29171136', email: 'info@fotostudio-noord.nl' },
  { id: 'zuid', name: 'Studio Zuid', legalForm: 'Eenmanszaak', street: 'Stationsplein', houseNumber: '3', postcode: '5611 AB', city: 'Eindhoven', country: 'NL', vatNumber: 'NL004495445B01', chamberNumber: '33283281', email: 'hallo@studiozuid.nl' },
  { id: 'leie', name: 'Studio Leie BV', legalForm: 'BV', street: 'Kouter', houseNumber: '1', postcode: '9000', city: 'Gent', country: 'BE', vatNumber: 'BE0403170701', chamberNumber: '0403170701', email: 'studio@leie.be' },
  { id: 'koeln', name: 'Bildpunkt Köln GmbH', legalForm: 'GmbH', street: 'Domkloster', houseNumber: '4', postcode: '50667', city: 'Köln', country: 'DE', vatNumber: 'DE136695976', chamberNumber: 'HRB 12345', email: 'kontakt@bildpunkt.de' },
  { id: 'amstel', name: 'Amstel Beeld', street: 'Amstel', houseNumber: '1', postcode: '1011 PN', city: 'Amsterdam', country: 'NL', vatNumber: '', chamberNumber: '12345678', email: 'beeld@amstel.nl' },
];
const index = buildOrganisationIndex(orgs);
const ids = (q: string) => searchOrganisations(index, q).map((m) => m.organisation.id);
const first = (q: string) => searchOrganisations(index, q)[0];

describe('organisation search', () => {
  it('finds a VAT number however it is spaced, dotted or cased, and without its country prefix', () => {
    for (const q of ['NL699925228B01', 'NL 6999 25 228 B01', 'nl.6999.25.228.b01', 'nl-699925228-b01', '699925228B01', 'NL6999'])
      expect(first(q), q).toMatchObject({ organisation: { id: 'noord' }, field: 'vatNumber' });
    expect(first('BE 0403.170.701')).toMatchObject({ organisation: { id: 'leie' } });
  });
  it('finds a KvK number with a space and a register number with its prefix', () => {
    expect(first('2917 1136')).toMatchObject({ organisation: { id: 'noord' }, field: 'chamberNumber', score: 100 });
    expect(first('hrb12345')).toMatchObject({ organisation: { id: 'koeln' }, field: 'chamberNumber' });
  });
  it('finds a postcode with or without the space, in any case', () => {
    for (const q of ['1012 LG', '1012lg', '1012 lg']) expect(first(q), q).toMatchObject({ organisation: { id: 'noord' }, field: 'postcode', score: 100 });
    expect(ids('5611')).toEqual(['zuid']);
  });
  it('finds the legal name with or without its legal form, and by words in any order', () => {
    for (const q of ['Fotostudio Noord', 'fotostudio noord bv', 'Fotostudio Noord B.V.', 'noord fotostudio', 'fotost'])
      expect(first(q), q).toMatchObject({ organisation: { id: 'noord' }, field: 'name' });
    expect(ids('Studio Leie')).toEqual(['leie']);
    expect(ids('studio leie b.v.')[0]).toBe('leie');
    expect(first('bildpunkt koln')).toMatchObject({ organisation: { id: 'koeln' } }); // without the umlaut
  });
  it('finds street, city and e-mail', () => {
    expect(first('Damrak')).toMatchObject({ organisation: { id: 'noord' }, field: 'street' });
    expect(first('damrak 12')).toMatchObject({ organisation: { id: 'noord' }, field: 'street' });
    expect(ids('Eindhoven')).toEqual(['zuid']);
    expect(first('hallo@studiozuid.nl')).toMatchObject({ organisation: { id: 'zuid' }, field: 'email' });
    expect(first('studiozuid.nl')).toMatchObject({ organisation: { id: 'zuid' } });
    expect(ids('gent studio')).toEqual(['leie']);
  });
  it('ranks an exact identifier or name above words and text inside fields; ties in name order', () => {
    // "Amstel" is the start of a name and a street; Amsterdam is a city starting with "Amst".
    expect(ids('amst')).toEqual(['amstel', 'noord']);
    expect(first('amstel beeld')).toMatchObject({ organisation: { id: 'amstel' }, score: 95 });
    // "studio" starts a word of three names, and is inside a fourth's (Fotostudio): names first, in name order.
    expect(ids('studio')).toEqual(['leie', 'zuid', 'noord']);
  });
  it('returns everything in name order for an empty query, and nothing for a query that matches nothing', () => {
    expect(ids('  ')).toEqual(['amstel', 'koeln', 'noord', 'leie', 'zuid']);
    expect(ids('Rotterdam')).toEqual([]);
    expect(ids('...')).toEqual([]);
    expect(searchOrganisations(index, 'studio', 1)).toHaveLength(1);
  });
});
