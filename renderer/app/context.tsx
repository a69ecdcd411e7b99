/**
 * App-wide context: the local database, the platform API and the settings, provided once at the
 * root and read by screens through hooks.
 */
import { createContext, useContext, useEffect, useState } from 'react';
import type { MangoQuery, RxCollection, RxDocument } from 'rxdb';
import type { DeskApi } from '../../shared/platform/api';
import type { Settings, UserSettings } from '../../shared/platform/settings';
import type { DeskDatabase } from '../db/database';

export interface AppContextValue {
  db: DeskDatabase;
  platform: DeskApi;
  /** This computer's settings with the signed-in user's own (dealer identity, default country). */
  settings: Settings & UserSettings;
  /**
   * Validates and persists a settings patch through the platform API: computer settings for this
   * computer, user settings for the signed-in user only. Throws on invalid values.
   */
  updateSettings(patch: Partial<Settings & UserSettings>): Promise<Settings & UserSettings>;
}

export const AppContext = createContext<AppContextValue | null>(null);

/** The app context; throws when used outside `<AppContext.Provider>`. */
export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error('useApp() outside AppContext');
  return value;
}

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
