/**
 * Renderer entry: picks the platform, loads settings and translations, opens the local database,
 * loads the offline catalog snapshot on first start, then renders the app.
 */
import { StrictMode, useCallback, useState } from 'react';
import { createRoot } from 'react-dom/client';
import type { Settings } from '../shared/platform/settings';
import catalog from '../resources/catalog.json';
import program from '../resources/program.json';
import { AppRoot } from './app/AppRoot';
import { prepareOffline } from './app/offline';
import { createDeskDatabase, type DeskDatabase } from './db/database';
import { loadSnapshotIfEmpty, type CatalogSnapshot, type ProgramSnapshot } from './db/catalog';
import { initI18n } from './i18n';
import { getPlatform } from './platform';
import './styles.css';

function Root({ db, initialSettings, i18n }: { db: DeskDatabase; initialSettings: Settings; i18n: Awaited<ReturnType<typeof initI18n>> }) {
  const platform = getPlatform();
  const [settings, setSettings] = useState(initialSettings);
  const updateSettings = useCallback(
    async (patch: Partial<Settings>) => {
      const next = await platform.settings.set(patch);
      if (next.language !== i18n.language) await initI18n(next.language);
      setSettings(next);
      return next;
    },
    [platform, i18n],
  );
  return <AppRoot i18n={i18n} value={{ db, platform, settings, updateSettings }} />;
}

async function start() {
  const root = createRoot(document.getElementById('root')!);
  const platform = getPlatform();
  const settings = await platform.settings.get();
  const i18n = await initI18n(settings.language);
  try {
    const db = await createDeskDatabase();
    await loadSnapshotIfEmpty(db, catalog as CatalogSnapshot, program as unknown as ProgramSnapshot);
    root.render(
      <StrictMode>
        <Root db={db} initialSettings={settings} i18n={i18n} />
      </StrictMode>,
    );
    document.body.dataset.ready = 'true';
    void prepareOffline();
  } catch (error) {
    const p = document.createElement('p');
    p.className = 'startup-error';
    p.setAttribute('role', 'alert');
    p.textContent = i18n.t('app.startupError', { message: error instanceof Error ? error.message : String(error) });
    document.getElementById('root')!.replaceChildren(p);
    throw error;
  }
}

void start();
