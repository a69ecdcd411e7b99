/**
 * The `app://desk/…` protocol serving the built renderer from `out/renderer`. A privileged,
 * standard, secure scheme gives the app a real origin ('self' in the CSP) so web workers, wasm and
 * fetch of bundled assets (OCR language data, fonts) work without `file://` or a remote server.
 */
import { extname, join, normalize, sep } from 'node:path';

/** Content types of the files the renderer build contains. */
const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
  '.gz': 'application/gzip',
  '.icc': 'application/vnd.iccprofile',
  '.traineddata': 'application/octet-stream',
};

/**
 * Maps a request URL to a file inside `root`, or `null` when the path escapes the root or the URL
 * is not of the app's origin. `/` maps to `index.html`.
 */
export function resolveAppFile(root: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== 'app:' || url.host !== 'desk') return null;
  const path = decodeURIComponent(url.pathname);
  const file = normalize(join(root, path === '/' ? 'index.html' : path));
  if (file !== root && !file.startsWith(root.endsWith(sep) ? root : root + sep)) return null;
  return file;
}

/** Content type for a served file. */
export function contentTypeOf(file: string): string {
  return contentTypes[extname(file).toLowerCase()] ?? 'application/octet-stream';
}
