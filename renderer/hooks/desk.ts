/**
 * Hooks of the desk screens: they read through renderer/actions/desk.ts with the session's
 * authorised fetch and hold the loading / error state; components never call the network.
 */
import { useCallback, useEffect, useState } from 'react';
import { useSession } from '../app/session';
import { fetchEvidenceScan, fetchQueue, fetchReview, type EvidenceScan } from '../actions/desk';
import type { OrganisationReview, PendingOrganisation } from '../../shared/sync/desk';

/** State of a request: loading, its value, or the error it failed with. */
export interface Loaded<T> {
  value: T | null;
  error: unknown;
  loading: boolean;
  reload(): void;
}

function useLoaded<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ value: T | null; error: unknown; loading: boolean }>({ value: null, error: null, loading: true });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let cancelled = false;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (value) => !cancelled && setState({ value, error: null, loading: false }),
      (error: unknown) => !cancelled && setState({ value: null, error, loading: false }),
    );
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...state, reload };
}

/** The queue, filtered by country and evidence kind ('' = all). */
export function useQueue(country: string, kind: string): Loaded<PendingOrganisation[]> {
  const { authorisedFetch } = useSession();
  return useLoaded(() => fetchQueue(authorisedFetch, { country, kind }), [authorisedFetch, country, kind]);
}

/** The review of one organisation. */
export function useReview(organisationId: string): Loaded<OrganisationReview> {
  const { authorisedFetch } = useSession();
  return useLoaded(() => fetchReview(authorisedFetch, organisationId), [authorisedFetch, organisationId]);
}

/** The scan of an evidence document; `value` null once loaded means "not uploaded yet". */
export function useEvidenceScan(evidenceDocumentId: string | null): Loaded<EvidenceScan | null> {
  const { authorisedFetch } = useSession();
  return useLoaded(() => (evidenceDocumentId ? fetchEvidenceScan(authorisedFetch, evidenceDocumentId) : Promise.resolve(null)), [authorisedFetch, evidenceDocumentId]);
}
