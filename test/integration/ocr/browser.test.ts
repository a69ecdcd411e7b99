/**
 * The desktop OCR path in a real browser: Vite-built page calling renderer/ocr `readEvidence`,
 * app-served assets, the app's CSP, Debian's Chromium. Skips (with the reason) when
 * /usr/bin/chromium is absent.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { runBrowserCheck } from '../../bench/ocr-browser';

const chromium = existsSync('/usr/bin/chromium');
if (!chromium) console.warn('browser OCR test skipped: /usr/bin/chromium not installed (apt-get install -y chromium)');

describe.skipIf(!chromium)('readEvidence in Chromium (web worker, CSP, app-served assets)', () => {
  it('reads the scanned KvK extract, reports progress, cancels reusing the started engine, leaves no worker behind once idle, and fetches nothing from elsewhere', async () => {
    const r = await runBrowserCheck(['kvk-e2e.pdf', 'hostile/operator_list_cycle.pdf', 'hostile/one-pixel.png']);
    const truth = JSON.parse(readFileSync('test/fixtures/evidence/kvk-e2e.json', 'utf8')) as { fields: Record<string, { value: string }> };
    const res = r.results[0] as { ok: boolean; kind: string; engineStarts: number; fields: Record<string, string>; progress: string[]; message?: string };
    expect(res.ok, res.message).toBe(true);
    expect(res.kind).toBe('chamber-extract');
    for (const k of ['chamberNumber', 'vatNumber', 'postcode', 'name']) expect(res.fields[k]?.split(' @')[0]).toBe(truth.fields[k]!.value);
    expect(res.progress).toEqual(['1/1 text-layer', '1/1 render', '1/1 recognise', '1/1 extract', '1/1 done']);
    expect(res.engineStarts).toBe(1);
    // a file that loops pdf.js (in the evidence worker's own thread): the worker and the engine
    // started for that read are terminated on its 30 s step deadline; the next read starts both afresh
    const cycle = r.results[1] as { ok: boolean; code?: string; ms?: number };
    expect(cycle).toMatchObject({ ok: false, code: 'too-complex' });
    expect(r.results[2]).toMatchObject({ ok: false, code: 'no-text', engineStarts: 1 });
    expect(r.cancel).toMatch(/^cancelled after \d+ ms$/);
    // the second read of the session (cancelled while recognising) used the engine the first one started
    expect(r.cancelEngineStarts).toBe(0);
    // the engine is kept for the idle time (2 s here), then terminated (memory); every evidence worker has ended
    expect(r.workersAfter).toBe(0);
    expect(r.foreignRequests).toEqual([]);
    expect(r.problems).toEqual([]);
  }, 400_000);
});
