// "Record my walk" on the map: the recording as a breadcrumb (a piece per segment, so gaps
// stay gaps) and, when the hiker is off the line, the way back to where the recording last
// was on it. Fixes come from the phone's store (record-store.js) and then, one by one, from
// the recorder on the same page (record-ui.js sends "lares:recorded" and "lares:back").
import { segments } from './recording.js';
import * as store from './record-store.js';

const toLatLng = (f) => [f.lat, f.lon];

export class Breadcrumb {
  constructor(map, L, slug) {
    this.map = map;
    this.L = L;
    this.slug = slug;
    this.pieces = [];
    this.last = null;
    this.back = null;
    this.group = L.layerGroup().addTo(map);
  }

  async draw() {
    performance.mark('lares-crumb-start');
    const fixes = store.available() ? await store.listFixes(this.slug) : [];
    for (const seg of segments(fixes)) this.newPiece(seg);
    document.addEventListener('lares:recorded', (e) => this.add(e.detail));
    document.addEventListener('lares:back', (e) => this.showBack(e.detail));
    performance.mark('lares-crumb-drawn'); // bench/breadcrumb_bench.py
    this.map.getContainer().dataset.crumbFixes = String(fixes.length);
    return fixes.length;
  }

  newPiece(fixes) {
    const L = this.L;
    const line = fixes.map(toLatLng);
    const casing = L.polyline(line, { className: 'map-crumb-casing', weight: 8, interactive: false }).addTo(this.group);
    const crumb = L.polyline(line, { className: 'map-crumb', weight: 4, interactive: false }).addTo(this.group);
    this.pieces.push({ casing, crumb });
    this.last = fixes[fixes.length - 1];
  }

  /** A fix the recorder just kept: the same piece, or a new one after a gap. */
  add(fix) {
    if (!fix || fix.rec !== this.slug) return;
    const same = this.last && segments([this.last, fix]).length === 1;
    if (same && this.pieces.length) {
      const { casing, crumb } = this.pieces[this.pieces.length - 1];
      casing.addLatLng(toLatLng(fix));
      crumb.addLatLng(toLatLng(fix));
      this.last = fix;
    } else {
      this.newPiece([fix]);
    }
    const box = this.map.getContainer();
    box.dataset.crumbFixes = String(Number(box.dataset.crumbFixes || 0) + 1);
  }

  /** The way back to the route ({from, to} fixes), or null when the hiker is on it. */
  showBack(way) {
    if (this.back) this.back.remove();
    this.back = null;
    if (!way) return;
    const L = this.L;
    this.back = L.layerGroup([
      L.polyline([toLatLng(way.from), toLatLng(way.to)], { className: 'map-back', weight: 5, interactive: false }),
      L.circleMarker(toLatLng(way.to), { className: 'map-back-to', radius: 9, weight: 4, interactive: false }),
    ]).addTo(this.map);
    this.map.getContainer().dataset.back = `${way.to.lat.toFixed(6)},${way.to.lon.toFixed(6)}`;
  }
}
