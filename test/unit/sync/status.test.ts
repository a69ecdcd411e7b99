import { describe, expect, it } from 'vitest';
import { itemSyncState, revisionHeight } from '../../../renderer/sync/itemState';
import { SyncStatusStore } from '../../../renderer/sync/status';
import type { SyncStatus } from '../../../renderer/sync/status';

describe('per-item sync state', () => {
  it('a local change is queued, then sent; server decisions map to confirmed / rejected with the reason', () => {
    const reg = { _rev: '3-abc', status: 'incomplete', statusReason: 'purchaseDate: missing' };
    expect(itemSyncState('registrations', reg, 'queued')).toEqual({ state: 'queued', reason: 'purchaseDate: missing' });
    expect(itemSyncState('registrations', reg, 'sent').state).toBe('sent');
    expect(itemSyncState('registrations', reg, null)).toEqual({ state: 'sent', reason: 'purchaseDate: missing' });
    expect(itemSyncState('registrations', { status: 'points-assigned', statusReason: null }, null)).toEqual({ state: 'confirmed', reason: null });
    expect(itemSyncState('registrations', { status: 'rejected-duplicate', statusReason: 'already registered' }, null)).toEqual({ state: 'rejected', reason: 'already registered' });
    expect(itemSyncState('memberships', { status: 'active' }, null).state).toBe('confirmed');
    expect(itemSyncState('memberships', { status: 'expired', statusReason: 'ended' }, null)).toEqual({ state: 'rejected', reason: 'ended' });
    expect(itemSyncState('memberships', { status: 'requested', statusReason: 'Waiting for the back office' }, null).state).toBe('sent');
  });
  it('reads RxDB revision heights', () => {
    expect(revisionHeight('12-abcdef')).toBe(12);
    expect(revisionHeight(undefined)).toBe(0);
    expect(revisionHeight('garbage')).toBe(0);
  });
});

describe('status store', () => {
  it('emits immutable snapshots, sums pending changes, and skips no-op updates', () => {
    const store = new SyncStatusStore([
      { name: 'registrations', pushable: true },
      { name: 'productModels', pushable: false },
    ]);
    const seen: SyncStatus[] = [];
    store.status$.subscribe((s) => seen.push(s));
    store.update('registrations', { pendingLocalChanges: 3 });
    store.update('registrations', { pendingLocalChanges: 3 });
    store.set({ connection: 'offline' });
    store.update('invoices', { pendingLocalChanges: 9 }); // not synced: ignored
    expect(seen).toHaveLength(3);
    expect(seen[1]!.pendingLocalChanges).toBe(3);
    expect(seen[0]!.collections.registrations!.pendingLocalChanges).toBe(0); // earlier snapshot untouched
    expect(seen[2]!.connection).toBe('offline');
    expect(seen[2]!.collections.productModels!.direction).toBe('pull');
  });
});
