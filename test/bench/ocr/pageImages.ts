/**
 * The page images the app's pipeline recognises, for the benches that time the engines on them
 * (ocr-speed.ts, ocr-tiering.ts): each corpus scan is read by the Node reader (one worker per
 * document, as the desktop reads), and every page it recognised — rendered, denoised, upright —
 * is written as a PGM that native Tesseract reads too.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodePgm, type GreyImage } from '../../../shared/ocr/image';
import { corpusDocs } from '../../fixtures/evidence/corpus';

/** One recognised page: its image, the PGM written of it, and the languages the reader ended with. */
export interface RecognisedPage {
  file: string;
  /** 1-based page number, of `pages` in the document. */
  page: number;
  pages: number;
  /** The reader's languages for the document (`nld+eng`, …); undefined when it read no page with OCR. */
  langs: string | undefined;
  image: GreyImage;
  /** Path of the page's PGM in the caller's folder. */
  pgm: string;
}

/**
 * Reads each corpus scan `files` (names under `outDir`, rendered by
 * test/fixtures/evidence/corpus/render.ts) and writes its recognised pages as PGMs into `dir`.
 * The reader (and so tesseract.js) is imported here, on the first call: a bench that sets V8 flags
 * sets them before.
 * @throws Error when a file is not a corpus document, or its read fails.
 */
export async function recognisedPages(files: readonly string[], dir: string, outDir = 'test/fixtures/evidence/corpus/out'): Promise<RecognisedPage[]> {
  const { createNodeEvidenceReader } = await import('../../../tools/ocr/engine');
  const pages: RecognisedPage[] = [];
  const reader = createNodeEvidenceReader({ workerPerDocument: true, pdfLimits: { heapMb: 512, parseMs: 300_000, renderMs: 300_000 } });
  try {
    for (const file of files) {
      const doc = corpusDocs().find((d) => d.file === file);
      if (!doc) throw new Error(`${file} is not a corpus document`);
      const images: GreyImage[] = [];
      const r = await reader.read({ name: file, bytes: new Uint8Array(readFileSync(join(outDir, file))) }, { languages: { country: doc.country }, onPageImage: (_p, img) => images.push(img) });
      images.forEach((image, i) => {
        const pgm = join(dir, `${file}-${i + 1}.pgm`);
        writeFileSync(pgm, encodePgm(image));
        pages.push({ file, page: i + 1, pages: images.length, langs: r.languages, image, pgm });
      });
    }
  } finally {
    await reader.close();
  }
  return pages;
}

/** Writes a blank 100×100 PGM into `dir` (native Tesseract's run on it is its start) and returns its path. */
export function blankPgm(dir: string): string {
  const path = join(dir, 'blank.pgm');
  writeFileSync(path, Buffer.concat([Buffer.from('P5\n100 100\n255\n'), Buffer.alloc(10_000, 255)]));
  return path;
}
