/**
 * The building block of the data hooks: a live RxDB query as React state.
 */
import { useEffect, useState } from 'react';
import type { MangoQuery, RxCollection, RxDocument } from 'rxdb';

/**
 * Live result of a query: re-renders when matching documents change (in this window or another).
 * `query` null means "no query" and yields an empty list. Pass a stable `key` string describing the query.
 */
export function useLiveQuery<T>(collection: RxCollection<T>, query: MangoQuery<T> | null, key: string): { docs: T[]; loading: boolean } {
  const [state, setState] = useState<{ docs: T[]; loading: boolean }>({ docs: [], loading: query !== null });
  useEffect(() => {
    if (!query) {
      setState({ docs: [], loading: false });
      return;
    }
    const sub = collection.find(query).$.subscribe((results: RxDocument<T>[]) => {
      setState({ docs: results.map((d) => d.toJSON() as T), loading: false });
    });
    return () => sub.unsubscribe();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [collection, key]);
  return state;
}
