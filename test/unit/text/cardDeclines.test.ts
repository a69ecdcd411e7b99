/**
 * Card decline reasons (shared/text/cardDeclines.ts): the provider's decline codes become reason
 * codes the app words from its nl/en catalogs and the overdue e-mail words in the organisation's
 * language; a suspicion (lost, stolen, fraud) reads as the generic decline; an unknown code gets a
 * generic text naming it; the provider's own English message never reaches the customer.
 */
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { cardDeclineReason, cardReasonCodeOf, cardReasonCodes } from '../../../shared/text/cardDeclines';
import { reasonFallbacks } from '../../../shared/text/reasons';
import { statusReasonMessage } from '../../../renderer/app/reasons';
import { renderMessage } from '../../../renderer/app/message';
import { cardChargeFailedMail, cardReasonText } from '../../../server/payments/cardMails';
import en from '../../../renderer/i18n/en.json';
import nl from '../../../renderer/i18n/nl.json';

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.init({ lng: 'nl', fallbackLng: 'en', resources: { en: { translation: en }, nl: { translation: nl } }, interpolation: { escapeValue: false } });
});
const shown = async (lang: 'nl' | 'en', reason: string) => {
  await i18n.changeLanguage(lang);
  return i18n.t('cardAuthorisation.declined', { reason: renderMessage(i18n.t, statusReasonMessage(reason)) });
};

describe('card decline reasons', () => {
  it('maps Stripe’s decline codes and error codes to reason codes', () => {
    expect(cardDeclineReason('insufficient_funds')).toBe('card.insufficient-funds');
    expect(cardDeclineReason('expired_card')).toBe('card.expired');
    expect(cardDeclineReason('incorrect_cvc')).toBe('card.incorrect-cvc');
    expect(cardDeclineReason('processing_error')).toBe('card.processing-error');
    expect(cardDeclineReason('authentication_required')).toBe('card.authentication-required');
    expect(cardDeclineReason('card_not_supported')).toBe('card.not-supported');
    expect(cardDeclineReason('card_velocity_exceeded')).toBe('card.limit-exceeded');
    for (const c of ['generic_decline', 'do_not_honor', 'card_declined']) expect(cardDeclineReason(c)).toBe('card.declined');
    // Stripe: do not tell the customer about a suspicion; show the generic decline
    for (const c of ['lost_card', 'stolen_card', 'fraudulent', 'pickup_card', 'merchant_blacklist']) expect(cardDeclineReason(c)).toBe('card.declined');
  });

  it('names an unknown code in a generic reason; junk or an inherited property name is not a known code', () => {
    expect(cardDeclineReason('new_kind_of_decline')).toBe('card.declined-code?code=new_kind_of_decline');
    expect(cardDeclineReason('constructor')).toBe('card.declined-code?code=constructor');
    expect(cardReasonCodeOf('__proto__')).toBe('card.declined-code');
    expect(cardDeclineReason('<script>')).toBe('card.declined-code?code=unknown');
    expect(cardDeclineReason('x'.repeat(61))).toBe('card.declined-code?code=unknown');
    expect(cardDeclineReason(null)).toBe('card.declined-code?code=unknown');
  });

  it('every card reason code has an English fallback, nl/en catalog words and a Dutch e-mail text', async () => {
    for (const code of cardReasonCodes) {
      expect(reasonFallbacks[code], code).toBeTruthy();
      for (const lang of ['en', 'nl'] as const) {
        await i18n.changeLanguage(lang);
        expect(i18n.exists(`reason.${code}`, { fallbackLng: [] }), `${lang} reason.${code}`).toBe(true);
      }
      expect(cardReasonText(`${code}?code=x`, 'nl')).not.toBe(cardReasonText(`${code}?code=x`, 'en'));
    }
  });

  it('the membership card words a decline in the UI language, never in the provider’s English', async () => {
    expect(await shown('nl', cardDeclineReason('insufficient_funds'))).toBe(
      'De kaart is niet geautoriseerd. Het saldo op de kaart is onvoldoende. Gebruik een andere kaart of neem contact op met uw bank.',
    );
    expect(await shown('en', cardDeclineReason('insufficient_funds'))).toBe('The card was not authorised. The card has insufficient funds. Use another card or contact your bank.');
    expect(await shown('nl', cardDeclineReason('stolen_card'))).toContain('zonder reden op te geven');
    expect(await shown('nl', cardDeclineReason('brand_new_code'))).toBe(
      'De kaart is niet geautoriseerd. De kaart is geweigerd (code van de betaalprovider: “brand_new_code”). Neem contact op met uw bank of gebruik een andere kaart.',
    );
    // an old membership that still holds the provider's words shows them as they are
    expect(await shown('en', 'Your card was declined.')).toBe('The card was not authorised. Your card was declined.');
  });

  it('the overdue e-mail gives the reason in the organisation’s language', () => {
    const inv = { number: '2026-000042', totalCents: 10285, currency: 'EUR', reason: cardDeclineReason('expired_card'), link: 'https://cps.example/payments/card/update#token=t' };
    const nlMail = cardChargeFailedMail('nl', 'Studio B.V.', inv);
    expect(nlMail.body).toContain('afschrijven:\nDe kaart is verlopen. Gebruik een geldige kaart.\n');
    expect(nlMail.body).toContain('EUR 102,85');
    const enMail = cardChargeFailedMail('en', 'Studio Ltd', { ...inv, reason: cardDeclineReason('odd_code') });
    expect(enMail.body).toContain('on its due date:\nThe card was declined (payment provider code “odd_code”). Contact your bank or use another card.\n');
  });
});
