/** Unit tests of main/protocol.ts: the `app://` protocol serves the renderer build only. */
import { describe, expect, it, vi } from 'vitest';
import { resolveAppFile } from '../../../main/protocol';

// Nothing here imports the `electron` package; if something did, this mock keeps the binary out.
vi.mock('electron', () => ({}));

describe('app protocol', () => {
  const root = '/opt/app/out/renderer';
  it('serves files inside the renderer build only', () => {
    expect(resolveAppFile(root, 'app://desk/index.html')).toBe(`${root}/index.html`);
    expect(resolveAppFile(root, 'app://desk/')).toBe(`${root}/index.html`);
    expect(resolveAppFile(root, 'app://desk/assets/a.js')).toBe(`${root}/assets/a.js`);
    expect(resolveAppFile(root, 'app://desk/..%2F..%2Fetc%2Fpasswd')).toBeNull();
    expect(resolveAppFile(root, 'app://other/index.html')).toBeNull();
    expect(resolveAppFile(root, 'file:///etc/passwd')).toBeNull();
  });
});
