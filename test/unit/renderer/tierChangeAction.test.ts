/**
 * requestMembership (renderer/actions/memberships.ts) applies the tier-change rule before it
 * writes (docs/program.md#changing-tier): another tier within 14 days of the current membership's
 * start is written (the server replaces the membership), the same tier or a later change is
 * refused as a `tier` problem and nothing is written. Real RxDB on Dexie (fake-indexeddb).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { indexedDB, IDBKeyRange } from 'fake-indexeddb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { createDeskDatabase, type DeskDatabase } from '../../../renderer/db/database';
import { requestMembership } from '../../../renderer/actions/memberships';
import { addDays } from '../../../shared/program';
import type { ProgramTier } from '../../../shared/schemas';

let n = 0;
const open: DeskDatabase[] = [];
async function freshDb() {
  const db = await createDeskDatabase({ name: `tier-change-${Date.now()}-${n++}`, storage: getRxStorageDexie({ indexedDB, IDBKeyRange }), devMode: true, multiInstance: false });
  open.push(db);
  return db;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((db) => (db.closed ? undefined : db.close())));
});

const tier = (id: string, name: string, minPoints: number, maxPoints: number | null, fee: number) => ({ id, name, kind: 'individual', minPoints, maxPoints, annualFeeCents: fee, currency: 'EUR', updatedAt: '2026-01-01T00:00:00.000Z' });
const tiers = [tier('silver', 'Silver', 500, 999, 8500), tier('gold', 'Gold', 1000, 1599, 17000)] as ProgramTier[];
const today = new Date().toISOString().slice(0, 10);

/** The organisation's active Silver membership as the server answered it, started `startedDaysAgo` days ago. */
async function activeSilver(db: DeskDatabase, startedDaysAgo: number) {
  const validFrom = addDays(today, -startedDaysAgo);
  await db.memberships.insert({ id: 'm-silver', organisationId: 'org-1', tierId: 'silver', paymentMethod: 'card', purchaseOrderNumber: null, termsAcceptedAt: `${validFrom}T09:00:00.000Z`, status: 'active', statusReason: null, membershipNumber: '100000009', validFrom, validTo: addDays(addDays(validFrom, 365), -1), createdAt: `${validFrom}T09:00:00.000Z`, updatedAt: `${validFrom}T09:00:00.000000Z` });
}
const request = (tierId: string) => ({ organisationId: 'org-1', tierId, paymentMethod: 'card' as const, purchaseOrderNumber: '', termsAccepted: true, termsVersion: '2026-1', confirmedPoints: 1200 });

describe('requestMembership and the tier-change rule', () => {
  it('writes another tier within 14 days of the start (the server replaces the membership)', async () => {
    const db = await freshDb();
    await activeSilver(db, 14);
    const m = await requestMembership(db, request('gold'), tiers);
    expect((await db.memberships.findOne(m.id).exec())!.toJSON()).toMatchObject({ status: 'requested', tierId: 'gold' });
  });

  it('refuses the tier already held, and another tier after the window, writing nothing', async () => {
    const db = await freshDb();
    await activeSilver(db, 0);
    await expect(requestMembership(db, request('silver'), tiers)).rejects.toMatchObject({ problems: ['tier'] });
    expect(await db.memberships.count().exec()).toBe(1);
    // one database open at a time: two of eight collections each pass RxDB's open-collection limit (13)
    await db.close();
    const later = await freshDb();
    await activeSilver(later, 15);
    await expect(requestMembership(later, request('gold'), tiers)).rejects.toMatchObject({ problems: ['tier'] });
    expect(await later.memberships.count().exec()).toBe(1);
  });
});
