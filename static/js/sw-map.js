/**
 * The service worker's part for maps: keeps the map library (Leaflet's script and stylesheet,
 * the PMTiles reader) from the CDN for offline use, fetched in CORS mode with its integrity
 * hash, so a tampered copy is never kept. Imported by /sw.js before sw.js (see
 * laresapp/pwa/worker.py); it adds its own install, activate and fetch listeners, so sw.js
 * needs no change. The library is small (about 55 KB gzip) and kept at install, like htmx, so a
 * trek saved for offline has its map too.
 *
 * A base map (one PMTiles archive) is not handled here: "Save for offline" keeps the whole
 * archive in a cache of its own, and the map page reads it from there as a Blob
 * (static/js/map-basemap.js): the Cache API cannot hold the reader's 206 range answers.
 *
 * LARES_SW_CONFIG.map = {version, assets: [{url, integrity, lazy}]}: a lazy asset (the PMTiles
 * reader, needed only with a base map) is kept the first time a page asks for it.
 */
(function (root) {
  'use strict';

  const PREFIX = 'map-lib-';

  function mapCacheName(version) {
    return `${PREFIX}${version}`;
  }

  function createMapWorker(cfg, env) {
    const { caches } = env;
    const name = mapCacheName(cfg.version);
    const log = env.console || console;
    const byUrl = new Map(cfg.assets.map((a) => [a.url, a]));

    async function keep(cache, asset) {
      try {
        const response = await env.fetch(asset.url, { mode: 'cors', credentials: 'omit', integrity: asset.integrity });
        if (response.ok) await cache.put(asset.url, response.clone());
        return response;
      } catch (err) {
        log.warn('map library not kept', asset.url, err);
        return null;
      }
    }

    async function install() {
      const cache = await caches.open(name);
      await Promise.all(cfg.assets.filter((a) => !a.lazy).map((a) => keep(cache, a)));
    }

    async function activate() {
      const names = await caches.keys();
      await Promise.all(names.filter((n) => n.startsWith(PREFIX) && n !== name).map((n) => caches.delete(n)));
    }

    /** A promise of the answer for a map library file, or null for any other request. */
    function respond(request) {
      if (request.method !== 'GET' || !byUrl.has(request.url)) return null;
      return (async () => {
        const cache = await caches.open(name);
        const hit = await cache.match(request.url);
        if (hit) return hit;
        const fetched = await keep(cache, byUrl.get(request.url));
        if (fetched) return fetched;
        return new Response('', { status: 503, statusText: 'map library not saved' });
      })();
    }

    return { name, install, activate, respond };
  }

  function listen(scope, cfg) {
    const worker = createMapWorker(cfg, { caches: scope.caches, fetch: scope.fetch.bind(scope) });
    scope.addEventListener('install', (event) => event.waitUntil(worker.install()));
    scope.addEventListener('activate', (event) => event.waitUntil(worker.activate()));
    scope.addEventListener('fetch', (event) => {
      const answer = worker.respond(event.request);
      if (!answer) return;
      event.respondWith(answer);
      event.stopImmediatePropagation();
    });
    return worker;
  }

  const api = { mapCacheName, createMapWorker, listen };
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
  else if (root.LARES_SW_CONFIG && root.LARES_SW_CONFIG.map) root.LaresMapWorker = listen(root, root.LARES_SW_CONFIG.map);
}(typeof self !== 'undefined' ? self : globalThis));
