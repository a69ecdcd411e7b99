/**
 * The invoice CLI's logic, callable in-process (tests) and from `cli.ts`:
 *
 *   npm run invoice -- <invoice.json> <out.pdf> [--lang nl|en]
 *   npm run invoice -- <invoices.json> <out-folder | out.zip> [--lang nl|en]
 *   npm run invoice -- --schema        (JSON Schema of the input, from the zod schema)
 *
 * `invoice.json` is one object `{ invoice, organisation, supplier }` (see shared/invoice/model.ts
 * and test/fixtures/invoice/example.json); `invoices.json` is an array of such objects (batch).
 * Exit codes: 0 success (the output path on stdout); 2 refused input — unreadable file, bad JSON,
 * a missing or invalid field (named on stderr), or an output that cannot be written; 1 usage.
 * Nothing half-written is left on disk: input is validated and rendered in memory first, files
 * are written atomically, and a folder batch is all-or-nothing (tools/invoice/files.ts). A batch
 * with an invoice number twice is refused; text with control characters is refused (model.ts).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { assertUniqueInvoiceNumbers, InvoiceInputError, invoiceInputSchema, invoiceLanguages, parseInvoiceInput, renderInvoicePdf, type InvoiceInput, type InvoiceLanguage } from '../../shared/invoice';
import { loadInvoiceAssets } from './assets';
import { exportInvoicesToFolder, exportInvoicesToZip, isDirectory, writeFileAtomic } from './files';

/** Where the CLI writes its messages. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

const USAGE =
  'usage: npm run invoice -- <invoice.json> <out.pdf> [--lang nl|en]\n       npm run invoice -- <invoices.json (array)> <out-folder|out.zip> [--lang nl|en]\n       npm run invoice -- --schema   (prints the JSON Schema of invoice.json)';

/** Runs the CLI with `argv` (without node and script); returns the exit code. Never throws. */
export async function runInvoiceCli(argv: string[], io: CliIo): Promise<number> {
  let lang: InvoiceLanguage = 'nl';
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--lang') {
      const v = argv[++i];
      if (!v || !(invoiceLanguages as readonly string[]).includes(v)) {
        io.err(`--lang must be one of ${invoiceLanguages.join(', ')}${v ? `, got ${v}` : ''}`);
        io.err(USAGE);
        return 1;
      }
      lang = v as InvoiceLanguage;
    } else if (a === '--schema') {
      io.out(JSON.stringify(z.toJSONSchema(invoiceInputSchema, { io: 'input' }), null, 2));
      return 0;
    } else if (a === '--help' || a === '-h') {
      io.out(USAGE);
      return 0;
    } else if (a.startsWith('--')) {
      io.err(`unknown option ${a}`);
      io.err(USAGE);
      return 1;
    } else positional.push(a);
  }
  if (positional.length !== 2) {
    io.err(USAGE);
    return 1;
  }
  const [inPath, outPath] = positional as [string, string];

  let json: unknown;
  try {
    json = JSON.parse(readFileSync(inPath, 'utf8'));
  } catch (e) {
    io.err(`cannot read ${inPath}: ${(e as Error).message}`);
    return 2;
  }

  const batch = Array.isArray(json);
  let inputs: InvoiceInput[];
  try {
    inputs = batch ? (json as unknown[]).map((item, i) => parseAt(item, i)) : [parseInvoiceInput(json)];
    if (!inputs.length) throw new InvoiceInputError('(root)', 'is an empty array: no invoices to export');
    assertUniqueInvoiceNumbers(inputs);
  } catch (e) {
    // every refusal names its field; anything else is still a refused input, never a stack trace
    io.err(e instanceof InvoiceInputError ? e.message : `invalid invoice input: ${(e as Error)?.message ?? String(e)}`);
    return 2;
  }

  const assets = loadInvoiceAssets();
  const render = { lang, ...assets };
  const target = resolve(outPath);
  try {
    if (!batch) {
      if (isDirectory(target)) throw new Error(`${outPath} is a folder; give a file name ending in .pdf`);
      const { bytes } = await renderInvoicePdf(inputs[0]!, render);
      writeFileAtomic(target, bytes);
      io.out(target);
    } else if (target.toLowerCase().endsWith('.zip')) {
      await exportInvoicesToZip(inputs, target, render);
      io.out(target);
    } else {
      const written = await exportInvoicesToFolder(inputs, target, render, {});
      for (const p of written) io.out(p);
    }
  } catch (e) {
    io.err(e instanceof InvoiceInputError ? e.message : `cannot write ${outPath}: ${(e as Error).message}`);
    return 2;
  }
  return 0;
}

/** Parses batch item `i`, prefixing the field path with `[i].`. */
function parseAt(item: unknown, i: number): InvoiceInput {
  try {
    return parseInvoiceInput(item);
  } catch (e) {
    if (e instanceof InvoiceInputError) throw new InvoiceInputError(`[${i}].${e.field}`, e.problem, e.problems.map((p) => `[${i}].${p}`));
    throw e;
  }
}
