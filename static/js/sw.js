/**
 * The service worker's logic. `/sw.js` (laresapp/pwa/views.py) is only its configuration:
 * it sets self.LARES_SW_CONFIG — the version, the precache list, htmx's URL and hash, and
 * every URL the worker must know, from url_for — then loads outbox.js and this file with
 * importScripts(). A classic script, not a module: importScripts() cannot load modules, and
 * node --test loads it with require() and hands createWorker() fakes for caches and fetch.
 *
 * Caches:
 *   shell-<version>      the app shell: offline pages, CSS, JS, icons, htmx (precached at install)
 *   trek-<slug>-v<n>     one saved trek: every page and data file, written by "Save for offline"
 *   trip-<token>         a saved trip (written by the trips module)
 * A new worker waits until the page asks it to take over ("new version — reload"), so a
 * hiker never runs half an old and half a new version.
 *
 * Strategies (docs/decisions.md, "Offline"): static files cache first, then the network
 * with a short timeout, then any saved copy of the same file; a saved trek page (it depends
 * only on the trek's version) answers at once and is revalidated in the background
 * (stale-while-revalidate); every other page and data file is network first with a
 * timeout, then the saved copy — also when the network answers 5xx (a failing proxy).
 * A request "Save for offline" marks with `X-Lares-Fresh: 1` goes to the network only: the
 * page wants the server's answer (or a 304), or a failure it can count.
 *
 * LARES_SW_CONFIG = {
 *   version, shell: [url...], htmx: {url, integrity},
 *   urls: {offline, missing, worker, static, trek}, slug, langs,
 * }  where urls.trek is a trek's overview URL with `slug` standing in for the trek's slug, and
 * langs the languages' URL prefixes and own pages (static/js/sw-lang.js): a page under /es/ is
 * a page of the same trek, kept in the Spanish copy, answered offline in Spanish.
 */
(function (root) {
  'use strict';

  const Lang = typeof module !== 'undefined' && module.exports ? require('./sw-lang.js') : root.LaresLang;

  const NETWORK_TIMEOUT_MS = 4000;
  const STATIC_TIMEOUT_MS = 3000;
  // A trek page tells its trek version, so a background refresh never puts a page of a newer
  // version into a saved copy of an older one (the copy is replaced whole by "Save").
  const VERSION_HEADER = 'X-Trek-Version';
  const FRESH_HEADER = 'X-Lares-Fresh';
  const SHELL_PREFIX = 'shell-';

  // ---- pure helpers (tested with node --test) ---------------------------------------

  function shellCacheName(version) {
    return `${SHELL_PREFIX}${version}`;
  }

  /** Shell caches of earlier versions: deleted when this version activates. */
  function oldShellCaches(names, current) {
    return names.filter((n) => n.startsWith(SHELL_PREFIX) && n !== current);
  }

  function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }

  /** A function from a path (in any language) to the slug of the trek whose pages it is
   * under, or null. */
  function trekSlugOf(trekUrl, placeholder, langs) {
    const [before, after] = trekUrl.split(placeholder);
    const pattern = new RegExp(`^${escapeRegExp(before)}([a-z0-9-]+)${escapeRegExp(after)}`);
    return (pathname) => {
      const m = Lang.unprefixed(pathname, langs).match(pattern);
      return m ? m[1] : null;
    };
  }

  /** The cache holding a saved copy of that trek (any version) in that language, or null. */
  function savedTrekCacheName(names, slug, lang, langs) {
    if (!slug) return null;
    const prefix = lang ? Lang.cachePrefix(lang, langs) : '';
    return names.find((n) => n.startsWith(`${prefix}trek-${slug}-v`)) || null;
  }

  /** Which way a request is answered: 'htmx', 'static', 'network', 'form', or null (not ours). */
  function strategyFor(request, cfg, origin) {
    if (request.method !== 'GET') {
      // A form sent as a page (plan settings, new trip, organiser) is only answered when it
      // fails: then with the app's "no connection" page, never the browser's error page.
      const own = request.mode === 'navigate' && new URL(request.url).origin === origin;
      return request.method === 'POST' && own ? 'form' : null;
    }
    if (request.url === cfg.htmx.url) return 'htmx';
    const url = new URL(request.url);
    if (url.origin !== origin) return null;
    if (url.pathname === cfg.urls.worker) return null;
    if (url.pathname.startsWith(cfg.urls.static)) return 'static';
    return 'network';
  }

  /** Whether a saved copy may answer at once (refreshed behind): a trek page or data file
   * that the page did not ask to fetch fresh. offline.json is the save's own list. */
  function staleWhileRevalidate(request, trekSlug) {
    if (networkOnly(request)) return false;
    const url = new URL(request.url);
    return Boolean(trekSlug(url.pathname)) && !url.pathname.endsWith('/offline.json') && !url.pathname.endsWith('.gpx');
  }

  /** The trek version a saved copy holds, from its cache name (`trek-<slug>-v<n>`,
   * `trip-<token>-v<n>`), or null. */
  function cacheVersion(name) {
    const m = name.match(/-v(\d+)$/);
    return m ? m[1] : null;
  }

  /** Whether the page asked for the server's answer and nothing else (offline-save.js
   * sends this header; `request.cache` cannot say it: DevTools' "disable cache" makes every
   * request no-store). */
  function networkOnly(request) {
    return request.headers.get(FRESH_HEADER) === '1';
  }

  function wantsHtml(request) {
    const accept = request.headers.get('Accept') || '';
    return request.mode === 'navigate' || accept.includes('text/html');
  }

  /** The page shown with no signal, in the request's language: inside a fully saved trek, a
   * page not in it is a 404. */
  function offlinePage(insideSavedTrek, urls, lang, langs) {
    return insideSavedTrek
      ? { url: Lang.pageIn('missing', lang, langs, urls.missing), status: 404 }
      : { url: Lang.pageIn('offline', lang, langs, urls.offline), status: 503 };
  }

  /** fetch, or a rejection after `ms` (the timer is cleared either way). */
  async function fetchWithTimeout(fetchFn, request, ms, timers) {
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = timers.setTimeout(() => reject(new Error('timeout')), ms);
    });
    try {
      return await Promise.race([fetchFn(request), timeout]);
    } finally {
      timers.clearTimeout(timer);
    }
  }

  // ---- the worker, over whatever caches, fetch and clients it is given ---------------------

  function createWorker(cfg, env) {
    const { caches } = env;
    const fetchFn = env.fetch;
    // Wrapped: the global timer functions throw when called as methods of another object.
    const timers = env.timers || { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (t) => clearTimeout(t) };
    const timeoutMs = env.networkTimeoutMs || NETWORK_TIMEOUT_MS;
    const staticTimeoutMs = env.staticTimeoutMs || STATIC_TIMEOUT_MS;
    const shellCache = shellCacheName(cfg.version);
    const trekSlug = trekSlugOf(cfg.urls.trek, cfg.slug, cfg.langs);
    const langMemory = Lang.createLangMemory(caches, cfg.langs);
    const log = env.console || console;

    /* CORS mode with the integrity hash: a tampered copy is refused, and a CORS response is not
     * opaque, so it costs its real size in the storage quota. Failure is not fatal: every page
     * works without htmx, and the page asks again (message CACHE_HTMX) on a later visit. */
    async function cacheHtmx(cache) {
      try {
        const htmx = await fetchFn(cfg.htmx.url, { mode: 'cors', credentials: 'omit', integrity: cfg.htmx.integrity });
        if (htmx.ok) await cache.put(cfg.htmx.url, htmx);
      } catch (err) {
        log.warn('htmx not cached', err);
      }
    }

    async function install() {
      const cache = await caches.open(shellCache);
      await cache.addAll(cfg.shell);
      await cacheHtmx(cache);
    }

    async function deleteOldShells() {
      const names = await caches.keys();
      await Promise.all(oldShellCaches(names, shellCache).map((n) => caches.delete(n)));
    }

    async function activate() {
      await deleteOldShells();
      if (env.clients) await env.clients.claim();
    }

    /** Handles a message from a page; returns a promise to wait for, or undefined. */
    function message(data, ports) {
      if (!data) return undefined;
      if (data.type === 'SKIP_WAITING') env.skipWaiting();
      if (data.type === 'VERSION' && ports && ports[0]) ports[0].postMessage(cfg.version);
      if (data.type === 'CACHE_HTMX') {
        return caches.open(shellCache).then(async (cache) => {
          if (!(await cache.match(cfg.htmx.url))) await cacheHtmx(cache);
        });
      }
      return undefined;
    }

    /** Background Sync: replay the outbox; anything kept fails the event, so it is tried again. */
    async function sync(outbox) {
      const report = await outbox.flush();
      if (env.clients) {
        for (const client of await env.clients.matchAll()) client.postMessage({ type: 'OUTBOX_CHANGED' });
      }
      if (report.kept > 0) throw new Error(`${report.kept} operations kept for a later try`);
    }

    async function savedTrekCache(url) {
      const slug = trekSlug(url.pathname);
      if (!slug) return null;
      return savedTrekCacheName(await caches.keys(), slug, Lang.langOf(url.pathname, cfg.langs), cfg.langs);
    }

    async function refreshSavedCopy(request, response) {
      // Keep a saved page fresh while there is signal: overwrite it in whichever cache holds
      // it — unless it belongs to another trek version than the saved copy (never half old,
      // half new: "Save" replaces a version whole).
      if (!response.ok || response.redirected) return;
      const version = response.headers.get(VERSION_HEADER);
      for (const name of await caches.keys()) {
        if (name.startsWith(SHELL_PREFIX)) continue;
        const saved = cacheVersion(name);
        if (version && saved && saved !== version) continue;
        const cache = await caches.open(name);
        if (await cache.match(request)) await cache.put(request, response.clone());
      }
    }

    /** Ask the server whether a saved copy changed (If-None-Match) and keep the answer. */
    async function revalidate(request, saved) {
      const headers = {};
      const etag = saved.headers.get('ETag');
      if (etag) headers['If-None-Match'] = etag;
      const response = await fetchWithTimeout(fetchFn, new Request(request.url, {
        headers, credentials: 'same-origin', cache: 'no-store', redirect: 'manual',
      }), timeoutMs * 5, timers);
      if (response.status === 200) await refreshSavedCopy(request, response);
    }

    async function offlineAnswer(request) {
      if (!wantsHtml(request)) {
        return new Response(JSON.stringify({ error: 'offline', message: 'No signal, and this is not saved on the phone.' }),
          { status: 503, headers: { 'Content-Type': 'application/json' } });
      }
      const url = new URL(request.url);
      const lang = Lang.langOf(url.pathname, cfg.langs);
      const page = offlinePage(Boolean(await savedTrekCache(url)), cfg.urls, lang, cfg.langs);
      const cached = await caches.match(page.url);
      if (!cached) return new Response('Offline', { status: 503, headers: { 'Content-Type': 'text/plain' } });
      return new Response(cached.body, {
        status: page.status,
        headers: { 'Content-Type': 'text/html; charset=utf-8' },
      });
    }

    async function networkFirst(request, waitUntil = () => {}) {
      if (networkOnly(request)) return fetchWithTimeout(fetchFn, request, timeoutMs * 5, timers);
      if (staleWhileRevalidate(request, trekSlug)) {
        const saved = await caches.match(request);
        if (saved) {
          waitUntil(revalidate(request, saved).catch(() => {}));
          return saved;
        }
      }
      try {
        const response = await fetchWithTimeout(fetchFn, request, timeoutMs, timers);
        if (response.status < 500) {
          refreshSavedCopy(request, response.clone()).catch(() => {});
          return response;
        }
        return (await caches.match(request)) || response;
      } catch {
        if (request.mode === 'navigate') {
          const home = await Lang.homeRedirect(new URL(request.url), langMemory, cfg.langs);
          if (home) return home;
        }
        return (await caches.match(request)) || offlineAnswer(request);
      }
    }

    /* Cache first. A URL not saved (a page saved under an older version asks for an older
     * hash) goes to the network with a short timeout; if that fails, errs (5xx) or hangs,
     * the saved file of the same name answers, so a saved page's scripts always start. */
    async function staticAsset(request) {
      const hit = await caches.match(request);
      if (hit) return hit;
      let response = null;
      let failure = null;
      try {
        response = await fetchWithTimeout(fetchFn, request, staticTimeoutMs, timers);
        if (response.status < 500) return response;
      } catch (err) {
        failure = err;
      }
      const current = await caches.match(request, { ignoreSearch: true });
      if (current) return current;
      if (response) return response;
      throw failure;
    }

    async function htmx(request) {
      return (await caches.match(cfg.htmx.url)) || fetchFn(request);
    }

    async function form(request) {
      try {
        return await fetchFn(request);
      } catch {
        return offlineAnswer(request);
      }
    }

    const strategies = { htmx, static: staticAsset, network: networkFirst, form };

    /** A page opened (from the network or a saved copy, not the worker's own offline page)
     * is the language chosen: remembered for `/` offline. */
    async function rememberLanguage(request, response) {
      if (response.status !== 200 || response.redirected) return;
      await langMemory.remember(Lang.langOf(new URL(request.url).pathname, cfg.langs));
    }

    /** The answer to a fetch, or null to let the browser handle it. */
    function respond(request, waitUntil) {
      const strategy = strategyFor(request, cfg, env.origin);
      if (!strategy) return null;
      const answer = strategies[strategy](request, waitUntil);
      if (strategy !== 'network' || request.mode !== 'navigate') return answer;
      // Awaited rather than left to waitUntil: usually an in-memory check, a cache write only
      // when the language changes.
      return answer.then(async (response) => {
        await rememberLanguage(request, response).catch(() => {});
        return response;
      });
    }

    return {
      shellCache, install, activate, message, sync, respond, langMemory,
      networkFirst, staticAsset, offlineAnswer, refreshSavedCopy, deleteOldShells,
    };
  }

  /** Wires a worker to the service worker's events. */
  function listen(scope, cfg) {
    const worker = createWorker(cfg, {
      caches: scope.caches,
      fetch: scope.fetch.bind(scope),
      clients: scope.clients,
      skipWaiting: () => scope.skipWaiting(),
      origin: scope.location.origin,
    });
    scope.addEventListener('install', (event) => event.waitUntil(worker.install()));
    scope.addEventListener('activate', (event) => event.waitUntil(worker.activate()));
    scope.addEventListener('message', (event) => {
      const wait = worker.message(event.data, event.ports);
      if (wait) event.waitUntil(wait);
    });
    // The outbox (outbox.js) is shared with the pages: Background Sync replays it here with
    // the same code. An entry leaves it only on the server's ack.
    scope.addEventListener('sync', (event) => {
      if (!scope.LaresOutbox || event.tag !== scope.LaresOutbox.SYNC_TAG) return;
      event.waitUntil(worker.sync(scope.LaresOutbox));
    });
    scope.addEventListener('fetch', (event) => {
      const answer = worker.respond(event.request, (p) => event.waitUntil(p));
      if (answer) event.respondWith(answer);
    });
    return worker;
  }

  const api = {
    NETWORK_TIMEOUT_MS, STATIC_TIMEOUT_MS, VERSION_HEADER, FRESH_HEADER, cacheVersion, staleWhileRevalidate, networkOnly, shellCacheName, oldShellCaches, trekSlugOf, savedTrekCacheName,
    strategyFor, wantsHtml, offlinePage, fetchWithTimeout, createWorker, listen,
  };
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
  else if (root.LARES_SW_CONFIG) root.LaresWorker = listen(root, root.LARES_SW_CONFIG);
}(typeof self !== 'undefined' ? self : globalThis));
