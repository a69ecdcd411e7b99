/**
 * UI bench page (built by test/bench/ui-search.ts with Vite, driven in Chromium): the real app
 * shell and Counter over a generated catalog of `?models=N` product models in a fresh RxDB/Dexie
 * database, plus one organisation to register for. Exposes `window.bench` for the driver.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import program from '../../../resources/program.json';
import realCatalog from '../../../resources/catalog.json';
import type { ProductModel } from '../../../shared/schemas';
import { defaultUserSettings } from '../../../shared/platform/settings';
import { AppRoot } from '../../../renderer/app/AppRoot';
import { createDeskDatabase } from '../../../renderer/db/database';
import { loadSnapshotIfEmpty, type ProgramSnapshot } from '../../../renderer/db/catalog';
import { initI18n } from '../../../renderer/i18n';
import { getPlatform } from '../../../renderer/platform';
import '../../../renderer/styles.css';

/** `n` product models: the real catalog plus variants with distinct codes and names. */
function generateCatalog(n: number): ProductModel[] {
  const base = (realCatalog as { productModels: ProductModel[] }).productModels;
  const out: ProductModel[] = [...base];
  const series = ['PRO', 'CINE', 'STUDIO', 'FIELD', 'ULTRA', 'NANO', 'MAX', 'LITE'];
  for (let i = 0; out.length < n; i++) {
    const b = base[i % base.length]!;
    const tag = `${series[i % series.length]}${Math.floor(i / base.length)}`;
    out.push({ ...b, id: `${b.id}-${tag.toLowerCase()}`, code: `${b.code}-${tag}`, name: `${b.name} ${tag}` });
  }
  return out.slice(0, n);
}

async function start() {
  const models = Number(new URLSearchParams(location.search).get('models') ?? '50000');
  const platform = getPlatform();
  const settings = await platform.settings.get();
  const i18n = await initI18n('en');
  const db = await createDeskDatabase({ name: `ui-bench-${models}`, multiInstance: false });
  await loadSnapshotIfEmpty(db, { version: 'bench', productModels: generateCatalog(models) } as never, program as unknown as ProgramSnapshot);
  const orgId = 'bench-organisation';
  if (!(await db.organisations.findOne(orgId).exec())) {
    await db.organisations.insert({ id: orgId, name: 'Bench Studio B.V.', country: 'NL', city: 'Utrecht', dealerId: 'd', status: 'validated', statusReason: null, legacyEmail: null, updatedAt: new Date().toISOString() });
  }
  sessionStorage.setItem('cps-desk.selectedOrganisation', orgId);
  const value = { db, platform, settings: { ...settings, ...defaultUserSettings }, updateSettings: async (p: object) => ({ ...(await platform.settings.set(p)), ...defaultUserSettings }) };
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <AppRoot i18n={i18n} value={value} />
    </StrictMode>,
  );
  (window as unknown as { bench: object }).bench = { models: await db.productModels.count().exec() };
  document.body.dataset.ready = 'true';
}

void start();
