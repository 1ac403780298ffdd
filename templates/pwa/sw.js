/* laresapp service worker — rendered by laresapp/pwa.py; see docs/decisions.md.
 *
 * Caches:
 *   shell-<version>      the app shell: offline pages, CSS, JS, icons, htmx (precached at install)
 *   trek-<slug>-v<n>     one saved trek: every page and data file, written by "Save for offline"
 *   trip-<token>         a saved trip (written by the trips module)
 * A new worker waits until the page asks it to take over ("new version — reload"), so a
 * hiker never runs half an old and half a new version.
 */
const VERSION = {{ version|tojson }};
const SHELL_CACHE = `shell-${VERSION}`;
const SHELL_URLS = {{ shell|tojson }};
const HTMX_URL = {{ htmx_url|tojson }};
const HTMX_INTEGRITY = {{ htmx_integrity|tojson }};
const OFFLINE_URL = {{ offline_url|tojson }};
const MISSING_URL = {{ missing_url|tojson }};
const NETWORK_TIMEOUT_MS = 4000;
const OUTBOX_URL = {{ outbox_url|tojson }};

// The outbox (static/js/outbox.js) is shared with the pages: the Background Sync event
// replays it here with the same code. An entry leaves it only on the server's ack.
importScripts(OUTBOX_URL);

self.addEventListener('sync', (event) => {
  if (event.tag !== self.LaresOutbox.SYNC_TAG) return;
  event.waitUntil((async () => {
    const report = await self.LaresOutbox.flush();
    for (const client of await self.clients.matchAll()) client.postMessage({ type: 'OUTBOX_CHANGED' });
    // Anything kept (no signal, 5xx) fails the event, so the browser tries again later.
    if (report.kept > 0) throw new Error(`${report.kept} operations kept for a later try`);
  })());
});

/* CORS mode with the integrity hash: a tampered copy is refused, and a CORS response is not
 * opaque, so it costs its real size in the storage quota. Failure is not fatal: every page
 * works without htmx, and the page asks again (message CACHE_HTMX) on a later visit. */
async function cacheHtmx(cache) {
  try {
    const htmx = await fetch(HTMX_URL, { mode: 'cors', credentials: 'omit', integrity: HTMX_INTEGRITY });
    if (htmx.ok) await cache.put(HTMX_URL, htmx);
  } catch (err) {
    console.warn('htmx not cached', err);
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(SHELL_CACHE);
    await cache.addAll(SHELL_URLS);
    await cacheHtmx(cache);
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names
      .filter((n) => n.startsWith('shell-') && n !== SHELL_CACHE)
      .map((n) => caches.delete(n)));
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'SKIP_WAITING') self.skipWaiting();
  if (event.data && event.data.type === 'CACHE_HTMX') {
    event.waitUntil(caches.open(SHELL_CACHE).then(async (cache) => {
      if (!(await cache.match(HTMX_URL))) await cacheHtmx(cache);
    }));
  }
  if (event.data && event.data.type === 'VERSION' && event.ports[0]) event.ports[0].postMessage(VERSION);
});

function timeout(ms) {
  return new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), ms));
}

async function fromCache(request, options) {
  return caches.match(request, options);
}

/** Saved-trek caches whose slug prefixes this path (/treks/<slug>/...). */
async function savedTrekCache(url) {
  const m = url.pathname.match(/^\/treks\/([a-z0-9-]+)\//);
  if (!m) return null;
  const names = await caches.keys();
  return names.find((n) => n.startsWith(`trek-${m[1]}-v`)) || null;
}

async function refreshSavedCopy(request, response) {
  // Keep a saved page fresh while there is signal: overwrite it in whichever cache holds it.
  if (!response.ok || response.redirected) return;
  const names = await caches.keys();
  for (const name of names) {
    if (name.startsWith('shell-')) continue;
    const cache = await caches.open(name);
    if (await cache.match(request)) await cache.put(request, response.clone());
  }
}

async function offlineAnswer(request) {
  const url = new URL(request.url);
  const accept = request.headers.get('Accept') || '';
  const wantsHtml = request.mode === 'navigate' || accept.includes('text/html');
  if (!wantsHtml) {
    return new Response(JSON.stringify({ error: 'offline', message: 'No signal, and this is not saved on the phone.' }),
      { status: 503, headers: { 'Content-Type': 'application/json' } });
  }
  // Inside a fully saved trek, a page that is not in the cache does not exist: say 404.
  const page = (await savedTrekCache(url)) ? MISSING_URL : OFFLINE_URL;
  const cached = await caches.match(page);
  if (!cached) return new Response('Offline', { status: 503, headers: { 'Content-Type': 'text/plain' } });
  return new Response(cached.body, {
    status: page === MISSING_URL ? 404 : 503,
    headers: { 'Content-Type': 'text/html; charset=utf-8' },
  });
}

async function networkFirst(request) {
  try {
    const response = await Promise.race([fetch(request), timeout(NETWORK_TIMEOUT_MS)]);
    if (response.status < 500) {
      refreshSavedCopy(request, response.clone()).catch(() => {});
      return response;
    }
    return (await fromCache(request)) || response;
  } catch (err) {
    return (await fromCache(request)) || offlineAnswer(request);
  }
}

async function staticAsset(request) {
  const hit = await caches.match(request);
  if (hit) return hit;
  try {
    return await fetch(request);
  } catch (err) {
    // A page saved under an older version may ask for an older asset hash: serve the current file.
    const current = await caches.match(request, { ignoreSearch: true });
    if (current) return current;
    throw err;
  }
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (request.url === HTMX_URL) {
    event.respondWith(caches.match(HTMX_URL).then((hit) => hit || fetch(request)));
    return;
  }
  if (url.origin !== self.location.origin) return;
  if (url.pathname === '/sw.js') return;
  if (url.pathname.startsWith('/static/')) {
    event.respondWith(staticAsset(request));
    return;
  }
  event.respondWith(networkFirst(request));
});
