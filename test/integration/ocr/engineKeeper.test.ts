/**
 * EngineKeeper with real TesseractPools (tesseract.js in Node worker_threads, the app's language
 * data): the engine the page keeps between reads is reused by the next read, a read beside another
 * gets one of its own, a deadline (`discard`) terminates the read's engine mid-page and the next
 * read starts a fresh one, and the kept engine ends after its idle time.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createWorker } from 'tesseract.js';
import { encodePgm } from '../../../shared/ocr/image';
import { textLine } from '../../support/textImage';
import { EngineKeeper } from '../../../renderer/ocr/engineKeeper';
import { TesseractPool, type CreateTesseractWorker } from '../../../renderer/ocr/tesseractPool';
import { prepareLanguageDir } from '../../../tools/ocr/engine';

const langPath = prepareLanguageDir(['eng', 'nld']);
const pools: TesseractPool[] = [];
const keeper = new EngineKeeper((langs) => {
  const pool = new TesseractPool(createWorker as unknown as CreateTesseractWorker, { langs, workerOptions: { langPath, gzip: true, cacheMethod: 'none' } });
  pools.push(pool);
  return pool;
}, 60_000);
afterAll(async () => {
  keeper.release();
  await Promise.all(pools.map((p) => p.terminate()));
});

const img = textLine('Invoice 12345 Amsterdam');
let call = 1;
const recognise = (id: number) => keeper.handle({ type: 'engine', op: 'recognise', id, call: call++, pgm: encodePgm(img), width: img.width, height: img.height, dpi: img.dpi });
const words = (r: Awaited<ReturnType<typeof recognise>>) => (r.lines ?? []).flatMap((l) => l.words.map((w) => w.text));
const starts = () => pools.reduce((n, p) => n + p.starts, 0);

describe('EngineKeeper (real tesseract.js)', () => {
  it('keeps the engine for the next read, gives a read beside another its own, and ends the kept one after its idle time', async () => {
    void keeper.handle({ type: 'engine', op: 'start', id: 1, call: call++, langs: 'eng' });
    expect(words(await recognise(1))).toContain('12345');
    keeper.end(1, 'keep');
    expect(keeper.kept).toBe(true);
    // the next document reuses the started engine, re-initialised for its languages
    expect(await keeper.handle({ type: 'engine', op: 'languages', id: 2, call: call++, langs: 'nld+eng' })).toEqual({});
    expect(keeper.kept).toBe(false);
    // a read beside it gets an engine of its own
    const beside = recognise(3);
    expect(words(await recognise(2))).toContain('Amsterdam');
    expect(words(await beside)).toContain('12345');
    expect(pools).toHaveLength(2);
    expect(starts()).toBe(2);
    keeper.end(3, 'keep');
    keeper.end(2, 'keep');
    // one engine is kept: the other one ends with its read
    expect(keeper.kept).toBe(true);
    expect(pools.filter((p) => p.liveWorkers() > 0)).toHaveLength(1);
    keeper.idleMs = 100;
    // a read that has begun holds the kept engine past the idle time, until it asks for it
    keeper.begin(4);
    await new Promise((r) => setTimeout(r, 300));
    expect(keeper.kept).toBe(true);
    const before = starts();
    expect(words(await recognise(4))).toContain('12345');
    expect(starts()).toBe(before);
    keeper.end(4, 'keep');
    await new Promise((r) => setTimeout(r, 400));
    expect(keeper.kept).toBe(false);
    expect(pools.filter((p) => p.liveWorkers() > 0)).toHaveLength(0);
    keeper.idleMs = 60_000;
  }, 180_000);

  it('a deadline ends the read’s engine mid-page, and the next read starts a fresh one', async () => {
    void keeper.handle({ type: 'engine', op: 'start', id: 5, call: call++, langs: 'eng' });
    expect(words(await recognise(5))).toContain('12345');
    const running = recognise(5);
    await new Promise((r) => setTimeout(r, 50));
    const before = starts();
    const pool = pools.at(-1)!;
    keeper.end(5, 'discard');
    expect(await running).toMatchObject({ error: { code: 'cancelled' } });
    expect(keeper.kept).toBe(false);
    expect(pool.liveWorkers()).toBe(0);
    expect(words(await recognise(6))).toContain('12345');
    expect(starts()).toBe(before + 1);
    keeper.end(6, 'keep');
  }, 180_000);
});
