/**
 * The new-account form's VIES cross-check without a browser: when the form asks (online, checksum,
 * VIES prefixes only), how the EU VAT service's free-text addresses split into the form's fields,
 * what is offered (only where the scan was unsure or found nothing, never over typed values), and
 * the panel as rendered in English and Dutch (react-dom/server with the app's catalogs).
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateVatNumber } from '../../../shared/identifiers/vat';
import type { EvidenceFields } from '../../../shared/ocr/types';
import type { VatCheck } from '../../../shared/sync/desk';
import { parseRegisteredAddress, registeredOffer, takeRegistered, vatNumberToCheck, type RegisteredDraft } from '../../../renderer/organisations/vatCheck';
import { VatCheckPanel } from '../../../renderer/components/VatCheckPanel';
import en from '../../../renderer/i18n/en.json';
import nl from '../../../renderer/i18n/nl.json';

const valid = (over: Partial<VatCheck> = {}): VatCheck => ({
  result: 'valid',
  vatNumber: 'NL004495445B01',
  name: 'FOTOSTUDIO TEST B.V.',
  address: 'DAMRAK 00001\n1012LG AMSTERDAM',
  consultationNumber: null,
  checkedAt: '2026-12-02T10:00:00.000Z',
  error: null,
  ...over,
});
const read = (value: string, confidence: number) => ({ value, confidence, page: 1, bbox: [0, 0, 10, 10] as [number, number, number, number] });
const emptyDraft: RegisteredDraft = { name: '', street: '', houseNumber: '', postcode: '', city: '' };

describe('vatNumberToCheck', () => {
  it('asks only online, only for a number passing its checksum, only for VIES member states', () => {
    expect(vatNumberToCheck(validateVatNumber('NL 0044.95.445.B01'), true)).toBe('NL004495445B01');
    expect(vatNumberToCheck(validateVatNumber('0403.170.701', 'BE'), true)).toBe('BE0403170701');
    expect(vatNumberToCheck(validateVatNumber('NL004495445B01'), false)).toBeNull(); // offline: nothing is asked
    expect(vatNumberToCheck(validateVatNumber('NL004495446B01'), true)).toBeNull(); // checksum
    expect(vatNumberToCheck(validateVatNumber('GB980780684'), true)).toBeNull(); // not in VIES
    expect(vatNumberToCheck(validateVatNumber('EL094259216'), true)).toBe('EL094259216');
    expect(vatNumberToCheck(null, true)).toBeNull();
  });
});

describe('parseRegisteredAddress', () => {
  it('splits the address forms VIES returns per country', () => {
    expect(parseRegisteredAddress('DAMRAK 00001\n1012LG AMSTERDAM', 'NL')).toEqual({ street: 'Damrak', houseNumber: '1', postcode: '1012 LG', city: 'Amsterdam' });
    expect(parseRegisteredAddress('KEIZERSGRACHT 00123 A\n1015CJ AMSTERDAM\n', 'NL')).toEqual({ street: 'Keizersgracht', houseNumber: '123A', postcode: '1015 CJ', city: 'Amsterdam' });
    expect(parseRegisteredAddress('Rue de la Loi 16\n1000 Bruxelles', 'BE')).toEqual({ street: 'Rue de la Loi', houseNumber: '16', postcode: '1000', city: 'Bruxelles' });
    expect(parseRegisteredAddress('12 RUE DE RIVOLI\n75001 PARIS', 'FR')).toEqual({ street: 'Rue De Rivoli', houseNumber: '12', postcode: '75001', city: 'Paris' });
    expect(parseRegisteredAddress('UL. MARSZAŁKOWSKA 1, 00-001 WARSZAWA', 'PL')).toEqual({ street: 'Ul. Marszałkowska', houseNumber: '1', postcode: '00-001', city: 'Warszawa' });
    expect(parseRegisteredAddress('Mariahilfer Straße 1/3\nAT-1060 Wien', 'AT')).toEqual({ street: 'Mariahilfer Straße', houseNumber: '1/3', postcode: '1060', city: 'Wien' });
    expect(parseRegisteredAddress('VIA ROMA 10 \n20121 MILANO MI\n', 'IT')).toEqual({ street: 'Via Roma', houseNumber: '10', postcode: '20121', city: 'Milano' });
    expect(parseRegisteredAddress('ROUTE D ARLON 5\nL-8009 STRASSEN', 'LU')).toEqual({ street: 'Route D Arlon', houseNumber: '5', postcode: '8009', city: 'Strassen' });
  });

  it('gives nothing for an address it cannot split', () => {
    expect(parseRegisteredAddress('AMSTERDAM', 'NL')).toBeNull();
    expect(parseRegisteredAddress('1012LG AMSTERDAM', 'NL')).toBeNull(); // no street line
    expect(parseRegisteredAddress('POSTBUS\n1012LG AMSTERDAM', 'NL')).toBeNull(); // no house number
  });
});

describe('registeredOffer and takeRegistered', () => {
  it('offers the name and address where the form is empty (nothing read)', () => {
    const offer = registeredOffer(valid(), emptyDraft, {}, new Set());
    expect(offer).toEqual({ name: 'FOTOSTUDIO TEST B.V.', address: { street: 'Damrak', houseNumber: '1', postcode: '1012 LG', city: 'Amsterdam' } });
    const { draft, filled } = takeRegistered(emptyDraft, offer, 'address', new Set());
    expect(draft).toEqual({ name: '', street: 'Damrak', houseNumber: '1', postcode: '1012 LG', city: 'Amsterdam' });
    expect(filled).toEqual(['street', 'houseNumber', 'postcode', 'city']);
  });

  it('offers where the scan was unsure, not where it was sure', () => {
    const draft = { name: 'Fotostudio Tesl B.V.', street: 'Damrak', houseNumber: '1', postcode: '1012 LG', city: 'Amsterdarn' };
    const sure: EvidenceFields = { name: read(draft.name, 0.95), street: read('Damrak', 0.95), houseNumber: read('1', 0.95), postcode: read('1012 LG', 0.95), city: read('Amsterdarn', 0.9) };
    expect(registeredOffer(valid(), draft, sure, new Set())).toEqual({ name: null, address: null });
    const unsure: EvidenceFields = { ...sure, name: read(draft.name, 0.41), city: read('Amsterdarn', 0.5) };
    const offer = registeredOffer(valid(), draft, unsure, new Set());
    expect(offer.name).toBe('FOTOSTUDIO TEST B.V.');
    expect(offer.address?.city).toBe('Amsterdam');
    // a value failing its check counts as unsure too
    expect(registeredOffer(valid(), draft, { ...sure, name: { ...read(draft.name, 0.95), invalid: true } }, new Set()).name).toBe('FOTOSTUDIO TEST B.V.');
  });

  it('never offers over what the user typed, and never overwrites it', () => {
    const draft = { ...emptyDraft, name: 'Typed By Hand B.V.', city: 'Haarlem' };
    const offer = registeredOffer(valid(), draft, { name: read('x', 0.2) }, new Set(['name', 'city']));
    expect(offer).toEqual({ name: null, address: null });
    // typed after the offer was shown: the click keeps the typed value
    const shown = registeredOffer(valid(), emptyDraft, {}, new Set());
    const taken = takeRegistered({ ...emptyDraft, city: 'Haarlem' }, shown, 'address', new Set(['city']));
    expect(taken.draft.city).toBe('Haarlem');
    expect(taken.filled).toEqual(['street', 'houseNumber', 'postcode']);
    expect(takeRegistered({ ...emptyDraft, name: 'Mine' }, shown, 'name', new Set(['name'])).draft.name).toBe('Mine');
  });

  it('offers nothing from an invalid or unknown check, nor what the form already holds', () => {
    expect(registeredOffer(valid({ result: 'invalid', name: null, address: null }), emptyDraft, {}, new Set())).toEqual({ name: null, address: null });
    expect(registeredOffer(valid({ result: 'unknown', error: 'MS_UNAVAILABLE' }), emptyDraft, {}, new Set())).toEqual({ name: null, address: null });
    expect(registeredOffer(null, emptyDraft, {}, new Set())).toEqual({ name: null, address: null });
    const same = { name: 'Fotostudio Test BV', street: 'DAMRAK', houseNumber: '1', postcode: '1012LG', city: 'AMSTERDAM' };
    expect(registeredOffer(valid(), same, { name: read('x', 0.3), city: read('x', 0.3) }, new Set())).toEqual({ name: null, address: null });
    // not disclosed by the member state: nothing to offer
    expect(registeredOffer(valid({ name: null, address: null }), emptyDraft, {}, new Set())).toEqual({ name: null, address: null });
  });
});

describe('VatCheckPanel', () => {
  beforeAll(async () => {
    await i18next.use(initReactI18next).init({ resources: { en: { translation: en }, nl: { translation: nl } }, lng: 'en', fallbackLng: 'en', interpolation: { escapeValue: false } });
  });
  const render = (props: Parameters<typeof VatCheckPanel>[0]) => renderToStaticMarkup(createElement(VatCheckPanel, props));
  const noOffer = { name: null, address: null };
  const onTake = () => undefined;

  it('shows nothing when off, and each result in English and Dutch', async () => {
    await i18next.changeLanguage('en');
    expect(render({ state: { kind: 'off' }, offer: noOffer, onTake })).toBe('');
    const html = render({ state: { kind: 'done', check: valid() }, offer: registeredOffer(valid(), emptyDraft, {}, new Set()), onTake });
    expect(html).toContain('data-result="valid"');
    expect(html).toContain('NL004495445B01 is a valid VAT number');
    expect(html).toContain('FOTOSTUDIO TEST B.V.');
    expect(html).toContain('Use the registered name');
    expect(html).toContain('Use the registered address (Damrak 1, 1012 LG Amsterdam)');
    expect(render({ state: { kind: 'failed', vatNumber: 'BE0403170701', code: 'rate-limited' }, offer: noOffer, onTake })).toContain('cannot answer for BE0403170701 now');
    await i18next.changeLanguage('nl');
    expect(render({ state: { kind: 'done', check: valid({ result: 'invalid', name: null, address: null }) }, offer: noOffer, onTake })).toContain('NL004495445B01 is niet geregistreerd bij de EU-btw-dienst');
    expect(render({ state: { kind: 'done', check: valid({ result: 'unknown', name: null, address: null, error: 'MS_UNAVAILABLE' }) }, offer: noOffer, onTake })).toContain('data-result="unknown"');
    expect(render({ state: { kind: 'done', check: valid({ name: null, address: null }) }, offer: noOffer, onTake })).toContain('maakt de geregistreerde naam en het adres niet bekend');
    expect(render({ state: { kind: 'checking', vatNumber: 'NL004495445B01' }, offer: noOffer, onTake })).toContain('wordt gecontroleerd');
  });
});
