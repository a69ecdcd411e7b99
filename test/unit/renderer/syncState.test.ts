/**
 * The status indicator's state (renderer/app/syncState.ts): "no network" (this computer is offline)
 * is told apart from "server not reachable" (online, but the program server does not answer),
 * and the last successful exchange is the latest pull or push of any collection.
 */
import { describe, expect, it } from 'vitest';
import { lastSyncedAt, shownSyncState } from '../../../renderer/app/syncState';
import en from '../../../renderer/i18n/en.json';
import nl from '../../../renderer/i18n/nl.json';

describe('shown sync state', () => {
  it('says no network when the computer is offline, server unreachable when only the server is down', () => {
    expect(shownSyncState(true, false, false, { connection: 'offline' })).toBe('no-network');
    expect(shownSyncState(true, false, true, { connection: 'offline' })).toBe('server-unreachable');
    expect(shownSyncState(true, false, true, { connection: 'online' })).toBe('online');
    expect(shownSyncState(true, false, true, null)).toBe('connecting');
    expect(shownSyncState(true, true, false, { connection: 'offline' })).toBe('unauthorized');
    expect(shownSyncState(false, false, true, { connection: 'online' })).toBe('signed-out');
    // both states have their own words in both languages
    for (const catalog of [en, nl] as Array<{ syncState: Record<string, string> }>) {
      expect(catalog.syncState['no-network']).toBeTruthy();
      expect(catalog.syncState['server-unreachable']).toBeTruthy();
      expect(catalog.syncState['no-network']).not.toBe(catalog.syncState['server-unreachable']);
    }
  });

  it('last synced is the latest pull or push of any collection, null before the first', () => {
    expect(lastSyncedAt(null)).toBeNull();
    expect(lastSyncedAt({ collections: {} })).toBeNull();
    const collections = {
      registrations: { lastPullAt: '2026-12-01T09:00:00.000Z', lastPushAt: '2026-12-01T09:05:00.000Z' },
      organisations: { lastPullAt: '2026-12-01T09:03:00.000Z', lastPushAt: null },
    } as unknown as NonNullable<Parameters<typeof lastSyncedAt>[0]>['collections'];
    expect(lastSyncedAt({ collections })).toBe('2026-12-01T09:05:00.000Z');
  });
});
