// The service worker's logic (static/js/sw.js) over small fakes for caches, fetch and clients.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const SW = require('../../static/js/sw.js');

const ORIGIN = 'https://lares.example';
const HTMX = 'https://cdn.example/htmx.min.js';
const CFG = {
  version: 'abc123',
  shell: ['/offline', '/offline/not-found', '/static/css/app.css?v=1'],
  htmx: { url: HTMX, integrity: 'sha384-x' },
  urls: { offline: '/offline', missing: '/offline/not-found', worker: '/sw.js', static: '/static/', trek: '/treks/SLUG/' },
  slug: 'SLUG',
};

const abs = (url) => new URL(url, ORIGIN).href;
const keyOf = (req) => abs(typeof req === 'string' ? req : req.url);
const stripSearch = (url) => url.split('?')[0];

class FakeCache {
  constructor() { this.entries = new Map(); }
  async match(req, options = {}) {
    const key = keyOf(req);
    if (this.entries.has(key)) return this.entries.get(key).clone();
    if (options.ignoreSearch) {
      for (const [k, v] of this.entries) if (stripSearch(k) === stripSearch(key)) return v.clone();
    }
    return undefined;
  }
  async put(req, response) { this.entries.set(keyOf(req), response); }
  async addAll(urls) { for (const url of urls) this.entries.set(keyOf(url), new Response(`copy of ${url}`)); }
}

class FakeCaches {
  constructor(names = []) { this.stores = new Map(names.map((n) => [n, new FakeCache()])); }
  async open(name) {
    if (!this.stores.has(name)) this.stores.set(name, new FakeCache());
    return this.stores.get(name);
  }
  async keys() { return [...this.stores.keys()]; }
  async has(name) { return this.stores.has(name); }
  async delete(name) { return this.stores.delete(name); }
  async match(req, options) {
    for (const cache of this.stores.values()) {
      const hit = await cache.match(req, options);
      if (hit) return hit;
    }
    return undefined;
  }
}

function request(path, { method = 'GET', mode = 'cors', accept = '' } = {}) {
  return { url: abs(path), method, mode, headers: new Headers(accept ? { Accept: accept } : {}) };
}

const page = (path) => request(path, { mode: 'navigate', accept: 'text/html' });
const offline = () => Promise.reject(new TypeError('Failed to fetch'));
const never = () => new Promise(() => {});
const instantTimers = { setTimeout: (fn) => { fn(); return 1; }, clearTimeout: () => {} };

function worker({ caches = new FakeCaches(), fetch = offline, ...env } = {}) {
  return { caches, w: SW.createWorker(CFG, { caches, fetch, origin: ORIGIN, timers: instantTimers, ...env }) };
}

async function withPage(caches, cacheName, path, body) {
  await (await caches.open(cacheName)).put(path, new Response(body, { headers: { 'Content-Type': 'text/html' } }));
}

test('cache names: the shell is named by version, and only older shells are old', () => {
  assert.equal(SW.shellCacheName('abc123'), 'shell-abc123');
  const names = ['shell-old1', 'shell-abc123', 'trek-lares-a-v3', 'trip-tok', 'shell-old2'];
  assert.deepEqual(SW.oldShellCaches(names, 'shell-abc123'), ['shell-old1', 'shell-old2']);
});

test('a path is inside a trek by the trek URL the server gives, whatever its prefix', () => {
  const slugOf = SW.trekSlugOf('/treks/SLUG/', 'SLUG');
  assert.equal(slugOf('/treks/lares-a/'), 'lares-a');
  assert.equal(slugOf('/treks/lares-a/stages/2'), 'lares-a');
  assert.equal(slugOf('/treks/lares-a'), null);
  assert.equal(slugOf('/t/tok/'), null);
  assert.equal(SW.trekSlugOf('/app.v2/routes/SLUG/', 'SLUG')('/app.v2/routes/x-1/gear'), 'x-1');
  assert.equal(SW.trekSlugOf('/app.v2/routes/SLUG/', 'SLUG')('/appXv2/routes/x-1/gear'), null);
});

test('the saved copy of a trek is any version of its cache, and only its own', () => {
  const names = ['shell-abc', 'trek-lares-a-v3', 'trek-lares-ab-v1'];
  assert.equal(SW.savedTrekCacheName(names, 'lares-a'), 'trek-lares-a-v3');
  assert.equal(SW.savedTrekCacheName(names, 'lares-ab'), 'trek-lares-ab-v1');
  assert.equal(SW.savedTrekCacheName(names, 'lares-b'), null);
  assert.equal(SW.savedTrekCacheName(names, null), null);
});

test('which strategy answers a request', () => {
  const s = (req) => SW.strategyFor(req, CFG, ORIGIN);
  assert.equal(s({ ...request('/'), url: HTMX }), 'htmx');
  assert.equal(s(request('/static/js/app.js?v=1')), 'static');
  assert.equal(s(page('/treks/lares-a/')), 'network');
  assert.equal(s(request('/treks/lares-a/profile.json')), 'network');
  assert.equal(s(request('/sw.js')), null, 'the worker script itself is left to the browser');
  assert.equal(s(request('/t/tok/ops', { method: 'POST' })), null, 'writes are not the worker\'s');
  assert.equal(s({ ...request('/'), url: 'https://elsewhere.example/x.js' }), null);
});

test('HTML is wanted by navigations and by Accept', () => {
  assert.equal(SW.wantsHtml(page('/')), true);
  assert.equal(SW.wantsHtml(request('/x', { accept: 'text/html, */*' })), true);
  assert.equal(SW.wantsHtml(request('/x', { accept: 'application/json' })), false);
  assert.deepEqual(SW.offlinePage(true, CFG.urls), { url: '/offline/not-found', status: 404 });
  assert.deepEqual(SW.offlinePage(false, CFG.urls), { url: '/offline', status: 503 });
});

test('fetchWithTimeout: a silent network times out; an answer clears the timer', async () => {
  await assert.rejects(SW.fetchWithTimeout(never, 'x', 10, instantTimers), /timeout/);
  let cleared = 0;
  const timers = { setTimeout: () => 7, clearTimeout: (t) => { if (t === 7) cleared += 1; } };
  const response = await SW.fetchWithTimeout(async () => new Response('ok'), 'x', 10, timers);
  assert.equal(await response.text(), 'ok');
  assert.equal(cleared, 1);
});

test('network first: with no signal a saved page comes from its cache', async () => {
  const { caches, w } = worker({ fetch: never });
  await withPage(caches, 'trek-lares-a-v3', '/treks/lares-a/stages/1', 'stage one');
  const response = await w.respond(page('/treks/lares-a/stages/1'));
  assert.equal(response.status, 200);
  assert.equal(await response.text(), 'stage one');
});

test('inside a saved trek, a page that is not saved is a 404 (the saved 404 page)', async () => {
  const { caches, w } = worker();
  await w.install();
  await withPage(caches, 'trek-lares-a-v3', '/treks/lares-a/', 'overview');
  const response = await w.respond(page('/treks/lares-a/waypoints/nowhere'));
  assert.equal(response.status, 404);
  assert.equal(await response.text(), 'copy of /offline/not-found');
  assert.match(response.headers.get('Content-Type'), /^text\/html/);
});

test('outside a saved trek, no signal is the offline page with 503; data gets JSON', async () => {
  const { w } = worker();
  await w.install();
  const html = await w.respond(page('/treks/lares-b/'));
  assert.equal(html.status, 503);
  assert.equal(await html.text(), 'copy of /offline');
  const data = await w.respond(request('/treks/lares-b/profile.json', { accept: 'application/json' }));
  assert.equal(data.status, 503);
  assert.equal((await data.json()).error, 'offline');
});

test('with nothing cached at all, the answer is a plain 503', async () => {
  const { w } = worker();
  const response = await w.respond(page('/'));
  assert.equal(response.status, 503);
  assert.equal(await response.text(), 'Offline');
});

test('network first: a 5xx falls back to a saved copy, else is passed on', async () => {
  const { caches, w } = worker({ fetch: async () => new Response('down', { status: 502 }) });
  await withPage(caches, 'trip-tok', '/t/tok/', 'saved trip');
  assert.equal(await (await w.respond(page('/t/tok/'))).text(), 'saved trip');
  assert.equal((await w.respond(page('/t/other/'))).status, 502);
});

test('network first: a fresh answer refreshes the saved copy, never the shell', async () => {
  const { caches, w } = worker({ fetch: async () => new Response('fresh') });
  await withPage(caches, 'trip-tok', '/t/tok/', 'stale');
  await withPage(caches, 'shell-abc123', '/t/tok/', 'shell copy');
  const response = await w.respond(page('/t/tok/'));
  assert.equal(await response.text(), 'fresh');
  await new Promise((r) => setImmediate(r)); // the refresh runs after the answer
  const trip = await caches.open('trip-tok');
  assert.equal(await (await trip.match('/t/tok/')).text(), 'fresh');
  const shell = await caches.open('shell-abc123');
  assert.equal(await (await shell.match('/t/tok/')).text(), 'shell copy');
});

test('a saved trek page answers at once and is revalidated behind, with its ETag', async () => {
  const asked = [];
  const fetch = async (req) => {
    asked.push(req.headers.get('If-None-Match'));
    return new Response('v3 fresh', { headers: { ETag: '"b"', 'X-Trek-Version': '3' } });
  };
  const { caches, w } = worker({ fetch });
  await (await caches.open('trek-lares-a-v3')).put('/treks/lares-a/stages/1',
    new Response('v3 saved', { headers: { ETag: '"a"', 'X-Trek-Version': '3' } }));
  const behind = [];
  const response = await w.respond(page('/treks/lares-a/stages/1'), (p) => behind.push(p));
  assert.equal(await response.text(), 'v3 saved', 'no wait for the network');
  await Promise.all(behind);
  assert.deepEqual(asked, ['"a"']);
  const trek = await caches.open('trek-lares-a-v3');
  assert.equal(await (await trek.match('/treks/lares-a/stages/1')).text(), 'v3 fresh');
});

test('a background refresh never puts a newer trek version into an older saved copy', async () => {
  const fetch = async () => new Response('v4', { headers: { 'X-Trek-Version': '4' } });
  const { caches, w } = worker({ fetch });
  await (await caches.open('trek-lares-a-v3')).put('/treks/lares-a/',
    new Response('v3', { headers: { 'X-Trek-Version': '3' } }));
  const behind = [];
  assert.equal(await (await w.respond(page('/treks/lares-a/'), (p) => behind.push(p))).text(), 'v3');
  await Promise.all(behind);
  assert.equal(await (await (await caches.open('trek-lares-a-v3')).match('/treks/lares-a/')).text(), 'v3');
  assert.equal(SW.cacheVersion('trip-tok-v12'), '12');
  assert.equal(SW.cacheVersion('trip-tok'), null);
});

test('what "Save for offline" marks fresh goes to the network only', async () => {
  const { caches, w } = worker({ fetch: async () => new Response('server') });
  await withPage(caches, 'trek-lares-a-v3', '/treks/lares-a/', 'saved');
  const fresh = { ...page('/treks/lares-a/'), mode: 'cors', headers: new Headers({ 'X-Lares-Fresh': '1' }) };
  assert.equal(await (await w.respond(fresh)).text(), 'server');
  const { w: down } = worker({ caches, fetch: offline });
  await assert.rejects(down.respond(fresh), /Failed to fetch/, 'a failure the save can count, not the old copy');
  assert.equal(SW.staleWhileRevalidate(request('/treks/lares-a/offline.json'), SW.trekSlugOf('/treks/SLUG/', 'SLUG')), false);
  assert.equal(SW.staleWhileRevalidate(request('/t/tok/'), SW.trekSlugOf('/treks/SLUG/', 'SLUG')), false);
});

test('network first: redirects and errors do not overwrite a saved copy', async () => {
  const caches = new FakeCaches();
  await withPage(caches, 'trip-tok', '/t/tok/', 'saved');
  const redirected = new Response('elsewhere');
  Object.defineProperty(redirected, 'redirected', { value: true });
  const { w } = worker({ caches });
  await w.refreshSavedCopy(page('/t/tok/'), redirected);
  await w.refreshSavedCopy(page('/t/tok/'), new Response('gone', { status: 404 }));
  assert.equal(await (await (await caches.open('trip-tok')).match('/t/tok/')).text(), 'saved');
});

test('static assets: cache first; offline, an older hash gets the current file', async () => {
  let fetched = 0;
  const { w } = worker({ fetch: async () => { fetched += 1; throw new TypeError('offline'); } });
  await w.install();
  fetched = 0;
  assert.equal(await (await w.respond(request('/static/css/app.css?v=1'))).text(), 'copy of /static/css/app.css?v=1');
  assert.equal(fetched, 0);
  assert.equal(await (await w.respond(request('/static/css/app.css?v=0'))).text(), 'copy of /static/css/app.css?v=1');
  await assert.rejects(w.respond(request('/static/js/unknown.js?v=1')), /offline/);
});

test('static assets not saved: a 5xx or a stalled link gets the saved file of that name', async () => {
  const caches = new FakeCaches();
  const { w } = worker({ caches, fetch: async () => new Response('bad gateway', { status: 502 }) });
  await w.install();
  // A module imported without the hash the shell holds (a page saved by an older version).
  assert.equal(await (await w.respond(request('/static/css/app.css'))).text(), 'copy of /static/css/app.css?v=1');
  assert.equal((await w.respond(request('/static/js/unknown.js'))).status, 502, 'nothing saved: the error is passed on');
  const { w: stalled } = worker({ caches, fetch: never });
  assert.equal(await (await stalled.respond(request('/static/css/app.css?v=0'))).text(), 'copy of /static/css/app.css?v=1');
});

test('install precaches the shell and htmx in CORS mode with its integrity hash', async () => {
  const calls = [];
  const { caches, w } = worker({ fetch: async (url, init) => { calls.push([url, init]); return new Response('htmx'); } });
  await w.install();
  const shell = await caches.open('shell-abc123');
  assert.deepEqual([...shell.entries.keys()], [...CFG.shell.map(abs), HTMX]);
  assert.deepEqual(calls, [[HTMX, { mode: 'cors', credentials: 'omit', integrity: 'sha384-x' }]]);
  assert.equal(await (await w.respond({ ...request('/'), url: HTMX })).text(), 'htmx');
});

test('install succeeds without htmx (every page works without it)', async () => {
  const warnings = [];
  const { caches, w } = worker({ console: { warn: (...a) => warnings.push(a) } });
  await w.install();
  assert.equal((await caches.open('shell-abc123')).entries.size, CFG.shell.length);
  assert.equal(warnings.length, 1);
});

test('activate deletes older shells only, then claims the pages', async () => {
  let claimed = 0;
  const caches = new FakeCaches(['shell-old', 'shell-abc123', 'trek-lares-a-v3', 'trip-tok']);
  const { w } = worker({ caches, clients: { claim: async () => { claimed += 1; } } });
  await w.activate();
  assert.deepEqual(await caches.keys(), ['shell-abc123', 'trek-lares-a-v3', 'trip-tok']);
  assert.equal(claimed, 1);
});

test('messages: the version, "take over now", and a late htmx copy', async () => {
  let skipped = 0;
  let fetched = 0;
  const { caches, w } = worker({ skipWaiting: () => { skipped += 1; }, fetch: async () => { fetched += 1; return new Response('h'); } });
  const posted = [];
  assert.equal(w.message({ type: 'VERSION' }, [{ postMessage: (m) => posted.push(m) }]), undefined);
  assert.deepEqual(posted, ['abc123']);
  w.message({ type: 'SKIP_WAITING' }, []);
  assert.equal(skipped, 1);
  await w.message({ type: 'CACHE_HTMX' }, []);
  await w.message({ type: 'CACHE_HTMX' }, []);
  assert.equal(fetched, 1, 'htmx is fetched only while it is missing');
  assert.ok(await (await caches.open('shell-abc123')).match(HTMX));
  assert.equal(w.message(null, []), undefined);
});

test('sync replays the outbox, tells the pages, and fails while operations are kept', async () => {
  const told = [];
  const clients = { matchAll: async () => [{ postMessage: (m) => told.push(m) }] };
  const { w } = worker({ clients });
  await w.sync({ flush: async () => ({ kept: 0 }) });
  await assert.rejects(w.sync({ flush: async () => ({ kept: 2 }) }), /2 operations kept/);
  assert.deepEqual(told, [{ type: 'OUTBOX_CHANGED' }, { type: 'OUTBOX_CHANGED' }]);
});

test('listen wires the events: GETs of ours are answered, the rest left alone', async () => {
  const handlers = {};
  const scope = {
    caches: new FakeCaches(), fetch: offline, clients: { claim: async () => {}, matchAll: async () => [] }, skipWaiting() {},
    location: { origin: ORIGIN }, LaresOutbox: { SYNC_TAG: 'lares-outbox', flush: async () => ({ kept: 0 }) },
    addEventListener: (type, fn) => { handlers[type] = fn; },
  };
  SW.listen(scope, CFG);
  assert.deepEqual(Object.keys(handlers).sort(), ['activate', 'fetch', 'install', 'message', 'sync']);
  const answered = [];
  handlers.fetch({ request: page('/'), respondWith: (p) => answered.push(p) });
  handlers.fetch({ request: request('/t/tok/ops', { method: 'POST' }), respondWith: (p) => answered.push(p) });
  assert.equal(answered.length, 1);
  assert.equal((await answered[0]).status, 503);
  const waited = [];
  handlers.sync({ tag: 'other', waitUntil: (p) => waited.push(p) });
  handlers.sync({ tag: 'lares-outbox', waitUntil: (p) => waited.push(p) });
  assert.equal(waited.length, 1);
  await waited[0];
});
