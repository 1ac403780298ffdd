// The trek's map (templates/maps/_map.html): the line coloured by day, the waypoints, you, and
// the way to any place, drawn with Leaflet (loaded from the CDN with its SRI hash, before this
// module) from the saved profile.json. Offline it all comes from the phone's caches; without
// Leaflet (refused by its hash, not saved) the page keeps its list of places.
import { GpsWatch, followCompass } from './gps-watch.js';
import { boundsOf, compassHeading, splitByStage, straightLine } from './map-geo.js';
import { formatDistance, metres, FAR_FROM_TREK_M } from './where-view.js';
import { t, num } from './i18n.js';
import { loadProfile, snapToTrack } from './where.js';
import { Breadcrumb } from './map-breadcrumb.js';
import { crowd } from './map-crowd.js';
import { placeNames } from './map-names.js';
import { basemapGoneText, basemapNotSavedText, isEvicted } from './map-saved.js';

const SYMBOLS = { pass: '▲', campsite: '⌂', junction: '◆', water: '~', lake: '≈', village: '■', trailhead: '⚑', road: '═', transport: '⛟', viewpoint: '◉' };
// Room on the right for the names written beside the symbols.
const FIT_PADDING = { paddingTopLeft: [20, 34], paddingBottomRight: [110, 20] };
// Kinds whose names stay on the map when zoomed out; the others show their symbol only.
const MAIN_KINDS = new Set(['pass', 'campsite', 'junction', 'trailhead']);
const ALL_NAMES_ZOOM = 13;
// Markers whose 28 px symbols would overlap share one (static/js/map-crowd.js).
const CROWD_PX = 32;
// A link to a place on a map: `…/stages/2#map-at-ipsayjasa-junction` opens the day's map on it.
const AT_PLACE = /^#map-at-(.+)$/;

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text != null) node.textContent = text;
  return node;
}

class TrekMap {
  constructor(root, L) {
    this.root = root;
    this.L = L;
    this.ds = root.dataset;
    this.status = root.querySelector('[data-map-status]');
    this.stageNumber = this.ds.stage ? Number(this.ds.stage) : null;
    this.sketch = this.ds.sketch === 'true';
    this.fix = null;
    this.heading = null;
    this.gps = new GpsWatch({ onFix: (pos) => this.onFix(pos), onMessage: (text, denied) => this.onGpsMessage(text, denied) });
  }

  say(text) {
    if (this.status.textContent !== text) this.status.textContent = text;
  }

  async start() {
    let data;
    try {
      const resp = await fetch(this.ds.profileUrl, { credentials: 'same-origin' });
      if (!resp.ok) throw new Error(String(resp.status));
      data = await resp.json();
    } catch {
      this.root.dataset.state = 'no-profile';
      this.say(t('The route line is not saved on this phone. With signal, open the trek and tap “Save this trek for offline”. ' +
        'The places are listed below.'));
      return;
    }
    const canvas = this.root.querySelector('[data-map-canvas]');
    canvas.hidden = false;
    const L = this.L;
    const map = L.map(canvas, { zoomSnap: 0.25, attributionControl: true, tap: true, zoomControl: false });
    // Leaflet's own words are English: its zoom buttons and its popups' close button.
    L.control.zoom({ zoomInTitle: t('Zoom in'), zoomOutTitle: t('Zoom out') }).addTo(map);
    map.on('popupopen', (e) => {
      const close = e.popup.getElement().querySelector('.leaflet-popup-close-button');
      if (close) close.setAttribute('aria-label', t('Close popup'));
    });
    this.map = map;
    this.root.laresMap = map;
    map.attributionControl.setPrefix(false);
    L.control.scale({ metric: true, imperial: false, maxWidth: 140 }).addTo(map);
    this.addNorthArrow();
    this.drawLine(data);
    this.fitView(false); // Leaflet adds markers to the page once the map has a view
    // The line goes on screen first: the frame that paints it is let through before the
    // waypoints, the recording and the rest are added (they follow within a frame or two).
    await new Promise((painted) => requestAnimationFrame(() => {
      performance.mark('lares-map-drawn'); // bench/map_bench.py times the tap → line drawn
      setTimeout(painted, 0);
    }));
    this.profile = loadProfile(data);
    this.drawWaypoints(data.waypoints || []);
    this.showLinkedPlace();
    await new Breadcrumb(map, L, this.ds.trek).draw();
    this.root.querySelector('[data-map-controls]').hidden = false;
    this.root.querySelector('[data-map-locate]').addEventListener('click', () => this.locate());
    this.root.querySelector('[data-map-fit]').addEventListener('click', () => this.fitView(true));
    const stop = this.root.querySelector('[data-map-stop]');
    stop.addEventListener('click', () => this.stopGps());
    this.root.dataset.state = 'ready';
    this.say(this.sketch ? t('Dashed line: an approximate, sketched route — not a recorded track.') : '');
    if (this.ds.basemapUrl) {
      // Only a trek with a base map loads its code (and, for a vector one, the style).
      let addBasemap;
      try {
        ({ addBasemap } = await import('./map-basemap.js'));
      } catch {
        // Its code is kept with the saved base map: offline without it, neither is on the phone.
        const gone = await isEvicted(this.ds.trek, this.ds.basemapUrl);
        this.root.dataset.basemap = gone ? 'evicted' : 'not-saved';
        this.say(gone ? basemapGoneText() : basemapNotSavedText());
        if (gone) this.root.querySelector('[data-basemap-evicted]').hidden = false;
        return;
      }
      this.root.dataset.basemap = await addBasemap(map, this.ds, {
        pmtiles: window.pmtiles, protomapsL: window.protomapsL, say: (text) => this.say(text),
        evicted: () => { this.root.querySelector('[data-basemap-evicted]').hidden = false; },
      });
    }
  }

  addNorthArrow() {
    const L = this.L;
    const North = L.Control.extend({
      options: { position: 'bottomright' },
      onAdd: () => {
        const box = el('div', 'map-north');
        box.setAttribute('role', 'img');
        box.setAttribute('aria-label', t('North is up'));
        box.append(el('span', 'map-north-arrow', '▲'), el('span', 'map-north-n', t('N')));
        return box;
      },
    });
    new North().addTo(this.map);
  }

  drawLine(data) {
    const L = this.L;
    const days = splitByStage(data.points, data.stages);
    this.dayBounds = new Map();
    const all = [];
    for (const day of days) {
      if (day.line.length < 2) continue;
      const shown = this.stageNumber === null || day.number === this.stageNumber;
      const dash = this.sketch ? '14 10' : null;
      L.polyline(day.line, { className: 'map-casing', weight: 11, opacity: shown ? 0.95 : 0.5, interactive: false }).addTo(this.map);
      L.polyline(day.line, {
        className: `map-line map-day-${((day.number - 1) % 6) + 1}${shown ? '' : ' map-other-day'}`,
        weight: shown ? 7 : 5, dashArray: dash, lineCap: this.sketch ? 'butt' : 'round', interactive: false,
      }).addTo(this.map);
      this.dayBounds.set(day.number, boundsOf(day.line));
      all.push(...day.line);
      // The day's start: a boundary marker labelled with the day.
      const icon = L.divIcon({ className: 'map-day-start', html: el('span', `map-day-tag map-day-${((day.number - 1) % 6) + 1}`, t('Day {n}', { n: day.number })), iconSize: null });
      L.marker(day.line[0], { icon, interactive: false, keyboard: false }).addTo(this.map);
    }
    this.allBounds = boundsOf(all);
    this.root.dataset.lineDays = String(this.dayBounds.size);
  }

  drawWaypoints(waypoints) {
    const L = this.L;
    this.markers = [];
    for (const w of waypoints) {
      if (!Number.isFinite(w.lat) || !Number.isFinite(w.lon)) continue;
      const other = this.stageNumber !== null && w.stage !== this.stageNumber;
      // Names that go when zoomed out: minor kinds on the whole trek, other days on a day's map.
      const minor = (this.stageNumber === null ? !MAIN_KINDS.has(w.type) : other) ? ' map-wp-minor' : '';
      const label = el('span', `map-wp map-wp-${w.type}${other ? ' map-wp-other' : ''}${minor}`);
      label.append(el('span', 'map-wp-sym', SYMBOLS[w.type] || '●'), el('span', 'map-wp-more'), el('span', 'map-wp-name', w.name));
      const icon = L.divIcon({ className: 'map-wp-icon', html: label, iconSize: [28, 28], iconAnchor: [14, 14] });
      const marker = L.marker([w.lat, w.lon], { icon, title: w.name, alt: w.name, riseOnHover: true, keyboard: true });
      // Narrow enough to sit beside the zoom buttons on a 360 px phone, close button included.
      const wide = Math.max(150, Math.min(240, this.map.getSize().x - 130));
      marker.bindPopup(() => this.popupFor(w), { maxWidth: wide, minWidth: Math.min(180, wide), autoPanPaddingTopLeft: [56, 10], autoPanPaddingBottomRight: [10, 10] });
      marker.addTo(this.map);
      marker.getElement().dataset.wp = w.slug;
      this.markers.push({ w, marker });
    }
    this.root.dataset.waypoints = String(this.markers.length);
    const names = () => {
      this.map.getContainer().classList.toggle('map-far', this.map.getZoom() < ALL_NAMES_ZOOM);
      this.regroup();
    };
    this.map.on('zoomend', names);
    const place = () => placeNames(this.map, this.markers.map(({ marker }) => marker.getElement()));
    this.map.on('moveend', place);
    names();
    place();
  }

  /** Places too close to tap apart at this zoom share the marker of the one ranked first. */
  regroup() {
    const shownBy = crowd(this.markers.map(({ w }) => ({ ...this.map.project([w.lat, w.lon]), type: w.type })), CROWD_PX);
    this.alsoHere = new Map(this.markers.map(({ w }) => [w.slug, []]));
    this.hostOf = new Map();
    this.markers.forEach(({ w }, i) => {
      const host = this.markers[shownBy[i]].w;
      this.hostOf.set(w.slug, this.markers[shownBy[i]]);
      if (host !== w) this.alsoHere.get(host.slug).push(w);
    });
    this.markers.forEach(({ w, marker }) => {
      const node = marker.getElement();
      const others = this.alsoHere.get(w.slug);
      node.classList.toggle('map-wp-crowded', this.hostOf.get(w.slug).w !== w);
      node.querySelector('.map-wp-more').textContent = others.length ? `+${others.length}` : '';
      node.title = others.length ? `${w.name} (+ ${others.map((o) => o.name).join(', ')})` : w.name;
    });
  }

  /** The place named in the address (a junction's "Show on the map"), centred, its popup open. */
  showLinkedPlace() {
    const at = AT_PLACE.exec(window.location.hash);
    let slug;
    try {
      slug = at && decodeURIComponent(at[1]);
    } catch {
      return; // a mangled address (a stray "%"): the map as it is, not a broken one
    }
    const hit = slug && this.hostOf.get(slug);
    if (!hit) return;
    this.map.setView(hit.marker.getLatLng(), Math.max(this.map.getZoom(), 15), { animate: false });
    this.hostOf.get(hit.w.slug).marker.openPopup();
    this.root.dataset.linkedPlace = hit.w.slug;
  }

  popupFor(w) {
    const box = el('div', 'map-popup');
    box.dataset.popupWp = w.slug;
    box.append(el('p', 'map-popup-name', w.name));
    const facts = [`km ${num(w.along_m / 1000, 1)}`];
    if (Number.isFinite(w.elevation_m)) facts.push(metres(w.elevation_m));
    facts.push(t('day {n}', { n: w.stage }));
    box.append(el('p', 'map-popup-facts', facts.join(' · ')));
    const way = el('p', 'map-popup-way');
    way.dataset.popupWay = '';
    way.textContent = this.fix
      ? t('{line} in a straight line.', { line: straightLine(this.fix.lat, this.fix.lon, w.lat, w.lon).text })
      : t('Tap “Centre on me” for its distance and bearing from you.');
    box.append(way);
    const link = el('a', 'btn', t('Open this place'));
    link.href = this.placeUrl(w);
    box.append(link);
    const others = this.alsoHere.get(w.slug) || [];
    if (others.length) {
      box.append(el('p', 'map-popup-also', t('Also here:')));
      const list = el('ul', 'map-popup-others');
      for (const o of others) {
        const a = el('a', null, t('{name} · km {km}', { name: o.name, km: num(o.along_m / 1000, 1) }));
        a.href = this.placeUrl(o);
        const item = el('li');
        item.append(a);
        list.append(item);
      }
      box.append(list);
    }
    return box;
  }

  placeUrl(w) {
    return this.ds.waypointUrl.replace(this.ds.slugPlaceholder, encodeURIComponent(w.slug));
  }

  fitView(animate) {
    const bounds = (this.stageNumber !== null && this.dayBounds.get(this.stageNumber)) || this.allBounds;
    if (bounds) this.map.fitBounds(bounds, { ...FIT_PADDING, animate });
  }

  locate() {
    this.centreNext = true;
    if (this.fix) this.map.setView([this.fix.lat, this.fix.lon], Math.max(this.map.getZoom(), 14));
    if (this.gps.on) return;
    if (!this.gps.start()) return;
    this.say(t('Waiting for GPS…'));
    this.root.querySelector('[data-map-stop]').hidden = false;
    if (!this.stopCompass) {
      this.stopCompass = () => {};
      followCompass((h) => { this.heading = h; this.turnMe(); }, compassHeading).then((stop) => { this.stopCompass = stop; });
    }
  }

  stopGps() {
    this.gps.stop();
    if (this.stopCompass) this.stopCompass();
    this.stopCompass = null;
    this.root.querySelector('[data-map-stop]').hidden = true;
    this.say(this.fix ? t('GPS is off. The blue dot is your last position.') : t('GPS is off.'));
  }

  onGpsMessage(text, denied) {
    if (denied) this.root.querySelector('[data-map-stop]').hidden = true;
    this.say(text);
  }

  onFix(pos) {
    const L = this.L;
    const c = pos.coords;
    if (!Number.isFinite(c.latitude) || !Number.isFinite(c.longitude)) return;
    this.fix = { lat: c.latitude, lon: c.longitude, accuracy: c.accuracy, heading: Number.isFinite(c.heading) ? c.heading : null };
    const at = [c.latitude, c.longitude];
    if (!this.me) {
      const dot = el('span', 'map-me');
      dot.append(el('span', 'map-me-arrow'), el('span', 'map-me-dot'));
      this.meDot = dot;
      this.accuracy = L.circle(at, { radius: c.accuracy || 0, className: 'map-accuracy', weight: 2, interactive: false }).addTo(this.map);
      this.me = L.marker(at, { icon: L.divIcon({ className: 'map-me-icon', html: dot, iconSize: [36, 36], iconAnchor: [18, 18] }), interactive: false, keyboard: false, zIndexOffset: 1000 }).addTo(this.map);
    } else {
      this.me.setLatLng(at);
      this.accuracy.setLatLng(at).setRadius(c.accuracy || 0);
    }
    this.turnMe();
    const el2 = this.me.getElement();
    el2.dataset.lat = String(c.latitude);
    el2.dataset.lon = String(c.longitude);
    if (this.centreNext) {
      this.centreNext = false;
      this.map.setView(at, Math.max(this.map.getZoom(), 14));
    }
    const accuracy = formatDistance(c.accuracy);
    const rough = c.accuracy > 100 ? t('Rough fix (±{accuracy}).', { accuracy }) : t('Accurate to {accuracy}.', { accuracy });
    let offsetM = 0; // stays 0 for a position the line cannot place: no verdict
    try {
      offsetM = snapToTrack(this.profile, c.latitude, c.longitude).offsetM;
    } catch {
      // see above
    }
    const far = offsetM > FAR_FROM_TREK_M ? ` ${t("You are about {distance} from this trek's line.", { distance: formatDistance(offsetM) })}` : '';
    this.say(`${t('Following your position.')} ${rough}${far}`);
    this.root.dataset.fixCount = String(Number(this.root.dataset.fixCount || 0) + 1);
    const open = this.map.getContainer().querySelector('[data-popup-way]');
    const wpSlug = open && open.closest('[data-popup-wp]').dataset.popupWp;
    const w = wpSlug && this.markers.find((m) => m.w.slug === wpSlug);
    if (w) open.textContent = t('{line} in a straight line.', { line: straightLine(c.latitude, c.longitude, w.w.lat, w.w.lon).text });
  }

  /** The arrow on "you": the compass heading when the phone gives one, else the GPS course. */
  turnMe() {
    if (!this.meDot) return;
    const heading = this.heading != null ? this.heading : this.fix && this.fix.heading;
    const arrow = this.meDot.querySelector('.map-me-arrow');
    arrow.hidden = heading == null;
    if (heading != null) arrow.style.transform = `rotate(${Math.round(heading)}deg)`;
  }
}

/** Resolves once `root` is within a screen or so of being seen. */
function nearScreen(root) {
  return new Promise((near) => {
    if (!('IntersectionObserver' in window)) { near(); return; }
    const watch = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) { watch.disconnect(); near(); }
    }, { rootMargin: '100% 0px' });
    watch.observe(root);
  });
}

/** A lazy map's library and styles (its <template data-map-assets>), added once it comes near
 * the screen, in their order (Leaflet before what extends it), with their SRI hashes. */
async function loadAssets(root) {
  const kept = root.querySelector('template[data-map-assets]');
  if (!kept) return;
  if (AT_PLACE.test(window.location.hash)) root.scrollIntoView();
  await nearScreen(root);
  const loads = [];
  for (const source of kept.content.children) {
    const node = document.createElement(source.localName);
    for (const { name, value } of source.attributes) node.setAttribute(name, value);
    if (node.localName === 'script') node.async = false;
    loads.push(new Promise((done) => { node.addEventListener('load', done); node.addEventListener('error', done); }));
    document.head.append(node);
  }
  await Promise.all(loads);
}

export async function initMaps(doc = document) {
  for (const root of doc.querySelectorAll('[data-map]')) {
    if (root.dataset.mapReady) continue;
    root.dataset.mapReady = 'true';
    await loadAssets(root);
    if (!window.L) {
      root.dataset.state = 'no-library';
      root.querySelector('[data-map-status]').textContent =
        t('The map could not be loaded on this phone (its map library is missing or did not pass its check). The places are listed below.');
      continue;
    }
    await new TrekMap(root, window.L).start();
  }
}

initMaps();
