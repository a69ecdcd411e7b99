import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * Vite builds the renderer (root `renderer/`, output `out/renderer/`) for both the Electron window
 * (served from `app://desk/`) and the browser build (`npm run dev:web`, Playwright tests).
 *
 * The CSP is set as a meta tag: strict in the build; the dev server needs inline styles, its
 * websocket for hot reload, and eval for RxDB dev-mode's schema validators (ajv). Electron adds the same policy as a header with the exact server origin.
 */
function contentSecurityPolicy(): Plugin {
  let dev = false;
  return {
    name: 'cps-csp',
    configResolved(config) {
      dev = config.command === 'serve';
    },
    transformIndexHtml(html) {
      const policy = [
        "default-src 'none'",
        // Dev only: RxDB dev-mode's ajv schema validation compiles validators with `new Function`.
        `script-src 'self' 'wasm-unsafe-eval'${dev ? " 'unsafe-inline' 'unsafe-eval'" : ''}`,
        "worker-src 'self' blob:",
        `style-src 'self'${dev ? " 'unsafe-inline'" : ''}`,
        "img-src 'self' data: blob:",
        "font-src 'self'",
        `connect-src 'self' blob: data: http: https:${dev ? ' ws:' : ''}`,
        "object-src 'none'",
        "frame-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
      ].join('; ');
      return html.replace('<!--CSP-->', `<meta http-equiv="Content-Security-Policy" content="${policy}" />`);
    },
  };
}

export default defineConfig({
  root: 'renderer',
  base: './',
  publicDir: 'public',
  plugins: [react(), contentSecurityPolicy()],
  build: { outDir: '../out/renderer', emptyOutDir: true, target: 'es2022', sourcemap: true, chunkSizeWarningLimit: 4000 },
  worker: { format: 'es' },
  server: { port: 5173, strictPort: false, fs: { allow: ['..'] } },
  preview: { port: 4173 },
});
