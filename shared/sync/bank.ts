/**
 * The back office's bank-transfer reconciliation API (server/payments/bank/routes.ts), as the desk
 * reads it. All requests carry the back-office user's bearer token; errors are `ErrorBody`
 * (protocol.ts) with the codes listed at {@link bankErrorCodes}.
 *
 *   POST /admin/bank/statements       body: the camt.053 XML (application/xml)  → StatementImport
 *   GET  /admin/bank/review           → BankCredit[] (credits waiting for a person, oldest first)
 *   POST /admin/bank/credits/:id/resolve  {action, invoiceNumber?, note?}       → BankCredit
 *
 * A credit is matched to an open invoice by its payment reference (ISO 11649 RF creditor
 * reference, or the invoice number in the remittance text) and then by amount. Money is integer
 * cents with an ISO 4217 currency.
 */

/**
 * What the import made of a credit:
 * - `paid`: reference and amount match an open invoice exactly; the invoice is now paid;
 * - `partial`: less than the invoice's total;
 * - `over-payment`: more than the invoice's total;
 * - `unmatched`: no invoice (or several) carries the reference;
 * - `already-paid`: the invoice was paid before;
 * - `currency-mismatch`: the credit is in another currency than the invoice.
 * All but `paid` wait on the review list until a person resolves them.
 */
export type BankCreditOutcome = 'paid' | 'partial' | 'over-payment' | 'unmatched' | 'already-paid' | 'currency-mismatch';

/** Outcomes that go to the review list. */
export const reviewOutcomes: readonly BankCreditOutcome[] = ['partial', 'over-payment', 'unmatched', 'already-paid', 'currency-mismatch'];

/** How a person resolved a credit: the invoice marked paid, or the credit set aside with a note (refunded, not ours, …). */
export type BankResolution = 'marked-paid' | 'dismissed';

/** One credit of an imported statement. */
export interface BankCredit {
  id: string;
  statementId: string;
  bookingDate: string | null;
  amountCents: number;
  currency: string;
  /** The reference the match used (RF reference or invoice number), or null when none was found. */
  reference: string | null;
  /** The remittance information as the bank delivered it (structured reference and/or free text). */
  remittance: string | null;
  debtorName: string | null;
  debtorIban: string | null;
  outcome: BankCreditOutcome;
  invoiceNumber: string | null;
  invoiceTotalCents: number | null;
  invoiceCurrency: string | null;
  invoiceStatus: string | null;
  resolution: BankResolution | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
  note: string | null;
}

/** What importing one statement did. `alreadyImported`: the statement was imported before; nothing changed. */
export interface StatementImportEntry {
  statementId: string;
  iban: string;
  alreadyImported: boolean;
  credits: number;
  paid: number;
  review: number;
  /** Credits whose bank reference an earlier import already holds (skipped). */
  duplicates: number;
  /** Debits, not-booked entries and reversals (not reconciled). */
  skipped: number;
}

/** The answer to an import: per statement, the invoices now paid and the new review items. */
export interface StatementImport {
  fileSha256: string;
  statements: StatementImportEntry[];
  paidInvoices: string[];
  review: BankCredit[];
}

/** The body of a resolve request. `invoiceNumber` is required for `mark-paid` of an unmatched credit; `note` for `dismiss`. */
export interface ResolveBankCredit {
  action: 'mark-paid' | 'dismiss';
  invoiceNumber?: string;
  note?: string;
}

/** Error codes of these endpoints (the desk translates each; i18n keys `bank.error.<code>`). */
export const bankErrorCodes = [
  'statement-too-large',
  'statement-not-xml',
  'statement-not-camt053',
  'statement-invalid',
  'statement-other-account',
  'already-resolved',
  'invoice-required',
  'note-required',
  'not-found',
] as const;
