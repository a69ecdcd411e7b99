import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { PDFDocument, PDFName, PDFString, PDFHexString } from 'pdf-lib';
import { createNodeEvidenceReader } from '../../../tools/ocr/engine';
import { EvidenceError } from '../../../shared/ocr/errors';

const reader = createNodeEvidenceReader({ langs: 'eng' });
// the bounds below time the error path, not loading pdf.js into the PDF worker thread
beforeAll(() => reader.warmUp(), 120_000);
afterAll(() => reader.close());

/** Reads and returns the EvidenceError code and the elapsed ms. */
async function failCode(name: string, bytes: Uint8Array): Promise<{ code: string; ms: number }> {
  const t = performance.now();
  try {
    await reader.read({ name, bytes });
  } catch (e) {
    if (e instanceof EvidenceError) return { code: e.code, ms: performance.now() - t };
    throw e;
  }
  return { code: 'none', ms: performance.now() - t };
}

/** A PDF with a standard-security /Encrypt dictionary whose user password is not empty. */
async function encryptedPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage([200, 200]).drawText('secret');
  const ctx = doc.context;
  const enc = ctx.obj({ Filter: 'Standard', V: 1, R: 2, Length: 40, P: -44 });
  enc.set(PDFName.of('O'), PDFHexString.of('a'.repeat(64)));
  enc.set(PDFName.of('U'), PDFHexString.of('b'.repeat(64)));
  ctx.trailerInfo.Encrypt = ctx.register(enc);
  ctx.trailerInfo.ID = ctx.obj([PDFString.of('0123456789abcdef'), PDFString.of('0123456789abcdef')]);
  return doc.save({ useObjectStreams: false });
}

describe('bad input files give the specific error within 5 s', () => {
  it('encrypted → encrypted', async () => {
    const r = await failCode('locked.pdf', await encryptedPdf());
    expect(r.code).toBe('encrypted');
    expect(r.ms).toBeLessThan(5000);
  });
  it('truncated → corrupt', async () => {
    const full = new Uint8Array(readFileSync('test/fixtures/evidence/nl-invoice-text-layer.pdf'));
    const r = await failCode('cut.pdf', full.subarray(0, 400));
    expect(r.code).toBe('corrupt');
    expect(r.ms).toBeLessThan(5000);
  });
  it('zero bytes → empty', async () => {
    expect((await failCode('zero.pdf', new Uint8Array())).code).toBe('empty');
  });
  it('a PNG renamed .pdf → unsupported-type', async () => {
    const { createCanvas } = await import('@napi-rs/canvas');
    const png = new Uint8Array(createCanvas(20, 20).encodeSync('png'));
    expect((await failCode('scan.pdf', png)).code).toBe('unsupported-type');
  });
  it('a 200-page PDF → too-many-pages', async () => {
    const doc = await PDFDocument.create();
    for (let i = 0; i < 200; i++) doc.addPage([595, 842]);
    const r = await failCode('big.pdf', await doc.save());
    expect(r.code).toBe('too-many-pages');
    expect(r.ms).toBeLessThan(5000);
  });
  it('over 50 MB → too-large (before parsing)', async () => {
    const bytes = new Uint8Array(50 * 1024 * 1024 + 1);
    bytes.set(new TextEncoder().encode('%PDF-1.7\n'));
    expect((await failCode('huge.pdf', bytes)).code).toBe('too-large');
  });
});
