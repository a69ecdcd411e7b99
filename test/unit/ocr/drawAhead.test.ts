import { describe, expect, it } from 'vitest';
import { DRAW_AHEAD_PIXELS, readEvidenceWith, type EvidenceEngine, type EvidenceSource } from '../../../shared/ocr/pipeline';
import { makeLine } from '../../../shared/ocr/layout';
import type { OcrLine, OcrWord } from '../../../shared/ocr/types';
import { corpusDocs } from '../../fixtures/evidence/corpus';

/**
 * The pipeline draws a document's pages before it recognises them while the drawn pages stay
 * within `DRAW_AHEAD_PIXELS`, so that the PDF renderer is closed before the OCR engine needs its
 * memory (docs/performance.md, OCR memory). A fake source and recogniser record the order.
 */
describe('pages are drawn ahead of recognition within a pixel budget', () => {
  const A4_300DPI = { width: 2481, height: 3508 };
  const pageText = (file: string): string => corpusDocs('dev').find((d) => d.file === file)!.pages[0]!.map((e) => e.text).join(' ');
  const linesOf = (text: string): OcrLine[] =>
    text.split('\n').map((l, i) => makeLine(l.split(' ').map((w, j) => ({ text: w, confidence: 0.95, bbox: [j * 60, i * 20, j * 60 + 50, i * 20 + 15] as OcrWord['bbox'] }))));

  /** `pages` image pages (or text-layer pages where `textLayer[p]` is set) of an A4 page at 300 dpi; every event in `log`. */
  function engine(pages: number, opts: { text?: string; textLayer?: Record<number, string> } = {}) {
    const log: string[] = [];
    let open = true;
    let held = 0;
    let maxHeld = 0;
    const source: EvidenceSource = {
      pageCount: pages,
      pageSize: async () => ({ width: (A4_300DPI.width * 72) / 300, height: (A4_300DPI.height * 72) / 300 }),
      textWords: async (p) =>
        (opts.textLayer?.[p] ?? '').split(' ').filter(Boolean).map((w, j) => ({ text: w, confidence: 1, bbox: [j * 40, 100, j * 40 + 35, 112] as OcrWord['bbox'] })),
      render: async (p, dpi) => {
        log.push(`render ${p}`);
        maxHeld = Math.max(maxHeld, ++held);
        const width = Math.ceil((A4_300DPI.width * dpi) / 300);
        const height = Math.ceil((A4_300DPI.height * dpi) / 300);
        // a few black rows: not blank, cheap to denoise
        return { width, height, dpi, data: new Uint8Array(width * height).fill(255).fill(0, 0, width * 40) };
      },
      close: async () => {
        log.push('close');
        open = false;
      },
    };
    let langs = 'nld+eng';
    const lines = linesOf(opts.text ?? pageText('nl-kvk-table-1.pdf'));
    const e: EvidenceEngine = {
      now: () => 0,
      open: async () => source,
      recogniser: {
        async recognise() {
          log.push(`recognise ${open ? 'renderer open' : 'renderer closed'} ${langs}`);
          held = Math.max(0, held - 1);
          return lines;
        },
        async useLanguages(next) {
          langs = next;
        },
      },
    };
    return { e, log, maxHeld: () => maxHeld };
  }

  it('a two-page scan: both pages drawn, the renderer closed, then both recognised', async () => {
    const { e, log } = engine(2);
    const r = await readEvidenceWith(e, { name: 'x.pdf', bytes: new TextEncoder().encode('%PDF-1.7\n') }, { languages: 'nld+eng' });
    expect(r.pageCount).toBe(2);
    expect(log).toEqual(['render 1', 'render 2', 'close', 'recognise renderer closed nld+eng', 'recognise renderer closed nld+eng']);
  });

  it('a long scan holds at most the budget (plus one page) drawn and not yet recognised; the renderer closes after the last page', async () => {
    const { e, log, maxHeld } = engine(12);
    await readEvidenceWith(e, { name: 'x.pdf', bytes: new TextEncoder().encode('%PDF-1.7\n') }, { languages: 'nld+eng', denoise: false });
    const perPage = A4_300DPI.width * A4_300DPI.height;
    expect(maxHeld()).toBe(Math.ceil(DRAW_AHEAD_PIXELS / perPage));
    expect(log.filter((l) => l.startsWith('render'))).toHaveLength(12);
    expect(log.filter((l) => l.startsWith('recognise'))).toHaveLength(12);
    // the last pages (those within the budget) are recognised with the renderer closed
    expect(log.indexOf('close')).toBe(log.indexOf('render 12') + 1);
    expect(log.filter((l) => l.includes('renderer closed'))).toHaveLength(Math.ceil(DRAW_AHEAD_PIXELS / perPage));
  });

  it('the first page still decides the languages when a later page has a text layer', async () => {
    // page 1 is a German scan read at a Dutch counter, page 2 a Dutch text layer: page 1 decides
    const { e, log } = engine(2, { text: pageText('de-bzst-1.pdf'), textLayer: { 2: pageText('nl-kvk-table-1.pdf') } });
    const r = await readEvidenceWith(e, { name: 'x.pdf', bytes: new TextEncoder().encode('%PDF-1.7\n') }, { languages: { country: 'NL' } });
    expect(r.languages).toBe('deu+eng');
    expect(log).toEqual(['render 1', 'close', 'recognise renderer closed nld+eng', 'recognise renderer closed deu+eng']);
    expect(r.timings.map((t) => t.source)).toEqual(['ocr', 'text-layer']);
  });
});
