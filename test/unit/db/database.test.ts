import { afterEach, describe, expect, it } from 'vitest';
import { indexedDB, IDBKeyRange } from 'fake-indexeddb';
import { createRxDatabase } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { createDeskDatabase, type DeskDatabase } from '../../../renderer/db/database';
import { loadSnapshotIfEmpty } from '../../../renderer/db/catalog';
import { evidenceDocumentSchemaLiteral, invoiceSchemaLiteral, membershipSchemaLiteral, registrationSchemaLiteral } from '../../../shared/schemas';
import catalog from '../../../resources/catalog.json';
import program from '../../../resources/program.json';
import type { CatalogSnapshot, ProgramSnapshot } from '../../../renderer/db/catalog';

const storage = () => getRxStorageDexie({ indexedDB, IDBKeyRange });
let n = 0;
const open: DeskDatabase[] = [];
async function freshDb(name = `t${Date.now()}-${n++}`) {
  const db = await createDeskDatabase({ name, storage: storage(), devMode: true, multiInstance: false });
  open.push(db);
  return db;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((db) => (db.closed ? undefined : db.close())));
});

const now = '2026-11-29T10:00:00.000000Z';
const good = {
  organisations: { id: 'o1', name: 'Studio Noord B.V.', country: 'NL', dealerId: 'd1', status: 'draft', updatedAt: now },
  registrations: { id: 'r1', organisationId: 'o1', productModelId: 'pm-eos-r5', serialNumber: '123456789012', purchaseDate: '2026-01-02', purchaseDateEstimated: false, purchaseCountry: 'NL', dealerName: 'Foto Centrum', status: 'draft', points: 0, updatedAt: now },
  memberships: { id: 'm1', organisationId: 'o1', tierId: 'tier-gold', paymentMethod: 'card', termsAcceptedAt: now, status: 'requested', updatedAt: now },
  invoices: { id: 'i1', number: '2026-000001', organisationId: 'o1', membershipId: 'm1', issueDate: '2026-11-29', dueDate: '2026-12-29', currency: 'EUR', lines: [{ description: 'Gold', quantity: 1, unitPriceCents: 17000, vatRate: 21, netCents: 17000, vatCents: 3570 }], netCents: 17000, vatCents: 3570, totalCents: 20570, paymentMethod: 'card', status: 'open', updatedAt: now },
  evidenceDocuments: { id: 'e1', organisationId: 'o1', kind: 'chamber-extract', fileName: 'kvk.pdf', mimeType: 'application/pdf', extracted: { name: { value: 'Studio Noord B.V.', confidence: 0.97, page: 1, bbox: [10, 20, 200, 40] } }, updatedAt: now },
  programTiers: { id: 'tier-x', name: 'X', kind: 'individual', minPoints: 1, maxPoints: null, annualFeeCents: 100, currency: 'EUR', updatedAt: now },
  programTerms: { id: 't-x', version: 'x-1', effectiveOn: '2026-01-01', texts: { nl: { title: 'Voorwaarden', sections: [{ heading: '1', paragraphs: ['Tekst.'] }] }, en: { title: 'Terms', sections: [{ heading: '1', paragraphs: ['Text.'] }] } }, updatedAt: now },
  productModels: { id: 'pm-x', code: 'X-1', name: 'X 1', category: 'body', points: 10, serialPattern: '[0-9]{12}', releasedOn: '2020-01-01', retired: false, updatedAt: now },
} as const;

const bad: Record<keyof typeof good, Record<string, unknown>> = {
  organisations: { ...good.organisations, status: 'approved' },
  registrations: { ...good.registrations, points: -5 },
  memberships: { ...good.memberships, paymentMethod: 'cash' },
  invoices: { ...good.invoices, currency: 'euro' },
  evidenceDocuments: { ...good.evidenceDocuments, kind: 'passport' },
  programTiers: { ...good.programTiers, kind: 'gold' },
  programTerms: { ...good.programTerms, texts: { nl: good.programTerms.texts.nl } },
  productModels: { ...good.productModels, retired: 'no' },
};

describe('collection schemas (RxDB + Dexie on fake-indexeddb, validation on)', () => {
  for (const name of Object.keys(good) as (keyof typeof good)[]) {
    it(`${name}: accepts a good document and rejects a bad one`, async () => {
      const db = await freshDb();
      const collection = db[name] as unknown as { insert(d: unknown): Promise<{ toJSON(): Record<string, unknown> }> };
      const saved = await collection.insert({ ...good[name] });
      expect(saved.toJSON().id).toBe(good[name].id);
      await expect(collection.insert({ ...bad[name], id: 'other' })).rejects.toThrow(/VD2|schema/i);
    });
  }
});

describe('schema migration', () => {
  it('migrates a v0 registration (no purchaseDateEstimated) to v1', async () => {
    const name = `mig${Date.now()}`;
    const v0 = structuredClone(registrationSchemaLiteral) as unknown as { version: number; properties: Record<string, unknown>; required: string[] };
    v0.version = 0;
    delete v0.properties.purchaseDateEstimated;
    v0.required = v0.required.filter((f) => f !== 'purchaseDateEstimated');
    const old = await createRxDatabase({ name, storage: wrappedValidateAjvStorage({ storage: storage() }), multiInstance: false });
    await old.addCollections({ registrations: { schema: v0 as never } });
    const { purchaseDateEstimated: _, ...oldDoc } = good.registrations;
    await old.registrations!.insert(oldDoc);
    await old.close();

    const db = await freshDb(name);
    const doc = await db.registrations.findOne('r1').exec();
    expect(doc?.toJSON()).toMatchObject({ serialNumber: '123456789012', purchaseDateEstimated: false });
  });

  it('migrates a v0 membership (no termsVersion) to v1 with the version unknown (null)', async () => {
    const name = `mig-mem${Date.now()}`;
    const v0 = structuredClone(membershipSchemaLiteral) as unknown as { version: number; properties: Record<string, unknown> };
    v0.version = 0;
    delete v0.properties.termsVersion;
    const old = await createRxDatabase({ name, storage: wrappedValidateAjvStorage({ storage: storage() }), multiInstance: false });
    await old.addCollections({ memberships: { schema: v0 as never } });
    await old.memberships!.insert({ ...good.memberships });
    await old.close();

    const db = await freshDb(name);
    expect((await db.memberships.findOne('m1').exec())?.toJSON()).toMatchObject({ tierId: 'tier-gold', termsVersion: null });
  });

  it('migrates a v0 evidence document (no sha256/fileSize) to v1, and v1 accepts the file fields', async () => {
    const name = `mig-ev${Date.now()}`;
    const v0 = structuredClone(evidenceDocumentSchemaLiteral) as unknown as { version: number; properties: Record<string, unknown> };
    v0.version = 0;
    delete v0.properties.sha256;
    delete v0.properties.fileSize;
    const old = await createRxDatabase({ name, storage: wrappedValidateAjvStorage({ storage: storage() }), multiInstance: false });
    await old.addCollections({ evidenceDocuments: { schema: v0 as never } });
    await old.evidenceDocuments!.insert({ ...good.evidenceDocuments });
    await old.close();

    const db = await freshDb(name);
    const doc = await db.evidenceDocuments.findOne('e1').exec();
    expect(doc?.toJSON()).toMatchObject({ fileName: 'kvk.pdf', mimeType: 'application/pdf' });
    expect(doc?.sha256).toBeUndefined();
    await doc!.incrementalPatch({ sha256: 'a'.repeat(64), fileSize: 1234 });
    expect((await db.evidenceDocuments.findOne('e1').exec())?.fileSize).toBe(1234);
    await expect(db.evidenceDocuments.insert({ ...good.evidenceDocuments, id: 'e2', sha256: 'NOT-HEX' } as never)).rejects.toThrow(/VD2|schema/i);
  });
});

describe('schema migration: tier change (docs/program.md#changing-tier)', () => {
  it('keeps v0 memberships and invoices as they are in v1, and v1 holds a replaced membership and a credit note', async () => {
    const name = `mig-tier${Date.now()}`;
    const v0 = <T,>(literal: T, drop: string[], statuses: readonly string[]) => {
      const s = structuredClone(literal) as unknown as { version: number; properties: Record<string, { enum?: readonly string[] }> };
      s.version = 0;
      for (const f of drop) delete s.properties[f];
      s.properties.status = { ...s.properties.status, enum: statuses };
      return s;
    };
    const old = await createRxDatabase({ name, storage: wrappedValidateAjvStorage({ storage: storage() }), multiInstance: false });
    await old.addCollections({
      memberships: { schema: v0(membershipSchemaLiteral, ['replacedByMembershipId', 'replacedByTierId', 'replacedOn'], ['requested', 'active', 'rejected', 'expired']) as never },
      invoices: { schema: v0(invoiceSchemaLiteral, ['documentType', 'precedingInvoiceId', 'precedingInvoiceNumber', 'precedingInvoiceIssueDate', 'creditNoteId', 'creditNoteNumber'], ['open', 'paid', 'overdue']) as never },
    });
    await old.memberships!.insert({ ...good.memberships });
    await old.invoices!.insert({ ...good.invoices });
    await old.close();

    const db = await freshDb(name);
    expect((await db.memberships.findOne('m1').exec())?.toJSON()).toMatchObject({ status: 'requested', tierId: 'tier-gold' });
    expect((await db.invoices.findOne('i1').exec())?.toJSON()).toMatchObject({ number: '2026-000001', status: 'open' });
    await db.memberships.insert({ ...good.memberships, id: 'm2', status: 'replaced', replacedByMembershipId: 'm3', replacedByTierId: 'tier-corporate-c', replacedOn: '2026-11-29' });
    await db.invoices.insert({ ...good.invoices, lines: [...good.invoices.lines], id: 'cn1', number: 'CN-2026-000001', status: 'settled', documentType: 'credit-note', precedingInvoiceId: 'i1', precedingInvoiceNumber: '2026-000001', precedingInvoiceIssueDate: '2026-11-29' });
    await expect(db.invoices.insert({ ...good.invoices, id: 'cn2', documentType: 'debit-note' } as never)).rejects.toThrow(/VD2|schema/i);
  });
});

describe('offline catalog snapshot', () => {
  it('loads the shipped catalog, tiers and terms into a fresh database once', async () => {
    const db = await freshDb();
    const first = await loadSnapshotIfEmpty(db, catalog as CatalogSnapshot, program as unknown as ProgramSnapshot);
    expect(first.productModels).toBeGreaterThanOrEqual(150);
    expect(first.programTiers).toBe(6);
    expect(first.programTerms).toBe(program.programTerms.length);
    const again = await loadSnapshotIfEmpty(db, catalog as CatalogSnapshot, program as unknown as ProgramSnapshot);
    expect(again).toEqual({ productModels: 0, programTiers: 0, programTerms: 0 });
    const terms = await db.programTerms.findOne('terms-2026-1').exec();
    expect(terms?.texts.nl.sections.flatMap((s) => s.paragraphs).join(' ')).toContain('Bankoverschrijving — er kunnen extra bankkosten in rekening worden gebracht; betaal vóór de vervaldatum');
    const r5 = await db.productModels.findOne({ selector: { code: 'EOS-R5' } }).exec();
    expect(r5?.points).toBe(500);
  });
});
