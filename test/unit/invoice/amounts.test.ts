/**
 * Amounts: every tier fee of the program data, at 21 % VAT and under reverse charge (0 %), against
 * cents computed by hand; the visible invoice and the Factur-X XML both show them.
 */
import { describe, expect, it } from 'vitest';
import { renderInvoicePdf, formatMoney, centsToDecimal, vatBreakdown } from '../../../shared/invoice';
import { assets, customers, makeInput, program, readPdf } from './helpers';

/** Hand-computed: fee, 21 % VAT, total (cents). Fees from docs/program.md#tiers. */
const table: Array<[string, number, number, number]> = [
  ['Silver', 8500, 1785, 10285],
  ['Gold', 17000, 3570, 20570],
  ['Platinum', 30000, 6300, 36300],
  ['Corporate C', 100000, 21000, 121000],
  ['Corporate B', 300000, 63000, 363000],
  ['Corporate A', 500000, 105000, 605000],
];

describe('invoice amounts per tier', () => {
  it('the table covers every tier of the program data with its fee', () => {
    expect(program.programTiers.map((t) => [t.name, t.annualFeeCents])).toEqual(table.map(([n, fee]) => [n, fee]));
  });

  for (const [tier, fee, vat21, total21] of table) {
    for (const reverseCharge of [false, true]) {
      const vat = reverseCharge ? 0 : vat21;
      const total = reverseCharge ? fee : total21;
      it(`${tier}: net ${fee}, VAT ${vat}, total ${total} cents${reverseCharge ? ' (reverse charge)' : ''}`, async () => {
        const customer = reverseCharge ? customers[3]! : { name: 'Studio Noord', street: 'Damrak', houseNumber: '1', postcode: '1012 LG', city: 'Amsterdam', country: 'NL' };
        const input = makeInput(customer, { feeCents: fee, reverseCharge, tier, method: reverseCharge ? 'card' : 'bank-transfer' });
        expect([input.invoice.netCents, input.invoice.vatCents, input.invoice.totalCents]).toEqual([fee, vat, total]);
        expect(vatBreakdown(input.invoice, input.organisation.country)).toEqual([{ category: reverseCharge ? 'AE' : 'S', ratePercent: reverseCharge ? 0 : 21, basisCents: fee, vatCents: vat }]);
        const { bytes, xml } = await renderInvoicePdf(input, { lang: 'nl', ...assets });
        const text = (await readPdf(bytes)).text.replace(/[\s\u00a0]+/g, ' ');
        const money = (c: number) => formatMoney(c, 'EUR', 'nl').replace(/\u00a0/g, ' ');
        expect(text).toContain(`Totaal ${money(total)}`);
        expect(text).toContain(reverseCharge ? `Btw 0% (verlegd) over ${money(fee)} ${money(0)}` : `Btw 21% over ${money(fee)} ${money(vat)}`);
        expect(xml).toContain(`<ram:GrandTotalAmount>${centsToDecimal(total)}</ram:GrandTotalAmount>`);
        expect(xml).toContain(`<ram:TaxTotalAmount currencyID="EUR">${centsToDecimal(vat)}</ram:TaxTotalAmount>`);
      });
    }
  }

  it('formats amounts per language with Intl.NumberFormat', () => {
    expect(formatMoney(8500, 'EUR', 'nl')).toBe('€\u00a085,00');
    expect(formatMoney(8500, 'EUR', 'en')).toBe('€85.00');
    expect(formatMoney(500000, 'EUR', 'nl')).toBe('€\u00a05.000,00');
    expect(formatMoney(500000, 'EUR', 'en')).toBe('€5,000.00');
    expect(centsToDecimal(10285)).toBe('102.85');
    expect(centsToDecimal(5)).toBe('0.05');
    expect(centsToDecimal(-105)).toBe('-1.05');
  });
});
