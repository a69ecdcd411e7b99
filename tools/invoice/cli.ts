/**
 * `npm run invoice -- <invoice.json> <out.pdf> [--lang nl|en]` — renders one invoice (PDF/A-3b
 * with Factur-X EN 16931 XML); an array input renders a batch into a folder or a zip.
 * Exit 0 with the output path on stdout; 2 with a message naming the bad field; 1 on usage.
 * See run.ts for the details.
 */
import { runInvoiceCli } from './run';

process.exitCode = await runInvoiceCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
