/**
 * The outbox: trip operations (ticks, notes, the day setting) waiting for the server.
 *
 * A classic script, not a module, because two places run it: pages load it with <script>
 * and the service worker with importScripts(), so the Background Sync event and the page
 * replay with the same code (docs/decisions.md, "Trips and the outbox").
 *
 * IndexedDB database "lares-outbox":
 *   ops      operations not yet acknowledged (key op_id)
 *   refused  operations the server refused (4xx), with its reason, until the user dismisses
 *   state    the last trip state the server sent (key trip), so cached pages show ticks
 * An operation leaves "ops" only when the server acknowledges its op_id. Network errors,
 * timeouts, redirects, 5xx, 408 and 429 keep it for the next try.
 */
(function (root) {
  'use strict';

  const DB_NAME = 'lares-outbox';
  const DB_VERSION = 1;
  const BATCH = 50;
  const TIMEOUT_MS = 10000;
  const SYNC_TAG = 'lares-outbox';

  // ---- pure helpers (tested with node --test) ---------------------------------------

  /** What to do with a whole response: 'results' (read per-op results), 'keep' or 'refuse'. */
  function classify(response) {
    if (!response || response.type === 'opaqueredirect' || response.status === 0) return 'keep';
    const s = response.status;
    if (s === 200) return 'results';
    if (s >= 300 && s < 400) return 'keep';
    if (s === 408 || s === 429) return 'keep';
    if (s >= 400 && s < 500) return 'refuse';
    return 'keep';
  }

  /** Later of two states by (at, op_id): the server's rule, so phones agree with it. */
  function later(a, b) {
    if (!a) return b;
    if (!b) return a;
    if (a.at !== b.at) return Date.parse(a.at) > Date.parse(b.at) ? a : b;
    return (a.op_id || '') >= (b.op_id || '') ? a : b;
  }

  /** The state a tick shows: the latest of what the page says, the server said, and pending ops. */
  function effectiveTick(rendered, known, pendingOps) {
    let best = later(rendered, known);
    if (best) best = { ...best, pending: false };
    for (const op of pendingOps) {
      const cand = { done: op.done, at: op.at, op_id: op.op_id, pending: true };
      best = later(best, cand) === cand ? cand : best;
    }
    return best;
  }

  /**
   * A trip's URL from the server's templates (laresapp/web/client_routes.py): `name` is
   * 'tripOps' or 'tripState'. The worker reads them from its configuration, a page from
   * <html data-routes>; configure() sets them directly (the unit tests).
   */
  let configured = null;
  function configure(routes) { configured = routes; }
  function routes() {
    if (configured) return configured;
    if (root.LARES_SW_CONFIG) return root.LARES_SW_CONFIG.routes;
    const html = root.document && root.document.documentElement;
    if (html && html.dataset.routes) configured = JSON.parse(html.dataset.routes);
    return configured;
  }
  /** The page's language (<html lang>), sent as Accept-Language so a refusal's reason comes
   * back in it; the worker has no page and leaves the browser's own header. */
  function pageHeaders() {
    const html = root.document && root.document.documentElement;
    const headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
    if (html && html.lang) headers['Accept-Language'] = html.lang;
    return headers;
  }
  function tripUrl(name, trip, table) {
    const r = table || routes();
    if (!r || !r[name]) throw new Error(`no URL for ${name}: the page or worker configuration lacks routes`);
    return r[name].split(r.token).join(encodeURIComponent(trip));
  }

  function chunk(list, size) {
    const out = [];
    for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
    return out;
  }

  function groupByTrip(ops) {
    const map = new Map();
    for (const op of ops) {
      if (!map.has(op.trip)) map.set(op.trip, []);
      map.get(op.trip).push(op);
    }
    return map;
  }

  /** The operation as sent: only the fields the server reads (a label stays on the phone). */
  function wire(op) {
    const out = { op_id: op.op_id, trip: op.trip, kind: op.kind || 'tick', target: op.target, at: op.at };
    if (out.kind === 'tick') out.done = op.done;
    if (out.kind === 'note') out.text = op.text;
    if (out.kind === 'setting') out.value = op.value;
    if (out.kind === 'recording') out.fixes = op.fixes;
    return out;
  }

  function uuid() {
    if (root.crypto && root.crypto.randomUUID) return root.crypto.randomUUID();
    const b = root.crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  // ---- IndexedDB ----------------------------------------------------------------------

  let dbPromise = null;
  function available() { return typeof root.indexedDB !== 'undefined'; }

  function openDb() {
    if (!dbPromise) {
      dbPromise = new Promise((resolve, reject) => {
        const req = root.indexedDB.open(DB_NAME, DB_VERSION);
        req.onupgradeneeded = () => {
          const db = req.result;
          if (!db.objectStoreNames.contains('ops')) db.createObjectStore('ops', { keyPath: 'op_id' });
          if (!db.objectStoreNames.contains('refused')) db.createObjectStore('refused', { keyPath: 'op_id' });
          if (!db.objectStoreNames.contains('state')) db.createObjectStore('state', { keyPath: 'trip' });
        };
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => { dbPromise = null; reject(req.error); };
      });
    }
    return dbPromise;
  }

  async function tx(stores, mode, fn) {
    const db = await openDb();
    return new Promise((resolve, reject) => {
      const t = db.transaction(stores, mode);
      let result;
      Promise.resolve(fn(t)).then((r) => { result = r; });
      t.oncomplete = () => resolve(result);
      t.onerror = () => reject(t.error);
      t.onabort = () => reject(t.error || new Error('transaction aborted'));
    });
  }

  function req(r) {
    return new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
  }

  const addOp = (op) => tx(['ops'], 'readwrite', (t) => { t.objectStore('ops').put({ ...op, queuedAt: new Date().toISOString() }); });
  const listOps = () => tx(['ops'], 'readonly', (t) => req(t.objectStore('ops').getAll()));
  const listRefused = () => tx(['refused'], 'readonly', (t) => req(t.objectStore('refused').getAll()));
  const dismiss = (opId) => tx(['refused'], 'readwrite', (t) => { t.objectStore('refused').delete(opId); });
  const getState = (trip) => tx(['state'], 'readonly', (t) => req(t.objectStore('state').get(trip)));
  const putState = (state) => tx(['state'], 'readwrite', (t) => { t.objectStore('state').put(state); });

  function ack(opIds) {
    return tx(['ops'], 'readwrite', (t) => { for (const id of opIds) t.objectStore('ops').delete(id); });
  }

  function refuse(entries) {
    // Moved aside in one transaction: never in both lists, never in neither.
    return tx(['ops', 'refused'], 'readwrite', (t) => {
      for (const { op, code, reason } of entries) {
        t.objectStore('ops').delete(op.op_id);
        t.objectStore('refused').put({ ...op, code, reason, refusedAt: new Date().toISOString() });
      }
    });
  }

  // ---- replay ---------------------------------------------------------------------------

  /** Recordings go to their own endpoint, one per request (they are large); the rest in batches. */
  const endpointOf = (op) => (op.kind === 'recording' ? 'tripRecordings' : 'tripOps');

  async function post(trip, ops, fetchFn) {
    const ctrl = typeof AbortController !== 'undefined' ? new AbortController() : null;
    const timer = setTimeout(() => ctrl && ctrl.abort(), endpointOf(ops[0]) === 'tripOps' ? TIMEOUT_MS : 6 * TIMEOUT_MS);
    try {
      return await fetchFn(tripUrl(endpointOf(ops[0]), trip), {
        method: 'POST',
        headers: pageHeaders(),
        body: JSON.stringify({ ops: ops.map(wire) }),
        redirect: 'manual', credentials: 'omit', cache: 'no-store',
        signal: ctrl ? ctrl.signal : undefined,
      });
    } finally {
      clearTimeout(timer);
    }
  }

  async function reasonOf(response) {
    try {
      const body = await response.clone().json();
      if (body && body.message) return body.message;
    } catch { /* not JSON */ }
    return null; // the page says "The server answered <code>." in its own language (trips.js)
  }

  /** Send one batch; returns counts. Throws nothing: a failure keeps the batch. */
  async function sendBatch(trip, ops, fetchFn, report) {
    let response;
    try {
      response = await post(trip, ops, fetchFn);
    } catch {
      report.kept += ops.length; report.offline = true;
      return;
    }
    const verdict = classify(response);
    if (verdict === 'keep') { report.kept += ops.length; return; }
    if (verdict === 'refuse') {
      if (ops.length > 1) { // a whole batch refused (e.g. too large): find the bad one alone
        for (const op of ops) await sendBatch(trip, [op], fetchFn, report);
        return;
      }
      await refuse([{ op: ops[0], code: response.status, reason: await reasonOf(response) }]);
      report.refused += 1;
      return;
    }
    let body;
    try { body = await response.json(); } catch { report.kept += ops.length; return; }
    const sent = new Map(ops.map((op) => [op.op_id, op]));
    const acked = [];
    const refused = [];
    for (const r of (body && body.results) || []) {
      const op = sent.get(r.op_id);
      if (!op) continue;
      if (r.code === 200 && (r.status === 'applied' || r.status === 'superseded')) acked.push(op.op_id);
      else if (r.code >= 400 && r.code < 500 && r.code !== 408 && r.code !== 429) refused.push({ op, code: r.code, reason: r.reason });
    }
    if (body && body.state && body.state.trip === trip) await putState(body.state);
    if (acked.length) await ack(acked);
    if (refused.length) await refuse(refused);
    report.acked += acked.length; report.refused += refused.length;
    report.kept += ops.length - acked.length - refused.length;
  }

  async function flushNow(fetchFn) {
    const report = { acked: 0, refused: 0, kept: 0, offline: false };
    const ops = (await listOps()).sort((a, b) => (a.queuedAt < b.queuedAt ? -1 : 1));
    for (const [trip, list] of groupByTrip(ops)) {
      const batches = [
        ...chunk(list.filter((op) => endpointOf(op) === 'tripOps'), BATCH),
        ...list.filter((op) => endpointOf(op) !== 'tripOps').map((op) => [op]),
      ];
      for (const batch of batches) {
        if (report.offline) { report.kept += batch.length; continue; }
        await sendBatch(trip, batch, fetchFn, report);
      }
    }
    return report;
  }

  /** Replay everything. One flush at a time across the page and the worker (Web Locks). */
  function flush(fetchFn) {
    const f = fetchFn || root.fetch.bind(root);
    const locks = root.navigator && root.navigator.locks;
    if (locks && locks.request) return locks.request('lares-outbox-flush', () => flushNow(f));
    return flushNow(f);
  }

  /** Pull a trip's state (when online), so this phone shows the other phones' ticks. */
  async function pull(trip, fetchFn) {
    const f = fetchFn || root.fetch.bind(root);
    try {
      const r = await f(tripUrl('tripState', trip), { cache: 'no-store', redirect: 'manual', credentials: 'omit' });
      if (r.status !== 200) return null;
      const state = await r.json();
      if (state && state.trip === trip) { await putState(state); return state; }
    } catch { /* offline: keep what we have */ }
    return null;
  }

  const api = {
    SYNC_TAG, classify, later, effectiveTick, chunk, groupByTrip, wire, uuid, available, configure, tripUrl, pageHeaders,
    addOp, listOps, listRefused, dismiss, getState, putState, ack, refuse, flush, pull,
  };
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
  else root.LaresOutbox = api;
}(typeof self !== 'undefined' ? self : globalThis));
