import { describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerIpcHandlers, isTrustedSender, isAppPageUrl, type IpcEventLike, type IpcHandlers } from '../../../main/ipc';
import { SettingsService } from '../../../main/settings';
import { AccountsService } from '../../../main/accounts';
import { createSecretStore } from '../../../main/secrets';
import { resolveAppFile } from '../../../main/protocol';
import { contentSecurityPolicy } from '../../../main/csp';
import { safeFileName, saveFile, openDocument, mimeTypeOf } from '../../../main/files';
import { menuTemplate } from '../../../main/menu';
import { secureWebPreferences, isAppUrl } from '../../../main/window';
import { IpcPayloadError, parseIpcPayload } from '../../../shared/platform/ipc';

// Nothing here imports the `electron` package; if something did, this mock keeps the binary out.
vi.mock('electron', () => ({}));

function fakeIpc() {
  const handlers = new Map<string, (event: IpcEventLike, ...args: unknown[]) => unknown>();
  return { handle: (c: string, fn: (event: IpcEventLike, ...args: unknown[]) => unknown) => void handlers.set(c, fn), handlers };
}
// A fake of Electron's IpcMainInvokeEvent: the calling frame's URL and its parent (null = top frame).
const topFrame = { url: 'app://desk/index.html', parent: null };
const trusted: IpcEventLike = { senderFrame: topFrame };
const handlers: IpcHandlers = {
  'app:info': () => ({ name: 'CPS Desk', version: '1', platform: 'electron', os: 'linux' }),
  'settings:get': () => ({}),
  'settings:set': (patch) => patch,
  'file:open-document': () => null,
  'file:save': (name, kind, bytes) => ({ name, kind, size: bytes.byteLength }),
  'secrets:available': () => true,
  'secrets:store': () => ({ stored: true }),
  'secrets:read': () => null,
  'secrets:remove': () => undefined,
  'accounts:list': () => [],
  'accounts:remember': () => undefined,
  'accounts:forget': () => undefined,
  'accounts:get-settings': () => ({}),
  'accounts:set-settings': (_key, patch) => patch,
  'shell:open-external': (url) => ({ opened: url }),
};

describe('IPC entry point', () => {
  const ipc = fakeIpc();
  registerIpcHandlers(ipc, handlers);
  const call = (channel: string, event: IpcEventLike, ...args: unknown[]) => Promise.resolve(ipc.handlers.get(channel)!(event, ...args));

  it('registers every channel of the contract', () => {
    expect([...ipc.handlers.keys()].sort()).toEqual(Object.keys(handlers).sort());
  });
  it('passes a valid payload to the handler', async () => {
    await expect(call('file:save', trusted, '2026-000001 Studio.pdf', 'pdf', new Uint8Array(3))).resolves.toEqual({ name: '2026-000001 Studio.pdf', kind: 'pdf', size: 3 });
    await expect(call('settings:set', trusted, { language: 'nl' })).resolves.toEqual({ language: 'nl' });
  });
  it('rejects malformed payloads with a clear error naming channel and argument', async () => {
    await expect(call('file:save', trusted, '', 'exe', 'not bytes')).rejects.toThrow(IpcPayloadError);
    await expect(call('file:save', trusted, 'a.pdf', 'exe', new Uint8Array(1))).rejects.toThrow(/file:save.*argument 1/);
    await expect(call('settings:set', trusted, { language: 'fr' })).rejects.toThrow(/settings:set.*language/);
    await expect(call('settings:set', trusted, { token: 'secret' })).rejects.toThrow(/settings:set/);
    await expect(call('secrets:store', trusted, '../etc/passwd', 'x')).rejects.toThrow(/secrets:store/);
    await expect(call('app:info', trusted, 'extra')).rejects.toThrow(/app:info/);
  });
  it('refuses calls from frames that are not the app', async () => {
    await expect(call('app:info', { senderFrame: { url: 'https://evil.example/', parent: null } })).rejects.toThrow(/not the main frame of the app/);
    await expect(call('app:info', { senderFrame: null })).rejects.toThrow(/not the main frame of the app/);
    expect(isTrustedSender(trusted)).toBe(true);
    expect(isTrustedSender({ senderFrame: { url: 'app://desk/', parent: null } })).toBe(true);
  });
  it('refuses calls from a sub-frame, even one of the app', async () => {
    const iframe = { url: 'app://desk/index.html', parent: topFrame };
    expect(isTrustedSender({ senderFrame: iframe })).toBe(false);
    await expect(call('app:info', { senderFrame: iframe })).rejects.toThrow(/not the main frame of the app/);
    expect(isTrustedSender({ senderFrame: { url: 'https://evil.example/', parent: topFrame } })).toBe(false);
  });
  it('compares scheme and host, not the origin Node cannot compute for app:', () => {
    // Why the origin comparison never worked: Node gives app: URLs the opaque origin "null".
    expect(new URL('app://desk/index.html').origin).toBe('null');
    expect(isAppPageUrl('app://desk/index.html')).toBe(true);
    expect(isAppPageUrl('app://desk')).toBe(true);
    for (const url of ['app://desk.evil.example/', 'app://desk:8080/', 'app://evil@desk/', 'app://desk@evil/', 'app://other/', 'https://desk/', 'file:///app/desk/index.html', 'null', '', 'about:blank']) {
      expect(isAppPageUrl(url), url).toBe(false);
      expect(isTrustedSender({ senderFrame: { url, parent: null } }), url).toBe(false);
    }
  });
  it('opens only https pages (and http on loopback) outside the app', async () => {
    await expect(call('shell:open-external', trusted, 'https://checkout.stripe.com/c/pay/cs_test_1')).resolves.toEqual({ opened: 'https://checkout.stripe.com/c/pay/cs_test_1' });
    await expect(call('shell:open-external', trusted, 'http://127.0.0.1:4321/pay/cs_test_1')).resolves.toEqual({ opened: 'http://127.0.0.1:4321/pay/cs_test_1' });
    for (const bad of ['http://pay.example.com/x', 'file:///etc/passwd', 'javascript:alert(1)', 'https://user:pw@pay.example.com/', 'smb://host/share', 'not a url', `https://a.example/${'x'.repeat(2100)}`])
      await expect(call('shell:open-external', trusted, bad)).rejects.toThrow(/shell:open-external/);
    await expect(call('shell:open-external', { senderFrame: { url: 'https://evil.example/', parent: null } }, 'https://checkout.stripe.com/')).rejects.toThrow(/refused/);
  });
  it('parseIpcPayload refuses unknown channels', () => {
    expect(() => parseIpcPayload('shell:exec', [])).toThrow(/unknown channel/);
  });
});

describe('settings service', () => {
  const store = () => {
    const data = new Map<string, unknown>();
    return { get: (k: string) => data.get(k), set: (k: string, v: unknown) => void data.set(k, v) };
  };
  it('returns defaults, persists valid patches and refuses invalid ones', () => {
    const s = new SettingsService(store());
    expect(s.get().language).toBe('en');
    expect(s.set({ language: 'nl', serverUrl: 'http://127.0.0.1:9000' })).toMatchObject({ language: 'nl', serverUrl: 'http://127.0.0.1:9000' });
    expect(s.get().language).toBe('nl');
    expect(() => s.set({ serverUrl: 'not a url' })).toThrow();
    // what belongs to one user is not a setting of the computer
    expect(() => s.set({ defaultCountry: 'BE' } as never)).toThrow();
    expect(s.get().serverUrl).toBe('http://127.0.0.1:9000');
  });
  it('recovers field by field from a corrupt stored value, dropping the per-user values of earlier versions', () => {
    const st = store();
    st.set('settings', { language: 'nl', serverUrl: 42, dealerName: 'Foto Jansen', userEmail: 'a@example.test' });
    const got = new SettingsService(st).get();
    expect(got).toMatchObject({ language: 'nl', serverUrl: 'http://127.0.0.1:8787' });
    expect(got).not.toHaveProperty('dealerName');
    expect(got).not.toHaveProperty('userEmail');
  });
});

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

describe('secret store (safeStorage)', () => {
  const file = () => {
    let data: Record<string, string> = {};
    return { read: () => ({ ...data }), write: (d: Record<string, string>) => void (data = d), peek: () => data };
  };
  const safe = (backend: string) => ({
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => backend,
    encryptString: (s: string) => Buffer.from([...Buffer.from(s)].map((b) => b ^ 0x5a)),
    decryptString: (b: Buffer) => Buffer.from([...b].map((x) => x ^ 0x5a)).toString(),
  });
  it('stores encrypted and reads back', async () => {
    const f = file();
    const s = createSecretStore(safe('gnome_libsecret'), f, 'linux');
    await expect(s.store('sync-token', 'tok-123')).resolves.toEqual({ stored: true });
    expect(JSON.stringify(f.peek())).not.toContain('tok-123');
    await expect(s.read('sync-token')).resolves.toBe('tok-123');
    await s.remove('sync-token');
    await expect(s.read('sync-token')).resolves.toBeNull();
  });
  it('refuses the plain-text backend on Linux', async () => {
    const f = file();
    const s = createSecretStore(safe('basic_text'), f, 'linux');
    await expect(s.available()).resolves.toBe(false);
    await expect(s.store('sync-token', 'tok')).resolves.toEqual({ stored: false, reason: 'insecure-backend' });
    expect(f.peek()).toEqual({});
  });
});

describe('app protocol, CSP and window', () => {
  const root = '/opt/app/out/renderer';
  it('serves files inside the renderer build only', () => {
    expect(resolveAppFile(root, 'app://desk/index.html')).toBe(`${root}/index.html`);
    expect(resolveAppFile(root, 'app://desk/')).toBe(`${root}/index.html`);
    expect(resolveAppFile(root, 'app://desk/assets/a.js')).toBe(`${root}/assets/a.js`);
    expect(resolveAppFile(root, 'app://desk/..%2F..%2Fetc%2Fpasswd')).toBeNull();
    expect(resolveAppFile(root, 'app://other/index.html')).toBeNull();
    expect(resolveAppFile(root, 'file:///etc/passwd')).toBeNull();
  });
  it('builds a strict CSP with only the configured server as remote origin', () => {
    const csp = contentSecurityPolicy('https://cps.example.com/api');
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).toContain("connect-src 'self' blob: data: https://cps.example.com");
    expect(csp).not.toMatch(/'unsafe-inline'|'unsafe-eval'/);
    expect(contentSecurityPolicy('not a url')).toContain("connect-src 'self' blob: data:;");
  });
  it('locks the renderer down', () => {
    expect(secureWebPreferences('/p.cjs')).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
    expect(isAppUrl('app://desk/index.html')).toBe(true);
    expect(isAppUrl('https://example.com')).toBe(false);
  });
  it('has menu shortcuts for every screen', () => {
    const sent: unknown[] = [];
    const go = menuTemplate((c) => sent.push(c), false).find((m) => m.label === 'Go')!;
    const items = go.submenu!.filter((i) => i.accelerator?.match(/CmdOrCtrl\+\d/));
    expect(items.map((i) => i.accelerator)).toEqual(['CmdOrCtrl+1', 'CmdOrCtrl+2', 'CmdOrCtrl+3', 'CmdOrCtrl+4', 'CmdOrCtrl+5', 'CmdOrCtrl+6']);
    items[2]!.click!();
    expect(sent).toEqual([{ kind: 'navigate', screen: 'membership' }]);
  });
});

describe('file dialogs', () => {
  it('makes file names safe on every OS', () => {
    expect(safeFileName('2026-000123 Müller & Söhne GmbH: A/B?.pdf')).toBe('2026-000123 Müller & Söhne GmbH_ A_B_.pdf');
    expect(safeFileName('CON')).toBe('_CON');
    expect(safeFileName('name. ')).toBe('name');
  });
  it('writes a saved file completely and reports cancel', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'desk-save-'));
    const target = join(dir, 'out.pdf');
    const dialog = { showOpenDialog: vi.fn(), showSaveDialog: vi.fn().mockResolvedValueOnce({ canceled: false, filePath: target }).mockResolvedValueOnce({ canceled: true }) };
    await expect(saveFile(dialog, 'x.pdf', 'pdf', new Uint8Array([37, 80, 68, 70]))).resolves.toEqual({ saved: true, path: target });
    expect(readFileSync(target, 'latin1')).toBe('%PDF');
    expect(existsSync(`${target}.partial`)).toBe(false);
    await expect(saveFile(dialog, 'x.pdf', 'pdf', new Uint8Array(1))).resolves.toEqual({ saved: false });
  });
  it('opens a document with its MIME type', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'desk-open-'));
    const file = join(dir, 'Uittreksel KvK.PDF');
    await import('node:fs/promises').then((fs) => fs.writeFile(file, '%PDF-1.7'));
    const dialog = { showOpenDialog: vi.fn().mockResolvedValue({ canceled: false, filePaths: [file] }), showSaveDialog: vi.fn() };
    const opened = await openDocument(dialog);
    expect(opened).toMatchObject({ name: 'Uittreksel KvK.PDF', mimeType: 'application/pdf' });
    expect(opened!.bytes.byteLength).toBe(8);
    expect(mimeTypeOf('scan.tiff')).toBe('image/tiff');
  });
});
