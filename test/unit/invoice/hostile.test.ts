/**
 * Hostile and unlucky input to the invoice CLI: a VAT rate with three decimals, a valid
 * 200-character Cyrillic organisation name in a folder batch, a batch failing at the third
 * invoice, duplicate invoice numbers, control characters. Every refusal is exit 2 naming the
 * field; nothing is left on disk after a refusal or failure.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportInvoicesToFolder } from '../../../tools/invoice/files';
import { loadInvoiceAssets } from '../../../tools/invoice/assets';
import { InvoiceInputError, parseInvoiceInput } from '../../../shared/invoice';
import { customers, makeInput } from './helpers';
import { runCli, writeJsonIn } from './cliRun';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'invoice-hostile-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = runCli;
const writeJson = (name: string, value: unknown): string => writeJsonIn(dir, name, value);
const cyrillicName = 'Фотостудия «Северное сияние» — профессиональная фото- и видеосъёмка, печать, реставрация и оцифровка архивов для музеев, библиотек и частных коллекций Санкт-Петербурга и области ООО';

describe('invoice CLI on hostile input', () => {
  it('a VAT rate of 12.345 is a field error (exit 2), not an uncaught RangeError', async () => {
    const input = JSON.parse(JSON.stringify(makeInput(customers[0]!))) as { invoice: { lines: { vatRate: number }[] } };
    input.invoice.lines[0]!.vatRate = 12.345;
    const r = await run(writeJson('rate.json', input), join(dir, 'rate.pdf'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/invoice\.lines\.0\.vatRate must have at most two decimals/);
    expect(existsSync(join(dir, 'rate.pdf'))).toBe(false);
  });

  it('a folder batch with a valid 200-character Cyrillic organisation name is written (short ASCII temporary names)', async () => {
    expect(cyrillicName.length).toBeGreaterThanOrEqual(180);
    const items = [makeInput(customers[0]!, { number: '2026-000301' }), makeInput({ ...customers[2]!, name: cyrillicName, legalForm: null }, { number: '2026-000302' })];
    const folder = join(dir, 'cyrillic');
    const r = await run(writeJson('cyrillic.json', items), folder);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const files = readdirSync(folder);
    expect(files).toHaveLength(2);
    for (const f of files) expect(Buffer.byteLength(f)).toBeLessThanOrEqual(255);
    expect(files.some((f) => f.startsWith('2026-000302 Фотостудия'))).toBe(true);
  });

  it('an output file name of 250 UTF-8 bytes (Cyrillic) is written: the temporary name is short ASCII, not derived from it', async () => {
    const name = `${'Фотостудия'.repeat(12)}Фотос.pdf`;
    expect(Buffer.byteLength(name)).toBeGreaterThan(240);
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255);
    const out = join(dir, name);
    const r = await run(writeJson('long-name.json', makeInput({ ...customers[2]!, name: cyrillicName, legalForm: null })), out);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(existsSync(out)).toBe(true);
  });

  it('a folder batch failing at the third invoice leaves nothing on disk (new and existing folder)', async () => {
    const inputs = [1, 2, 3, 4].map((i) => makeInput(customers[i % 4]!, { number: `2026-00040${i}` }));
    const render = { lang: 'en' as const, ...loadInvoiceAssets() };
    const fresh = join(dir, 'fails-new');
    const failAtThird = { onProgress: (p: { done: number }) => { if (p.done === 2) throw new Error('disk full'); } };
    await expect(exportInvoicesToFolder(inputs, fresh, render, failAtThird)).rejects.toThrow('disk full');
    expect(existsSync(fresh)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.startsWith('.cps-'))).toEqual([]);

    const existing = join(dir, 'fails-existing');
    mkdirSync(existing);
    writeFileSync(join(existing, 'keep.txt'), 'mine');
    await expect(exportInvoicesToFolder(inputs, existing, render, failAtThird)).rejects.toThrow('disk full');
    expect(readdirSync(existing)).toEqual(['keep.txt']);

    const written = await exportInvoicesToFolder(inputs, existing, render);
    expect(written).toHaveLength(4);
    expect(readdirSync(existing).sort()).toEqual(['keep.txt', ...written.map((p) => p.slice(existing.length + 1))].sort());
  });

  it('refuses a batch with the same invoice number twice (exit 2, both named), writing nothing', async () => {
    const items = [0, 1, 2, 3].map((i) => makeInput(customers[i]!, { number: '2026-000500' }));
    const folder = join(dir, 'dupes');
    const r = await run(writeJson('dupes.json', items), folder);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/\[1\]\.invoice\.number \("2026-000500"\) is also the number of \[0\]/);
    expect(existsSync(folder)).toBe(false);
  });

  it('refuses control characters and lone surrogates in any text, naming the field; a line break only in a line description', () => {
    const refused = (mutate: (j: ReturnType<typeof makeInput>) => void): string => {
      const j = JSON.parse(JSON.stringify(makeInput(customers[2]!))) as ReturnType<typeof makeInput>;
      mutate(j);
      try {
        parseInvoiceInput(j);
      } catch (e) {
        if (e instanceof InvoiceInputError) return `${e.field}: ${e.problem}`;
        throw e;
      }
      return 'accepted';
    };
    expect(refused((j) => (j.organisation.name = 'Müller\u0007 & Söhne'))).toMatch(/^organisation\.name: contains the character U\+0007/);
    expect(refused((j) => (j.organisation.city = 'Düssel\u0000dorf'))).toMatch(/^organisation\.city: contains the character U\+0000/);
    expect(refused((j) => (j.organisation.street = 'Königs\u0085allee'))).toMatch(/^organisation\.street: contains the character U\+0085/);
    expect(refused((j) => (j.invoice.lines[0]!.description = 'Gold \ud800 fee'))).toMatch(/^invoice\.lines\.0\.description: contains the character U\+D800/);
    expect(refused((j) => (j.organisation.name = 'Müller\nSöhne'))).toMatch(/^organisation\.name: contains a line break/);
    expect(refused((j) => (j.invoice.lines[0]!.description = 'CPS Gold\nannual fee'))).toBe('accepted');
    expect(refused((j) => (j.organisation.name = 'Müller 😀 Söhne'))).toBe('accepted');
  });

  it('the CLI refuses a control character with exit 2 and writes no PDF', async () => {
    const j = JSON.parse(JSON.stringify(makeInput(customers[1]!))) as ReturnType<typeof makeInput>;
    j.organisation.name = 'Łódź\u001b[31m Studio';
    const r = await run(writeJson('ctrl.json', j), join(dir, 'ctrl.pdf'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/organisation\.name contains the character U\+001B/);
    expect(existsSync(join(dir, 'ctrl.pdf'))).toBe(false);
  });
});
