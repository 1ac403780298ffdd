// The trek's offline base map: one PMTiles archive, of raster tiles (drawn under the line with
// the PMTiles reader's Leaflet layer) or of vector tiles (drawn by protomaps-leaflet, loaded only
// then, with our outdoor style, map-style.js, which is imported only then too). A copy saved on the phone (static/js/map-basemap-save.js)
// is read whole from the Cache API as a Blob — range reads are slices of it, with no network and
// no 206 answers to cache; with no saved copy and signal, the reader asks the server for ranges.
// Anything unreadable (corrupt, truncated, evicted) only loses the base map: the line, the
// places and you stay, and the page says so.

import { t } from './i18n.js';
import { basemapGoneText, basemapNotSavedText, isEvicted } from './map-saved.js';

export const BASEMAP_CACHE_PREFIX = 'basemap-';

/** The saved archive as a Blob with a name (the reader's key), or null. */
export async function savedArchive(url) {
  if (!('caches' in window)) return null;
  const hit = await caches.match(url);
  if (!hit) return null;
  const blob = await hit.blob();
  return new File([blob], url, { type: 'application/vnd.pmtiles' });
}

/**
 * Adds the base map under everything else. Returns what happened: 'saved' (from the phone),
 * 'online' (ranges from the server), 'evicted' (saved once, removed by the browser: `evicted()`
 * shows the way to save it again; with signal it is still drawn from the server),
 * 'unreadable', 'not-saved' or 'no-library'.
 */
export async function addBasemap(map, ds, { pmtiles, protomapsL, say, evicted }) {
  if (!pmtiles) {
    say(t('The base map cannot be shown: its reader is not saved on this phone. The line and places still show.'));
    return 'no-library';
  }
  let source;
  let where = 'saved';
  try {
    const file = await savedArchive(ds.basemapUrl);
    const gone = !file && (await isEvicted(ds.trek, ds.basemapUrl));
    if (gone) {
      say(basemapGoneText());
      evicted();
    }
    if (file) source = new pmtiles.FileSource(file);
    else if (navigator.onLine) {
      source = ds.basemapUrl;
      where = gone ? 'evicted' : 'online';
    } else if (gone) {
      return 'evicted';
    } else {
      say(basemapNotSavedText());
      return 'not-saved';
    }
    const archive = new pmtiles.PMTiles(source);
    const header = await archive.getHeader();
    const vector = header.tileType === pmtiles.TileType.Mvt;
    if (!vector && (header.tileType < 2 || header.tileType > 5)) throw new Error('not map tiles');
    if (vector && !protomapsL) {
      say(t('The base map cannot be shown: its drawing library is not saved on this phone. The line and places still show.'));
      return 'no-library';
    }
    let attribution = ds.basemapAttribution || '';
    try {
      const meta = await archive.getMetadata();
      if (meta && typeof meta.attribution === 'string') attribution = meta.attribution;
    } catch {
      // Keep the attribution the server read at import.
    }
    const common = {
      attribution, maxZoom: 18, className: 'map-base',
      bounds: [[header.minLat, header.minLon], [header.maxLat, header.maxLon]],
    };
    let layer;
    if (vector) {
      // The archive opened on the saved File is handed over as is: protomaps-leaflet reads
      // tiles through it (getZxy), so offline it never asks the network.
      const { outdoorStyle } = await import('./map-style.js');
      layer = protomapsL.leafletLayer({ ...common, url: archive, maxDataZoom: header.maxZoom, ...outdoorStyle(protomapsL) });
    } else {
      layer = pmtiles.leafletRasterLayer(archive, { ...common, minNativeZoom: header.minZoom, maxNativeZoom: header.maxZoom });
    }
    layer.addTo(map);
    layer.bringToBack();
    return where;
  } catch {
    say(t('The base map could not be read on this phone (the saved file is damaged or incomplete). ' +
      'The line, places and your position still show; save the base map again with signal.'));
    return 'unreadable';
  }
}
