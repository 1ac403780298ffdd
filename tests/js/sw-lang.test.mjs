// The service worker's languages (static/js/sw-lang.js, used by static/js/sw.js): Spanish pages
// under /es/ belong to the same trek, are kept in their own copy, and answered offline in Spanish.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const Lang = require('../../static/js/sw-lang.js');
const SW = require('../../static/js/sw.js');

const ORIGIN = 'https://lares.example';
const LANGS = {
  default: 'en',
  prefixes: { es: '/es' },
  home: { en: '/', es: '/es/' },
  offline: { en: '/offline', es: '/es/offline' },
  missing: { en: '/offline/not-found', es: '/es/offline/not-found' },
};
const CFG = {
  version: 'abc123',
  shell: ['/offline', '/es/offline', '/offline/not-found', '/es/offline/not-found'],
  htmx: { url: 'https://cdn.example/htmx.min.js', integrity: 'sha384-x' },
  urls: { offline: '/offline', missing: '/offline/not-found', worker: '/sw.js', static: '/static/', trek: '/treks/SLUG/' },
  slug: 'SLUG',
  langs: LANGS,
};

class FakeCache {
  constructor() { this.entries = new Map(); }
  async match(req) {
    const hit = this.entries.get(new URL(typeof req === 'string' ? req : req.url, ORIGIN).href);
    return hit ? hit.clone() : undefined;
  }
  async put(req, response) { this.entries.set(new URL(typeof req === 'string' ? req : req.url, ORIGIN).href, response); }
  async addAll(urls) { for (const u of urls) await this.put(u, new Response(`page ${u}`)); }
}
class FakeCaches {
  constructor() { this.stores = new Map(); }
  async open(name) { if (!this.stores.has(name)) this.stores.set(name, new FakeCache()); return this.stores.get(name); }
  async keys() { return [...this.stores.keys()]; }
  async has(name) { return this.stores.has(name); }
  async delete(name) { return this.stores.delete(name); }
  async match(req) {
    for (const cache of this.stores.values()) { const hit = await cache.match(req); if (hit) return hit; }
    return undefined;
  }
}

function navigate(path) {
  return new Request(new URL(path, ORIGIN).href, { headers: { Accept: 'text/html' } });
}
// Request.mode cannot be set to 'navigate' in Node: the worker only reads it.
const asNavigation = (req) => new Proxy(req, { get: (t, k) => (k === 'mode' ? 'navigate' : t[k]) });
const offline = async () => { throw new TypeError('Failed to fetch'); };
const noTimers = { setTimeout: () => 0, clearTimeout: () => {} };

function worker(caches, fetch = offline) {
  return SW.createWorker(CFG, { caches, fetch, origin: ORIGIN, timers: noTimers });
}

test('a path is in the language of its prefix; the prefix comes off', () => {
  assert.equal(Lang.langOf('/es/treks/lares-a/', LANGS), 'es');
  assert.equal(Lang.langOf('/es', LANGS), 'es');
  assert.equal(Lang.langOf('/treks/lares-a/', LANGS), 'en');
  assert.equal(Lang.langOf('/estrella/', LANGS), 'en');
  assert.equal(Lang.unprefixed('/es/treks/lares-a/stages/2', LANGS), '/treks/lares-a/stages/2');
  assert.equal(Lang.unprefixed('/es/', LANGS), '/');
  assert.equal(Lang.langOf('/es/treks/x/', undefined), 'en'); // one language: no prefix is special
});

test('a Spanish trek page is a page of the same trek, kept in the Spanish copy', () => {
  const slugOf = SW.trekSlugOf('/treks/SLUG/', 'SLUG', LANGS);
  assert.equal(slugOf('/es/treks/lares-a/waypoints/huacahuasi'), 'lares-a');
  assert.equal(slugOf('/treks/lares-a/'), 'lares-a');
  const names = ['trek-lares-a-v3', 'es:trek-lares-b-v2'];
  assert.equal(SW.savedTrekCacheName(names, 'lares-a', 'en', LANGS), 'trek-lares-a-v3');
  assert.equal(SW.savedTrekCacheName(names, 'lares-a', 'es', LANGS), null);
  assert.equal(SW.savedTrekCacheName(names, 'lares-b', 'es', LANGS), 'es:trek-lares-b-v2');
  assert.equal(SW.savedTrekCacheName(names, 'lares-b', 'en', LANGS), null);
});

test('offline, the worker answers with its own page in the request\'s language', async () => {
  const caches = new FakeCaches();
  const w = worker(caches);
  await w.install();
  const es = await w.respond(asNavigation(navigate('/es/treks/lares-a/')));
  assert.equal(es.status, 503);
  assert.equal(await es.text(), 'page /es/offline');
  const en = await w.respond(asNavigation(navigate('/treks/lares-a/')));
  assert.equal(await en.text(), 'page /offline');
  // Inside a trek saved in Spanish, a page not in it is the Spanish "not found" page.
  await (await caches.open('es:trek-lares-a-v3')).put('/es/treks/lares-a/', new Response('guardada'));
  const missing = await w.respond(asNavigation(navigate('/es/treks/lares-a/stages/9')));
  assert.equal(missing.status, 404);
  assert.equal(await missing.text(), 'page /es/offline/not-found');
  // ...but the English page of a trek saved only in Spanish is "not saved", in English.
  const english = await w.respond(asNavigation(navigate('/treks/lares-a/')));
  assert.equal(english.status, 503);
  assert.equal(await english.text(), 'page /offline');
});

test('offline, / opens the language of the last page opened, across restarts', async () => {
  const caches = new FakeCaches();
  await (await caches.open('es:trek-lares-a-v3')).put('/es/treks/lares-a/', new Response('guardada'));
  await (await caches.open('trek-lares-a-v3')).put('/', new Response('home'));
  const waits = [];
  const first = worker(caches);
  const page = await first.respond(asNavigation(navigate('/es/treks/lares-a/')), (p) => waits.push(p));
  assert.equal(await page.text(), 'guardada');
  await Promise.all(waits);
  const restarted = worker(caches); // a new worker: the memory is in the caches
  const home = await restarted.respond(asNavigation(navigate('/')));
  assert.equal(home.status, 302);
  assert.equal(home.headers.get('Location'), `${ORIGIN}/es/`);
  // Its own "no connection" page is not a choice: the memory stays Spanish.
  await restarted.respond(asNavigation(navigate('/treks/lares-b/')), (p) => waits.push(p));
  await Promise.all(waits);
  assert.equal(await restarted.langMemory.get(), 'es');
  // An English page opened is.
  await restarted.respond(asNavigation(navigate('/')), (p) => waits.push(p));
  const english = worker(caches);
  await english.respond(asNavigation(navigate('/treks/lares-a/')), (p) => waits.push(p));
  await (await caches.open('trek-lares-a-v3')).put('/treks/lares-a/', new Response('saved'));
  await english.respond(asNavigation(navigate('/treks/lares-a/')), (p) => waits.push(p));
  await Promise.all(waits);
  const back = await worker(caches).respond(asNavigation(navigate('/')));
  assert.equal(back.status, 200);
  assert.equal(await back.text(), 'home');
});
