/**
 * `npm run ocr -- <file> [--lang nld+eng] [--json] [--workers N] [--force-ocr]`
 * Prints the document kind and the fields (value, confidence, page, bbox in PDF points) and the
 * time per page. Exit 0 on success; 2 on unreadable input (one line `<code>: <message>` on stderr,
 * the code from `evidenceErrorCodes`; with --json also `{ file, kind: "unknown", error, message }`
 * on stdout), including a file with no readable text (`no-text`); 1 on a usage error. Never a stack
 * trace: an unexpected failure is reported as `engine: <message>` with exit 2.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { isEvidenceError } from '../../shared/ocr/errors';
import { contentType } from '../../shared/ocr/sniff';
import { createNodeEvidenceReader } from './engine';

function usage(msg?: string): never {
  if (msg) process.stderr.write(`${msg}\n`);
  process.stderr.write('usage: npm run ocr -- <file.pdf|jpg|png|tif> [--lang nld+eng] [--json] [--workers N] [--force-ocr]\n');
  process.exit(1);
}

async function main(argv: string[]): Promise<number> {
  let file: string | undefined;
  let langs = 'nld+eng+deu+fra';
  let json = false;
  let workers = 1;
  let forceOcr = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') json = true;
    else if (a === '--force-ocr') forceOcr = true;
    else if (a === '--lang') langs = argv[++i] ?? usage('--lang needs a value, e.g. nld+eng');
    else if (a === '--workers') {
      workers = Number(argv[++i] ?? usage('--workers needs a number'));
      if (!Number.isInteger(workers) || workers < 1 || workers > 8) usage('--workers must be a whole number from 1 to 8');
    } else if (a.startsWith('--')) usage(`unknown option ${a}`);
    else if (!file) file = a;
    else usage(`unexpected argument ${a}`);
  }
  if (!file) usage();
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(file));
  } catch (e) {
    process.stderr.write(`cannot read ${file}: ${(e as Error).message}\n`);
    return 2;
  }
  if (!/^[a-z]{3}(\+[a-z]{3})*$/.test(langs)) usage(`--lang takes tesseract language codes joined by +, e.g. nld+eng (got "${langs}")`);
  let reader: ReturnType<typeof createNodeEvidenceReader>;
  try {
    reader = createNodeEvidenceReader({ langs, workers, prestartPdfWorker: contentType(bytes) === 'pdf' });
  } catch (e) {
    if (isEvidenceError(e)) {
      process.stderr.write(`${e.code}: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  try {
    const result = await reader.read({ name: basename(file), bytes }, { forceOcr });
    const out = {
      file: basename(file),
      kind: result.kind,
      kindConfidence: result.kindConfidence,
      pageCount: result.pageCount,
      fields: result.fields,
      pages: result.timings.map((t) => ({ page: t.page, source: t.source, rotation: t.rotation, renderMs: t.renderMs, recogniseMs: t.recogniseMs, quality: t.quality })),
    };
    if (json) {
      process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    } else {
      process.stdout.write(`${out.file}: ${out.kind} (confidence ${out.kindConfidence}), ${out.pageCount} page(s)\n`);
      for (const [name, f] of Object.entries(out.fields)) {
        const flag = f.invalid ? '  INVALID' : f.repaired ? `  (repaired from ${f.read})` : '';
        process.stdout.write(`  ${name.padEnd(14)} ${f.value.padEnd(36)} conf ${f.confidence.toFixed(2)}  p${f.page} [${f.bbox.join(', ')}]${flag}\n`);
      }
      for (const p of out.pages) process.stdout.write(`  page ${p.page}: ${p.source}, rotated ${p.rotation}°, quality ${p.quality ?? '-'}, render ${p.renderMs} ms, recognise ${p.recogniseMs} ms\n`);
    }
    return 0;
  } catch (e) {
    const code = isEvidenceError(e) ? e.code : 'engine';
    const message = isEvidenceError(e) ? e.message : `OCR failed: ${(e as Error)?.message ?? String(e)}`;
    if (json) process.stdout.write(`${JSON.stringify({ file: basename(file), kind: 'unknown', error: code, message }, null, 2)}\n`);
    process.stderr.write(`${code}: ${message}\n`);
    return 2;
  } finally {
    await reader.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`engine: OCR failed: ${(e as Error)?.message ?? String(e)}\n`);
    process.exit(2);
  },
);
