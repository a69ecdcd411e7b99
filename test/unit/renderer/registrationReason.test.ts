/**
 * Wording of an incomplete registration (renderer/components/registrationReason): "Missing" only
 * for empty fields, the matching problem text otherwise, from the server's statusReason format
 * (server/authority/registrations.ts) and from the local rule check, in both UI languages.
 */
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkRegistration } from '../../../shared/program';
import { describeProblems, parseStatusReason } from '../../../renderer/components/registrationReason';
import en from '../../../renderer/i18n/en.json';
import nl from '../../../renderer/i18n/nl.json';

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.init({ lng: 'en', resources: { en: { translation: en }, nl: { translation: nl } }, interpolation: { escapeValue: false } });
});
const t = (key: string, params?: Record<string, unknown>) => i18n.t(key, params ?? {});

describe('registration reason wording', () => {
  it('parses the server statusReason pairs and skips other text', () => {
    expect(parseStatusReason('serialNumber: serial-pattern; dealerName: required')).toEqual([
      { field: 'serialNumber', reason: 'serial-pattern' },
      { field: 'dealerName', reason: 'required' },
    ]);
    expect(parseStatusReason('This serial number is already registered for this product model.')).toEqual([]);
    expect(parseStatusReason(null)).toEqual([]);
  });

  it('a wrong serial format is not called missing', async () => {
    await i18n.changeLanguage('en');
    const text = describeProblems(parseStatusReason('serialNumber: serial-pattern'), t);
    expect(text).toBe("serial number does not match this model's format");
    expect(text).not.toContain('Missing');
    await i18n.changeLanguage('nl');
    expect(describeProblems(parseStatusReason('serialNumber: serial-pattern'), t)).toBe('serienummer past niet bij het formaat van dit model');
  });

  it('missing fields are listed together, other problems after them', async () => {
    await i18n.changeLanguage('en');
    const text = describeProblems(parseStatusReason('serialNumber: required; purchaseDate: date-future; dealerName: required'), t);
    expect(text).toBe('Missing: serial number, dealer; purchase date is in the future');
    expect(describeProblems([], t)).toBeNull();
  });

  it('every reason the local rule check can give has a text in both catalogs', async () => {
    const model = { id: 'm1', code: 'X', name: 'X', serialPattern: '^\\d{12}$', points: 10, releasedOn: '2020-01-01', retired: false } as never;
    const problems = [
      ...checkRegistration({ productModelId: 'm1', serialNumber: 'ABC', purchaseDate: '2019-01-01', purchaseCountry: 'ZZ', dealerName: '' }, model, { today: '2026-01-01' }).problems,
      ...checkRegistration({ productModelId: 'm1', serialNumber: '123456789012', purchaseDate: '2027-01-01', purchaseCountry: 'NL', dealerName: 'd' }, model, { today: '2026-01-01' }).problems,
      ...checkRegistration({ productModelId: 'm2', serialNumber: '1', purchaseDate: '2021-13-45', purchaseCountry: 'NL', dealerName: 'd' }, model, { today: '2026-01-01' }).problems,
    ];
    expect(new Set(problems.map((p) => p.reason)).size).toBeGreaterThanOrEqual(6);
    for (const lng of ['en', 'nl']) {
      await i18n.changeLanguage(lng);
      for (const p of problems) {
        if (p.reason === 'required') continue;
        expect(i18n.exists(`problem.${p.reason}`), `${lng} problem.${p.reason}`).toBe(true);
      }
    }
  });
});
