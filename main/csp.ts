/**
 * The Content-Security-Policy of the desktop window. Only the app's own files run; workers and
 * WebAssembly (OCR) only from the app itself; no remote content but the configured program server,
 * which the sync client calls with fetch.
 */

/**
 * Builds the CSP header value.
 * @param serverUrl the program server's base URL from settings (`''` when none): its origin is the
 *   only remote origin in `connect-src`. An unparsable URL adds nothing.
 */
export function contentSecurityPolicy(serverUrl: string): string {
  let serverOrigin = '';
  try {
    if (serverUrl) serverOrigin = new URL(serverUrl).origin;
  } catch {
    serverOrigin = '';
  }
  return [
    "default-src 'none'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "worker-src 'self' blob:",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self' blob: data:${serverOrigin ? ` ${serverOrigin}` : ''}`,
    "object-src 'none'",
    "frame-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
