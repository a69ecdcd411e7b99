/**
 * What the running sync says about single items: the per-item sync state of a registration or
 * membership, and the documents the server refused for good. Both are empty while signed out
 * (no sync running).
 */
import { useEffect, useState } from 'react';
import { useSession } from '../app/session';
import type { ItemSyncState } from '../sync/itemState';
import type { Refusal } from '../sync/refusals';

/** The sync state of one registration or membership (renderer/sync `itemState$`), null without sync. */
export function useItemSyncState(collection: 'registrations' | 'memberships', id: string): ItemSyncState | null {
  const { sync } = useSession();
  const [state, setState] = useState<ItemSyncState | null>(null);
  useEffect(() => {
    if (!sync) {
      setState(null);
      return;
    }
    const sub = sync.itemState$(collection, id).subscribe(setState);
    return () => sub.unsubscribe();
  }, [sync, collection, id]);
  return state;
}

/** The documents the server refused for good (renderer/sync/refusals.ts), live. */
export function useRefusals(): readonly Refusal[] {
  const { sync } = useSession();
  const [refusals, setRefusals] = useState<readonly Refusal[]>([]);
  useEffect(() => {
    if (!sync) {
      setRefusals([]);
      return;
    }
    const sub = sync.refusals$.subscribe(setRefusals);
    return () => sub.unsubscribe();
  }, [sync]);
  return refusals;
}
