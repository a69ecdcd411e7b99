/**
 * E-mails of the card payments, in the organisation's language (shared/program/backOffice.ts
 * `organisationLanguage`: Dutch or English).
 */
import type { OrganisationLanguage } from '../../shared/program/backOffice';
import { decodeReason, fillTemplate, reasonFallback } from '../../shared/text/reasons';
import type { CardReasonCode } from '../../shared/text/cardDeclines';
import type { MailText } from '../mailTexts';

/**
 * The Dutch words of the card reasons (shared/text/cardDeclines.ts); the English ones are the
 * reasons' fallback texts (shared/text/reasons.ts). The app has the same words in its catalogs.
 */
const cardReasonsNl: Readonly<Record<CardReasonCode, string>> = {
  'card.declined': 'De bank heeft de kaart geweigerd zonder reden op te geven. Neem contact op met uw bank of gebruik een andere kaart.',
  'card.insufficient-funds': 'Het saldo op de kaart is onvoldoende. Gebruik een andere kaart of neem contact op met uw bank.',
  'card.limit-exceeded': 'De bestedingslimiet van de kaart is bereikt. Gebruik een andere kaart of neem contact op met uw bank.',
  'card.expired': 'De kaart is verlopen. Gebruik een geldige kaart.',
  'card.incorrect-cvc': 'De beveiligingscode (CVC) van de kaart klopt niet. Controleer hem en probeer het opnieuw.',
  'card.incorrect-number': 'Het kaartnummer klopt niet. Controleer het en probeer het opnieuw.',
  'card.processing-error': 'De betaalprovider kon de kaart nu niet verwerken. Probeer het later opnieuw.',
  'card.authentication-required': 'De bank wil dat u de kaart bevestigt (3-D Secure). Probeer het opnieuw en rond de controle van de bank af.',
  'card.not-supported': 'Deze kaart kan niet voor deze betaling worden gebruikt. Gebruik een andere kaart.',
  'card.no-card': 'Er is geen geautoriseerde kaart bekend. Autoriseer een kaart.',
  'card.declined-code': 'De kaart is geweigerd (code van de betaalprovider: “{{code}}”). Neem contact op met uw bank of gebruik een andere kaart.',
};

/** The words of card reason `reason` (encoded, shared/text/cardDeclines.ts `cardDeclineReason`) in `lang`. */
export function cardReasonText(reason: string, lang: OrganisationLanguage): string {
  const r = decodeReason(reason);
  const nl = r ? (cardReasonsNl as Record<string, string>)[r.code] : undefined;
  return lang === 'nl' && r && nl !== undefined ? fillTemplate(nl, r.params) : reasonFallback(reason);
}

/** Money as the e-mails write it: `EUR 102.85` / `EUR 102,85`. */
const money = (cents: number, currency: string, lang: OrganisationLanguage): string => `${currency} ${(cents / 100).toFixed(2).replace('.', lang === 'nl' ? ',' : '.')}`;

/**
 * The due-date charge of invoice `number` failed for good (`reason`: the card reason, encoded, see
 * {@link cardReasonText}; never the provider's own message): the invoice is overdue; `link` opens a
 * new hosted card setup (one-time, 30 days).
 */
export function cardChargeFailedMail(lang: OrganisationLanguage, org: string, inv: { number: string; totalCents: number; currency: string; reason: string; link: string }): MailText {
  const amount = money(inv.totalCents, inv.currency, lang);
  const reason = cardReasonText(inv.reason, lang);
  return lang === 'nl'
    ? {
        subject: `Betaling van factuur ${inv.number} mislukt: werk uw kaart bij`,
        body: `Beste ${org},\n\nWe konden factuur ${inv.number} (${amount}) op de vervaldatum niet van uw creditcard afschrijven:\n${reason}\n\nDe factuur staat nu open als achterstallig. Werk uw kaart bij met deze link (30 dagen geldig); daarna schrijven we het bedrag opnieuw af:\n\n${inv.link}\n\nU kunt ook per bankoverschrijving betalen met het betalingskenmerk op de factuur.\n\nCPS Professional Services`,
      }
    : {
        subject: `Payment of invoice ${inv.number} failed: please update your card`,
        body: `Dear ${org},\n\nWe could not charge invoice ${inv.number} (${amount}) to your credit card on its due date:\n${reason}\n\nThe invoice is now overdue. Update your card with this link (valid for 30 days); we then charge the amount again:\n\n${inv.link}\n\nYou may also pay by bank transfer with the payment reference on the invoice.\n\nCPS Professional Services`,
      };
}
