/**
 * The EPC QR code of a bank-transfer invoice: the European Payments Council's "Quick Response
 * Code — Guidelines to Enable Data Capture for the Initiation of a SEPA Credit Transfer"
 * (EPC069-12, version 002). A banking app scans it and fills in beneficiary, IBAN, amount and the
 * structured creditor reference, so the payment arrives with the reference the bank statement
 * import (camt.053) matches on.
 *
 * Payload: UTF-8 text, one element per line (LF), no separator after the last populated element,
 * at most 331 bytes; the QR code uses error correction level M (EPC069-12 §3.3).
 *
 * | line | element | here |
 * |---|---|---|
 * | 1 | service tag | `BCD` |
 * | 2 | version | `002` |
 * | 3 | character set | `1` (UTF-8) |
 * | 4 | identification | `SCT` |
 * | 5 | BIC of the beneficiary's bank | the supplier's BIC |
 * | 6 | beneficiary name (≤ 70) | the supplier's name |
 * | 7 | beneficiary IBAN | the supplier's IBAN, electronic form |
 * | 8 | amount | `EUR` + amount with a dot and two decimals, 0.01–999999999.99 |
 * | 9 | purpose (ISO 20022 ExternalPurpose1Code, 4 letters) | `SUBS` (subscription) |
 * | 10 | structured remittance: ISO 11649 RF creditor reference (≤ 35) | the invoice's payment reference |
 * | 11 | unstructured remittance (≤ 140), only when line 10 is empty | a reference that is not an RF reference |
 * | 12 | beneficiary-to-originator information | not used |
 */
import qrcode from 'qrcode-generator';
import type { PDFPage, Color } from 'pdf-lib';
import { validateBic, validateCreditorReference, validateIban } from '../identifiers';
import { paymentReferenceOf, type InvoiceInput } from './model';

/** The fields of an EPC QR payload. `amountCents` in euro cents. */
export interface EpcPayment {
  bic: string;
  beneficiaryName: string;
  iban: string;
  amountCents: number;
  /** ISO 20022 ExternalPurpose1Code (4 capital letters), e.g. `SUBS`; optional. */
  purpose?: string;
  /** An ISO 11649 RF reference goes on line 10; any other text on line 11 (unstructured). */
  reference: string;
}

/** Largest payload EPC069-12 allows, in bytes. */
export const EPC_MAX_BYTES = 331;

/** UTF-8 bytes of `s` as a string of char codes 0–255 (what the QR library's byte mode encodes). */
function utf8Binary(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) out += ch;
    else if (cp < 0x800) out += String.fromCharCode(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) out += String.fromCharCode(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else out += String.fromCharCode(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  }
  return out;
}

/**
 * The EPC069-12 version 002 payload for `payment` (see the table in the module doc).
 * @throws Error naming the element when a value cannot be carried: an invalid IBAN or BIC, an
 *   empty or over-long name, an amount outside 0.01–999,999,999.99 EUR, a purpose that is not four
 *   letters, a reference too long for its line, or a payload over 331 bytes.
 */
export function epcQrPayload(payment: EpcPayment): string {
  const iban = validateIban(payment.iban);
  if (!iban.valid) throw new Error(`EPC QR: the IBAN ${payment.iban} is not valid (${iban.error})`);
  const bic = validateBic(payment.bic);
  if (!bic.valid) throw new Error(`EPC QR: the BIC ${payment.bic} is not valid (${bic.error})`);
  const name = payment.beneficiaryName.trim().replace(/\s+/g, ' ');
  if (!name || name.length > 70) throw new Error('EPC QR: the beneficiary name must be 1–70 characters');
  if (!Number.isInteger(payment.amountCents) || payment.amountCents < 1 || payment.amountCents > 99_999_999_999)
    throw new Error(`EPC QR: the amount must be 0.01–999999999.99 EUR in whole cents, got ${payment.amountCents} cents`);
  const amount = `EUR${Math.floor(payment.amountCents / 100)}.${String(payment.amountCents % 100).padStart(2, '0')}`;
  const purpose = payment.purpose ?? '';
  if (purpose && !/^[A-Z]{4}$/.test(purpose)) throw new Error(`EPC QR: the purpose must be a 4-letter ISO 20022 code, got "${purpose}"`);
  const rf = validateCreditorReference(payment.reference);
  const structured = rf.valid ? rf.normalised : '';
  const unstructured = rf.valid ? '' : payment.reference.trim().replace(/\s+/g, ' ');
  if (unstructured.length > 140) throw new Error('EPC QR: an unstructured reference may have at most 140 characters');
  const lines = ['BCD', '002', '1', 'SCT', bic.normalised, name, iban.normalised, amount, purpose, structured, unstructured];
  while (lines[lines.length - 1] === '') lines.pop();
  const payload = lines.join('\n');
  const bytes = utf8Binary(payload).length;
  if (bytes > EPC_MAX_BYTES) throw new Error(`EPC QR: the payload has ${bytes} bytes; at most ${EPC_MAX_BYTES} are allowed`);
  return payload;
}

/**
 * The EPC QR payload of an invoice, or null when the invoice gets no QR code: not paid by bank
 * transfer, not in euro (SEPA credit transfers are in EUR), or nothing to pay. The reference is
 * the invoice's payment reference ({@link paymentReferenceOf}); purpose `SUBS` (subscription).
 * @throws Error as {@link epcQrPayload} for supplier data a QR code cannot carry.
 */
export function invoiceEpcPayload(input: InvoiceInput): string | null {
  const { invoice, supplier } = input;
  if (invoice.paymentMethod !== 'bank-transfer' || invoice.currency !== 'EUR' || invoice.totalCents <= 0) return null;
  return epcQrPayload({
    bic: supplier.bic,
    beneficiaryName: supplier.name,
    iban: supplier.iban,
    amountCents: invoice.totalCents,
    purpose: 'SUBS',
    reference: paymentReferenceOf(invoice),
  });
}

/** The module matrix of `payload` as a QR code (byte mode, UTF-8, error correction M): `dark[row][col]`. */
export function qrModules(payload: string): boolean[][] {
  const qr = qrcode(0, 'M');
  qr.addData(utf8Binary(payload), 'Byte');
  qr.make();
  const n = qr.getModuleCount();
  return Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => qr.isDark(r, c)));
}

/**
 * Draws `payload` as a QR code on `page` with its lower-left corner at (`x`, `y`) in points,
 * `size` points wide and high including the 4-module quiet zone (ISO/IEC 18004 §6.3.8) on a white
 * square. Dark modules are drawn as one rectangle per horizontal run. Returns the module count.
 */
export function drawQrCode(page: PDFPage, payload: string, x: number, y: number, size: number, ink: Color, paper: Color): number {
  const modules = qrModules(payload);
  const n = modules.length;
  const cell = size / (n + 8);
  page.drawRectangle({ x, y, width: size, height: size, color: paper });
  modules.forEach((row, r) => {
    let c = 0;
    while (c < n) {
      if (!row[c]) {
        c++;
        continue;
      }
      const start = c;
      while (c < n && row[c]) c++;
      page.drawRectangle({ x: x + (4 + start) * cell, y: y + size - (4 + r + 1) * cell, width: (c - start) * cell, height: cell, color: ink });
    }
  });
  return n;
}
