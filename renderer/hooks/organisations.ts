/**
 * Organisations in the local replica, and the organisation selected across screens
 * (sessionStorage: the counter keeps serving the same customer).
 */
import { useCallback, useState } from 'react';
import type { Organisation } from '../../shared/schemas';
import { useApp } from '../app/context';
import { useLiveQuery } from './useLiveQuery';

/** sessionStorage key of the selected organisation's id (also set by the new-organisation screen after submitting). */
export const selectedOrganisationKey = 'cps-desk.selectedOrganisation';

/** The selected organisation id (or '') and its setter, shared through sessionStorage. */
export function useSelectedOrganisation(): [string, (id: string) => void] {
  const [id, setId] = useState(() => sessionStorage.getItem(selectedOrganisationKey) ?? '');
  const set = useCallback((next: string) => {
    sessionStorage.setItem(selectedOrganisationKey, next);
    setId(next);
  }, []);
  return [id, set];
}

/** One organisation by id, live; `null` while none is selected or found. */
export function useOrganisation(id: string): Organisation | null {
  const { db } = useApp();
  const { docs } = useLiveQuery(db.organisations, id ? { selector: { id } } : null, `org:${id}`);
  return docs[0] ?? null;
}

/** Every organisation in the replica (unsorted), live. */
export function useOrganisations(): { docs: Organisation[]; loading: boolean } {
  const { db } = useApp();
  return useLiveQuery(db.organisations, { selector: {} }, 'orgs:all');
}
