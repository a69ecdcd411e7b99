/**
 * Image inputs (TIFF, PNG, JPEG) and quarter-turn orientation: a fixture page is rendered to
 * pixels, turned 90° and saved as TIFF; the reader must find the orientation and the fields.
 * Also the CLI's exit codes.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import UTIF from 'utif2';
import { createNodeEvidenceReader, loadPdfjs, pdfjsAssetParams } from '../../../tools/ocr/engine';
import { openPdfSource } from '../../../renderer/ocr/pdfSource';
import { rotateGrey, type GreyImage } from '../../../shared/ocr/image';

const reader = createNodeEvidenceReader({ langs: 'nld+eng' });
afterAll(() => reader.close());

async function page(file: string, dpi: number): Promise<GreyImage> {
  const src = await openPdfSource(await loadPdfjs(), new Uint8Array(readFileSync(`test/fixtures/evidence/${file}`)), file, pdfjsAssetParams(), null);
  try {
    return await src.render(1, dpi);
  } finally {
    await src.close();
  }
}

function toRgba(img: GreyImage): Uint8Array {
  const rgba = new Uint8Array(img.width * img.height * 4);
  for (let i = 0; i < img.data.length; i++) rgba.set([img.data[i]!, img.data[i]!, img.data[i]!, 255], i * 4);
  return rgba;
}

describe('image inputs', () => {
  it('a TIFF scanned sideways (90°) is turned upright and read', async () => {
    const img = rotateGrey(await page('kvk-e2e.pdf', 200), 90);
    const tiff = new Uint8Array(UTIF.encodeImage(toRgba(img), img.width, img.height));
    const truth = JSON.parse(readFileSync('test/fixtures/evidence/kvk-e2e.json', 'utf8')) as { fields: Record<string, { value: string }> };
    const r = await reader.read({ name: 'sideways.tif', bytes: tiff });
    expect(r.fileType).toBe('tiff');
    expect(r.timings[0]!.rotation).toBe(270);
    expect(r.fields.chamberNumber?.value).toBe(truth.fields.chamberNumber!.value);
    expect(r.fields.vatNumber?.value).toBe(truth.fields.vatNumber!.value);
  }, 180_000);

  it('a PNG photo of an invoice is read (dpi from pHYs absent → 300 assumed; boxes stay inside the page)', async () => {
    const img = await page('nl-invoice.pdf', 250);
    const { createCanvas } = await import('@napi-rs/canvas');
    const canvas = createCanvas(img.width, img.height);
    const ctx = canvas.getContext('2d');
    const data = ctx.createImageData(img.width, img.height);
    data.data.set(toRgba(img));
    ctx.putImageData(data, 0, 0);
    const r = await reader.read({ name: 'photo.png', bytes: new Uint8Array(canvas.encodeSync('png')) });
    const truth = JSON.parse(readFileSync('test/fixtures/evidence/nl-invoice.json', 'utf8')) as { kind: string; fields: Record<string, { value: string }> };
    expect(r.kind).toBe(truth.kind);
    expect(r.fields.vatNumber?.value).toBe(truth.fields.vatNumber!.value);
    const p = r.pages[0]!;
    for (const f of Object.values(r.fields)) expect(f.bbox[2] <= p.width + 1 && f.bbox[3] <= p.height + 1).toBe(true);
  }, 180_000);
});

describe('CLI', () => {
  it('exits 2 with the error on stderr for unreadable input, 1 for usage errors', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ocr-cli-'));
    try {
      writeFileSync(join(dir, 'zero.pdf'), new Uint8Array());
      const bad = spawnSync(process.execPath, ['--import', 'tsx', 'tools/ocr/cli.ts', join(dir, 'zero.pdf')], { encoding: 'utf8' });
      expect(bad.status).toBe(2);
      expect(bad.stderr).toMatch(/^empty: .*zero\.pdf/m);
      const usage = spawnSync(process.execPath, ['--import', 'tsx', 'tools/ocr/cli.ts', '--bogus'], { encoding: 'utf8' });
      expect(usage.status).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
