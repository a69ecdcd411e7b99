/**
 * Status messages kept as key + params (renderer/app/message) follow a language switch made after
 * they were set: the same stored message renders in the new language.
 */
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { endSentence, renderMessage, uiMessage } from '../../../renderer/app/message';
import en from '../../../renderer/i18n/en.json';
import nl from '../../../renderer/i18n/nl.json';

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.init({ lng: 'en', resources: { en: { translation: en }, nl: { translation: nl } }, interpolation: { escapeValue: false } });
});

describe('UiMessage', () => {
  it('a stored message renders in the language current at render time', async () => {
    const saved = uiMessage('counter.saved', { model: 'EOS-R5', serial: '012345678901' });
    await i18n.changeLanguage('en');
    expect(renderMessage(i18n.t, saved)).toBe('Registered EOS-R5 012345678901.');
    await i18n.changeLanguage('nl');
    expect(renderMessage(i18n.t, saved)).toBe('EOS-R5 012345678901 geregistreerd.');
    expect(renderMessage(i18n.t, uiMessage('signIn.done', { name: 'Anna' }))).toBe('Aangemeld als Anna.');
  });

  it('a name ending in a full stop gets no second one (“Signed in as Studio B.V.”), an ellipsis stays', async () => {
    await i18n.changeLanguage('en');
    expect(renderMessage(i18n.t, uiMessage('signIn.done', { name: 'Fotostudio Zuid B.V.' }))).toBe('Signed in as Fotostudio Zuid B.V.');
    await i18n.changeLanguage('nl');
    expect(renderMessage(i18n.t, uiMessage('signIn.done', { name: 'Fotostudio Zuid B.V.' }))).toBe('Aangemeld als Fotostudio Zuid B.V.');
    expect(renderMessage(i18n.t, uiMessage('signIn.done', { name: 'Anna' }))).toBe('Aangemeld als Anna.');
    expect(endSentence('Wait...')).toBe('Wait...');
    expect(endSentence('Loading…')).toBe('Loading…');
  });

  it('null renders as empty text', () => {
    expect(renderMessage(i18n.t, null)).toBe('');
  });
});
