/** Unit tests of main/window.ts: the secure window's preferences and app URLs. */
import { describe, expect, it, vi } from 'vitest';
import { secureWebPreferences, isAppUrl } from '../../../main/window';

// Nothing here imports the `electron` package; if something did, this mock keeps the binary out.
vi.mock('electron', () => ({}));

describe('window', () => {
  it('locks the renderer down', () => {
    expect(secureWebPreferences('/p.cjs')).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
    expect(isAppUrl('app://desk/index.html')).toBe(true);
    expect(isAppUrl('https://example.com')).toBe(false);
  });
});
