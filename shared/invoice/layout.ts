/**
 * The visible invoice: A4 pages (595.28 × 841.89 pt) drawn with pdf-lib. Page 1 carries the
 * supplier header, the customer and invoice details, then the line table; the table breaks onto
 * further pages (with a short header and the column heads repeated), and the totals, VAT
 * breakdown, reverse-charge statement and payment instructions follow the last line. Every page
 * has a footer with the supplier's legal identifiers and "page x of y".
 *
 * Legal content (Wet OB art. 35a; directive 2006/112/EC art. 226): supplier name, address, VAT
 * and KvK number; customer name, full address and VAT number; invoice number; issue date; supply
 * period; description; quantity; net amount; VAT rate and amount per rate; total; due date;
 * payment method and terms; purchase order when given; reverse-charge statement when it applies.
 *
 * A credit note (EN 16931 type 381) has the same layout with its own title and number label, the
 * invoice it cancels among the details, and a settlement statement instead of payment
 * instructions (no due date, no bank details: nothing is to be paid on it).
 */
import { PDFDocument, PDFPage, rgb, type Color, type PDFFont } from 'pdf-lib';
import type { InvoiceInput } from './model';
import { customerDisplayName, isCreditNoteInput, paymentReferenceOf } from './model';
import { label, type InvoiceLanguage } from './labels';
import { countryName, formatDate, formatMoney, formatRate } from './format';
import { vatBreakdown } from './vat';
import { wrapText, widthOf, type InvoiceFonts } from './text';
import { drawQrCode, invoiceEpcPayload } from './epc';
import { formatCreditorReference, validateCreditorReference } from '../identifiers/creditorReference';

/** A4 in points. */
export const A4: [number, number] = [595.28, 841.89];
const MARGIN = 56;
const RIGHT = A4[0] - MARGIN;
const FOOTER_TOP = 74;
const INK = rgb(0.13, 0.14, 0.16);
const MUTED = rgb(0.42, 0.44, 0.48);
const ACCENT = rgb(0.08, 0.25, 0.42);
const RULE = rgb(0.82, 0.84, 0.87);
const SHADE = rgb(0.94, 0.95, 0.97);
const WHITE = rgb(1, 1, 1);
/** Side of the EPC QR code in points, quiet zone included (≈ 36 mm; EPC069-12 asks for ≥ 2 × 2 cm). */
const QR_SIZE = 102;

/** Table columns: description left-aligned from x; the others right-aligned at `right`. */
const COLS = { description: MARGIN + 6, qty: 338, unit: 414, vat: 458, amount: RIGHT - 6 };
const DESCRIPTION_WIDTH = 255;

interface TextOpts {
  font?: PDFFont;
  size?: number;
  color?: Color;
  align?: 'left' | 'right';
}

/** Draws onto a growing list of pages, top to bottom; `y` is the current baseline. */
class Writer {
  readonly pages: PDFPage[] = [];
  page!: PDFPage;
  y = 0;
  constructor(
    readonly doc: PDFDocument,
    readonly fonts: InvoiceFonts,
  ) {}

  newPage(): void {
    this.page = this.doc.addPage(A4);
    this.pages.push(this.page);
    this.y = A4[1] - MARGIN;
  }

  text(s: string, x: number, y: number, o: TextOpts = {}): number {
    const font = o.font ?? this.fonts.regular;
    const size = o.size ?? 9.5;
    const t = this.fonts.clean(s);
    const w = widthOf(font, t, size);
    this.page.drawText(t, { x: o.align === 'right' ? x - w : x, y, font, size, color: o.color ?? INK });
    return w;
  }

  rule(y: number, x1 = MARGIN, x2 = RIGHT, color: Color = RULE, thickness = 0.6): void {
    this.page.drawLine({ start: { x: x1, y }, end: { x: x2, y }, thickness, color });
  }

  wrap(s: string, font: PDFFont, size: number, width: number): string[] {
    return wrapText(font, this.fonts.clean(s), size, width);
  }
}

/** Draws the whole invoice into `doc` (which must be empty); returns the number of pages. */
export function drawInvoice(doc: PDFDocument, fonts: InvoiceFonts, input: InvoiceInput, lang: InvoiceLanguage): number {
  const w = new Writer(doc, fonts);
  const { invoice, organisation: org, supplier } = input;
  const money = (c: number) => formatMoney(c, invoice.currency, lang);
  const { regular, bold } = fonts;
  const credit = isCreditNoteInput(invoice);

  // ---- Page 1 header: supplier (left), title (right).
  w.newPage();
  let y = w.y - 8;
  w.text(supplier.name, MARGIN, y, { font: bold, size: 17, color: ACCENT });
  w.text(label(lang, credit ? 'creditNoteTitle' : 'title'), RIGHT, y, { font: bold, size: 20, color: ACCENT, align: 'right' });
  y -= 17;
  const supplierLines = [
    `${supplier.street} ${supplier.houseNumber}`,
    `${supplier.postcode} ${supplier.city}, ${countryName(supplier.country, lang)}`,
    `${label(lang, 'vatNumber')} ${supplier.vatNumber} · ${label(lang, 'chamberNumber')} ${supplier.chamberNumber}`,
    supplier.email,
  ];
  for (const line of supplierLines) {
    w.text(line, MARGIN, y, { size: 8.5, color: MUTED });
    y -= 11.5;
  }
  y -= 8;
  w.rule(y, MARGIN, RIGHT, ACCENT, 1.2);
  y -= 24;

  // ---- Customer (left) and invoice details (right).
  const top = y;
  w.text(label(lang, credit ? 'creditNoteTo' : 'billTo').toUpperCase(), MARGIN, y, { font: bold, size: 7.5, color: MUTED });
  y -= 15;
  for (const line of w.wrap(customerDisplayName(org), bold, 11, 240)) {
    w.text(line, MARGIN, y, { font: bold, size: 11 });
    y -= 14;
  }
  const customerLines = [`${org.street} ${org.houseNumber}`, `${org.postcode} ${org.city}`, countryName(org.country, lang)];
  if (org.vatNumber) customerLines.push(`${label(lang, 'vatNumber')}: ${org.vatNumber}`);
  if (org.chamberNumber) customerLines.push(`${label(lang, 'chamberNumberCustomer')}: ${org.chamberNumber}`);
  for (const raw of customerLines)
    for (const line of w.wrap(raw, regular, 9.5, 240)) {
      w.text(line, MARGIN, y);
      y -= 12.5;
    }
  const leftBottom = y;

  y = top;
  const detailLabelX = 300;
  const detailValueX = 408;
  const details: Array<[string, string, boolean?]> = credit
    ? [
        [label(lang, 'creditNoteNumber'), invoice.number, true],
        [label(lang, 'creditNoteDate'), formatDate(invoice.issueDate, lang)],
        [label(lang, 'creditsInvoice'), label(lang, 'creditsInvoiceValue', { number: invoice.precedingInvoiceNumber ?? '', date: invoice.precedingInvoiceIssueDate ? formatDate(invoice.precedingInvoiceIssueDate, lang) : '…' }), true],
      ]
    : [
        [label(lang, 'invoiceNumber'), invoice.number, true],
        [label(lang, 'issueDate'), formatDate(invoice.issueDate, lang)],
        [label(lang, 'dueDate'), formatDate(invoice.dueDate, lang), true],
      ];
  if (invoice.periodStart || invoice.periodEnd)
    details.push([label(lang, 'period'), `${invoice.periodStart ? formatDate(invoice.periodStart, lang) : '…'} – ${invoice.periodEnd ? formatDate(invoice.periodEnd, lang) : '…'}`]);
  if (invoice.purchaseOrderNumber) details.push([label(lang, 'purchaseOrder'), invoice.purchaseOrderNumber]);
  if (!credit) details.push([label(lang, 'paymentMethod'), label(lang, invoice.paymentMethod === 'card' ? 'methodCard' : 'methodBank')]);
  for (const [name, value, strong] of details) {
    w.text(name, detailLabelX, y, { size: 8.5, color: MUTED });
    for (const line of w.wrap(value, strong ? bold : regular, 9.5, RIGHT - detailValueX)) {
      w.text(line, detailValueX, y, { font: strong ? bold : regular });
      y -= 12.5;
    }
    y -= 2;
  }
  w.y = Math.min(leftBottom, y) - 22;

  // ---- Line table, breaking across pages.
  const tableHead = () => {
    const h = w.y;
    w.page.drawRectangle({ x: MARGIN, y: h - 7, width: RIGHT - MARGIN, height: 20, color: SHADE });
    const o = { font: bold, size: 8, color: ACCENT };
    w.text(label(lang, 'description'), COLS.description, h, o);
    w.text(label(lang, 'quantity'), COLS.qty, h, { ...o, align: 'right' });
    w.text(label(lang, 'unitPrice'), COLS.unit, h, { ...o, align: 'right' });
    w.text(label(lang, 'vatRate'), COLS.vat, h, { ...o, align: 'right' });
    w.text(label(lang, 'amount'), COLS.amount, h, { ...o, align: 'right' });
    w.y = h - 24;
  };
  const continuationPage = () => {
    w.newPage();
    const h = w.y - 8;
    w.text(supplier.name, MARGIN, h, { font: bold, size: 11, color: ACCENT });
    w.text(`${label(lang, credit ? 'creditNoteDocumentTitle' : 'documentTitle')} ${invoice.number} (${label(lang, 'continued')})`, RIGHT, h, { size: 9.5, color: MUTED, align: 'right' });
    w.rule(h - 10, MARGIN, RIGHT, ACCENT, 1);
    w.y = h - 36;
  };
  tableHead();
  for (const line of invoice.lines) {
    const descLines = w.wrap(line.description, regular, 9.5, DESCRIPTION_WIDTH);
    const height = descLines.length * 12.5 + 8;
    if (w.y - height < FOOTER_TOP + 10) {
      continuationPage();
      tableHead();
    }
    let ly = w.y;
    w.text(String(line.quantity), COLS.qty, ly, { align: 'right' });
    w.text(money(line.unitPriceCents), COLS.unit, ly, { align: 'right' });
    // Under reverse charge the rate is 0 %; the "btw verlegd" statement below the totals says why.
    w.text(formatRate(line.vatRate, lang), COLS.vat, ly, { align: 'right' });
    w.text(money(line.netCents), COLS.amount, ly, { align: 'right' });
    for (const d of descLines) {
      w.text(d, COLS.description, ly);
      ly -= 12.5;
    }
    w.rule(ly + 4.5);
    w.y = ly - 9;
  }

  // ---- Totals, statements and payment: kept together, on a new page if they do not fit.
  const breakdown = vatBreakdown(invoice, org.country);
  const notSubject = breakdown.some((r) => r.category === 'O');
  const bank = invoice.paymentMethod === 'bank-transfer' && !credit;
  const due = formatDate(invoice.dueDate, lang);
  const total = money(invoice.totalCents);
  const noteWidth = RIGHT - MARGIN;
  const statement = invoice.reverseCharge ? label(lang, 'reverseChargeNote', { vat: org.vatNumber ?? '' }) : notSubject ? label(lang, 'notSubjectNote') : null;
  const reverseNote = statement ? w.wrap(statement, regular, 8.5, noteWidth - 16) : [];
  const creditValues = { number: invoice.precedingInvoiceNumber ?? '', date: invoice.precedingInvoiceIssueDate ? formatDate(invoice.precedingInvoiceIssueDate, lang) : '…', total };
  // Bank transfer in euro: the EPC QR code (epc.ts) sits at the right of the payment block.
  const qrPayload = bank ? invoiceEpcPayload(input) : null;
  const textWidth = noteWidth - 16 - (qrPayload ? QR_SIZE + 12 : 0);
  const payText = w.wrap(
    credit ? label(lang, invoice.status === 'refund-due' ? 'creditNoteRefund' : 'creditNoteSettled', creditValues) : label(lang, bank ? 'payBank' : 'payCard', { total, due }),
    regular,
    9.5,
    textWidth,
  );
  const reference = paymentReferenceOf(invoice);
  const rf = validateCreditorReference(reference);
  const bankRows: Array<[string, string]> = bank
    ? [
        [label(lang, 'beneficiary'), supplier.name],
        [label(lang, 'iban'), supplier.iban],
        [label(lang, 'bic'), supplier.bic],
        [label(lang, 'paymentReference'), rf.valid ? formatCreditorReference(rf.normalised) : reference],
      ]
    : [];
  const chargesNote = bank ? w.wrap(label(lang, 'bankCharges'), regular, 8.5, textWidth) : [];
  const totalsHeight = 14 * (1 + breakdown.length) + 30;
  const reverseHeight = reverseNote.length ? 22 + reverseNote.length * 11 + 12 : 0;
  const payHeight = Math.max(40 + payText.length * 12.5 + bankRows.length * 13 + chargesNote.length * 11 + (bank ? 8 : 0), qrPayload ? QR_SIZE + 34 : 0);
  if (w.y - (totalsHeight + reverseHeight + payHeight) < FOOTER_TOP + 10) continuationPage();

  y = w.y - 4;
  const totalsLabelX = 280;
  w.text(label(lang, 'subtotal'), totalsLabelX, y);
  w.text(money(invoice.netCents), COLS.amount, y, { align: 'right' });
  y -= 14;
  for (const row of breakdown) {
    const text =
      row.category === 'AE'
        ? label(lang, 'vatReverseLine', { basis: money(row.basisCents) })
        : row.category === 'O'
          ? label(lang, 'vatOutsideLine', { basis: money(row.basisCents) })
          : label(lang, 'vatLine', { rate: formatRate(row.ratePercent, lang), basis: money(row.basisCents) });
    const amount = money(row.vatCents);
    // Never run into the amount: shrink a long label (large bases, long words) to fit.
    const room = COLS.amount - widthOf(regular, fonts.clean(amount), 9.5) - 12 - totalsLabelX;
    const size = Math.max(6.5, Math.min(9.5, (9.5 * room) / widthOf(regular, fonts.clean(text), 9.5)));
    w.text(text, totalsLabelX, y, { size });
    w.text(amount, COLS.amount, y, { align: 'right' });
    y -= 14;
  }
  w.rule(y + 5, totalsLabelX, RIGHT, INK, 0.9);
  y -= 11;
  w.text(label(lang, 'total'), totalsLabelX, y, { font: bold, size: 12 });
  w.text(total, COLS.amount, y, { font: bold, size: 12, align: 'right' });
  y -= 28;

  if (reverseNote.length) {
    const boxH = 16 + reverseNote.length * 11 + 6;
    w.page.drawRectangle({ x: MARGIN, y: y - boxH + 12, width: noteWidth, height: boxH, borderColor: ACCENT, borderWidth: 0.8 });
    w.text(label(lang, invoice.reverseCharge ? 'reverseCharge' : 'notSubject'), MARGIN + 8, y, { font: bold, size: 10, color: ACCENT });
    y -= 14;
    for (const l of reverseNote) {
      w.text(l, MARGIN + 8, y, { size: 8.5 });
      y -= 11;
    }
    y -= 18;
  }

  const payTop = y + 12;
  y -= 4;
  w.text(label(lang, credit ? 'creditNoteHeading' : 'paymentHeading'), MARGIN + 8, y, { font: bold, size: 10, color: ACCENT });
  y -= 15;
  for (const l of payText) {
    w.text(l, MARGIN + 8, y);
    y -= 12.5;
  }
  if (bank) {
    y -= 3;
    for (const [name, value] of bankRows) {
      w.text(name, MARGIN + 8, y, { size: 8.5, color: MUTED });
      w.text(value, MARGIN + 120, y, { font: bold });
      y -= 13;
    }
    y -= 4;
    for (const l of chargesNote) {
      w.text(l, MARGIN + 8, y, { size: 8.5, color: MUTED });
      y -= 11;
    }
  }
  if (qrPayload) {
    const qrTop = payTop - 6;
    drawQrCode(w.page, qrPayload, RIGHT - 6 - QR_SIZE, qrTop - QR_SIZE, QR_SIZE, INK, WHITE);
    const caption = label(lang, 'scanToPay');
    w.text(caption, RIGHT - 6 - QR_SIZE / 2 + widthOf(regular, fonts.clean(caption), 7) / 2, qrTop - QR_SIZE - 6, { size: 7, color: MUTED, align: 'right' });
    y = Math.min(y, qrTop - QR_SIZE - 14);
  }
  w.page.drawRectangle({ x: MARGIN, y: y + 4, width: noteWidth, height: payTop - y - 4, color: undefined, borderColor: RULE, borderWidth: 0.8 });
  w.y = y;

  // ---- Footer on every page.
  const footer = [
    supplier.name,
    `${supplier.street} ${supplier.houseNumber}, ${supplier.postcode} ${supplier.city}`,
    `KvK ${supplier.chamberNumber}`,
    `${label(lang, 'vatNumber')} ${supplier.vatNumber}`,
    `IBAN ${supplier.iban}`,
  ].join('  ·  ');
  const pages = w.pages.length;
  w.pages.forEach((page, i) => {
    w.page = page;
    w.rule(FOOTER_TOP - 22, MARGIN, RIGHT, RULE, 0.6);
    const lines = w.wrap(footer, regular, 7, RIGHT - MARGIN - 70);
    let fy = FOOTER_TOP - 34;
    for (const l of lines) {
      w.text(l, MARGIN, fy, { size: 7, color: MUTED });
      fy -= 9;
    }
    w.text(label(lang, 'page', { page: String(i + 1), pages: String(pages) }), RIGHT, FOOTER_TOP - 34, { size: 7, color: MUTED, align: 'right' });
  });
  return pages;
}
