/**
 * The invoice's own nl/en label catalog, shared by the renderer and the CLI. Plain
 * strings with `{name}` placeholders, filled by {@link label}. Wording of the legal statements:
 * reverse charge "btw verlegd" (Wet OB art. 35a lid 1 sub g / directive 2006/112/EC art. 226(11a)
 * "Reverse charge").
 */
import { organisationLanguage } from '../program/backOffice';

/** Languages an invoice can be rendered in. */
export const invoiceLanguages = ['nl', 'en'] as const;
/** An invoice language. */
export type InvoiceLanguage = (typeof invoiceLanguages)[number];

const en = {
  documentTitle: 'Invoice',
  title: 'INVOICE',
  billTo: 'Bill to',
  from: 'From',
  invoiceNumber: 'Invoice number',
  issueDate: 'Invoice date',
  dueDate: 'Due date',
  period: 'Membership period',
  purchaseOrder: 'Purchase order',
  paymentMethod: 'Payment method',
  methodCard: 'Credit card',
  methodBank: 'Bank transfer',
  vatNumber: 'VAT number',
  chamberNumber: 'Chamber of Commerce (KvK)',
  chamberNumberCustomer: 'Registration number',
  email: 'E-mail',
  description: 'Description',
  quantity: 'Qty',
  unitPrice: 'Unit price',
  vatRate: 'VAT',
  amount: 'Amount',
  subtotal: 'Subtotal (excl. VAT)',
  vatLine: 'VAT {rate} on {basis}',
  vatReverseLine: 'VAT 0% (reverse charged) on {basis}',
  total: 'Total',
  reverseCharge: 'VAT reverse charged',
  reverseChargeNote: 'VAT reverse charged: the customer accounts for the VAT (Article 196, Council Directive 2006/112/EC). Customer VAT number: {vat}.',
  notSubject: 'Not subject to EU VAT',
  notSubjectNote: 'Not subject to EU VAT: the service is supplied to a business outside the European Union (Article 44, Council Directive 2006/112/EC); VAT, if any, is due in the customer\'s country.',
  vatOutsideLine: 'VAT n/a (outside the EU) on {basis}',
  paymentHeading: 'Payment',
  payCard: 'The total of {total} will be charged to your credit card on the due date, {due}.',
  payBank: 'Please transfer {total} before {due}, stating the payment reference.',
  iban: 'IBAN',
  bic: 'BIC',
  beneficiary: 'Beneficiary',
  paymentReference: 'Payment reference',
  bankCharges: 'Extra bank charges may apply; they are borne by the payer.',
  scanToPay: 'Scan with your banking app',
  page: 'Page {page} of {pages}',
  continued: 'continued',
  termsCard: 'Charged to the credit card on the due date {due}.',
  termsBank: 'Bank transfer before {due}; extra bank charges may apply.',
  subject: 'Invoice {number} for {customer}',
  creditNoteDocumentTitle: 'Credit note',
  creditNoteTitle: 'CREDIT NOTE',
  creditNoteNumber: 'Credit note number',
  creditNoteDate: 'Credit note date',
  creditNoteTo: 'Customer',
  creditsInvoice: 'Credits invoice',
  creditsInvoiceValue: '{number} of {date}',
  creditNoteHeading: 'Settlement',
  creditNoteSettled: 'This credit note cancels invoice {number} of {date} in full ({total}). Nothing is to be paid on that invoice.',
  creditNoteRefund: 'This credit note cancels invoice {number} of {date} in full. The {total} you paid will be refunded to you.',
  creditTermsSettled: 'Cancels invoice {number} in full; nothing is to be paid.',
  creditTermsRefund: 'Cancels invoice {number} in full; the amount paid is refunded.',
  creditNoteSubject: 'Credit note {number} for {customer}',
} as const;

/** The label keys every catalog defines. */
export type InvoiceLabelKey = keyof typeof en;

const nl: Record<InvoiceLabelKey, string> = {
  documentTitle: 'Factuur',
  title: 'FACTUUR',
  billTo: 'Factuur aan',
  from: 'Van',
  invoiceNumber: 'Factuurnummer',
  issueDate: 'Factuurdatum',
  dueDate: 'Vervaldatum',
  period: 'Lidmaatschapsperiode',
  purchaseOrder: 'Inkoopordernummer',
  paymentMethod: 'Betaalwijze',
  methodCard: 'Creditcard',
  methodBank: 'Bankoverschrijving',
  vatNumber: 'Btw-nummer',
  chamberNumber: 'KvK-nummer',
  chamberNumberCustomer: 'Registratienummer',
  email: 'E-mail',
  description: 'Omschrijving',
  quantity: 'Aantal',
  unitPrice: 'Prijs per stuk',
  vatRate: 'Btw',
  amount: 'Bedrag',
  subtotal: 'Subtotaal (excl. btw)',
  vatLine: 'Btw {rate} over {basis}',
  vatReverseLine: 'Btw 0% (verlegd) over {basis}',
  total: 'Totaal',
  reverseCharge: 'Btw verlegd',
  reverseChargeNote: 'Btw verlegd: de afnemer voldoet de btw (artikel 196, Richtlijn 2006/112/EG). Btw-nummer afnemer: {vat}.',
  notSubject: 'Niet onderworpen aan EU-btw',
  notSubjectNote: 'Niet onderworpen aan EU-btw: de dienst wordt verricht aan een ondernemer buiten de Europese Unie (artikel 44, Richtlijn 2006/112/EG); eventuele btw is verschuldigd in het land van de afnemer.',
  vatOutsideLine: 'Btw n.v.t. (buiten de EU) over {basis}',
  paymentHeading: 'Betaling',
  payCard: 'Het totaal van {total} wordt op de vervaldatum, {due}, van uw creditcard afgeschreven.',
  payBank: 'Gelieve {total} vóór {due} over te maken onder vermelding van het betalingskenmerk.',
  iban: 'IBAN',
  bic: 'BIC',
  beneficiary: 'Begunstigde',
  paymentReference: 'Betalingskenmerk',
  bankCharges: 'Er kunnen extra bankkosten van toepassing zijn; deze komen voor rekening van de betaler.',
  scanToPay: 'Scan met uw bankapp',
  page: 'Pagina {page} van {pages}',
  continued: 'vervolg',
  termsCard: 'Afschrijving van de creditcard op de vervaldatum {due}.',
  termsBank: 'Bankoverschrijving vóór {due}; er kunnen extra bankkosten van toepassing zijn.',
  subject: 'Factuur {number} aan {customer}',
  creditNoteDocumentTitle: 'Creditnota',
  creditNoteTitle: 'CREDITNOTA',
  creditNoteNumber: 'Creditnotanummer',
  creditNoteDate: 'Datum creditnota',
  creditNoteTo: 'Afnemer',
  creditsInvoice: 'Crediteert factuur',
  creditsInvoiceValue: '{number} van {date}',
  creditNoteHeading: 'Verrekening',
  creditNoteSettled: 'Deze creditnota crediteert factuur {number} van {date} volledig ({total}). Op die factuur hoeft niets te worden betaald.',
  creditNoteRefund: 'Deze creditnota crediteert factuur {number} van {date} volledig. Het betaalde bedrag van {total} wordt aan u terugbetaald.',
  creditTermsSettled: 'Crediteert factuur {number} volledig; er hoeft niets te worden betaald.',
  creditTermsRefund: 'Crediteert factuur {number} volledig; het betaalde bedrag wordt terugbetaald.',
  creditNoteSubject: 'Creditnota {number} aan {customer}',
};

/** The catalogs by language. */
export const invoiceLabels: Record<InvoiceLanguage, Record<InvoiceLabelKey, string>> = { en, nl };

/**
 * The label `key` in `lang`, with `{name}` placeholders replaced from `values`.
 * @throws Error when a placeholder in the label has no value (a catalog bug, never user input).
 */
export function label(lang: InvoiceLanguage, key: InvoiceLabelKey, values: Record<string, string> = {}): string {
  return invoiceLabels[lang][key].replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = values[name];
    if (v === undefined) throw new Error(`invoice label ${lang}.${key} needs a value for {${name}}`);
    return v;
  });
}

/** BCP 47 locale used for numbers and dates in each invoice language. */
export const invoiceLocales: Record<InvoiceLanguage, string> = { nl: 'nl-NL', en: 'en-GB' };

/**
 * The language of an invoice or credit note: its organisation's (shared/program
 * `organisationLanguage`: Dutch for NL and BE, English elsewhere). The server writes the line texts
 * in that language when it issues the invoice, so rendering labels, dates and amounts in it too
 * keeps every word of one document in one language, whatever the language of the app exporting it.
 */
export function invoiceLanguage(input: { organisation: { country?: unknown } }): InvoiceLanguage {
  return organisationLanguage(input.organisation.country);
}
