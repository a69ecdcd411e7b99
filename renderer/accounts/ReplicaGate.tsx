/**
 * The gate between this computer and one person's data: opens the local replica of the signed-in
 * (program server, user) account and renders the app on it, or the sign-in screen when nobody is
 * signed in. The app tree is keyed by the account, so nothing typed or selected by one user stays
 * on screen for the next.
 *
 * Until anyone has signed in on this computer (no account in the index), the app works on the
 * unclaimed database `cps-desk` — also the single database of earlier versions — which the first
 * user who signs in adopts (renderer/accounts/accounts.ts `openAccount`).
 */
import type { i18n as I18n } from 'i18next';
import { useCallback, useMemo, useState } from 'react';
import { I18nextProvider } from 'react-i18next';
import { tokenSecretName, type DeskApi } from '../../shared/platform/api';
import { defaultUserSettings, type LocalAccount, type Settings, type UserSettings } from '../../shared/platform/settings';
import type { LoginResponse } from '../../shared/sync/protocol';
import { AppRoot } from '../app/AppRoot';
import { createDeskDatabase, type DeskDatabase } from '../db/database';
import { loadSnapshotIfEmpty, type CatalogSnapshot, type ProgramSnapshot } from '../db/catalog';
import { initI18n } from '../i18n';
import { legacyDatabaseName, openAccount, removeAccountData } from './accounts';
import { ReplicaContext, type ReplicaValue, type SessionUser } from './replica';
import { SignedOutScreen } from './SignedOutScreen';

/** Where the signed-in account is remembered across restarts (no secret: the key and the user as the server described them). */
const sessionKey = 'cps-desk.session';
/** Settings typed before anyone signed in; the first user takes them with the unclaimed database. */
export const unclaimedSettingsKey = '0'.repeat(32);
/** Per-window selections of the screens, cleared when the user changes. */
const windowSelections = ['cps-desk.selectedOrganisation', 'cps-desk.openEvidence'];

/** What the gate shows. */
export type GateState =
  /** `accounts`: who has data on this computer (the switch-user list); `closing` while the last replica closes. */
  | { kind: 'signed-out'; accounts: LocalAccount[]; closing?: boolean }
  | { kind: 'open'; db: DeskDatabase; account: LocalAccount | null; user: SessionUser | null; userSettings: UserSettings; memoryToken: string | null };

/** The offline catalog and program snapshots loaded into a new replica. */
export interface Snapshots {
  catalog: CatalogSnapshot;
  program: ProgramSnapshot;
}

async function openReplica(name: string, snapshots: Snapshots): Promise<DeskDatabase> {
  const db = await createDeskDatabase({ name });
  await loadSnapshotIfEmpty(db, snapshots.catalog, snapshots.program);
  return db;
}

function readSession(): { key: string; user: SessionUser } | null {
  try {
    const raw = JSON.parse(localStorage.getItem(sessionKey) ?? 'null') as { key?: unknown; user?: unknown } | null;
    return raw && typeof raw.key === 'string' && raw.user && typeof raw.user === 'object' ? { key: raw.key, user: raw.user as SessionUser } : null;
  } catch {
    return null;
  }
}

/**
 * What to show at start: the remembered account's replica, the unclaimed database when nobody
 * has data on this computer, or the sign-in screen.
 * @throws the database's error when a replica cannot be opened.
 */
export async function initialGateState(platform: DeskApi, snapshots: Snapshots): Promise<GateState> {
  localStorage.removeItem('cps-desk.user'); // the signed-in user of versions before per-user replicas
  const accounts = await platform.accounts.list();
  const session = readSession();
  const account = session ? accounts.find((a) => a.key === session.key) : undefined;
  if (session && account) {
    return { kind: 'open', db: await openReplica(account.databaseName, snapshots), account, user: session.user, userSettings: await platform.accounts.getSettings(account.key), memoryToken: null };
  }
  localStorage.removeItem(sessionKey);
  return signedOutState(platform, snapshots, accounts);
}

async function signedOutState(platform: DeskApi, snapshots: Snapshots, accounts: LocalAccount[]): Promise<GateState> {
  if (accounts.length > 0) return { kind: 'signed-out', accounts };
  return { kind: 'open', db: await openReplica(legacyDatabaseName, snapshots), account: null, user: null, userSettings: await platform.accounts.getSettings(unclaimedSettingsKey), memoryToken: null };
}

/** Renders the app on the current replica, or the sign-in screen. */
export function ReplicaGate({ platform, i18n, initialSettings, initialState, snapshots }: { platform: DeskApi; i18n: I18n; initialSettings: Settings; initialState: GateState; snapshots: Snapshots }) {
  const [settings, setSettings] = useState(initialSettings);
  const [state, setState] = useState<GateState>(initialState);

  const updateSettings = useCallback(
    async (patch: Partial<Settings & UserSettings>) => {
      const { dealerName, defaultCountry, ...computer } = patch;
      const next = Object.keys(computer).length > 0 ? await platform.settings.set(computer) : settings;
      if (next.language !== i18n.language) await initI18n(next.language);
      setSettings(next);
      let userSettings = state.kind === 'open' ? state.userSettings : defaultUserSettings;
      const userPatch: Partial<UserSettings> = {};
      if (dealerName !== undefined) userPatch.dealerName = dealerName;
      if (defaultCountry !== undefined) userPatch.defaultCountry = defaultCountry;
      if (state.kind === 'open' && Object.keys(userPatch).length > 0) {
        userSettings = await platform.accounts.setSettings(state.account?.key ?? unclaimedSettingsKey, userPatch);
        setState({ ...state, userSettings });
      }
      return { ...next, ...userSettings };
    },
    [platform, i18n, settings, state],
  );

  const startSession = useCallback(
    async (serverUrl: string, res: LoginResponse) => {
      const account = await openAccount(platform, serverUrl, res.user);
      const stored = await platform.secrets.store(tokenSecretName(account.key), res.token);
      const current = state.kind === 'open' ? state : null;
      const adopting = current !== null && current.account === null && account.databaseName === legacyDatabaseName;
      let userSettings = adopting ? await platform.accounts.setSettings(account.key, current.userSettings) : await platform.accounts.getSettings(account.key);
      if (res.user.role === 'dealer' && !userSettings.dealerName) userSettings = await platform.accounts.setSettings(account.key, { dealerName: res.user.name });
      if (adopting) await platform.accounts.setSettings(unclaimedSettingsKey, defaultUserSettings);
      const reuse = current !== null && current.db.name === account.databaseName && !current.db.closed;
      if (current && !reuse) {
        setState({ kind: 'signed-out', accounts: [], closing: true });
        await new Promise((r) => setTimeout(r, 0)); // let the screens unsubscribe before the database closes
        await current.db.close();
      }
      const db = reuse ? current.db : await openReplica(account.databaseName, snapshots);
      localStorage.setItem(sessionKey, JSON.stringify({ key: account.key, user: res.user }));
      for (const k of windowSelections) sessionStorage.removeItem(k);
      setState({ kind: 'open', db, account, user: res.user, userSettings, memoryToken: stored.stored ? null : res.token });
    },
    [platform, state, snapshots],
  );

  const endSession = useCallback(
    async ({ removeData }: { removeData: boolean }) => {
      if (state.kind !== 'open') return;
      localStorage.removeItem(sessionKey);
      for (const k of windowSelections) sessionStorage.removeItem(k);
      setState({ kind: 'signed-out', accounts: [], closing: true });
      await new Promise((r) => setTimeout(r, 0)); // let the screens unsubscribe before the database closes
      await state.db.close();
      if (removeData && state.account) await removeAccountData(platform, state.account);
      setState(await signedOutState(platform, snapshots, await platform.accounts.list()));
    },
    [platform, state, snapshots],
  );

  const replica = useMemo<ReplicaValue | null>(
    () =>
      state.kind === 'open'
        ? { account: state.account, user: state.user, memoryToken: state.memoryToken, startSession, endSession }
        : null,
    [state, startSession, endSession],
  );

  if (state.kind !== 'open' || !replica) {
    return (
      <I18nextProvider i18n={i18n}>
        <SignedOutScreen
          accounts={state.kind === 'signed-out' ? state.accounts : []}
          closing={state.kind === 'signed-out' && state.closing === true}
          settings={settings}
          updateSettings={updateSettings}
          startSession={startSession}
        />
      </I18nextProvider>
    );
  }
  return (
    <ReplicaContext.Provider value={replica}>
      <AppRoot key={state.account?.key ?? 'unclaimed'} i18n={i18n} value={{ db: state.db, platform, settings: { ...settings, ...state.userSettings }, updateSettings }} />
    </ReplicaContext.Provider>
  );
}
