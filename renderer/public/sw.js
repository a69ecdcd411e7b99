/*
 * CPS Desk service worker (browser build only; the Electron app loads from app:// and never
 * registers it). Keeps the app working offline: every same-origin GET it serves is kept in one
 * cache. Hashed build assets (/assets/…) are served cache-first; everything else network-first
 * with the cached copy as the offline fallback. Requests to other origins (the program server)
 * are not touched. The renderer warms the cache at start (renderer/app/offline.ts).
 */
const CACHE = 'cps-desk-app-v1';

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

async function fromNetwork(request, cache) {
  const response = await fetch(request);
  if (response.ok && response.type === 'basic') await cache.put(request, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  event.respondWith(
    caches.open(CACHE).then(async (cache) => {
      if (url.pathname.includes('/assets/')) {
        const hit = await cache.match(request, { ignoreVary: true });
        return hit ?? fromNetwork(request, cache);
      }
      try {
        return await fromNetwork(request, cache);
      } catch (error) {
        const hit = await cache.match(request, { ignoreVary: true, ignoreSearch: url.pathname.endsWith('.html') || url.pathname.endsWith('/') });
        if (hit) return hit;
        throw error;
      }
    }),
  );
});
