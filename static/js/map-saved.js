// What base maps this phone saved (one record a trek in localStorage, written by "Save the base
// map"), so that a base map the browser deleted to free space is noticed: the launch check
// (offline-save.js checkSavedTreks) and the map page (map-basemap.js) both ask evictedBasemaps
// or isEvicted. Small on purpose: offline-save.js imports it on every page.

import { t } from './i18n.js';

const PREFIX = 'lares:basemap:';

/** What the map says when the saved base map is gone, or was never saved (map.js, map-basemap.js). */
export function basemapGoneText() {
  return t('The base map is no longer on this phone: the browser removed it to free space. ' +
    'The line, places and your position still show.');
}

export function basemapNotSavedText() {
  return t('The base map is not saved on this phone (“Save the base map” on the trek page). The line and places still show.');
}

/** Notes a base map saved whole under `url` in the cache named `cache`. */
export function rememberBasemap(slug, record) {
  localStorage.setItem(PREFIX + slug, JSON.stringify(record));
}

export function forgetBasemap(slug) {
  localStorage.removeItem(PREFIX + slug);
}

export function basemapRecord(slug) {
  try {
    return JSON.parse(localStorage.getItem(PREFIX + slug) || 'null');
  } catch {
    return null;
  }
}

/** True when this phone saved the base map at `url` and the browser has since removed it. */
export async function isEvicted(slug, url) {
  const rec = basemapRecord(slug);
  if (!rec || !rec.url || (url && rec.url !== url) || !('caches' in window)) return false;
  return !(await caches.match(rec.url, { cacheName: rec.cache }));
}

/** The records ({slug, url, cache, name}) of saved base maps the browser removed. */
export async function evictedBasemaps() {
  const slugs = [];
  for (let i = 0; i < localStorage.length; i += 1) {
    const key = localStorage.key(i);
    if (key && key.startsWith(PREFIX)) slugs.push(key.slice(PREFIX.length));
  }
  const gone = [];
  for (const slug of slugs) {
    if (await isEvicted(slug)) gone.push({ slug, ...basemapRecord(slug) });
  }
  return gone;
}
