/**
 * "Save this trek for offline": fetch every page and data file the trek lists into a cache
 * named for the trek and its version, showing progress; then "Ready offline — N pages, X KB".
 * A record in localStorage remembers what was saved so each launch can check the cache is
 * still complete: browsers may evict storage that was not granted persistence.
 */

const RECORD_PREFIX = 'lares:saved:';

export function formatKB(bytes) {
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

function readRecord(slug) {
  try { return JSON.parse(localStorage.getItem(RECORD_PREFIX + slug) || 'null'); } catch { return null; }
}

function savedRecords() {
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
async function missingCount(record) {
  if (!(await caches.has(record.cache))) return record.urls.length;
  const cache = await caches.open(record.cache);
  let missing = 0;
  for (const url of record.urls) if (!(await cache.match(url))) missing += 1;
  return missing;
}

export async function saveTrek(manifestUrl, onProgress) {
  const manifestResponse = await fetch(manifestUrl, { cache: 'no-store' });
  if (!manifestResponse.ok) throw new Error(`could not get the list of pages (HTTP ${manifestResponse.status})`);
  const manifest = await manifestResponse.clone().json();
  const cache = await caches.open(manifest.cache);
  let bytes = 0;
  let done = 0;
  onProgress(0, manifest.urls.length);
  for (const url of manifest.urls) {
    const response = await fetch(url, { cache: 'no-store', credentials: 'same-origin' });
    if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
    bytes += (await response.clone().arrayBuffer()).byteLength;
    await cache.put(url, response);
    done += 1;
    onProgress(done, manifest.urls.length);
  }
  await cache.put(manifestUrl, manifestResponse);
  // Older versions of this trek are now superseded.
  for (const name of await caches.keys()) {
    if (name.startsWith(`trek-${manifest.slug}-v`) && name !== manifest.cache) await caches.delete(name);
  }
  let persisted = false;
  if (navigator.storage && navigator.storage.persist) {
    try { persisted = await navigator.storage.persist(); } catch { persisted = false; }
  }
  const record = {
    slug: manifest.slug, name: manifest.name, version: manifest.version, cache: manifest.cache,
    urls: manifest.urls, count: manifest.urls.length, bytes, persisted, savedAt: new Date().toISOString(),
  };
  localStorage.setItem(RECORD_PREFIX + manifest.slug, JSON.stringify(record));
  return record;
}

function readyText(record) {
  const kept = record.persisted ? '' : ' The browser may remove it if the phone runs short of space.';
  return `Ready offline — ${record.count} pages, ${formatKB(record.bytes)}.${kept}`;
}

async function initSaveSection(section) {
  const button = section.querySelector('[data-save-button]');
  const status = section.querySelector('[data-save-status]');
  const progress = section.querySelector('[data-save-progress]');
  const slug = section.dataset.slug;
  if (!('caches' in window) || !('serviceWorker' in navigator)) {
    status.textContent = 'This browser cannot keep pages for offline use.';
    return;
  }
  const record = readRecord(slug);
  if (record) {
    const missing = await missingCount(record);
    status.textContent = missing === 0 ? readyText(record)
      : `The saved copy is incomplete: ${missing} of ${record.count} pages were removed by the browser. Save again.`;
    button.textContent = 'Save again (update)';
  }
  button.disabled = false;
  button.addEventListener('click', async () => {
    button.disabled = true;
    progress.hidden = false;
    status.textContent = 'Saving…';
    try {
      await navigator.serviceWorker.ready;
      const saved = await saveTrek(section.dataset.manifest, (done, total) => {
        progress.max = total;
        progress.value = done;
        progress.textContent = `${done} of ${total}`;
        status.textContent = `Saving… ${done} of ${total} pages`;
      });
      status.textContent = readyText(saved);
      section.dataset.saved = 'true';
      button.textContent = 'Save again (update)';
    } catch (err) {
      status.textContent = `Not saved: ${err.message}. Try again with a better signal.`;
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
  if (!banner || broken.length === 0) return;
  banner.textContent = '';
  const p = document.createElement('p');
  p.textContent = `The browser removed part of your saved ${broken.map((r) => r.name).join(' and ')}. `
    + 'Open it and tap “Save this trek for offline” again before you lose signal.';
  banner.append(p);
  banner.hidden = false;
}
