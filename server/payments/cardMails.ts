/**
 * E-mails of the card payments, in the organisation's language (shared/program/backOffice.ts
 * `organisationLanguage`: Dutch or English).
 */
import type { OrganisationLanguage } from '../../shared/program/backOffice';
import type { MailText } from '../mailTexts';

/** Money as the e-mails write it: `EUR 102.85` / `EUR 102,85`. */
const money = (cents: number, currency: string, lang: OrganisationLanguage): string => `${currency} ${(cents / 100).toFixed(2).replace('.', lang === 'nl' ? ',' : '.')}`;

/**
 * The due-date charge of invoice `number` failed for good (`reason`: the provider's words): the
 * invoice is overdue; `link` opens a new hosted card setup (one-time, 30 days).
 */
export function cardChargeFailedMail(lang: OrganisationLanguage, org: string, inv: { number: string; totalCents: number; currency: string; reason: string; link: string }): MailText {
  const amount = money(inv.totalCents, inv.currency, lang);
  return lang === 'nl'
    ? {
        subject: `Betaling van factuur ${inv.number} mislukt: werk uw kaart bij`,
        body: `Beste ${org},\n\nWe konden factuur ${inv.number} (${amount}) op de vervaldatum niet van uw creditcard afschrijven:\n${inv.reason}\n\nDe factuur staat nu open als achterstallig. Werk uw kaart bij met deze link (30 dagen geldig); daarna schrijven we het bedrag opnieuw af:\n\n${inv.link}\n\nU kunt ook per bankoverschrijving betalen met de betalingskenmerk op de factuur.\n\nCPS Professional Services`,
      }
    : {
        subject: `Payment of invoice ${inv.number} failed: please update your card`,
        body: `Dear ${org},\n\nWe could not charge invoice ${inv.number} (${amount}) to your credit card on its due date:\n${inv.reason}\n\nThe invoice is now overdue. Update your card with this link (valid for 30 days); we then charge the amount again:\n\n${inv.link}\n\nYou may also pay by bank transfer with the payment reference on the invoice.\n\nCPS Professional Services`,
      };
}
