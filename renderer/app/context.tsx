/**
 * App-wide context: the local database, the platform API and the settings, provided once at the
 * root. Screens read data through renderer/hooks and change it through renderer/actions.
 */
import { createContext, useContext } from 'react';
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
