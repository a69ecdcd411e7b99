/**
 * The OCR CLI on every hostile file of test/fixtures/hostile (image and page bombs, pdf.js's
 * operator_list_cycle.pdf, files with no readable text): each ends with exit 2 and its specific
 * error code on one stderr line (no stack trace), under 1.5 GB peak RSS (GNU time) and within a
 * loose time bound: 20 s, scaled up by the machine's load when it has more runnable work than
 * cores (printed). Exact numbers: `npx tsx test/bench/ocr-hostile.ts`.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { measureOcrCli } from '../../bench/ocr-hostile';

const expected: Record<string, string> = {
  'png-60000-header.png': 'image-too-large',
  'png-20000-1bit.png': 'image-too-large',
  'tiff-60000-header.tif': 'image-too-large',
  'jpeg-60000-header.jpg': 'image-too-large',
  'pdf-image-40000.pdf': 'image-too-large',
  'pdf-page-200in.pdf': 'page-too-large',
  'pdf-page-1e7pt.pdf': 'page-too-large',
  'operator_list_cycle.pdf': 'too-complex',
  'blank-page.pdf': 'no-text',
  'one-pixel.png': 'no-text',
  'garbage-content.pdf': 'no-text',
};

const haveTime = existsSync('/usr/bin/time');
if (!haveTime) console.warn('hostile OCR CLI test skipped: /usr/bin/time (GNU time) is not installed (apt-get install -y time)');

function timeBoundS(): number {
  const load = Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
  const factor = Math.min(6, Math.max(1, load / cpus().length));
  if (factor > 1) console.warn(`load ${load} on ${cpus().length} cores: time bound ${Math.round(20 * factor)} s instead of 20 s`);
  return 20 * factor;
}

describe.skipIf(!haveTime)('OCR CLI on hostile files: a specific error, bounded time and memory, never a crash', () => {
  for (const [file, code] of Object.entries(expected)) {
    it(`${file} → ${code}`, async () => {
      const bound = timeBoundS();
      const r = await measureOcrCli(`test/fixtures/hostile/${file}`, 120);
      expect(r.exit, r.stderr).toBe(2);
      expect(r.stderr.split('\n')[0]).toMatch(new RegExp(`^${code}: `));
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(r.peakRssMb).toBeGreaterThan(0);
      expect(r.peakRssMb).toBeLessThan(1536);
      expect(r.seconds).toBeLessThan(bound);
    }, 150_000);
  }

  it('--json prints the outcome with kind unknown', async () => {
    const r = await measureOcrCli('test/fixtures/hostile/one-pixel.png', 120, ['--json']);
    expect(r.exit).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ file: 'one-pixel.png', kind: 'unknown', error: 'no-text' });
  }, 150_000);
});
