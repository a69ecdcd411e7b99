/**
 * Submitting a rejected business account again (renderer/organisations/resubmit.ts) on real RxDB
 * (Dexie on fake-indexeddb): the correction and the request land in one local write; an account
 * that is no longer rejected is left alone.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { indexedDB, IDBKeyRange } from 'fake-indexeddb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { createDeskDatabase, type DeskDatabase } from '../../../renderer/db/database';
import { resubmitBusinessAccount } from '../../../renderer/actions/resubmit';
import type { Organisation } from '../../../shared/schemas';

const open: DeskDatabase[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((db) => (db.closed ? undefined : db.close())));
});

const rejected: Organisation = { id: 'org-1', name: 'Fotostudio Zuid B.V.', legalForm: 'B.V.', street: 'Markt', houseNumber: '1', postcode: '1234 AB', city: 'Utrect', country: 'NL', vatNumber: '', chamberNumber: '12345678', email: 'zuid@example.test', legacyEmail: null, dealerId: 'd1', status: 'rejected', statusReason: 'De plaats klopt niet', updatedAt: '2026-12-01T10:00:00.000000Z' };
const { id: _id, dealerId: _d, status: _s, statusReason: _r, updatedAt: _u, ...fields } = rejected;

describe('resubmitting a rejected account', () => {
  it('writes the correction with status pending-validation; does nothing once it is not rejected', async () => {
    const db = await createDeskDatabase({ name: `resubmit-${Date.now()}`, storage: getRxStorageDexie({ indexedDB, IDBKeyRange }), devMode: true, multiInstance: false });
    open.push(db);
    await db.organisations.insert(rejected);
    expect(await resubmitBusinessAccount(db, 'org-1', { ...fields, city: 'Utrecht' })).toBe(true);
    expect((await db.organisations.findOne('org-1').exec())?.toJSON()).toMatchObject({ city: 'Utrecht', status: 'pending-validation', dealerId: 'd1' });
    expect(await resubmitBusinessAccount(db, 'org-1', { ...fields, city: 'Amersfoort' })).toBe(false);
    expect((await db.organisations.findOne('org-1').exec())?.city).toBe('Utrecht');
    await expect(resubmitBusinessAccount(db, 'org-unknown', fields)).rejects.toThrow(/not on this computer/);
  });
});
