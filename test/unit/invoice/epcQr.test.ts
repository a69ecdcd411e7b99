/**
 * The EPC QR code (EPC069-12 version 002) on a bank-transfer invoice, read back the way a banking
 * app does: the rendered PDF page rasterised with poppler's `pdftoppm`, then decoded with ZBar's
 * `zbarimg` (Debian poppler-utils, zbar-tools). The decoded text must equal the expected payload,
 * element by element. Also the payload rules themselves, and that a card invoice has no QR code.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { renderInvoicePdf, epcQrPayload, invoiceEpcPayload, type InvoiceLanguage } from '../../../shared/invoice';
import { assets, customers, makeInput, program, readPdf } from './helpers';

const hasPdftoppm = spawnSync('pdftoppm', ['-v']).status === 0;
const hasZbarimg = spawnSync('zbarimg', ['--version']).status === 0;
const canDecode = hasPdftoppm && hasZbarimg;
if (!canDecode)
  console.log(`SKIPPED: EPC QR read-back needs ${hasPdftoppm ? '' : 'pdftoppm (Debian poppler-utils) '}${hasZbarimg ? '' : 'zbarimg (Debian zbar-tools)'} — install them to run it`);

/** Every QR code zbarimg finds on page `page` of `pdf`, rendered at `dpi`, as raw UTF-8 text. */
function decodeQrCodes(pdf: Uint8Array, page = 1, dpi = 150): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'epc-qr-'));
  try {
    writeFileSync(join(dir, 'invoice.pdf'), pdf);
    const r = spawnSync('pdftoppm', ['-r', String(dpi), '-f', String(page), '-l', String(page), '-png', '-singlefile', join(dir, 'invoice.pdf'), join(dir, 'page')], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`pdftoppm failed: ${r.stderr}`);
    // --raw: the payload only; the NUL separator keeps the payload's own line breaks apart from the list.
    const z = spawnSync('zbarimg', ['--quiet', '--raw', '-Sdisable', '-Sqrcode.enable', '-Sbinary', join(dir, 'page.png')], { encoding: 'buffer' });
    if (z.status === 4) return []; // no symbol found
    if (z.status !== 0) throw new Error(`zbarimg failed (${z.status}): ${z.stderr.toString()}`);
    return [z.stdout.toString('utf8').replace(/\n$/, '')];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('EPC QR payload (EPC069-12 v002)', () => {
  it('has the eleven elements in order, the amount with two decimals, the RF reference structured', () => {
    const input = makeInput(customers[2]!); // Gold, DE customer with VAT (not reverse charge)
    const s = program.supplier;
    expect(invoiceEpcPayload(input)).toBe(['BCD', '002', '1', 'SCT', s.bic, s.name, s.iban, `EUR${(input.invoice.totalCents / 100).toFixed(2)}`, 'SUBS', 'RF022026000042'].join('\n'));
  });

  it('puts a reference that is not an RF reference on the unstructured line 11, and drops empty trailing elements', () => {
    const p = epcQrPayload({ bic: 'ABNANL2A', beneficiaryName: 'CPS Europe B.V.', iban: 'NL91 ABNA 0417 1643 00', amountCents: 10285, reference: 'CPS 2026-000042' });
    expect(p.split('\n')).toEqual(['BCD', '002', '1', 'SCT', 'ABNANL2A', 'CPS Europe B.V.', 'NL91ABNA0417164300', 'EUR102.85', '', '', 'CPS 2026-000042']);
    expect(epcQrPayload({ bic: 'ABNANL2A', beneficiaryName: 'X', iban: 'NL91ABNA0417164300', amountCents: 1, reference: 'RF18 5390 0754 7034' }).endsWith('\nEUR0.01\n\nRF18539007547034')).toBe(true);
  });

  it('refuses what a SEPA credit transfer cannot carry, naming it', () => {
    const base = { bic: 'ABNANL2A', beneficiaryName: 'CPS Europe B.V.', iban: 'NL91ABNA0417164300', amountCents: 100, reference: 'RF18539007547034' };
    expect(() => epcQrPayload({ ...base, iban: 'NL91ABNA0417164301' })).toThrow(/IBAN/);
    expect(() => epcQrPayload({ ...base, amountCents: 0 })).toThrow(/amount/);
    expect(() => epcQrPayload({ ...base, amountCents: 100_000_000_000 })).toThrow(/amount/);
    expect(() => epcQrPayload({ ...base, beneficiaryName: 'x'.repeat(71) })).toThrow(/name/);
    expect(() => epcQrPayload({ ...base, reference: 'y'.repeat(141) })).toThrow(/140/);
  });

  it('gives no QR code for a card invoice', () => {
    expect(invoiceEpcPayload(makeInput(customers[0]!, { method: 'card' }))).toBeNull();
  });
});

describe.skipIf(!canDecode)('EPC QR code read back from the rendered PDF (pdftoppm + zbarimg)', () => {
  for (const [i, lang] of [[2, 'nl'], [0, 'en']] as Array<[number, InvoiceLanguage]>) {
    it(`decodes to the expected payload (${lang}, ${customers[i]!.name})`, async () => {
      const input = makeInput(customers[i]!, { reverseCharge: i === 0 });
      const { bytes } = await renderInvoicePdf(input, { lang, ...assets, createdAt: new Date('2026-03-01T09:30:00Z') });
      const expected = ['BCD', '002', '1', 'SCT', 'ABNANL2A', 'CPS Europe B.V.', 'NL91ABNA0417164300', `EUR${(input.invoice.totalCents / 100).toFixed(2)}`, 'SUBS', 'RF022026000042'].join('\n');
      expect(decodeQrCodes(bytes)).toEqual([expected]);
      // The same reference is printed as the payment reference, in groups of four.
      expect((await readPdf(bytes)).text).toContain('RF02 2026 0000 42');
    });
  }

  it('a card invoice carries no QR code', async () => {
    const { bytes } = await renderInvoicePdf(makeInput(customers[1]!, { method: 'card' }), { lang: 'en', ...assets });
    expect(decodeQrCodes(bytes)).toEqual([]);
  });
});
