/** Unit tests of main/csp.ts: the content security policy. */
import { describe, expect, it, vi } from 'vitest';
import { contentSecurityPolicy } from '../../../main/csp';

// Nothing here imports the `electron` package; if something did, this mock keeps the binary out.
vi.mock('electron', () => ({}));

describe('CSP', () => {
  it('builds a strict CSP with only the configured server as remote origin', () => {
    const csp = contentSecurityPolicy('https://cps.example.com/api');
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).toContain("connect-src 'self' blob: data: https://cps.example.com");
    expect(csp).not.toMatch(/'unsafe-inline'|'unsafe-eval'/);
    expect(contentSecurityPolicy('not a url')).toContain("connect-src 'self' blob: data:;");
  });
});
