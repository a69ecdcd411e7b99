/** The fix and withdraw actions on the local database (RxDB on Dexie, fake-indexeddb): allowed until points are assigned, refused with ActionRefused after (nothing written). */
import { afterEach, describe, expect, it } from 'vitest';
import { indexedDB, IDBKeyRange } from 'fake-indexeddb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { createDeskDatabase, type DeskDatabase } from '../../../renderer/db/database';
import { fixRegistration, withdrawRegistration } from '../../../renderer/actions/registrations';
import type { Registration } from '../../../shared/schemas';

let db: DeskDatabase | null = null;
afterEach(async () => {
  await db?.close();
  db = null;
});

const now = '2026-11-29T10:00:00.000000Z';
const reg = (over: Partial<Registration>): Registration => ({
  id: 'r1', organisationId: 'o1', productModelId: 'pm-eos-r5', serialNumber: 'AB-12', purchaseDate: null, purchaseDateEstimated: false, purchaseCountry: 'NL', dealerName: 'Foto Centrum',
  status: 'incomplete', statusReason: 'serialNumber: serial-pattern; purchaseDate: required', points: 0, migratedFrom: null, updatedAt: now, ...over,
});

async function withRegistrations(...docs: Registration[]): Promise<DeskDatabase> {
  db = await createDeskDatabase({ name: `edit${Date.now()}${String(Math.random()).slice(2, 8)}`, storage: getRxStorageDexie({ indexedDB, IDBKeyRange }), devMode: true, multiInstance: false });
  await db.registrations.bulkInsert(docs);
  return db;
}

describe('fixRegistration', () => {
  it('stores the fix and marks it draft again (awaiting the server), clearing the server’s reason', async () => {
    const d = await withRegistrations(reg({}));
    const fix = { productModelId: 'pm-eos-r5', serialNumber: '012345678901', purchaseDate: '2025-05-01', purchaseDateEstimated: true, purchaseCountry: 'BE', dealerName: 'Foto Gent' };
    await fixRegistration(d, 'r1', { ...fix, serialNumber: '0123 4567-8901', dealerName: ' Foto Gent ' });
    const stored = (await d.registrations.findOne('r1').exec())!.toJSON();
    expect(stored).toMatchObject({ ...fix, status: 'draft', statusReason: null, points: 0 });
  });
  it('clears the best-guess flag together with the date', async () => {
    const d = await withRegistrations(reg({ purchaseDate: '2025-05-01', purchaseDateEstimated: true }));
    await fixRegistration(d, 'r1', { productModelId: 'pm-eos-r5', serialNumber: '012345678901', purchaseDate: null, purchaseDateEstimated: true, purchaseCountry: 'NL', dealerName: 'x' });
    expect((await d.registrations.findOne('r1').exec())!.purchaseDateEstimated).toBe(false);
  });
  it('corrects a rejected duplicate; refuses a points-assigned or rejected one and an unknown id, writing nothing', async () => {
    const d = await withRegistrations(reg({ id: 'dup', status: 'rejected-duplicate' }), reg({ id: 'done', status: 'points-assigned', points: 500, serialNumber: '012345678901', purchaseDate: '2025-01-01' }), reg({ id: 'no', status: 'rejected' }));
    const fix = { productModelId: 'pm-eos-r5', serialNumber: '999999999999', purchaseDate: '2025-05-01', purchaseDateEstimated: false, purchaseCountry: 'NL', dealerName: 'x' };
    await fixRegistration(d, 'dup', fix);
    expect((await d.registrations.findOne('dup').exec())!.serialNumber).toBe('999999999999');
    await expect(fixRegistration(d, 'done', fix)).rejects.toMatchObject({ name: 'ActionRefused', problems: ['locked'] });
    await expect(fixRegistration(d, 'no', fix)).rejects.toMatchObject({ problems: ['locked'] });
    await expect(fixRegistration(d, 'missing', fix)).rejects.toMatchObject({ problems: ['not-found'] });
    await expect(fixRegistration(d, 'dup', { ...fix, serialNumber: ' - ' })).rejects.toMatchObject({ problems: ['serialNumber'] });
    expect((await d.registrations.findOne('done').exec())!.toJSON()).toMatchObject({ serialNumber: '012345678901', status: 'points-assigned', points: 500 });
  });
});

describe('withdrawRegistration', () => {
  it('deletes a registration without points; refuses a points-assigned one', async () => {
    const d = await withRegistrations(reg({}), reg({ id: 'done', status: 'points-assigned', points: 500 }));
    await withdrawRegistration(d, 'r1');
    expect(await d.registrations.findOne('r1').exec()).toBeNull();
    await expect(withdrawRegistration(d, 'done')).rejects.toMatchObject({ name: 'ActionRefused', problems: ['locked'] });
    expect(await d.registrations.findOne('done').exec()).not.toBeNull();
    await expect(withdrawRegistration(d, 'r1')).rejects.toMatchObject({ problems: ['not-found'] });
  });
});
