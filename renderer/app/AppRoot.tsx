/**
 * The app with its providers (translations, database/platform/settings context, catalog, session),
 * shared by the renderer entry and the UI benchmark page so both render the same tree.
 */
import type { i18n as I18n } from 'i18next';
import { I18nextProvider } from 'react-i18next';
import { App } from './App';
import { CatalogProvider } from './catalog';
import { AppContext, type AppContextValue } from './context';
import { SessionProvider } from './session';

export function AppRoot({ i18n, value }: { i18n: I18n; value: AppContextValue }) {
  return (
    <I18nextProvider i18n={i18n}>
      <AppContext.Provider value={value}>
        <CatalogProvider>
          <SessionProvider>
            <App />
          </SessionProvider>
        </CatalogProvider>
      </AppContext.Provider>
    </I18nextProvider>
  );
}
