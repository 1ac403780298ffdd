// "Save the base map" (templates/maps/_save_basemap.html): the trek's PMTiles archive saved
// whole, as one Cache API entry of its own (basemap-<slug>), after asking when it is large,
// with the scripts that draw it (which every other phone is spared).
// The map reads it back as a Blob (map-basemap.js); nothing here needs the service worker.
// A record of the saved copy (map-saved.js) lets the launch check and the map page notice a
// base map the browser later removed to free space.
import { forgetBasemap, isEvicted, rememberBasemap } from './map-saved.js';
import { t, num } from './i18n.js';

function mb(bytes) {
  return bytes >= 1048576 ? `${num(bytes / 1048576, 1)} MB` : `${num(Math.max(1, Math.round(bytes / 1024)))} KB`;
}

async function savedSize(section) {
  if (!('caches' in window) || !(await caches.has(section.dataset.cache))) return null;
  const cache = await caches.open(section.dataset.cache);
  const hit = await cache.match(section.dataset.url);
  if (!hit) return null;
  return Number(hit.headers.get('Content-Length')) || (await hit.clone().blob()).size;
}

/** Fetches the whole archive and keeps it, counting bytes as they arrive. */
export async function saveBasemap(url, cacheName, onBytes) {
  const response = await fetch(url, { cache: 'no-store', credentials: 'same-origin' });
  if (response.status !== 200) throw new Error(t('the server answered HTTP {code}', { code: String(response.status) }));
  let done = 0;
  const counted = response.body.pipeThrough(new TransformStream({
    transform(chunk, controller) {
      done += chunk.byteLength;
      onBytes(done);
      controller.enqueue(chunk);
    },
  }));
  const headers = new Headers({
    'Content-Type': 'application/vnd.pmtiles', 'Content-Length': response.headers.get('Content-Length') || '',
  });
  // One archive per trek: an older version is replaced, not kept beside it.
  await caches.delete(cacheName);
  const cache = await caches.open(cacheName);
  await cache.put(url, new Response(counted, { status: 200, headers }));
  return done;
}

async function initSection(section) {
  const status = section.querySelector('[data-basemap-status]');
  const button = section.querySelector('[data-basemap-button]');
  const ask = section.querySelector('[data-basemap-ask]');
  const progress = section.querySelector('[data-basemap-progress]');
  const size = Number(section.dataset.size);
  if (!('caches' in window)) {
    status.textContent = t('This browser cannot keep the base map for offline use.');
    return;
  }
  const have = await savedSize(section);
  if (have === size) {
    status.textContent = t('Saved on this phone ({size}).', { size: mb(have) });
    section.dataset.saved = 'true';
    button.textContent = t('Save the base map again');
  } else if (await isEvicted(section.dataset.slug)) {
    status.textContent = t('The browser removed this base map from the phone to free space. Save it again before you lose signal.');
    section.dataset.evicted = 'true';
    button.textContent = t('Save the base map again');
  } else if (await caches.has(section.dataset.cache)) {
    status.textContent = t('A newer base map is available: save it again.');
  }
  const save = async () => {
    ask.hidden = true;
    button.disabled = true;
    progress.hidden = false;
    status.textContent = t('Saving the base map…');
    try {
      const bytes = await saveBasemap(section.dataset.url, section.dataset.cache, (n) => {
        progress.value = n;
        status.textContent = t('Saving the base map… {done} of {total}', { done: mb(n), total: mb(size) });
      });
      if (bytes !== size) throw new Error(t('only {done} of {total} arrived', { done: mb(bytes), total: mb(size) }));
      // The reader the map needs for it (and a vector map's renderer): asking for them makes
      // the service worker keep them (sw-map.js).
      const ds = section.dataset;
      const libs = [[ds.readerUrl, ds.readerIntegrity], [ds.rendererUrl, ds.rendererIntegrity]].filter(([u]) => u);
      for (const [url, integrity] of libs) {
        const lib = await fetch(url, { mode: 'cors', credentials: 'omit', integrity });
        if (!lib.ok) throw new Error(t('the base map reader could not be fetched'));
      }
      // The base map's own code (not in the app shell: see laresapp/maps/basemap.py), kept
      // beside the archive so the map draws it in airplane mode.
      await (await caches.open(ds.cache)).addAll(JSON.parse(ds.code));
      const { slug, url, cache, name, page } = section.dataset;
      rememberBasemap(slug, { url, cache, name, page });
      status.textContent = t('Saved on this phone ({size}).', { size: mb(bytes) });
      section.dataset.saved = 'true';
      delete section.dataset.evicted;
    } catch (err) {
      await caches.delete(section.dataset.cache);
      forgetBasemap(section.dataset.slug);
      const reason = err instanceof TypeError ? t('no connection') : err.message;
      status.textContent = t('Base map not saved: {reason}. Try again with a better signal.', { reason });
    } finally {
      progress.hidden = true;
      button.disabled = false;
    }
  };
  button.disabled = false;
  button.addEventListener('click', () => {
    if (size > Number(section.dataset.askBytes)) {
      ask.hidden = false;
      section.querySelector('[data-basemap-yes]').focus();
    } else {
      save();
    }
  });
  section.querySelector('[data-basemap-yes]').addEventListener('click', save);
  section.querySelector('[data-basemap-no]').addEventListener('click', () => {
    ask.hidden = true;
    button.focus();
  });
}

for (const section of document.querySelectorAll('[data-basemap-save]')) {
  if (section.dataset.basemapReady) continue;
  section.dataset.basemapReady = 'true';
  initSection(section);
}
