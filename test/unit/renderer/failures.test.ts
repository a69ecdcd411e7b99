/**
 * Failures shown to users (renderer/app/failures.ts): a caught error's English text (the browser's,
 * the server's, a library's) never reaches the screen; the message names the cause in the UI
 * language (no network, session ended, the server's error code) and the detail goes to the log.
 */
import i18next from 'i18next';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { failureMessage, invoiceExportFailure } from '../../../renderer/app/failures';
import { renderMessage } from '../../../renderer/app/message';
import { SignInError } from '../../../renderer/actions/auth';
import { InvoiceExportRefused } from '../../../renderer/invoice/export';
import { InvoiceInputError } from '../../../shared/invoice';
import en from '../../../renderer/i18n/en.json';
import nl from '../../../renderer/i18n/nl.json';

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.init({ lng: 'nl', fallbackLng: 'en', resources: { en: { translation: en }, nl: { translation: nl } }, interpolation: { escapeValue: false } });
});
afterEach(() => vi.restoreAllMocks());

const english = /Failed to fetch|outside your scope|named no old CPS|invalid invoice input|is required|Too many|HTTP \d/;

describe('failure messages', () => {
  it('word the cause in Dutch and put the English detail in the log only', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await i18n.changeLanguage('nl');
    const cases: Array<[string, unknown, string]> = [
      ['migration.failed', new SignInError('network', 'Failed to fetch'), 'Overzetten mislukt: de server is niet bereikbaar; controleer de verbinding en probeer het opnieuw.'],
      ['migration.failed', new SignInError('server', 'organisation org-1 named no old CPS account e-mail (legacyEmail)', 'no-legacy-email'), 'Overzetten mislukt: de organisatie noemt geen e-mailadres van een oud CPS-account.'],
      ['migration.failed', new SignInError('credentials', 'organisation org-1 is outside your scope', 'forbidden'), 'Overzetten mislukt: deze organisatie hoort niet bij de organisaties die u mag wijzigen.'],
      ['signIn.error_server', new SignInError('server', 'Too many requests', 'rate-limited'), 'Aanmelden mislukt: te veel pogingen; wacht een minuut en probeer het opnieuw.'],
      ['signIn.error_server', new SignInError('server', 'HTTP 502'), 'Aanmelden mislukt: de server kon het niet uitvoeren; probeer het later opnieuw en meld het aan de backoffice van het programma als het blijft mislukken.'],
      ['newOrg.saveFailed', new TypeError('Failed to fetch'), 'Niet bewaard: er ging onverwacht iets mis (de details staan in het logboek van de app).'],
    ];
    for (const [key, error, dutch] of cases) {
      const text = renderMessage(i18n.t, failureMessage(key, error));
      expect(text).toBe(dutch);
      expect(text).not.toMatch(english);
    }
    expect(warn).toHaveBeenCalledTimes(cases.length);
    expect(warn.mock.calls[1]![1]).toBe(cases[1]![1]); // the error itself, with its English detail, is logged
  });

  it('a refused invoice export names the invoice and organisation, not the field; the same message follows a language switch', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const m = invoiceExportFailure(new InvoiceExportRefused('2026-000321', 'Łódź Studio sp. z o.o.', new InvoiceInputError('organisation.street', 'is required')));
    await i18n.changeLanguage('nl');
    const dutch = renderMessage(i18n.t, m);
    expect(dutch).toContain('Factuur 2026-000321 van Łódź Studio sp. z o.o. kan niet worden geëxporteerd');
    expect(dutch).not.toMatch(english);
    await i18n.changeLanguage('en');
    expect(renderMessage(i18n.t, m)).toContain('Invoice 2026-000321 of Łódź Studio sp. z o.o. cannot be exported');
    await i18n.changeLanguage('nl');
    expect(renderMessage(i18n.t, invoiceExportFailure(new InvoiceInputError('organisation.name', 'contains characters the invoice font cannot show: 漢')))).toContain('tekens die het PDF-lettertype niet kan tonen');
  });
});
