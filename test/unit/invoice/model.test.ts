/**
 * Input validation (bad input is refused naming the field) and export file names.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseInvoiceInput, InvoiceInputError, invoiceFileName, uniqueFileName, customerDisplayName } from '../../../shared/invoice';
import { exampleJson } from './helpers';

type Json = Record<string, unknown> & { invoice: Record<string, unknown> & { lines: Array<Record<string, unknown>> }; organisation: Record<string, unknown>; supplier: Record<string, unknown> };

/** The example with `edit` applied; returns the error's field and message. */
function refuse(edit: (j: Json) => void): { field: string; message: string } {
  const j = exampleJson() as Json;
  edit(j);
  try {
    parseInvoiceInput(j);
  } catch (e) {
    expect(e).toBeInstanceOf(InvoiceInputError);
    return { field: (e as InvoiceInputError).field, message: (e as Error).message };
  }
  throw new Error('input was accepted');
}

describe('parseInvoiceInput', () => {
  it('accepts the README example', () => {
    const input = parseInvoiceInput(exampleJson());
    expect(input.invoice.number).toBe('2026-000123');
    expect(input.invoice.reverseCharge).toBe(false);
  });

  const cases: Array<[string, (j: Json) => void, string, RegExp]> = [
    ['missing invoice number', (j) => delete j.invoice.number, 'invoice.number', /invoice\.number is required/],
    ['blank invoice number', (j) => (j.invoice.number = '  '), 'invoice.number', /invoice\.number is required/],
    ['missing customer postcode', (j) => delete j.organisation.postcode, 'organisation.postcode', /organisation\.postcode is required/],
    ['missing customer street (PO box only is not an address)', (j) => delete j.organisation.street, 'organisation.street', /is required/],
    ['missing supplier KvK', (j) => delete j.supplier.chamberNumber, 'supplier.chamberNumber', /is required/],
    ['missing whole supplier', (j) => delete (j as Partial<Json>).supplier, 'supplier', /supplier is required/],
    ['bad issue date', (j) => (j.invoice.issueDate = '2026-02-30'), 'invoice.issueDate', /real calendar date/],
    ['amount as a string', (j) => (j.invoice.totalCents = '205.70'), 'invoice.totalCents', /wrong type/],
    ['fractional cents', (j) => (j.invoice.lines[0]!.netCents = 17000.5), 'invoice.lines.0.netCents', /whole cents/],
    ['unknown payment method', (j) => (j.invoice.paymentMethod = 'cash'), 'invoice.paymentMethod', /invoice\.paymentMethod/],
    ['no lines', (j) => (j.invoice.lines = []), 'invoice.lines', /at least one line/],
    ['line net ≠ quantity × price', (j) => (j.invoice.lines[0]!.quantity = 2), 'invoice.lines.0.netCents', /quantity × unitPriceCents is 34000/],
    ['line VAT wrong', (j) => (j.invoice.lines[0]!.vatCents = 3500), 'invoice.lines.0.vatCents', /21% of 17000 is 3570/],
    ['total ≠ net + VAT', (j) => (j.invoice.totalCents = 20000), 'invoice.totalCents', /netCents \+ vatCents is 20570/],
    ['VAT total ≠ lines', (j) => (j.invoice.vatCents = 1), 'invoice.vatCents', /lines add up to 3570/],
    ['due before issue', (j) => (j.invoice.dueDate = '2026-01-01'), 'invoice.dueDate', /before issueDate/],
    ['reverse charge at 21 %', (j) => (j.invoice.reverseCharge = true), 'invoice.lines.0.vatRate', /must be 0 under reverse charge/],
    [
      'reverse charge without customer VAT number',
      (j) => {
        Object.assign(j.organisation, { country: 'DE', vatNumber: null });
        Object.assign(j.invoice.lines[0]!, { vatRate: 0, vatCents: 0 });
        Object.assign(j.invoice, { reverseCharge: true, vatCents: 0, totalCents: 17000 });
      },
      'organisation.vatNumber',
      /required for a reverse-charge invoice/,
    ],
    [
      'reverse charge inside the supplier country',
      (j) => {
        Object.assign(j.invoice.lines[0]!, { vatRate: 0, vatCents: 0 });
        Object.assign(j.invoice, { reverseCharge: true, vatCents: 0, totalCents: 17000 });
      },
      'invoice.reverseCharge',
      /both in NL/,
    ],
    ['customer VAT number with a bad checksum', (j) => (j.organisation.vatNumber = 'NL123456789B01'), 'organisation.vatNumber', /not a valid VAT number \(checksum\)/],
    ['supplier IBAN with a bad checksum', (j) => (j.supplier.iban = 'NL92ABNA0417164300'), 'supplier.iban', /not a valid IBAN/],
    ['country not ISO', (j) => (j.organisation.country = 'Netherlands'), 'organisation.country', /ISO 3166-1 alpha-2/],
  ];
  for (const [name, edit, field, message] of cases) {
    it(`refuses ${name}, naming ${field}`, () => {
      const r = refuse(edit);
      expect(r.field).toBe(field);
      expect(r.message).toMatch(message);
    });
  }

  it('reports every problem, not only the first', () => {
    const j = exampleJson() as Json;
    delete j.invoice.number;
    delete j.organisation.city;
    const e = (() => {
      try {
        parseInvoiceInput(j);
      } catch (err) {
        return err as InvoiceInputError;
      }
    })()!;
    expect(e.problems).toEqual(expect.arrayContaining(['invoice.number: is required', 'organisation.city: is required']));
  });

  it('does not change the input it is given', () => {
    const j = exampleJson();
    const before = JSON.stringify(j);
    parseInvoiceInput(j);
    expect(JSON.stringify(j)).toBe(before);
  });
});

describe('customerDisplayName', () => {
  it('appends the legal form only when the name lacks it', () => {
    expect(customerDisplayName({ name: 'Müller & Söhne', legalForm: 'GmbH' })).toBe('Müller & Söhne GmbH');
    expect(customerDisplayName({ name: 'Ærø Fotografie ApS', legalForm: 'ApS' })).toBe('Ærø Fotografie ApS');
    expect(customerDisplayName({ name: 'Ñandú Films S.L.', legalForm: null })).toBe('Ñandú Films S.L.');
  });
});

describe('invoiceFileName', () => {
  it('is "<invoice number> <organisation>.pdf" with Unicode kept', () => {
    expect(invoiceFileName('2026-000123', 'Müller & Söhne GmbH')).toBe('2026-000123 Müller & Söhne GmbH.pdf');
    expect(invoiceFileName('2026-000124', 'Łódź Studio sp. z o.o.')).toBe('2026-000124 Łódź Studio sp. z o.o.pdf');
  });

  it('removes characters Windows, macOS or Linux refuse and trailing dots', () => {
    expect(invoiceFileName('2026/7', 'A:B "C" <D>|E?*\\F\u0001 ')).toBe('2026 7 A B C D E F.pdf');
    expect(invoiceFileName('', 'CON')).toBe('_CON.pdf');
    expect(invoiceFileName('', '...')).toBe('invoice.pdf');
    // NFD input (macOS file names) comes out NFC.
    expect(invoiceFileName('1', 'Mu\u0308ller')).toBe('1 Müller.pdf');
  });

  it('is always safe (property over arbitrary Unicode)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ unit: 'grapheme', maxLength: 300 }), (num, org) => {
        const name = invoiceFileName(num, org);
        expect(name.endsWith('.pdf')).toBe(true);
        const stem = name.slice(0, -4);
        expect(stem.length).toBeGreaterThan(0);
        expect(stem.length).toBeLessThanOrEqual(120);
        // eslint-disable-next-line no-control-regex
        expect(stem).not.toMatch(/[<>:"/\\|?*\u0000-\u001f]/);
        expect(stem).not.toMatch(/[. ]$/);
        expect(stem).not.toMatch(/^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i);
        expect(stem).not.toMatch(/[\ud800-\udbff]$/);
      }),
      { numRuns: 300 },
    );
  });

  it('makes names unique case-insensitively', () => {
    const taken = new Set<string>();
    expect(uniqueFileName('A.pdf', taken)).toBe('A.pdf');
    expect(uniqueFileName('a.pdf', taken)).toBe('a (2).pdf');
    expect(uniqueFileName('A.pdf', taken)).toBe('A (3).pdf');
  });
});
