/**
 * The texts of every e-mail the server sends, in the organisation's language
 * (shared/program/backOffice.ts `organisationLanguage`: Dutch or English). Dates are written with
 * the program's one format per language (shared/text/dates.ts), amounts with the invoice's money
 * format (shared/invoice/format.ts).
 */
import type { OrganisationLanguage } from '../shared/program/backOffice';
import { formatDate } from '../shared/text/dates';
import { formatMoney } from '../shared/invoice/format';

/** Subject and plain-text body of one e-mail. */
export interface MailText {
  subject: string;
  body: string;
}

/** The account is validated: set the login's password with the one-time `link` within 7 days. */
export function accountReadyMail(lang: OrganisationLanguage, org: string, login: string, link: string): MailText {
  return lang === 'nl'
    ? {
        subject: 'Uw CPS-zakelijk account is klaar',
        body: `Beste ${org},\n\nUw CPS-zakelijk account is gevalideerd.\nStel binnen 7 dagen het wachtwoord van uw login (${login}) in met deze eenmalige link:\n\n${link}\n\nCPS Professional Services`,
      }
    : {
        subject: 'Your CPS business account is ready',
        body: `Dear ${org},\n\nYour CPS business account has been validated.\nSet the password of your login (${login}) within 7 days with this one-time link:\n\n${link}\n\nCPS Professional Services`,
      };
}

/** The application is rejected for `reason`. */
export function rejectedMail(lang: OrganisationLanguage, org: string, reason: string): MailText {
  return lang === 'nl'
    ? {
        subject: 'Uw aanvraag voor een CPS-zakelijk account',
        body: `Beste ${org},\n\nWe konden uw CPS-zakelijk account niet valideren:\n\n${reason}\n\nU kunt opnieuw aanvragen met een nieuw bewijsdocument.\n\nCPS Professional Services`,
      }
    : {
        subject: 'Your CPS business account application',
        body: `Dear ${org},\n\nWe could not validate your CPS business account:\n\n${reason}\n\nYou can apply again with a new evidence document.\n\nCPS Professional Services`,
      };
}

/** The back office needs a new evidence document (`reason`); the application stays open. */
export function documentRequestedMail(lang: OrganisationLanguage, org: string, reason: string): MailText {
  return lang === 'nl'
    ? {
        subject: 'Nieuw bewijsdocument nodig voor uw CPS-zakelijk account',
        body: `Beste ${org},\n\nOm uw CPS-zakelijk account te valideren hebben we een nieuw bewijsdocument nodig:\n\n${reason}\n\nVoeg het nieuwe document toe bij uw organisatie in CPS Desk (of vraag het uw dealer). Uw aanvraag blijft open.\n\nCPS Professional Services`,
      }
    : {
        subject: 'New evidence document needed for your CPS business account',
        body: `Dear ${org},\n\nTo validate your CPS business account we need a new evidence document:\n\n${reason}\n\nAttach the new document to your organisation in CPS Desk (or ask your dealer). Your application stays open.\n\nCPS Professional Services`,
      };
}

/**
 * A tier change replaced the membership: credit note `creditNote` cancels invoice `invoice` in full
 * (docs/program.md#changing-tier). `total` is the formatted amount; `refund` when it was paid.
 */
export function creditNoteMail(lang: OrganisationLanguage, org: string, creditNote: string, invoice: string, total: string, newTier: string, refund: boolean): MailText {
  return lang === 'nl'
    ? {
        subject: `Creditnota ${creditNote} bij factuur ${invoice}`,
        body: `Beste ${org},\n\nUw lidmaatschap is binnen 14 dagen na de start vervangen door CPS ${newTier}. Creditnota ${creditNote} crediteert factuur ${invoice} volledig (${total}).\n${refund ? 'Het betaalde bedrag wordt aan u terugbetaald.' : 'Op die factuur hoeft u niets te betalen.'} De factuur voor ${newTier} volgt apart.\nDe creditnota staat in CPS Desk.\n\nCPS Professional Services`,
      }
    : {
        subject: `Credit note ${creditNote} for invoice ${invoice}`,
        body: `Dear ${org},\n\nWithin 14 days of its start, your membership was replaced by CPS ${newTier}. Credit note ${creditNote} cancels invoice ${invoice} in full (${total}).\n${refund ? 'The amount you paid will be refunded to you.' : 'Nothing is to be paid on that invoice.'} The invoice for ${newTier} follows separately.\nThe credit note is available in CPS Desk.\n\nCPS Professional Services`,
      };
}

/** The membership is active: `tier` name, 9-digit `membershipNumber`, validity `validFrom`–`validTo` (`YYYY-MM-DD`). */
export function membershipActiveMail(lang: OrganisationLanguage, org: string, m: { tier: string; membershipNumber: string; validFrom: string; validTo: string }): MailText {
  const from = formatDate(m.validFrom, lang);
  const to = formatDate(m.validTo, lang);
  return lang === 'nl'
    ? {
        subject: `Uw CPS ${m.tier}-lidmaatschap is actief (${m.membershipNumber})`,
        body: `Beste ${org},\n\nUw CPS ${m.tier}-lidmaatschap is actief van ${from} tot en met ${to}.\nLidmaatschapsnummer: ${m.membershipNumber}\n\nCPS Professional Services`,
      }
    : {
        subject: `Your CPS ${m.tier} membership is active (${m.membershipNumber})`,
        body: `Dear ${org},\n\nYour CPS ${m.tier} membership is active from ${from} to ${to}.\nMembership number: ${m.membershipNumber}\n\nCPS Professional Services`,
      };
}

/** What the invoice e-mail needs of an invoice: amounts in cents of `currency`, dates `YYYY-MM-DD`. */
export interface InvoiceMailFacts {
  number: string;
  issueDate: string;
  dueDate: string;
  totalCents: number;
  currency: string;
  paymentMethod: 'card' | 'bank-transfer';
  paymentReference: string;
}

/** A membership invoice was issued (how it is paid follows from `paymentMethod`). */
export function invoiceMail(lang: OrganisationLanguage, org: string, inv: InvoiceMailFacts): MailText {
  const total = formatMoney(inv.totalCents, inv.currency, lang);
  const issued = formatDate(inv.issueDate, lang);
  const due = formatDate(inv.dueDate, lang);
  if (lang === 'nl') {
    const how = inv.paymentMethod === 'card' ? 'wordt op de vervaldatum van uw kaart afgeschreven' : `per bankoverschrijving vóór de vervaldatum, onder vermelding van ${inv.paymentReference}`;
    return {
      subject: `Factuur ${inv.number} voor uw CPS-lidmaatschap`,
      body: `Beste ${org},\n\nFactuur ${inv.number} van ${issued}: ${total}, te betalen uiterlijk ${due} (${how}).\nDe factuur staat in CPS Desk.\n\nCPS Professional Services`,
    };
  }
  const how = inv.paymentMethod === 'card' ? 'charged to your card on the due date' : `by bank transfer before the due date, reference ${inv.paymentReference}`;
  return {
    subject: `Invoice ${inv.number} for your CPS membership`,
    body: `Dear ${org},\n\nInvoice ${inv.number} of ${issued}: ${total}, due ${due} (${how}).\nThe invoice is available in CPS Desk.\n\nCPS Professional Services`,
  };
}

/**
 * The invoice line of a membership year in the invoice language, e.g. nl "CPS Platinum-lidmaatschap
 * 01-12-2026 – 30-11-2027 (lidmaatschapsnummer 123456782)", en "CPS Platinum membership 1 Dec 2026 –
 * 30 Nov 2027 (membership number 123456782)".
 */
export function membershipLineText(lang: OrganisationLanguage, m: { tier: string; membershipNumber: string; validFrom: string; validTo: string }): string {
  const period = `${formatDate(m.validFrom, lang)} – ${formatDate(m.validTo, lang)}`;
  return lang === 'nl' ? `CPS ${m.tier}-lidmaatschap ${period} (lidmaatschapsnummer ${m.membershipNumber})` : `CPS ${m.tier} membership ${period} (membership number ${m.membershipNumber})`;
}

/**
 * The organisation's `statusReason` while the back office waits for a new evidence document
 * (shown in the app; the same request is e-mailed with {@link documentRequestedMail}).
 */
export function documentRequestedStatusReason(lang: OrganisationLanguage, reason: string): string {
  return `${lang === 'nl' ? 'Nieuw bewijsdocument gevraagd' : 'New evidence document requested'}: ${reason}`;
}
