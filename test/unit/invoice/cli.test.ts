/**
 * The invoice CLI and batch export on a real file system: exit codes, messages naming the bad
 * field, nothing half-written on disk, folder and zip batches with progress and cancel.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { unzipSync } from 'fflate';
import { exportInvoicesToFolder, exportInvoicesToZip } from '../../../tools/invoice/files';
import { loadInvoiceAssets } from '../../../tools/invoice/assets';
import { InvoiceExportAborted, buildInvoiceZip, type BatchProgress } from '../../../shared/invoice';
import { customers, exampleJson, makeInput, readPdf, repoRoot } from './helpers';
import { runCli, writeJsonIn } from './cliRun';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'invoice-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = runCli;
const writeJson = (name: string, value: unknown): string => writeJsonIn(dir, name, value);

describe('invoice CLI', () => {
  it('renders the example and prints the output path (exit 0)', async () => {
    const out = join(dir, 'example.pdf');
    const r = await run(join(repoRoot, 'test/fixtures/invoice/example.json'), out, '--lang', 'en');
    expect(r).toMatchObject({ code: 0, out, err: '' });
    const read = await readPdf(new Uint8Array(readFileSync(out)));
    expect(read.text).toContain('2026-000123');
    expect(read.text).toContain('INVOICE');
    expect(Object.keys(read.attachments)).toEqual(['factur-x.xml']);
  });

  it('refuses an invoice with a missing field: exit 2, the field named, no output file', async () => {
    const j = exampleJson() as { organisation: Record<string, unknown> };
    delete j.organisation.city;
    const out = join(dir, 'missing-city.pdf');
    const r = await run(writeJson('missing-city.json', j), out);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/organisation\.city is required/);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses unreadable JSON and an output it cannot write, leaving nothing behind', async () => {
    writeFileSync(join(dir, 'broken.json'), '{ "invoice": ');
    const r1 = await run(join(dir, 'broken.json'), join(dir, 'broken.pdf'));
    expect(r1.code).toBe(2);
    expect(r1.err).toMatch(/cannot read .*broken\.json/);
    const r2 = await run(join(repoRoot, 'test/fixtures/invoice/example.json'), join(dir, 'no-such-folder', 'x.pdf'));
    expect(r2.code).toBe(2);
    expect(r2.err).toMatch(/cannot write/);
    expect(existsSync(join(dir, 'no-such-folder'))).toBe(false);
    expect(existsSync(join(dir, 'broken.pdf'))).toBe(false);
  });

  it('prints the JSON Schema of the input with --schema', async () => {
    const r = await run('--schema');
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.out);
    expect(schema.required).toEqual(['invoice', 'organisation', 'supplier']);
    expect(schema.properties.invoice.required).toEqual(expect.arrayContaining(['number', 'issueDate', 'dueDate', 'lines', 'totalCents', 'paymentMethod']));
    expect(schema.properties.supplier.required).toEqual(expect.arrayContaining(['vatNumber', 'chamberNumber', 'iban', 'bic']));
  });

  it('answers usage errors with exit 1', async () => {
    expect((await run()).code).toBe(1);
    expect((await run('a.json', 'b.pdf', '--lang', 'fr')).code).toBe(1);
    expect((await run('a.json', 'b.pdf', '--colour')).code).toBe(1);
  });

  it('exports an array input to a folder and to a zip; a bad item is named by its index', async () => {
    const items = customers.map((c, i) => ({ ...makeInput(c, { number: `2026-00010${i}` }) }));
    const folder = join(dir, 'batch');
    const r = await run(writeJson('batch.json', items), folder, '--lang', 'en');
    expect(r.code).toBe(0);
    expect(readdirSync(folder).sort()).toEqual(['2026-000100 Ærø Fotografie ApS.pdf', '2026-000101 Łódź Studio sp. z o.o.pdf', '2026-000102 Müller & Söhne GmbH.pdf', '2026-000103 Ñandú Films S.L.pdf'].sort());
    const zipPath = join(dir, 'batch.zip');
    expect((await run(join(dir, 'batch.json'), zipPath)).code).toBe(0);
    expect(Object.keys(unzipSync(new Uint8Array(readFileSync(zipPath)))).sort()).toEqual(readdirSync(folder).sort());

    const bad = JSON.parse(JSON.stringify(items));
    delete bad[2].invoice.dueDate;
    const r3 = await run(writeJson('bad-batch.json', bad), join(dir, 'bad-batch.zip'));
    expect(r3.code).toBe(2);
    expect(r3.err).toMatch(/\[2\]\.invoice\.dueDate is required/);
    expect(existsSync(join(dir, 'bad-batch.zip'))).toBe(false);
  });

  it('runs as the `npm run invoice` script (tsx, real process) and exits 2 on a refused input', () => {
    // One real process only (≈2 s on CI): the in-process tests above cover the rest of the CLI.
    const bad = spawnSync(process.execPath, ['--import', 'tsx', 'tools/invoice/cli.ts', writeJson('empty.json', {}), join(dir, 'never.pdf')], { cwd: repoRoot, encoding: 'utf8' });
    expect(bad.status, bad.stderr).toBe(2);
    expect(bad.stderr).toMatch(/invoice is required/);
    expect(existsSync(join(dir, 'never.pdf'))).toBe(false);
  });
});

describe('batch export', () => {
  const render = () => ({ lang: 'nl' as const, ...loadInvoiceAssets() });
  const inputs = Array.from({ length: 6 }, (_, i) => makeInput(customers[i % 4]!, { number: `2026-0002${String(i).padStart(2, '0')}` }));

  it('reports progress per invoice and makes duplicate names unique', async () => {
    const same = [inputs[0]!, inputs[0]!, inputs[1]!];
    const seen: BatchProgress[] = [];
    const zip = unzipSync(await buildInvoiceZip(same, render(), { onProgress: (p) => void seen.push(p) }));
    expect(Object.keys(zip)).toEqual(['2026-000200 Ærø Fotografie ApS.pdf', '2026-000200 Ærø Fotografie ApS (2).pdf', '2026-000201 Łódź Studio sp. z o.o.pdf']);
    expect(seen.map((p) => `${p.done}/${p.total}`)).toEqual(['1/3', '2/3', '3/3']);
    for (const bytes of Object.values(zip)) expect((await readPdf(bytes)).text).toContain('Factuur aan'.toUpperCase());
  });

  it('cancel stops a folder export after the current invoice and writes nothing (all or nothing)', async () => {
    const folder = join(dir, 'cancelled');
    const controller = new AbortController();
    const err = await exportInvoicesToFolder(inputs, folder, render(), {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.done === 2) controller.abort();
      },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvoiceExportAborted);
    expect((err as InvoiceExportAborted).done).toBe(2);
    expect(existsSync(folder)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.startsWith('.cps-'))).toEqual([]);
  });

  it('cancel of a zip export writes no zip', async () => {
    const zipPath = join(dir, 'cancelled.zip');
    const controller = new AbortController();
    controller.abort();
    await expect(exportInvoicesToZip(inputs, zipPath, render(), { signal: controller.signal })).rejects.toBeInstanceOf(InvoiceExportAborted);
    expect(existsSync(zipPath)).toBe(false);
    mkdirSync(join(dir, 'z'), { recursive: true });
    await exportInvoicesToZip(inputs.slice(0, 2), join(dir, 'z', 'ok.zip'), render());
    expect(Object.keys(unzipSync(new Uint8Array(readFileSync(join(dir, 'z', 'ok.zip')))))).toHaveLength(2);
  });
});
