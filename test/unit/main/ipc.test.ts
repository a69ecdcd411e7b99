/** Unit tests of main/ipc.ts: the one validated IPC entry point (and shared/platform/ipc's payload check). */
import { describe, expect, it, vi } from 'vitest';
import { registerIpcHandlers, isTrustedSender, isAppPageUrl, type IpcEventLike } from '../../../main/ipc';
import { IpcPayloadError, parseIpcPayload } from '../../../shared/platform/ipc';
import { fakeIpc, handlers, topFrame, trusted } from './ipcFakes';

// Nothing here imports the `electron` package; if something did, this mock keeps the binary out.
vi.mock('electron', () => ({}));

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
