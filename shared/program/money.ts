/**
 * Money in integer minor units (cents) only; no floating-point amounts anywhere.
 *
 * VAT ROUNDING RULE (one rule, used by desktop, server and the invoice PDF):
 *   VAT is computed PER INVOICE LINE as net × rate, rounded to a whole cent HALF AWAY FROM ZERO
 *   ("rekenkundig afronden": 0.5 cent → 1 cent, −0.5 → −1), in exact integer arithmetic.
 *   The invoice's VAT total is the sum of its lines' VAT.
 * Sources: the EU VAT Directive 2006/112/EC leaves rounding to the member states (CJEU C-484/06,
 * Koninklijke Ahold, 2008); the Dutch Belastingdienst accepts VAT rounded to the cent per invoice
 * line or per invoice total by ordinary (half-up) rounding. EN 16931-1 (BR-CO-17) computes the
 * VAT per rate over the summed line amounts; `vatBreakdown` gives that figure too, and for the
 * program's one-line membership invoices the two are identical.
 */
import { addDays, assertIsoDate } from './dates';
import { isEuMemberState } from '../identifiers/euMemberStates';
import { validateVatNumber } from '../identifiers/vat';

export { addDays } from './dates';

/** Throws a RangeError unless `n` is a safe integer (an amount in cents). */
export function assertCents(n: unknown, what: string): asserts n is number {
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw new RangeError(`${what} must be a whole number of cents (safe integer), got ${String(n)}`);
}

/**
 * A VAT rate in percent as an integer number of hundredths of a percent (21 → 2100, 5.5 → 550).
 * @throws RangeError unless 0 ≤ rate ≤ 100 with at most two decimals.
 */
export function rateHundredths(ratePercent: number): number {
  const h = Math.round(ratePercent * 100);
  if (!Number.isFinite(ratePercent) || ratePercent < 0 || ratePercent > 100 || Math.abs(h - ratePercent * 100) > 1e-6) {
    throw new RangeError(`VAT rate must be a percentage 0–100 with at most two decimals, got ${ratePercent}`);
  }
  return h;
}

/** `numerator / denominator` (denominator > 0) rounded half away from zero, exact for BigInts. */
function divRoundHalfAway(numerator: bigint, denominator: bigint): bigint {
  const q = numerator / denominator;
  const r = numerator % denominator;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice >= denominator) return numerator < 0n ? q - 1n : q + 1n;
  return q;
}

/**
 * VAT in cents on a net amount in cents at `ratePercent` (21 for 21 %, 5.5 for 5.5 %), rounded
 * half away from zero (module rule above). Exact: no floating point on the amount.
 * @throws RangeError for a net that is not a safe integer or an invalid rate.
 */
export function vatCents(netCents: number, ratePercent: number): number {
  assertCents(netCents, 'vatCents: netCents');
  const h = rateHundredths(ratePercent);
  return Number(divRoundHalfAway(BigInt(netCents) * BigInt(h), 10000n));
}

/** An invoice line (docs/documents.md `invoices.lines`); amounts in integer cents. */
export interface InvoiceLine {
  description: string;
  /** Whole units, ≥ 1. */
  quantity: number;
  /** Price per unit excluding VAT, cents (negative for a discount line). */
  unitPriceCents: number;
  /** VAT rate in percent (21 = 21 %). */
  vatRate: number;
  /** quantity × unitPriceCents. */
  netCents: number;
  /** VAT on netCents, rounded per line (module rule). */
  vatCents: number;
}

/**
 * Builds an invoice line: net = quantity × unit price, VAT per the module rule.
 * @throws RangeError for a quantity that is not an integer ≥ 1, a unit price that is not a safe
 *   integer, a net that overflows, an invalid VAT rate or an empty description.
 */
export function invoiceLine(input: { description: string; quantity?: number; unitPriceCents: number; vatRate: number }): InvoiceLine {
  const quantity = input.quantity ?? 1;
  if (!Number.isSafeInteger(quantity) || quantity < 1) throw new RangeError(`invoiceLine: quantity must be a whole number ≥ 1, got ${quantity}`);
  assertCents(input.unitPriceCents, 'invoiceLine: unitPriceCents');
  if (typeof input.description !== 'string' || input.description.trim() === '') throw new RangeError('invoiceLine: description must not be empty');
  const netCents = quantity * input.unitPriceCents;
  assertCents(netCents, 'invoiceLine: quantity × unitPriceCents');
  return { description: input.description, quantity, unitPriceCents: input.unitPriceCents, vatRate: input.vatRate, netCents, vatCents: vatCents(netCents, input.vatRate) };
}

/** VAT per rate (EN 16931 VAT breakdown, BG-23). */
export interface VatBreakdownEntry {
  vatRate: number;
  /** Sum of the lines' net at this rate, cents. */
  netCents: number;
  /** Sum of the lines' VAT at this rate (per-line rule), cents. */
  vatCents: number;
  /** VAT on `netCents` rounded once (EN 16931 BR-CO-17); may differ from `vatCents` by a few cents on many-line invoices. */
  vatCentsOnTotal: number;
}

/** Invoice totals in cents. */
export interface InvoiceTotals {
  netCents: number;
  vatCents: number;
  totalCents: number;
  byRate: VatBreakdownEntry[];
}

/** Per-rate breakdown of `lines`, sorted by rate descending. @throws RangeError on bad amounts. */
export function vatBreakdown(lines: readonly Pick<InvoiceLine, 'vatRate' | 'netCents' | 'vatCents'>[]): VatBreakdownEntry[] {
  const map = new Map<number, { netCents: number; vatCents: number }>();
  for (const l of lines) {
    assertCents(l.netCents, 'invoice line netCents');
    assertCents(l.vatCents, 'invoice line vatCents');
    const h = rateHundredths(l.vatRate);
    const e = map.get(h) ?? { netCents: 0, vatCents: 0 };
    e.netCents += l.netCents;
    e.vatCents += l.vatCents;
    assertCents(e.netCents, 'invoice net total');
    map.set(h, e);
  }
  return [...map.entries()]
    .sort((a, b) => b[0] - a[0])
    .map(([h, e]) => ({ vatRate: h / 100, netCents: e.netCents, vatCents: e.vatCents, vatCentsOnTotal: vatCents(e.netCents, h / 100) }));
}

/**
 * Totals of an invoice: net, VAT (sum of the lines' VAT) and total, plus the per-rate breakdown.
 * @throws RangeError when an amount is not a safe integer, or when net, VAT or total would be
 *   negative (an invoice is never negative; a refund is a credit note, not an invoice).
 */
export function invoiceTotals(lines: readonly Pick<InvoiceLine, 'vatRate' | 'netCents' | 'vatCents'>[]): InvoiceTotals {
  const byRate = vatBreakdown(lines);
  const netCents = byRate.reduce((s, e) => s + e.netCents, 0);
  const vat = byRate.reduce((s, e) => s + e.vatCents, 0);
  const totalCents = netCents + vat;
  assertCents(totalCents, 'invoice total');
  if (netCents < 0 || vat < 0 || totalCents < 0) throw new RangeError(`invoice totals must not be negative (net ${netCents}, VAT ${vat} cents); issue a credit note instead`);
  return { netCents, vatCents: vat, totalCents, byRate };
}

/** Number of minor-unit digits of an ISO 4217 currency (EUR 2, JPY 0, KWD 3), per Intl. */
export function currencyDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/**
 * Formats an amount in minor units for display, e.g. `formatMoney(8500, 'EUR', 'nl-NL')` →
 * "€ 85,00"; exact for every safe integer (the decimal string goes to Intl.NumberFormat, no
 * float division).
 * @throws RangeError for a non-integer amount or an unknown currency/locale.
 */
export function formatMoney(cents: number, currency: string, locale: string): string {
  assertCents(cents, 'formatMoney: cents');
  const digits = currencyDigits(currency);
  const abs = String(Math.abs(cents)).padStart(digits + 1, '0');
  const decimal = `${cents < 0 ? '-' : ''}${digits ? `${abs.slice(0, -digits)}.${abs.slice(-digits)}` : abs}`;
  const nf = new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits });
  // ES2023 Intl.NumberFormat v3 formats decimal strings exactly; the cast is for older lib typings.
  return nf.format(decimal as unknown as number);
}

/** Payment term of an invoice in days (docs/program.md#sign-up-and-payment: normally 30). */
export const DEFAULT_PAYMENT_TERM_DAYS = 30;

/**
 * Invoice due date: issue date + `termDays` calendar days (docs/program.md#sign-up-and-payment).
 * @throws RangeError for an invalid date or a term that is not an integer ≥ 0.
 */
export function dueDate(issueDate: string, termDays: number = DEFAULT_PAYMENT_TERM_DAYS): string {
  assertIsoDate(issueDate, 'dueDate: issueDate');
  if (!Number.isInteger(termDays) || termDays < 0) throw new RangeError(`dueDate: termDays must be a whole number ≥ 0, got ${termDays}`);
  return addDays(issueDate, termDays);
}

/** How a membership is paid (docs/documents.md `memberships.paymentMethod`). */
export type PaymentMethod = 'card' | 'bank-transfer';

/**
 * Payment terms the UI and invoice show (docs/program.md#sign-up-and-payment): a card is authorised for zero today and
 * charged on the due date; a bank transfer must be paid before the due date and carries the
 * notice that extra bank charges may apply.
 */
export type PaymentTerms =
  | { kind: 'card'; authorisationCents: 0; chargeOn: string }
  | { kind: 'bank-transfer'; payBefore: string; extraChargesNotice: true };

/**
 * Payment terms for `method` on an invoice issued on `issueDate`.
 * @throws RangeError for an unknown method or an invalid date/term.
 */
export function paymentTerms(method: PaymentMethod, issueDate: string, termDays: number = DEFAULT_PAYMENT_TERM_DAYS): PaymentTerms {
  const due = dueDate(issueDate, termDays);
  if (method === 'card') return { kind: 'card', authorisationCents: 0, chargeOn: due };
  if (method === 'bank-transfer') return { kind: 'bank-transfer', payBefore: due, extraChargesNotice: true };
  throw new RangeError(`paymentTerms: unknown payment method ${JSON.stringify(method)}`);
}

/**
 * VAT treatment of the membership fee (a B2B service) and its EN 16931 / UNCL 5305 category:
 * - `domestic` (S): customer in the supplier's country: the supplier's rate;
 * - `reverse-charge` (AE): customer in another EU member state with a valid VAT number: 0 %,
 *   VAT due by the customer (Directive 2006/112/EC art. 44 and 196); the invoice must say
 *   "Reverse charge" / "Btw verlegd" (art. 226(11a));
 * - `eu-no-vat-number` (S): customer in another member state without a valid VAT number: treated
 *   as not proven to be a taxable person, so the supplier's rate applies;
 * - `outside-eu` (O): customer outside the EU (incl. GB, CH, NO): place of supply is the
 *   customer's country (art. 44), no EU VAT charged.
 */
export type VatTreatment =
  | { kind: 'domestic'; category: 'S'; reverseCharge: false; vatRate: number }
  | { kind: 'reverse-charge'; category: 'AE'; reverseCharge: true; vatRate: 0 }
  | { kind: 'eu-no-vat-number'; category: 'S'; reverseCharge: false; vatRate: number }
  | { kind: 'outside-eu'; category: 'O'; reverseCharge: false; vatRate: 0 };

/**
 * Decides the VAT treatment (see `VatTreatment`).
 * @param supplierCountry ISO 3166 alpha-2 of the supplier (an EU member state; `EL` accepted for GR).
 * @param customerCountry ISO 3166 alpha-2 of the customer organisation.
 * @param customerVatValid whether the customer's VAT number validated.
 * @param supplierVatRate the supplier's domestic rate in percent (program data: 21 for NL).
 * @throws RangeError when the supplier is not in an EU member state, or a country code is not two letters.
 */
export function vatTreatment(supplierCountry: string, customerCountry: string, customerVatValid: boolean, supplierVatRate: number): VatTreatment {
  const norm = (c: string, what: string): string => {
    const s = String(c ?? '').trim().toUpperCase();
    if (!/^[A-Z]{2}$/.test(s)) throw new RangeError(`vatTreatment: ${what} must be an ISO 3166 alpha-2 code, got ${JSON.stringify(c)}`);
    return s === 'EL' ? 'GR' : s;
  };
  const supplier = norm(supplierCountry, 'supplierCountry');
  const customer = norm(customerCountry, 'customerCountry');
  rateHundredths(supplierVatRate);
  if (!isEuMemberState(supplier)) throw new RangeError(`vatTreatment: supplier country ${supplier} is not an EU member state`);
  if (customer === supplier) return { kind: 'domestic', category: 'S', reverseCharge: false, vatRate: supplierVatRate };
  if (!isEuMemberState(customer)) return { kind: 'outside-eu', category: 'O', reverseCharge: false, vatRate: 0 };
  if (customerVatValid) return { kind: 'reverse-charge', category: 'AE', reverseCharge: true, vatRate: 0 };
  return { kind: 'eu-no-vat-number', category: 'S', reverseCharge: false, vatRate: supplierVatRate };
}

/**
 * The VAT treatment of an invoice from `supplier` to `customer` — the one derivation the server
 * (when it issues an invoice) and the invoice input check (`shared/invoice` `parseInvoiceInput`,
 * the invoice CLI) both use: {@link vatTreatment} where "valid VAT number" means the customer's
 * VAT number passes `validateVatNumber` for the customer's country.
 * @param supplier `country` (ISO 3166 alpha-2, an EU member state) and `vatRate` (percent).
 * @param customer `country` (ISO 3166 alpha-2) and `vatNumber` (absent, null or blank: none).
 * @throws RangeError as `vatTreatment`.
 */
export function customerVatTreatment(supplier: { country: string; vatRate: number }, customer: { country: string; vatNumber?: string | null }): VatTreatment {
  const vatNumber = customer.vatNumber?.trim() ?? '';
  const valid = vatNumber !== '' && validateVatNumber(vatNumber, customer.country || undefined).valid;
  return vatTreatment(supplier.country, customer.country, valid, supplier.vatRate);
}

/**
 * True when VAT is reverse-charged: supplier and customer in different EU member states and the
 * customer's VAT number is valid (Directive 2006/112/EC art. 196). Customers outside the EU are
 * outside the scope of EU VAT, which is not reverse charge (see `vatTreatment`).
 * @throws RangeError as `vatTreatment`.
 */
export function reverseCharge(supplierCountry: string, customerCountry: string, customerVatValid: boolean): boolean {
  return vatTreatment(supplierCountry, customerCountry, customerVatValid, 0).reverseCharge;
}
