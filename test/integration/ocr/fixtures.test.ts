/**
 * OCR of a subset of the scanned fixtures end to end (render → OCR → extraction), one worker pool
 * for the file. The whole set (21 documents) runs in the bench (`npx tsx test/bench/ocr.ts`): OCR
 * costs ≈1–3 s per page on 2 cores, so the unit run keeps to 6 documents to stay within budget.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createNodeEvidenceReader } from '../../../tools/ocr/engine';
import { LOW_CONFIDENCE } from '../../../shared/ocr/extract';
import { EvidenceError } from '../../../shared/ocr/errors';
import { validateKvkNumber, validateVatNumber } from '../../../shared/identifiers';

const dir = 'test/fixtures/evidence';
const reader = createNodeEvidenceReader({ langs: 'nld+eng+deu+fra' });
afterAll(() => reader.close());

const subset = ['kvk-e2e.pdf', 'nl-kvk-two-pages.pdf', 'nl-kvk-letter-o.pdf', 'nl-invoice-bad-vat.pdf', 'be-kbo-fr.pdf', 'nl-invoice-text-layer.pdf'];

describe('scanned fixtures: every field exact or flagged; no invalid identifier passes as valid', () => {
  for (const file of subset) {
    it(file, async () => {
      const truth = JSON.parse(readFileSync(`${dir}/${file.replace('.pdf', '.json')}`, 'utf8')) as {
        kind: string;
        fields: Record<string, { value: string; invalid?: boolean }>;
        upsideDown: number[];
        textLayer: boolean;
      };
      const r = await reader.read({ name: file, bytes: new Uint8Array(readFileSync(`${dir}/${file}`)) });
      expect(r.kind).toBe(truth.kind);
      for (const [name, want] of Object.entries(truth.fields)) {
        const got = r.fields[name as keyof typeof r.fields];
        const flagged = !!got && (got.invalid || got.confidence < LOW_CONFIDENCE);
        if (!got || got.value !== want.value) expect(flagged, `${name}: got ${JSON.stringify(got)} want ${want.value}`).toBe(true);
        if (want.invalid) expect(got?.invalid, `${name} must be flagged invalid`).toBe(true);
      }
      const vat = r.fields.vatNumber;
      if (vat && !vat.invalid) expect(validateVatNumber(vat.value).valid).toBe(true);
      const kvk = r.fields.chamberNumber;
      if (kvk && !kvk.invalid && r.fields.country?.value === 'NL') expect(validateKvkNumber(kvk.value).valid).toBe(true);
      for (const p of truth.upsideDown) expect(r.timings[p - 1]!.rotation).toBe(180);
      expect(r.timings.every((t) => t.source === (truth.textLayer ? 'text-layer' : 'ocr'))).toBe(true);
    }, 180_000);
  }
});

describe('cancellation', () => {
  it('stops during recognition and terminates the worker', async () => {
    const controller = new AbortController();
    const bytes = new Uint8Array(readFileSync(`${dir}/de-rechnung.pdf`));
    const started = performance.now();
    let abortedAt = 0;
    const p = reader.read({ name: 'de-rechnung.pdf', bytes }, {
      signal: controller.signal,
      onProgress: (_page, _pages, stage) => {
        if (stage === 'recognise') setTimeout(() => { abortedAt = performance.now(); controller.abort(); }, 300);
      },
    });
    const err = await p.then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(EvidenceError);
    expect((err as EvidenceError).code).toBe('cancelled');
    expect(abortedAt).toBeGreaterThan(started);
    expect(performance.now() - abortedAt).toBeLessThan(2000);
    expect(reader.pool.liveWorkers()).toBe(0);
  }, 120_000);
});
