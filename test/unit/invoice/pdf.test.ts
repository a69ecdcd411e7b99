/**
 * Invoice PDFs read back with pdfjs-dist: every legal field is in the extracted text, names and
 * addresses beyond Latin-1 survive, long line lists break across pages, metadata is set.
 */
import { describe, expect, it } from 'vitest';
import { renderInvoicePdf, formatMoney, formatDate, countryName, customerDisplayName, label, type InvoiceLanguage, type InvoiceInput } from '../../../shared/invoice';
import { assets, customers, makeInput, readPdf } from './helpers';

const createdAt = new Date('2026-03-01T09:30:00Z');

async function render(input: InvoiceInput, lang: InvoiceLanguage) {
  const r = await renderInvoicePdf(input, { lang, ...assets, createdAt });
  return { ...r, read: await readPdf(r.bytes) };
}

/** Every field requires on the visible invoice, as the text the PDF must contain. */
function requiredTexts(input: InvoiceInput, lang: InvoiceLanguage): string[] {
  const { invoice, organisation: o, supplier: s } = input;
  const money = (c: number) => formatMoney(c, invoice.currency, lang);
  const texts = [
    s.name,
    `${s.street} ${s.houseNumber}`,
    `${s.postcode} ${s.city}`,
    s.vatNumber,
    s.chamberNumber,
    customerDisplayName(o),
    `${o.street} ${o.houseNumber}`,
    `${o.postcode} ${o.city}`,
    countryName(o.country, lang),
    invoice.number,
    formatDate(invoice.issueDate, lang),
    formatDate(invoice.dueDate, lang),
    money(invoice.netCents),
    money(invoice.vatCents),
    money(invoice.totalCents),
    label(lang, 'total'),
    label(lang, invoice.paymentMethod === 'card' ? 'methodCard' : 'methodBank'),
  ];
  if (o.vatNumber) texts.push(o.vatNumber);
  if (invoice.periodStart) texts.push(formatDate(invoice.periodStart, lang));
  if (invoice.periodEnd) texts.push(formatDate(invoice.periodEnd, lang));
  if (invoice.purchaseOrderNumber) texts.push(invoice.purchaseOrderNumber);
  for (const line of invoice.lines) texts.push(money(line.netCents), money(line.unitPriceCents));
  if (invoice.paymentMethod === 'bank-transfer') texts.push(s.iban, s.bic, invoice.paymentReference ?? invoice.number, label(lang, 'bankCharges'));
  if (invoice.reverseCharge) texts.push(label(lang, 'reverseCharge'));
  return texts;
}

/** pdfjs splits text into runs; compare with all whitespace (incl. no-break spaces) collapsed. */
const norm = (s: string) => s.replace(/[\s\u00a0]+/g, ' ').trim();

describe('invoice PDF text (pdfjs-dist read-back)', () => {
  for (const customer of customers) {
    it(`has every required field for ${customer.name} (nl, bank transfer, reverse charge)`, async () => {
      const input = makeInput(customer, { reverseCharge: true });
      const { read, pages } = await render(input, 'nl');
      expect(pages).toBe(1);
      const text = norm(read.text);
      for (const t of requiredTexts(input, 'nl')) expect(text, `missing "${t}"`).toContain(norm(t));
      // The names with non-Latin-1 letters extract exactly (ToUnicode of the embedded subset).
      expect(text).toContain(customer.city);
      expect(read.text).toContain('Btw verlegd');
      // Reverse charge: VAT 0, the statement names the customer's VAT number.
      expect(text).toContain(norm(`Btw 0% (verlegd) over ${formatMoney(input.invoice.netCents, 'EUR', 'nl')}`));
    });
  }

  it('has every required field in English for a domestic card payment without purchase order', async () => {
    const input = makeInput({ name: 'Fotostudio De Lichtkamer', legalForm: 'B.V.', street: 'Prinsengracht', houseNumber: '263', postcode: '1016 GV', city: 'Amsterdam', country: 'NL', vatNumber: 'NL123456782B01' }, { method: 'card', po: null });
    const { read } = await render(input, 'en');
    const text = norm(read.text);
    for (const t of requiredTexts(input, 'en')) expect(text, `missing "${t}"`).toContain(norm(t));
    expect(text).toContain(norm(label('en', 'payCard', { total: formatMoney(input.invoice.totalCents, 'EUR', 'en'), due: formatDate(input.invoice.dueDate, 'en') })));
    expect(text).toContain('VAT 21%');
    expect(text).not.toContain(label('en', 'purchaseOrder'));
    expect(text).not.toContain('reverse charged');
    expect(text).not.toContain('IBAN NL91ABNA0417164300 BIC'); // bank block only for transfers
  });

  it('breaks a long line list across A4 pages with every line, page numbers and totals on the last page', async () => {
    const input = makeInput(customers[2]!, { lines: 70, feeCents: 1234 });
    const { read, pages } = await render(input, 'en');
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(read.pages).toHaveLength(pages);
    for (const [w, h] of read.pageSizes) {
      expect(w).toBeCloseTo(595.28, 1);
      expect(h).toBeCloseTo(841.89, 1);
    }
    const text = norm(read.text);
    for (let i = 1; i <= 70; i++) expect(text).toContain(`Line ${i}:`);
    read.pages.forEach((p, i) => expect(norm(p)).toContain(`Page ${i + 1} of ${pages}`));
    // Column heads repeat on every page; totals only on the last.
    read.pages.forEach((p) => expect(p).toContain('Unit price'));
    expect(norm(read.pages.at(-1)!)).toContain(norm(formatMoney(input.invoice.totalCents, 'EUR', 'en')));
    expect(norm(read.pages[0]!)).not.toContain(`Total ${norm(formatMoney(input.invoice.totalCents, 'EUR', 'en'))}`);
  });

  it('states "not subject to EU VAT" for a customer outside the EU at 0 %', async () => {
    const input = makeInput({ name: 'Bergblick Fotografie AG', street: 'Bahnhofstrasse', houseNumber: '1', postcode: '8001', city: 'Zürich', country: 'CH' }, { feeCents: 30000 });
    for (const l of input.invoice.lines) Object.assign(l, { vatRate: 0, vatCents: 0 });
    Object.assign(input.invoice, { vatCents: 0, totalCents: input.invoice.netCents });
    const text = norm((await render(input, 'en')).read.text);
    expect(text).toContain('Not subject to EU VAT');
    expect(text).toContain(norm(`VAT n/a (outside the EU) on ${formatMoney(30000, 'EUR', 'en')} ${formatMoney(0, 'EUR', 'en')}`));
    expect(text).toContain('Switzerland');
    expect(text).not.toContain('reverse charged');
  });

  it('sets title, author, subject, keywords, language and dates', async () => {
    const input = makeInput(customers[1]!);
    const { read } = await render(input, 'nl');
    expect(read.info.Title).toBe('Factuur 2026-000042');
    expect(read.info.Author).toBe('CPS Europe B.V.');
    expect(read.info.Subject).toBe('Factuur 2026-000042 aan Łódź Studio sp. z o.o.');
    expect(read.info.Language).toBe('nl-NL');
    expect(String(read.info.Keywords)).toContain('Factur-X');
    expect(read.info.CreationDate).toBe('D:20260301093000Z');
    expect(read.xmp).toContain('<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Factuur 2026-000042</rdf:li>');
  });

  it('renders the benchmark floor (standard fonts, no XML) with Latin-1 approximations', async () => {
    const input = makeInput(customers[1]!);
    const r = await renderInvoicePdf(input, { lang: 'en', fonts: 'standard', pdfa: false, createdAt });
    expect(r.xml).toBeNull();
    const read = await readPdf(r.bytes);
    expect(read.text).toContain('Lódz Studio sp. z o.o.'); // ó is Latin-1; Ł and ź are approximated
    expect(Object.keys(read.attachments)).toHaveLength(0);
    await expect(renderInvoicePdf(input, { lang: 'en', fonts: 'standard' })).rejects.toThrow(/PDF\/A needs embedded fonts/);
    await expect(renderInvoicePdf(input, { lang: 'en', fonts: assets.fonts })).rejects.toThrow(/ICC profile/);
  });

  it('refuses text the embedded font cannot show, naming the field', async () => {
    const input = makeInput({ ...customers[0]!, city: '東京' });
    await expect(renderInvoicePdf(input, { lang: 'en', ...assets })).rejects.toThrow(/organisation\.city .*東 京/);
  });
});
