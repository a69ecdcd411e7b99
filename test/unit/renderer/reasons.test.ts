/**
 * The server's reason codes worded from the app's catalogs (renderer/app/reasons.ts): every code
 * the server can write has an nl and an en text with the same parameters as its English fallback;
 * a membership refusal reads in Dutch in a Dutch UI and follows a language switch; an unknown code
 * falls back to the server's English text; plain text stays as it is; a refused push names the
 * organisation and never shows an id.
 */
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { refusalMessage, statusReasonMessage } from '../../../renderer/app/reasons';
import { renderMessage } from '../../../renderer/app/message';
import { encodeReason, reasonFallbacks } from '../../../shared/text/reasons';
import en from '../../../renderer/i18n/en.json';
import nl from '../../../renderer/i18n/nl.json';

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.init({ lng: 'nl', fallbackLng: 'en', resources: { en: { translation: en }, nl: { translation: nl } }, interpolation: { escapeValue: false } });
});
const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();
const render = (m: ReturnType<typeof statusReasonMessage>) => renderMessage(i18n.t, m);

describe('server reasons in the UI language', () => {
  it('every code the server writes has nl and en words with the fallback’s parameters (ids left out)', async () => {
    for (const [code, fallback] of Object.entries(reasonFallbacks)) {
      for (const lang of ['en', 'nl']) {
        await i18n.changeLanguage(lang);
        expect(i18n.exists(`reason.${code}`, { fallbackLng: [] }), `${lang} reason.${code}`).toBe(true);
        // the same parameters, except ids: the app never shows one
        expect(placeholders(String(i18n.t(`reason.${code}`))), `${lang} reason.${code}`).toEqual(placeholders(fallback).filter((p) => !/Id$/.test(p ?? '')));
      }
    }
  });

  it('a membership refused for points reads in Dutch, and in English after a switch', async () => {
    const m = statusReasonMessage(encodeReason('membership.not-enough-points', { tier: 'Corporate C', minPoints: 2500, points: 1600 }));
    await i18n.changeLanguage('nl');
    expect(render(m)).toBe('Corporate C vraagt 2500 bevestigde punten; de organisatie heeft er 1600.');
    await i18n.changeLanguage('en');
    expect(render(m)).toBe('Corporate C needs 2500 confirmed points; the organisation has 1600.');
  });

  it('an unknown code gives the server’s English fallback, plain text stays, nothing gives nothing', async () => {
    await i18n.changeLanguage('nl');
    expect(render(statusReasonMessage('membership.something-new?x=1'))).toBe('membership.something-new');
    expect(render(statusReasonMessage('Het bewijsdocument is niet leesbaar'))).toBe('Het bewijsdocument is niet leesbaar');
    expect(statusReasonMessage(null)).toBeNull();
    expect(render(statusReasonMessage(encodeReason('registration.duplicate')))).toBe('Dit serienummer is al geregistreerd voor dit productmodel.');
  });

  it('a refused push names the organisation, never an id; an unknown code keeps the server’s text', async () => {
    await i18n.changeLanguage('nl');
    const params = { collection: 'registrations', id: '01a23319-7f3e-7000-8000-000000000001', organisationId: 'org-demo-studio' };
    const named = renderMessage(i18n.t, refusalMessage('forbidden', params, 'registrations 01a23319…: organisation org-demo-studio is outside your scope', { organisationName: 'Studio Demo B.V.' }));
    expect(named).toBe('Studio Demo B.V. hoort niet bij de organisaties die u mag wijzigen.');
    const unnamed = renderMessage(i18n.t, refusalMessage('forbidden', params, 'outside your scope'));
    expect(unnamed).toBe('Deze organisatie hoort niet bij de organisaties die u mag wijzigen.');
    for (const text of [named, unnamed]) expect(text).not.toMatch(/org-demo|01a23319|registrations/);
    // a code the catalogs do not word, or none: a Dutch sentence, never the server's English text
    const unknown = 'De server weigerde deze wijziging. Verbeter haar en stuur haar opnieuw, of negeer haar; de reden van de server staat in het logboek van de app.';
    expect(renderMessage(i18n.t, refusalMessage('brand-new-code', {}, 'something new happened', { knows: (k) => i18n.exists(k) }))).toBe(unknown);
    expect(renderMessage(i18n.t, refusalMessage(null, null, 'HTTP 418'))).toBe(unknown);
  });

  it('a refusal is worded with the parameters the server sent (ids dropped)', async () => {
    await i18n.changeLanguage('nl');
    i18n.addResource('nl', 'translation', 'refusal.test-limit', 'Hoogstens {{max}} regels per keer.');
    const params = { collection: 'registrations', id: '01a23319-7f3e-7000-8000-000000000001', max: 500 };
    const text = renderMessage(i18n.t, refusalMessage('test-limit', params, 'at most 500 rows', { knows: (k) => i18n.exists(k) }));
    expect(text).toBe('Hoogstens 500 regels per keer.');
    expect(refusalMessage('test-limit', params, '').params).not.toHaveProperty('id');
  });
});
