/**
 * A scanned page is drawn for OCR at the scan's own resolution when that is below 300 dpi, not
 * below `MIN_SCAN_DRAW_DPI` (shared/ocr/bounds.ts `drawDpiFor`; docs/performance.md, OCR memory):
 * corpus scans rendered as image-only PDFs (JPEG pages at 250 and 200 dpi) go through the real
 * pdf.js drawing of the pipeline; the recogniser records the page image it is handed. The words
 * it answers are fixed: what is under test is the pixels OCR gets, not the reading.
 */
import { describe, expect, it } from 'vitest';
import { loadPdfjs, pdfjsAssetParams } from '../../../tools/ocr/engine';
import { openPdfSource } from '../../../renderer/ocr/pdfSource';
import { MIN_SCAN_DRAW_DPI } from '../../../shared/ocr/bounds';
import { makeLine } from '../../../shared/ocr/layout';
import { readEvidenceWith, type EvidenceEngine, type ReadEvidenceOptions } from '../../../shared/ocr/pipeline';
import type { OcrWord } from '../../../shared/ocr/types';
import { corpusDocs } from '../../fixtures/evidence/corpus';
import { renderDoc } from '../../fixtures/evidence/corpus/render';
import { prng } from '../../fixtures/evidence/organisations';

/** The page images (size, dpi) the pipeline hands to OCR for a corpus scan, first page only. */
async function drawnFor(split: 'dev' | 'dev4', file: string, opts: ReadEvidenceOptions = {}) {
  const doc = corpusDocs(split).find((d) => d.file === file)!;
  const bytes = await renderDoc({ ...doc, pages: doc.pages.slice(0, 1) }, prng(7));
  const seen: { width: number; height: number; dpi: number }[] = [];
  const words: OcrWord[] = ['Kamer', 'van', 'Koophandel', 'uittreksel'].map((text, i) => ({ text, confidence: 0.95, bbox: [i * 300, 100, i * 300 + 250, 140] }));
  const engine: EvidenceEngine = {
    now: () => performance.now(),
    open: async (b, _type, name) => openPdfSource(await loadPdfjs(), b, name, pdfjsAssetParams(), null),
    recogniser: {
      async recognise(_pgm, image) {
        seen.push({ width: image.width, height: image.height, dpi: image.dpi });
        return [makeLine(words)];
      },
    },
  };
  await readEvidenceWith(engine, { name: file, bytes }, opts);
  return { scan: doc.scan.dpi, seen };
}

const a4Width = (dpi: number) => Math.ceil((595.28 * dpi) / 72);

describe('scans are drawn at their own resolution, with a floor', () => {
  it('a 250 dpi scan is drawn at 250 dpi: the scan\'s own pixels, not 44 % more', async () => {
    const { scan, seen } = await drawnFor('dev', 'nl-kvk-table-1.pdf');
    expect(scan).toBe(250);
    expect(seen[0]).toMatchObject({ dpi: 250, width: a4Width(250) });
  }, 60_000);

  it(`a 200 dpi scan is drawn at the floor (${MIN_SCAN_DRAW_DPI} dpi)`, async () => {
    const { scan, seen } = await drawnFor('dev4', 'h2-nl-factuur-logo-1.pdf');
    expect(scan).toBe(200);
    expect(seen[0]).toMatchObject({ dpi: MIN_SCAN_DRAW_DPI, width: a4Width(MIN_SCAN_DRAW_DPI) });
  }, 60_000);

  it('scanFloorDpi 300 draws the 250 dpi scan at 300 dpi, as before', async () => {
    const { seen } = await drawnFor('dev', 'nl-kvk-table-1.pdf', { scanFloorDpi: 300 });
    expect(seen[0]).toMatchObject({ dpi: 300, width: a4Width(300) });
  }, 60_000);
});
