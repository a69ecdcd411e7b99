/**
 * Renderer entry: picks the platform, loads the computer's settings and translations, opens the
 * local replica of the signed-in user (renderer/accounts: one database per program server and
 * user; the offline catalog snapshot is loaded into a new one), then renders the app — or the
 * sign-in screen when nobody is signed in.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import catalog from '../resources/catalog.json';
import program from '../resources/program.json';
import { initialGateState, ReplicaGate, type Snapshots } from './accounts/ReplicaGate';
import { prepareOffline } from './app/offline';
import type { CatalogSnapshot, ProgramSnapshot } from './db/catalog';
import { initI18n } from './i18n';
import { getPlatform } from './platform';
import './styles.css';

async function start() {
  const root = createRoot(document.getElementById('root')!);
  const platform = getPlatform();
  const settings = await platform.settings.get();
  const i18n = await initI18n(settings.language);
  const snapshots: Snapshots = { catalog: catalog as CatalogSnapshot, program: program as unknown as ProgramSnapshot };
  try {
    const initialState = await initialGateState(platform, snapshots);
    root.render(
      <StrictMode>
        <ReplicaGate platform={platform} i18n={i18n} initialSettings={settings} initialState={initialState} snapshots={snapshots} />
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
