// The worker's map-library keeper (static/js/sw-map.js) over small fakes for caches and fetch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { createMapWorker, mapCacheName } = require('../../static/js/sw-map.js');

const LEAFLET = 'https://cdn.example/leaflet.js';
const READER = 'https://cdn.example/pmtiles.js';
const CFG = {
  version: 'v1',
  assets: [{ url: LEAFLET, integrity: 'sha384-L' }, { url: READER, integrity: 'sha384-P', lazy: true }],
};

function fakes({ failing = false } = {}) {
  const stores = new Map();
  const fetched = [];
  const caches = {
    async open(name) {
      if (!stores.has(name)) stores.set(name, new Map());
      const m = stores.get(name);
      return { match: async (url) => m.get(url), put: async (url, r) => { m.set(url, r); } };
    },
    async keys() { return [...stores.keys()]; },
    async delete(name) { return stores.delete(name); },
  };
  const fetch = async (url, init) => {
    fetched.push({ url, init });
    if (failing) throw new TypeError('offline');
    return new Response(`copy of ${url}`, { status: 200 });
  };
  return { caches, fetch, stores, fetched, console: { warn() {} } };
}

test('install keeps the library with its integrity hash, in CORS mode, and not the lazy reader', async () => {
  const env = fakes();
  await createMapWorker(CFG, env).install();
  assert.deepEqual(env.fetched.map((f) => f.url), [LEAFLET]);
  assert.deepEqual(env.fetched[0].init, { mode: 'cors', credentials: 'omit', integrity: 'sha384-L' });
  assert.ok(env.stores.get(mapCacheName('v1')).has(LEAFLET));
});

test('answers from the cache offline, keeps a lazy asset on first use, ignores other requests', async () => {
  const env = fakes();
  const worker = createMapWorker(CFG, env);
  await worker.install();
  assert.equal(worker.respond({ method: 'GET', url: 'https://cdn.example/other.js' }), null);
  assert.equal(worker.respond({ method: 'POST', url: LEAFLET }), null);
  const reader = await worker.respond({ method: 'GET', url: READER });
  assert.equal(await reader.text(), `copy of ${READER}`);
  assert.equal(env.fetched.at(-1).init.integrity, 'sha384-P');
  const offline = { ...env, fetch: async () => { throw new TypeError('offline'); } };
  offline.stores = env.stores;
  const again = createMapWorker(CFG, { ...offline, caches: env.caches });
  assert.equal(await (await again.respond({ method: 'GET', url: LEAFLET })).text(), `copy of ${LEAFLET}`);
  assert.equal(await (await again.respond({ method: 'GET', url: READER })).text(), `copy of ${READER}`);
});

test('a library never kept answers 503 offline, and old versions are dropped on activate', async () => {
  const env = fakes({ failing: true });
  const worker = createMapWorker(CFG, env);
  await worker.install();
  assert.equal((await worker.respond({ method: 'GET', url: LEAFLET })).status, 503);
  await env.caches.open(mapCacheName('old'));
  await env.caches.open('trek-lares-a-v1');
  await worker.activate();
  assert.deepEqual((await env.caches.keys()).sort(), [mapCacheName('v1'), 'trek-lares-a-v1']);
});
