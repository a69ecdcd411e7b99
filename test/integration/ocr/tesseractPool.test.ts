/**
 * TesseractPool with the real tesseract.js (Node worker_threads, the app's language data): a
 * started engine is reused from page to page and from document to document, a page that arrives
 * while the engine is still starting (the reader starts it ahead, while pdf.js draws) waits for
 * that start instead of hanging, and a language change re-initialises the started engine in place.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createWorker } from 'tesseract.js';
import { encodePgm, type GreyImage } from '../../../shared/ocr/image';
import { textLine } from '../../support/textImage';
import { TesseractPool, type CreateTesseractWorker } from '../../../renderer/ocr/tesseractPool';
import { prepareLanguageDir } from '../../../tools/ocr/engine';

const pool = new TesseractPool(createWorker as unknown as CreateTesseractWorker, {
  langs: 'eng',
  workerOptions: { langPath: prepareLanguageDir(['eng', 'nld']), gzip: true, cacheMethod: 'none' },
});
afterAll(() => pool.terminate());

const read = async (img: GreyImage) => (await pool.recognise(encodePgm(img), img)).map((l) => l.words.map((w) => w.text).join(' ')).join('\n');

describe('TesseractPool (real tesseract.js)', () => {
  it('a page that arrives while the engine starts waits for it; later pages reuse it; new languages re-initialise it in place', async () => {
    const img = textLine('Invoice 12345 Amsterdam');
    const warm = pool.warmUp(); // started ahead and not awaited, as the readers do while a page is drawn
    const first = await read(img);
    await warm;
    expect(first).toContain('12345');
    expect(pool.starts).toBe(1);
    expect(await read(img)).toContain('12345');
    expect(pool.starts).toBe(1);
    await pool.useLanguages('nld+eng');
    expect(await read(img)).toContain('Amsterdam');
    expect(pool.starts).toBe(1);
    expect(pool.liveWorkers()).toBe(1);
    // released between documents: the next page starts a new worker with the current languages
    await pool.releaseWorkers();
    expect(pool.liveWorkers()).toBe(0);
    expect(await read(img)).toContain('12345');
    expect(pool.starts).toBe(2);
  }, 120_000);

  it('with reinitialise: false, new languages end the started worker and the next page starts one', async () => {
    const restarting = new TesseractPool(createWorker as unknown as CreateTesseractWorker, {
      langs: 'eng',
      reinitialise: false,
      workerOptions: { langPath: prepareLanguageDir(['eng', 'nld']), gzip: true, cacheMethod: 'none' },
    });
    try {
      await restarting.warmUp();
      await restarting.useLanguages('nld+eng');
      expect(restarting.liveWorkers()).toBe(0);
      const img = textLine('Invoice 12345');
      expect((await restarting.recognise(encodePgm(img), img)).flatMap((l) => l.words.map((w) => w.text))).toContain('12345');
      expect(restarting.starts).toBe(2);
    } finally {
      await restarting.terminate();
    }
  }, 120_000);
});
