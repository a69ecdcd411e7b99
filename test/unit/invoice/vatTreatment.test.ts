/**
 * The VAT treatment of an invoice input follows the program's rule (shared/program
 * `customerVatTreatment`, the one the server issues invoices by): a 0 % line for a business
 * customer in another EU member state is reverse charge (category AE and the statement, in both
 * languages), never a zero-rated "Z" line; what contradicts the rule is refused naming the field.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInvoiceCli } from '../../../tools/invoice/run';
import { DOMParser } from '@xmldom/xmldom';
import { buildFacturXml, InvoiceInputError, parseInvoiceInput, renderInvoicePdf, label, type InvoiceInput } from '../../../shared/invoice';
import { customerVatTreatment } from '../../../shared/program/money';
import { assets, customers, exampleJson, hasXmllint, program, readPdf, xmllintFacturX } from './helpers';

/** One line of €170.00 at `vatRate` for `organisation`; `reverseCharge` left out when undefined. */
function raw(organisation: Record<string, unknown>, vatRate: number, reverseCharge?: boolean): Record<string, unknown> {
  const vat = Math.round((17000 * vatRate) / 100);
  const base = exampleJson() as { invoice: Record<string, unknown> };
  const invoice: Record<string, unknown> = {
    ...base.invoice,
    lines: [{ description: 'CPS Gold membership, annual fee', quantity: 1, unitPriceCents: 17000, vatRate, netCents: 17000, vatCents: vat }],
    netCents: 17000,
    vatCents: vat,
    totalCents: 17000 + vat,
  };
  delete invoice.reverseCharge;
  if (reverseCharge !== undefined) invoice.reverseCharge = reverseCharge;
  return { invoice, organisation, supplier: program.supplier };
}
const refusal = (value: unknown): InvoiceInputError => {
  try {
    parseInvoiceInput(value);
  } catch (e) {
    if (e instanceof InvoiceInputError) return e;
    throw e;
  }
  throw new Error('expected the input to be refused');
};
const categories = (xml: string): string[] => {
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  return Array.from(doc.getElementsByTagName('ram:CategoryCode') as unknown as ArrayLike<Element>, (e) => e.textContent ?? '');
};
const germany = customers[2]!; // Müller & Söhne GmbH, DE136695976 (valid)
const switzerland = { name: 'Bergblick Fotografie AG', street: 'Bahnhofstrasse', houseNumber: '1', postcode: '8001', city: 'Zürich', country: 'CH' };
const netherlands = { name: 'Fotostudio De Lichtkamer', legalForm: 'B.V.', street: 'Prinsengracht', houseNumber: '263', postcode: '1016 GV', city: 'Amsterdam', country: 'NL', vatNumber: 'NL123456782B01' };

describe('VAT treatment of an invoice input', () => {
  it('a 0 % line for a business in another member state without reverseCharge becomes reverse charge: category AE and the statement in both languages', async () => {
    const input: InvoiceInput = parseInvoiceInput(raw(germany, 0));
    expect(input.invoice.reverseCharge).toBe(true);
    for (const lang of ['en', 'nl'] as const) {
      const xml = buildFacturXml(input, lang);
      expect(categories(xml)).not.toContain('Z');
      expect(new Set(categories(xml))).toEqual(new Set(['AE']));
      expect(xml).toContain(label(lang, 'reverseCharge'));
      if (hasXmllint) expect(xmllintFacturX(xml)).toMatchObject({ ok: true });
      const pdf = await readPdf((await renderInvoicePdf(input, { lang, ...assets, createdAt: new Date('2026-03-01T09:30:00Z') })).bytes);
      const statement = label(lang, 'reverseChargeNote', { vat: 'DE136695976' }).replace(/\s+/g, ' ');
      expect(pdf.text.replace(/\s+/g, ' ')).toContain(statement.slice(0, 40));
      expect(pdf.text).toContain('DE136695976');
    }
    if (!hasXmllint) console.warn('vatTreatment.test: xmllint not installed (Debian libxml2-utils); XSD validation skipped');
  });

  it('refuses what contradicts the rule, naming the field', () => {
    expect(refusal(raw(germany, 0, false))).toMatchObject({ field: 'invoice.reverseCharge' });
    expect(refusal(raw(germany, 0, false)).problem).toMatch(/must be true: 0 % VAT for a business customer in DE with a valid VAT number is reverse charge/);
    const noVatNumber = refusal(raw({ ...germany, vatNumber: null }, 0));
    expect(noVatNumber).toMatchObject({ field: 'invoice.lines.0.vatRate' });
    expect(noVatNumber.problem).toMatch(/has no valid VAT number.*21 % applies/);
    expect(refusal(raw(netherlands, 0))).toMatchObject({ field: 'invoice.lines.0.vatRate' });
    expect(refusal(raw(netherlands, 0)).problem).toMatch(/supplier's country \(NL\)/);
    expect(refusal(raw(switzerland, 0, true))).toMatchObject({ field: 'invoice.reverseCharge' });
  });

  it('keeps what the rule allows: outside the EU at 0 % is category O; explicit reverse charge; the domestic rate', () => {
    const ch = parseInvoiceInput(raw(switzerland, 0));
    expect(ch.invoice.reverseCharge).toBe(false);
    expect(new Set(categories(buildFacturXml(ch, 'en')))).toEqual(new Set(['O']));
    expect(parseInvoiceInput(raw(germany, 0, true)).invoice.reverseCharge).toBe(true);
    const nl = parseInvoiceInput(raw(netherlands, 21));
    expect(nl.invoice.reverseCharge).toBe(false);
    expect(new Set(categories(buildFacturXml(nl, 'nl')))).toEqual(new Set(['S']));
  });

  it('the invoice CLI applies it: the 0 % invoice is written as reverse charge, the contradicting one refused with exit 2 naming the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'invoice-vat-'));
    try {
      const err: string[] = [];
      const run = (name: string, value: unknown) => {
        writeFileSync(join(dir, `${name}.json`), JSON.stringify(value));
        return runInvoiceCli([join(dir, `${name}.json`), join(dir, `${name}.pdf`), '--lang', 'nl'], { out: () => undefined, err: (l) => err.push(l) });
      };
      expect(await run('derived', raw(germany, 0))).toBe(0);
      expect((await readPdf(new Uint8Array(readFileSync(join(dir, 'derived.pdf'))))).text).toContain(label('nl', 'reverseCharge'));
      expect(await run('refused', raw(germany, 0, false))).toBe(2);
      expect(err.join('\n')).toContain('invoice.reverseCharge');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is the derivation the server issues invoices by', () => {
    const supplier = program.supplier;
    expect(customerVatTreatment(supplier, germany)).toMatchObject({ kind: 'reverse-charge', category: 'AE', vatRate: 0 });
    expect(customerVatTreatment(supplier, { ...germany, vatNumber: '' })).toMatchObject({ kind: 'eu-no-vat-number', vatRate: supplier.vatRate });
    expect(customerVatTreatment(supplier, { ...germany, vatNumber: 'DE000000000' })).toMatchObject({ kind: 'eu-no-vat-number' });
    expect(customerVatTreatment(supplier, switzerland)).toMatchObject({ kind: 'outside-eu', category: 'O' });
    expect(customerVatTreatment(supplier, netherlands)).toMatchObject({ kind: 'domestic', vatRate: supplier.vatRate });
  });
});
