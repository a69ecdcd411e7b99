/**
 * VAT breakdown per rate (directive 2006/112/EC art. 226(8)–(10): taxable amount and VAT per
 * rate), shared by the visible invoice and the Factur-X XML so both carry the same numbers.
 */
import type { InvoiceDocumentInput } from './model';
import { isEuMemberState } from '../identifiers/euMemberStates';
import { customerVatTreatment, type VatTreatment } from '../program/money';

/**
 * EN 16931 VAT category (UNCL 5305, BT-118/BT-151): `S` standard rate, `Z` zero rate, `AE`
 * reverse charge, `O` not subject to EU VAT (customer outside the EU, directive art. 44).
 */
export type VatCategory = 'S' | 'Z' | 'AE' | 'O';

/** One row of the VAT breakdown (EN 16931 BG-23). Amounts in cents, rate in percent. */
export interface VatBreakdownRow {
  category: VatCategory;
  ratePercent: number;
  /** BT-116: sum of the net amounts of the lines at this rate. */
  basisCents: number;
  /** BT-117: sum of the line VAT amounts at this rate (the server computes VAT per line). */
  vatCents: number;
}

/**
 * The category of a line (shared/program `vatTreatment` decides the rate; this names it):
 * reverse charge → `AE`; 0 % for a customer outside the EU → `O`; other 0 % → `Z`; else `S`.
 */
export function vatCategoryOf(ratePercent: number, reverseCharge: boolean, customerCountry: string): VatCategory {
  if (reverseCharge) return 'AE';
  if (ratePercent !== 0) return 'S';
  return isEuMemberState(customerCountry) ? 'Z' : 'O';
}

/** Groups the invoice lines by VAT category and rate, in order of first appearance. */
export function vatBreakdown(invoice: Pick<InvoiceDocumentInput, 'lines' | 'reverseCharge'>, customerCountry: string): VatBreakdownRow[] {
  const rows = new Map<string, VatBreakdownRow>();
  for (const line of invoice.lines) {
    const category = vatCategoryOf(line.vatRate, invoice.reverseCharge, customerCountry);
    const key = `${category}|${line.vatRate}`;
    const row = rows.get(key) ?? { category, ratePercent: line.vatRate, basisCents: 0, vatCents: 0 };
    row.basisCents += line.netCents;
    row.vatCents += line.vatCents;
    rows.set(key, row);
  }
  return [...rows.values()];
}

/** What {@link deriveVatTreatment} reads of an invoice input. */
export interface VatTreatmentInput {
  invoice: { lines: readonly { vatRate: number }[]; reverseCharge: boolean };
  organisation: { country: string; vatNumber?: string | null };
  supplier: { country: string; vatRate: number };
}

/**
 * The VAT treatment of an invoice input, derived with shared/program `customerVatTreatment` (the
 * rule the server issues invoices by) and checked against what the input says. A 0 % line does not
 * name its category by itself, so for 0 %:
 * - customer in another EU member state with a valid VAT number: reverse charge (Directive
 *   2006/112/EC art. 44 and 196) — derived when the input leaves `reverseCharge` out, so the
 *   invoice gets category AE and the reverse-charge statement (art. 226(11a)); refused when the
 *   input says `reverseCharge: false`;
 * - customer outside the EU: category O, no EU VAT (art. 44); nothing to derive;
 * - customer in the supplier's country, or in another member state without a valid VAT number:
 *   0 % is refused — the supplier's rate applies (a zero-rated "Z" line is wrong for this service).
 * `reverseCharge: true` for a customer outside the EU is refused as well (category O, not AE).
 * @param reverseChargeGiven whether the input set `reverseCharge` itself (false: the schema's default).
 * @returns the `reverseCharge` the invoice is to carry, and the problems as `[field, problem]`.
 */
export function deriveVatTreatment(input: VatTreatmentInput, reverseChargeGiven: boolean): { reverseCharge: boolean; problems: Array<[string, string]> } {
  const { invoice, organisation, supplier } = input;
  let treatment: VatTreatment;
  try {
    treatment = customerVatTreatment(supplier, organisation);
  } catch (e) {
    return { reverseCharge: invoice.reverseCharge, problems: [['supplier.country', (e as Error).message]] };
  }
  const zeroRated = invoice.lines.flatMap((line, i) => (line.vatRate === 0 ? [i] : []));
  const country = organisation.country;
  const problems: Array<[string, string]> = [];
  let reverseCharge = invoice.reverseCharge;
  if (treatment.kind === 'reverse-charge') {
    if (zeroRated.length > 0 && !reverseChargeGiven) reverseCharge = true;
    else if (zeroRated.length > 0 && !invoice.reverseCharge)
      problems.push(['invoice.reverseCharge', `must be true: 0 % VAT for a business customer in ${country} with a valid VAT number is reverse charge (Directive 2006/112/EC art. 196)`]);
  } else if (treatment.kind === 'outside-eu') {
    if (invoice.reverseCharge) problems.push(['invoice.reverseCharge', `cannot apply: the customer in ${country} is outside the EU, where no EU VAT is charged (category O, not reverse charge)`]);
  } else if (!invoice.reverseCharge) {
    const why = treatment.kind === 'domestic' ? `the customer is in the supplier's country (${country})` : `the customer in ${country} has no valid VAT number, so VAT is not reverse-charged`;
    for (const i of zeroRated) problems.push([`invoice.lines.${i}.vatRate`, `is 0 but ${why}: the supplier's rate of ${treatment.vatRate} % applies`]);
  }
  return { reverseCharge, problems };
}
