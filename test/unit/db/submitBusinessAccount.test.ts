/**
 * Submitting a new business account is one idempotent step (renderer/actions/organisations.ts):
 * a failure in between never leaves an organisation pending validation without its evidence, and
 * a retry finishes the SAME organisation. Real RxDB on Dexie (fake-indexeddb), failures injected
 * with RxDB hooks at the two points between writes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { indexedDB, IDBKeyRange } from 'fake-indexeddb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { createDeskDatabase, type DeskDatabase } from '../../../renderer/db/database';
import { submitBusinessAccount, type BusinessAccountSubmission } from '../../../renderer/actions/organisations';

let n = 0;
const open: DeskDatabase[] = [];
async function freshDb() {
  const db = await createDeskDatabase({ name: `submit-${Date.now()}-${n++}`, storage: getRxStorageDexie({ indexedDB, IDBKeyRange }), devMode: true, multiInstance: false });
  open.push(db);
  return db;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((db) => (db.closed ? undefined : db.close())));
});

const bytes = new TextEncoder().encode('%PDF-1.4 scanned extract');
const submission: BusinessAccountSubmission = {
  organisation: { id: 'org-1', name: 'Fotostudio Zuid B.V.', legalForm: 'B.V.', street: 'Markt', houseNumber: '1', postcode: '1234 AB', city: 'Utrecht', country: 'NL', vatNumber: '', chamberNumber: '12345678', email: '', legacyEmail: null, dealerId: 'd1', createdAt: '2026-12-01T10:00:00.000Z' },
  evidence: { id: 'ev-1', kind: 'chamber-extract', fileName: 'kvk.pdf', mimeType: 'application/pdf', extracted: {} },
  file: { bytes, mimeType: 'application/pdf' },
};

async function state(db: DeskDatabase) {
  const orgs = await db.organisations.find().exec();
  const evidence = await db.evidenceDocuments.find().exec();
  const file = evidence[0]?.getAttachment('file');
  return {
    organisations: orgs.map((o) => ({ id: o.id, status: o.status })),
    evidence: evidence.map((e) => ({ id: e.id, organisationId: e.organisationId })),
    file: file ? new Uint8Array(await (await file.getData()).arrayBuffer()) : null,
  };
}

describe('submitting a new business account', () => {
  it('a failure after the evidence document is written: nothing pending without evidence; the retry finishes the same organisation', async () => {
    const db = await freshDb();
    let fail = true;
    db.evidenceDocuments.postInsert(() => {
      if (fail) {
        fail = false;
        throw new Error('disk full');
      }
    }, false);
    await expect(submitBusinessAccount(db, submission)).rejects.toThrow('disk full');
    const after = await state(db);
    expect(after.organisations.filter((o) => o.status === 'pending-validation')).toEqual([]);

    await submitBusinessAccount(db, submission);
    const done = await state(db);
    expect(done.organisations).toEqual([{ id: 'org-1', status: 'pending-validation' }]);
    expect(done.evidence).toEqual([{ id: 'ev-1', organisationId: 'org-1' }]);
    expect(done.file).toEqual(bytes);
  });

  it('a failure at the last step leaves a draft with its evidence; the retry submits it, once', async () => {
    const db = await freshDb();
    let fail = true;
    db.organisations.preSave((data) => {
      if (fail && data.status === 'pending-validation') {
        fail = false;
        throw new Error('storage went away');
      }
    }, false);
    await expect(submitBusinessAccount(db, submission)).rejects.toThrow('storage went away');
    const after = await state(db);
    expect(after.organisations).toEqual([{ id: 'org-1', status: 'draft' }]);
    expect(after.file).toEqual(bytes);

    await submitBusinessAccount(db, submission);
    await submitBusinessAccount(db, submission); // a double click changes nothing twice
    const done = await state(db);
    expect(done.organisations).toEqual([{ id: 'org-1', status: 'pending-validation' }]);
    expect(done.evidence).toEqual([{ id: 'ev-1', organisationId: 'org-1' }]);
  });
});
