/** Unit tests of main/accounts.ts: who has data on this computer, settings per user, and their IPC checks. */
import { describe, expect, it, vi } from 'vitest';
import { registerIpcHandlers } from '../../../main/ipc';
import { AccountsService } from '../../../main/accounts';
import { fakeIpc, handlers, trusted } from './ipcFakes';

// Nothing here imports the `electron` package; if something did, this mock keeps the binary out.
vi.mock('electron', () => ({}));

describe('accounts service (who has data on this computer, settings per user)', () => {
  const store = () => {
    const data = new Map<string, unknown>();
    return { get: (k: string) => data.get(k), set: (k: string, v: unknown) => void data.set(k, v) };
  };
  const keyA = 'a'.repeat(32);
  const keyB = 'b'.repeat(32);
  const entry = (key: string, email: string, at: string) => ({ key, serverOrigin: 'http://127.0.0.1:8787', userId: `u-${key[0]}`, email, databaseName: `cps-desk-${key}`, lastSignInAt: at });
  it('keeps each user\'s settings apart and forgets one user entirely', () => {
    const s = new AccountsService(store());
    s.remember(entry(keyA, 'a@example.test', '2026-12-01T10:00:00Z'));
    s.remember(entry(keyB, 'b@example.test', '2026-12-01T11:00:00Z'));
    s.setSettings(keyA, { dealerName: 'Foto A', defaultCountry: 'BE' });
    expect(s.getSettings(keyA)).toEqual({ dealerName: 'Foto A', defaultCountry: 'BE' });
    expect(s.getSettings(keyB)).toEqual({ dealerName: '', defaultCountry: 'NL' });
    expect(s.list().map((a) => a.email)).toEqual(['b@example.test', 'a@example.test']);
    s.forget(keyA);
    expect(s.list().map((a) => a.email)).toEqual(['b@example.test']);
    expect(s.getSettings(keyA)).toEqual({ dealerName: '', defaultCountry: 'NL' });
    expect(() => s.setSettings(keyB, { language: 'nl' } as never)).toThrow();
  });
  it('drops a corrupt index entry instead of passing it on', () => {
    const st = store();
    st.set('accounts', [entry(keyA, 'a@example.test', '2026-12-01T10:00:00Z'), { key: '../x', email: 1 }]);
    expect(new AccountsService(st).list()).toHaveLength(1);
  });
  it('IPC validates account keys and user-settings patches in main', async () => {
    const ipc = fakeIpc();
    registerIpcHandlers(ipc, handlers);
    const call = (channel: string, ...args: unknown[]) => Promise.resolve(ipc.handlers.get(channel)!(trusted, ...args));
    await expect(call('accounts:set-settings', keyA, { defaultCountry: 'BE' })).resolves.toEqual({ defaultCountry: 'BE' });
    await expect(call('accounts:set-settings', 'not-a-key', { defaultCountry: 'BE' })).rejects.toThrow(/accounts:set-settings/);
    await expect(call('accounts:set-settings', keyA, { serverUrl: 'http://x.test' })).rejects.toThrow(/accounts:set-settings/);
    await expect(call('accounts:remember', { ...entry(keyA, 'a@example.test', 'now'), token: 'secret' })).rejects.toThrow(/accounts:remember/);
    await expect(call('accounts:forget', '../../etc')).rejects.toThrow(/accounts:forget/);
    await expect(call('settings:set', { userEmail: 'a@example.test' })).rejects.toThrow(/settings:set/);
  });
});
