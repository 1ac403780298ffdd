/**
 * "Save this trek for offline": fetch every page and data file the trek lists into a cache
 * named for the trek and its version, showing progress; then "Ready offline — N pages, X KB".
 * Saving again costs only what changed (conditional requests), and a save cut off by a lost
 * signal goes on from where it stopped ("Saved 19 of 27 — tap to finish").
 * A record in localStorage remembers what was saved so each launch can check the cache is
 * still complete: browsers may evict storage that was not granted persistence (a trek's base
 * map has its own record: map-saved.js).
 */
import { evictedBasemaps } from './map-saved.js';
import { t, tn, num, pageLang } from './i18n.js';

const RECORD_PREFIX = 'lares:saved:';

/** "612 KB" ("1,234 KB" in English, "1.234 KB" in Spanish). */
export function formatKB(bytes) {
  return `${num(Math.max(1, Math.round(bytes / 1024)))} KB`;
}

function readRecord(slug) {
  try { return JSON.parse(localStorage.getItem(RECORD_PREFIX + slug) || 'null'); } catch { return null; }
}

export function savedRecords() {
  const out = [];
  for (let i = 0; i < localStorage.length; i += 1) {
    const key = localStorage.key(i);
    if (key && key.startsWith(RECORD_PREFIX)) {
      const rec = readRecord(key.slice(RECORD_PREFIX.length));
      if (rec) out.push(rec);
    }
  }
  return out;
}

/** How many of the record's URLs are missing from its cache. */
export async function missingCount(record) {
  if (!(await caches.has(record.cache))) return record.urls.length;
  const cache = await caches.open(record.cache);
  let missing = 0;
  for (const url of record.urls) if (!(await cache.match(url))) missing += 1;
  return missing;
}

// Sent with every request of a save: the service worker then asks the network only (a
// saved copy is not an answer to "is it up to date?"). See static/js/sw.js.
const FRESH = { 'X-Lares-Fresh': '1' };
const PROGRESS_PREFIX = 'lares:saving:';
const PARALLEL = 4;

function readProgress(slug, cacheName) {
  try {
    const p = JSON.parse(localStorage.getItem(PROGRESS_PREFIX + slug) || 'null');
    return p && p.cache === cacheName ? p : { cache: cacheName, done: [], fetchedBytes: 0, updated: 0 };
  } catch { return { cache: cacheName, done: [], fetchedBytes: 0, updated: 0 }; }
}

/** Another version's cache of the same trek or trip: `<base>-v<n>`. */
function sameBase(name, cacheName) {
  const base = cacheName.replace(/-v\d+$/, '');
  return name !== cacheName && name.startsWith(`${base}-v`) && /^\d+$/.test(name.slice(base.length + 2));
}

/** A saved copy of `url` in the cache being written, or in the copy of another version. */
async function savedCopy(cache, older, url) {
  return (await cache.match(url)) || (older ? older.match(url) : undefined);
}

async function sizeOf(response) {
  return (await response.clone().arrayBuffer()).byteLength;
}

/**
 * Save (or bring up to date) everything a trek or trip lists, resumably:
 * - each file is asked for with its saved ETag, so an unchanged file costs a 304 and no body;
 *   a newer version copies unchanged files from the older version's cache;
 * - each file stored is noted at once (localStorage), so a save cut off keeps what it got
 *   and the next tap goes on from there, asking nothing twice;
 * - a newer version is written into its own cache; the older one answers until every file
 *   of the new one is stored, and is deleted only then: never half old and half new.
 * Resolves with the saved record plus what this save changed ({updated, fetchedBytes}).
 * Rejects with {done, total} on the error when it stopped part-way.
 */
export async function saveTrek(manifestUrl, onProgress) {
  const manifestResponse = await fetch(manifestUrl, { cache: 'no-store', headers: FRESH, credentials: 'same-origin' });
  if (!manifestResponse.ok) throw new Error(t('could not get the list of pages (HTTP {code})', { code: String(manifestResponse.status) }));
  const manifest = await manifestResponse.clone().json();
  const previous = readRecord(manifest.slug);
  const cache = await caches.open(manifest.cache);
  const older = previous && previous.cache !== manifest.cache && (await caches.has(previous.cache))
    ? await caches.open(previous.cache) : null;
  const progress = readProgress(manifest.slug, manifest.cache);
  const done = new Set(progress.done);
  const total = manifest.urls.length;
  let bytes = 0;
  onProgress(done.size, total);
  async function saveOne(url) {
    if (done.has(url)) {
      const kept = await cache.match(url);
      if (kept) { const size = await sizeOf(kept); bytes += size; return; }
    }
    const have = await savedCopy(cache, older, url);
    const headers = { ...FRESH };
    const etag = have && have.headers.get('ETag');
    if (etag) headers['If-None-Match'] = etag;
    const response = await fetch(url, { cache: 'no-store', credentials: 'same-origin', headers });
    if (response.status !== 304 && !response.ok) throw new Error(t('{url} answered HTTP {code}', { url, code: String(response.status) }));
    if (response.status === 304) {
      if (!(await cache.match(url))) await cache.put(url, have.clone());
      const size = await sizeOf(have); // (not `bytes += await …`: the lanes interleave)
      bytes += size;
    } else {
      const size = await sizeOf(response);
      await cache.put(url, response);
      bytes += size;
      progress.fetchedBytes += size;
      progress.updated += 1;
    }
    done.add(url);
    progress.done = [...done];
    progress.total = total;
    localStorage.setItem(PROGRESS_PREFIX + manifest.slug, JSON.stringify(progress));
    onProgress(done.size, total);
  }
  // A few at once: on a slow link the round trips, not the bytes, are most of the time.
  const queue = [...manifest.urls];
  let failure = null;
  async function lane() {
    while (queue.length && !failure) {
      try { await saveOne(queue.shift()); } catch (err) { failure = failure || err; }
    }
  }
  await Promise.all(Array.from({ length: PARALLEL }, lane));
  if (failure) {
    failure.done = done.size;
    failure.total = total;
    throw failure;
  }
  await cache.put(manifestUrl, manifestResponse);
  const listed = new Set([...manifest.urls, manifestUrl].map((u) => new URL(u, location.href).href));
  for (const req of await cache.keys()) if (!listed.has(req.url)) await cache.delete(req);
  // Only now is the older version superseded.
  for (const name of await caches.keys()) if (sameBase(name, manifest.cache)) await caches.delete(name);
  let persisted = false;
  if (navigator.storage && navigator.storage.persist) {
    try { persisted = await navigator.storage.persist(); } catch { persisted = false; }
  }
  const record = {
    slug: manifest.slug, name: manifest.name, version: manifest.version, cache: manifest.cache,
    urls: manifest.urls, count: total, bytes, persisted, savedAt: new Date().toISOString(),
  };
  localStorage.setItem(RECORD_PREFIX + manifest.slug, JSON.stringify(record));
  localStorage.removeItem(PROGRESS_PREFIX + manifest.slug);
  return { ...record, updated: progress.updated, fetchedBytes: progress.fetchedBytes, first: !previous };
}

function readyText(record) {
  const ready = tn(record.count, 'Ready offline — {count} page, {size}.', 'Ready offline — {count} pages, {size}.',
    { size: formatKB(record.bytes) });
  return record.persisted ? ready : `${ready} ${t('The browser may remove it if the phone runs short of space.')}`;
}

/** What a finished save says: what it changed, then that the trek is ready. */
export function savedText(result) {
  if (result.first) return readyText(result);
  const changed = result.updated === 0 ? t('Already up to date.')
    : tn(result.updated, '{count} page updated, {size}.', '{count} pages updated, {size}.', { size: formatKB(result.fetchedBytes) });
  return `${changed} ${readyText(result)}`;
}

export function partialText(done, total) {
  return t('Saved {done} of {total} — tap to finish.', { done, total });
}

/**
 * A newer version of a saved trek on the server (an organiser replaced the sketch with a
 * recorded line, say): the saved copy still works, and the page says a better one exists.
 */
async function tellIfNewer(section, record, status) {
  try {
    const r = await fetch(section.dataset.manifest, { headers: { 'X-Lares-Fresh': '1' }, credentials: 'same-origin' });
    if (!r.ok) return;
    const manifest = await r.json();
    if (!(manifest.version > record.version)) return;
    status.textContent = t('A newer version of {name} is on the server (version {server}; this phone has {phone}). ' +
      'Tap “Save again (update)” to get it; the saved copy works until then.',
    { name: record.name, server: String(manifest.version), phone: String(record.version) });
    section.dataset.newer = String(manifest.version);
  } catch { /* offline after all: nothing to say */ }
}

async function initSaveSection(section) {
  const button = section.querySelector('[data-save-button]');
  const status = section.querySelector('[data-save-status]');
  const progress = section.querySelector('[data-save-progress]');
  const slug = section.dataset.slug;
  if (!('caches' in window) || !('serviceWorker' in navigator)) {
    // Browsers offer both only on a secure origin (HTTPS, or localhost): say so when that is why.
    status.textContent = window.isSecureContext === false
      ? t('This address ({origin}) is not secure, so the browser will not keep pages for offline use. ' +
        'Open the app over HTTPS (or on localhost): see "Testing on a real phone" in the README.', { origin: window.location.origin })
      : t('This browser cannot keep pages for offline use.');
    return;
  }
  const record = readRecord(slug);
  if (record) {
    const missing = await missingCount(record);
    status.textContent = missing === 0 ? readyText(record)
      : t('The saved copy is incomplete: {missing} of {count} pages were removed by the browser. Save again.',
        { missing, count: record.count });
    button.textContent = t('Save again (update)');
  }
  const unfinished = JSON.parse(localStorage.getItem(PROGRESS_PREFIX + slug) || 'null');
  if (unfinished && unfinished.done && unfinished.done.length && unfinished.total) {
    status.textContent = partialText(unfinished.done.length, unfinished.total);
    button.textContent = t('Finish saving');
  }
  button.disabled = false;
  if (record && navigator.onLine) tellIfNewer(section, record, status);
  button.addEventListener('click', async () => {
    button.disabled = true;
    progress.hidden = false;
    status.textContent = t('Saving…');
    try {
      await navigator.serviceWorker.ready;
      const saved = await saveTrek(section.dataset.manifest, (done, total) => {
        progress.max = total;
        progress.value = done;
        progress.textContent = t('{done} of {total}', { done, total });
        status.textContent = t('Saving… {done} of {total} pages', { done, total });
      });
      status.textContent = savedText(saved);
      section.dataset.saved = 'true';
      button.textContent = t('Save again (update)');
    } catch (err) {
      if (err.done > 0) {
        const why = err instanceof TypeError ? t('The connection dropped.') : `(${err.message})`;
        status.textContent = `${partialText(err.done, err.total)} ${why}`;
        button.textContent = t('Finish saving');
      } else {
        const reason = err instanceof TypeError ? t('no connection') : err.message; // the browser's own words are English
        status.textContent = t('Not saved: {reason}. Try again with a better signal.', { reason });
      }
    } finally {
      progress.hidden = true;
      button.disabled = false;
    }
  });
}

export async function initSaveButtons(root) {
  await Promise.all([...root.querySelectorAll('[data-save-offline]')].map(initSaveSection));
}

/** At launch: warn, on every page, when a saved trek lost pages to eviction. */
export async function checkSavedTreks() {
  if (!('caches' in window)) return;
  const banner = document.getElementById('evicted-banner');
  const broken = [];
  for (const record of savedRecords()) {
    if ((await missingCount(record)) > 0) broken.push(record);
  }
  const maps = await evictedBasemaps();
  if (!banner || broken.length + maps.length === 0) return;
  banner.textContent = '';
  if (broken.length) {
    const p = document.createElement('p');
    const names = new Intl.ListFormat(pageLang(), { type: 'conjunction' }).format(broken.map((r) => r.name));
    p.textContent = t('The browser removed part of your saved {names}. ' +
      'Open it and tap “Save this trek for offline” again before you lose signal.', { names });
    banner.append(p);
  }
  for (const gone of maps) {
    const p = document.createElement('p');
    const link = document.createElement('a');
    link.href = gone.page;
    link.textContent = t('Save the base map again');
    // One sentence around the link, so the Spanish can put the link where its words go.
    const [before, after] = t('The browser removed the base map of {name} from this phone. {link} before you lose signal.',
      { name: gone.name }).split('{link}');
    p.append(before, link, after);
    banner.append(p);
  }
  banner.hidden = false;
}
