/**
 * The renderer's invoice export (renderer/invoice/export.ts) driven in Node with a platform whose
 * `saveFile` writes into a temporary folder, and the assets read from resources/ (the app would
 * fetch the same files from its bundle).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { exportInvoice, exportInvoices, invoiceExportName } from '../../../renderer/invoice/export';
import type { DeskApi, SaveKind } from '../../../shared/platform/api';
import type { Invoice, Organisation } from '../../../shared/schemas';
import { formatDate } from '../../../shared/text/dates';
import { assets, customers, makeInput, readPdf } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'invoice-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A platform that saves into `dir` under the suggested name (what the save dialog proposes). */
function folderPlatform(saved: Array<{ name: string; kind: SaveKind }>): DeskApi {
  const unused = () => {
    throw new Error('not used by invoice export');
  };
  return {
    appInfo: unused,
    settings: { get: unused, set: unused },
    openDocument: unused,
    secrets: { available: unused, store: unused, read: unused, remove: unused },
    async saveFile(name: string, kind: SaveKind, bytes: Uint8Array) {
      const path = join(dir, name);
      writeFileSync(path, bytes);
      saved.push({ name, kind });
      return { saved: true, path };
    },
  } as unknown as DeskApi;
}

/** A Dutch organisation (its invoices are in Dutch: the organisation's language). */
const dutch = { name: 'Fotostudio Noorderlicht', legalForm: 'B.V.', street: 'Nieuwestad', houseNumber: '1', postcode: '8911 CJ', city: 'Leeuwarden', country: 'NL', vatNumber: 'NL004495445B01', chamberNumber: '33283281', email: 'noorderlicht@example.test' };

/** RxDB-shaped documents (with bookkeeping fields) for customer `i` (or the Dutch one). */
function docs(i: number | 'nl', number: string, over: Record<string, unknown> = {}): { invoice: Invoice; organisation: Organisation } {
  const input = i === 'nl' ? makeInput(dutch, { number }) : makeInput(customers[i]!, { number, reverseCharge: true });
  const organisation = { ...input.organisation, id: `org-${i}`, dealerId: 'dealer-1', status: 'validated', statusReason: null, legacyEmail: null, updatedAt: '2026-03-01T00:00:00.000Z', _deleted: false } as unknown as Organisation;
  const invoice = { ...input.invoice, id: `inv-${number}`, organisationId: `org-${i}`, membershipId: 'm-1', updatedAt: '2026-03-01T00:00:00.000Z', _deleted: false, ...over } as unknown as Invoice;
  return { invoice, organisation };
}

const loadAssets = async () => assets;

describe('renderer invoice export', () => {
  it('saves one invoice as "<number> <organisation>.pdf" through the platform', async () => {
    const saved: Array<{ name: string; kind: SaveKind }> = [];
    const { invoice, organisation } = docs(2, '2026-000300');
    const r = await exportInvoice(folderPlatform(saved), invoice, organisation, { loadAssets });
    expect(saved).toEqual([{ name: '2026-000300 Müller & Söhne GmbH.pdf', kind: 'pdf' }]);
    expect(r.saved).toBe(true);
    const read = await readPdf(new Uint8Array(readFileSync(join(dir, saved[0]!.name))));
    expect(read.text).toContain('Müller & Söhne GmbH');
    expect(read.text).toContain('VAT reverse charged');
    expect(invoiceExportName(invoice, organisation)).toBe(saved[0]!.name);
  });

  it('saves many as one zip with progress, and cancel saves nothing', async () => {
    const items = customers.map((_, i) => docs(i, `2026-00031${i}`));
    const saved: Array<{ name: string; kind: SaveKind }> = [];
    const progress: string[] = [];
    await exportInvoices(folderPlatform(saved), items, { loadAssets, zipName: 'facturen maart.zip', onProgress: (d, t) => progress.push(`${d}/${t}`) });
    expect(saved).toEqual([{ name: 'facturen maart.zip', kind: 'zip' }]);
    expect(progress).toEqual(['1/4', '2/4', '3/4', '4/4']);
    const zip = unzipSync(new Uint8Array(readFileSync(join(dir, 'facturen maart.zip'))));
    expect(Object.keys(zip)).toEqual(['2026-000310 Ærø Fotografie ApS.pdf', '2026-000311 Łódź Studio sp. z o.o.pdf', '2026-000312 Müller & Söhne GmbH.pdf', '2026-000313 Ñandú Films S.L.pdf']);
    expect((await readPdf(zip['2026-000311 Łódź Studio sp. z o.o.pdf']!)).text).toContain('Łódź');

    const controller = new AbortController();
    const cancelledSaves: Array<{ name: string; kind: SaveKind }> = [];
    const err = await exportInvoices(folderPlatform(cancelledSaves), items, {
      loadAssets,
      signal: controller.signal,
      onProgress: (d) => d === 1 && controller.abort(),
    }).catch((e: Error) => e);
    expect((err as Error).name).toBe('AbortError');
    expect(cancelledSaves).toEqual([]);
  });

  it('refuses an incomplete invoice before rendering anything, naming the invoice and field', async () => {
    const items = [docs(0, '2026-000320'), docs(1, '2026-000321')];
    (items[1]!.organisation as { street?: string }).street = '';
    const saved: Array<{ name: string; kind: SaveKind }> = [];
    let progressCalls = 0;
    const refused = exportInvoices(folderPlatform(saved), items, { loadAssets, onProgress: () => progressCalls++ });
    await expect(refused).rejects.toThrow(/organisation\.street is required \(invoice 2026-000321\)/);
    // the screen names the invoice and its organisation in the user's language (renderer/app/failures.ts)
    await expect(refused).rejects.toMatchObject({ invoiceNumber: '2026-000321', organisationName: 'Łódź Studio sp. z o.o.' });
    expect(progressCalls).toBe(0);
    expect(saved).toEqual([]);
  });
  it('writes each document in its own language (the organisation\'s), whatever the app\'s language', async () => {
    // The server wrote the line in the organisation's language; labels, dates and amounts follow it.
    const nl = docs('nl', '2026-000330');
    (nl.invoice.lines[0] as { description: string }).description = 'CPS Gold-lidmaatschap, jaarbijdrage (01-03-2026 – 28-02-2027)';
    const credit = docs('nl', 'CN-2026-000004', { documentType: 'credit-note', status: 'settled', paymentReference: null, issueDate: '2026-03-05', dueDate: '2026-03-05', precedingInvoiceNumber: '2026-000330', precedingInvoiceIssueDate: '2026-03-01' });
    credit.invoice.lines = nl.invoice.lines;
    const en = docs(2, '2026-000331');
    const saved: Array<{ name: string; kind: SaveKind }> = [];
    await exportInvoices(folderPlatform(saved), [nl, credit, en], { loadAssets, zipName: 'mixed.zip' });
    const zip = unzipSync(new Uint8Array(readFileSync(join(dir, 'mixed.zip'))));
    const text = async (name: string) => (await readPdf(zip[name]!)).text;

    const invoiceNl = await text('2026-000330 Fotostudio Noorderlicht B.V.pdf');
    expect(invoiceNl).toContain('FACTUUR');
    expect(invoiceNl).toContain('Vervaldatum');
    expect(invoiceNl).toContain(formatDate('2026-03-31', 'nl')); // 31-03-2026
    expect(invoiceNl).toMatch(/205,70/); // € 170,00 + 21 % btw, Dutch decimal comma
    expect(invoiceNl).toContain('Nederland');
    for (const english of ['INVOICE', 'Due date', 'Description', formatDate('2026-03-31', 'en'), '205.70', 'Netherlands']) expect(invoiceNl).not.toContain(english);

    const creditNl = await text('CN-2026-000004 Fotostudio Noorderlicht B.V.pdf');
    expect(creditNl).toContain('CREDITNOTA');
    expect(creditNl).toContain(formatDate('2026-03-01', 'nl'));
    for (const english of ['CREDIT NOTE', 'Credits invoice', 'Description']) expect(creditNl).not.toContain(english);

    const invoiceEn = await text('2026-000331 Müller & Söhne GmbH.pdf');
    expect(invoiceEn).toContain('INVOICE');
    expect(invoiceEn).not.toContain('FACTUUR');

    // one document, one language: the embedded Factur-X notes too
    const xml = new TextDecoder().decode(Object.values((await readPdf(zip['2026-000330 Fotostudio Noorderlicht B.V.pdf']!)).attachments)[0]!.content);
    expect(xml).toContain('bankkosten');
    expect(xml).not.toContain('bank charges');
  });
});
