// A form sent with no signal (static/js/sw.js, strategy "form"): the app's own page answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const SW = require('../../static/js/sw.js');

const ORIGIN = 'https://lares.example';
const CFG = {
  version: 'v1', shell: ['/offline'], htmx: { url: 'https://cdn.example/htmx.js', integrity: '' },
  urls: { offline: '/offline', missing: '/offline/not-found', worker: '/sw.js', static: '/static/', trek: '/treks/SLUG/' },
  slug: 'SLUG',
};
const post = (path, mode = 'navigate') => ({ url: new URL(path, ORIGIN).href, method: 'POST', mode, headers: new Headers({ Accept: 'text/html' }) });

function worker(fetchFn) {
  const offlinePage = new Response('<h1>No connection</h1>');
  const caches = {
    async match(req) { return String(req.url || req).endsWith('/offline') ? offlinePage.clone() : undefined; },
    async keys() { return []; },
    async open() { return { match: async () => undefined }; },
    async has() { return false; },
  };
  return SW.createWorker(CFG, { caches, fetch: fetchFn, clients: null, skipWaiting: () => {}, origin: ORIGIN });
}

test('only page-level POSTs of this site are the form strategy', () => {
  assert.equal(SW.strategyFor(post('/t/tok/plan'), CFG, ORIGIN), 'form');
  assert.equal(SW.strategyFor(post('/t/tok/ops', 'cors'), CFG, ORIGIN), null);
  assert.equal(SW.strategyFor(post('https://elsewhere.example/x'), CFG, ORIGIN), null);
});

test('a form sent offline gets the offline page with 503; online it passes through', async () => {
  const down = worker(() => Promise.reject(new TypeError('Failed to fetch')));
  const answer = await down.respond(post('/t/tok/plan'));
  assert.equal(answer.status, 503);
  assert.match(await answer.text(), /No connection/);
  const up = worker(async () => new Response('', { status: 303, headers: { Location: '/t/tok/plan' } }));
  assert.equal((await up.respond(post('/t/tok/plan'))).status, 303);
});
