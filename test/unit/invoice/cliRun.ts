/**
 * The invoice CLI run in-process for the CLI tests (not a test file): what a shell would see of
 * `npm run invoice -- <argv…>`, and input files written where a test's temp folder is.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInvoiceCli } from '../../../tools/invoice/run';

/** Runs the invoice CLI with `argv`; returns its exit code and its stdout and stderr lines, each joined with `\n`. */
export async function runCli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runInvoiceCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Writes `value` as JSON to `<dir>/<name>`; returns that path. */
export function writeJsonIn(dir: string, name: string, value: unknown): string {
  const p = join(dir, name);
  writeFileSync(p, JSON.stringify(value));
  return p;
}
