/**
 * VAT breakdown per rate (directive 2006/112/EC art. 226(8)–(10): taxable amount and VAT per
 * rate), shared by the visible invoice and the Factur-X XML so both carry the same numbers.
 */
import type { InvoiceDocumentInput } from './model';
import { isEuMemberState } from '../identifiers/euMemberStates';

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
