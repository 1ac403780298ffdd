// The "Where am I?" widget (templates/where/_where.html): GPS → where.js → where-view.js → page.
//
// Battery: the GPS is switched on only by the hiker's tap, and only while the page is
// visible (clearWatch when hidden, resumed when visible if it was on). The profile is
// fetched on the first tap (the service worker answers from the saved trek offline).
// Numbers are never shown as fresh from an old fix: every render compares the fix's
// own timestamp with the clock, and a ticker re-renders so the age keeps counting.
import { loadProfile, whereAmI, OffRouteMonitor, NoFixError } from './where.js';
import { straightLine } from './map-geo.js';
import { GpsWatch } from './gps-watch.js';
import { t, num } from './i18n.js';
import { ScreenWake } from './wake.js';
import {
  buildView, markerPosition, elevationAt, noFixMessage, geoErrorMessage, formatDistance, rowPlace, exitText, straightText,
} from './where-view.js';

const TICK_MS = 5000;

class WhereWidget {
  /** @param {HTMLElement} root */
  constructor(root) {
    this.root = root;
    this.q = (sel) => root.querySelector(sel);
    this.startBtn = this.q('[data-where-start]');
    this.stopBtn = this.q('[data-where-stop]');
    this.status = this.q('[data-where-status]');
    this.chart = this.q('[data-profile-chart]');
    const ds = root.dataset;
    this.stage = ds.stage ? { number: Number(ds.stage), start_m: Number(ds.stageStartM), end_m: Number(ds.stageEndM) } : null;
    this.pace = Number(ds.pace) > 0 ? Number(ds.pace) : 1;
    this.sketch = ds.sketch === 'true';
    this.exitTypes = (ds.exitTypes || '').split(',').filter(Boolean);
    this.profile = null;
    // On only after the tap, paused while the page is hidden (gps-watch.js).
    this.gps = new GpsWatch({
      onFix: (pos) => this.onFix(pos), onError: (err) => this.onGeoError(err), onWatching: (on) => this.onWatching(on),
    });
    this.last = null; // {result, fixTimeMs, accuracyM}
    this.monitor = new OffRouteMonitor();
    this.ticker = null;
    this.fixCount = 0;
    this.refused = null; // the message about the last fix that could not be used
    this.measured = null; // the party's own pace from its recording, once it can be trusted
    document.addEventListener('lares:pace', (e) => this.onPace(e.detail));
    this.startBtn.addEventListener('click', () => this.start());
    this.stopBtn.addEventListener('click', () => this.stop());
    this.wake = new ScreenWake(this.q('[data-where-wake]'), this.q('[data-where-wake-note]'), () => this.gps.on);
  }

  setState(state, message) {
    this.root.dataset.state = state;
    if (message !== undefined && this.status.textContent !== message) this.status.textContent = message;
  }

  async start() {
    if (!('geolocation' in navigator)) {
      this.setState('error', t("This browser cannot give the phone's position, so “Where am I?” cannot work here."));
      return;
    }
    this.startBtn.disabled = true;
    if (!this.profile) {
      this.setState('loading', t('Loading the route line…'));
      try {
        const resp = await fetch(this.root.dataset.profileUrl, { credentials: 'same-origin' });
        if (!resp.ok) throw new Error(resp.status === 404 ? t('This trek no longer exists.') : 'not saved');
        const data = await resp.json();
        this.profile = loadProfile(data);
        if (data.data_quality === 'sketch') this.sketch = true;
      } catch (err) {
        const msg = err instanceof Error && err.message !== 'not saved' && !(err instanceof TypeError)
          ? err.message
          : t('The route line of this trek is not saved on this phone. With signal, open the trek and tap “Save this trek for offline”.');
        this.setState('error', msg);
        this.startBtn.disabled = false;
        return;
      }
    }
    this.stopBtn.hidden = false;
    this.startBtn.hidden = true;
    this.startBtn.disabled = false;
    this.gps.start();
  }

  /** The GPS watch started (after the tap, or the page became visible again) or stopped. */
  onWatching(on) {
    if (on) {
      if (!this.last) this.setState('waiting', t('Waiting for GPS…'));
      else this.render(t('Waiting for a new GPS position…'));
      if (this.ticker === null) this.ticker = setInterval(() => this.render(), TICK_MS);
      this.wake.hold();
    } else {
      if (this.ticker !== null) clearInterval(this.ticker);
      this.ticker = null;
    }
  }

  stop() {
    this.gps.stop();
    this.wake.release();
    this.stopBtn.hidden = true;
    this.startBtn.hidden = false;
    if (this.last) this.render(t('GPS is off. The numbers below are from your last position.'));
    else this.setState('idle', t('GPS is off.'));
    this.startBtn.focus();
  }

  onGeoError(err) {
    if (err.code === 1) {
      // gps-watch.js has switched the GPS off.
      this.wake.release();
      this.stopBtn.hidden = true;
      this.startBtn.hidden = false;
      this.setState('denied', geoErrorMessage(1));
      return;
    }
    if (this.last) this.render(geoErrorMessage(err.code));
    else this.setState('waiting', geoErrorMessage(err.code));
  }

  /** @param {GeolocationPosition} pos */
  onFix(pos) {
    this.fixCount += 1;
    const c = pos.coords;
    const fixTimeMs = Number.isFinite(pos.timestamp) ? pos.timestamp : Date.now();
    let result;
    try {
      result = whereAmI(this.profile, c.latitude, c.longitude, c.accuracy,
        { hintAlongM: this.last ? this.last.result.alongM : null, paceFactor: this.paceNow() });
    } catch (err) {
      this.monitor.update(null); // no verdict: neither raises nor clears the alarm
      const msg = err instanceof NoFixError ? noFixMessage(err.code, c.accuracy)
        : t('Cannot place this position: {reason}', { reason: err.message });
      this.refused = msg; // kept on the status line until a usable fix, through the ticker's redraws
      if (this.last) this.render(msg);
      else this.setState('waiting', msg);
      this.root.dataset.fixCount = String(this.fixCount);
      return;
    }
    this.monitor.update(result.offRoute);
    this.refused = null;
    this.last = { result, fixTimeMs, accuracyM: c.accuracy, lat: c.latitude, lon: c.longitude };
    this.render();
    this.root.dataset.fixCount = String(this.fixCount);
  }

  paceNow() { return this.measured || this.pace; }

  /** The recording measured the party's pace (record-ui.js): times follow it once trusted. */
  onPace(pace) {
    const was = this.measured;
    this.measured = pace && pace.trusted && pace.factor > 0 ? pace.factor : null;
    const el = this.q('[data-where-pace]');
    if (el) {
      el.hidden = !this.measured;
      if (this.measured) {
        text(el, t("Times at your own measured pace: {pace}× the model's (the plan assumed {planned}×).",
          { pace: num(this.measured, 1), planned: num(this.pace, 1) }));
      }
    }
    if (this.last && was !== this.measured) {
      const { lat, lon, accuracyM, result } = this.last;
      this.last.result = whereAmI(this.profile, lat, lon, accuracyM, { hintAlongM: result.alongM, paceFactor: this.paceNow() });
      this.render();
    }
  }

  /** Copy the current view into the page; `note` overrides the status line. */
  render(note = this.refused || undefined) {
    if (!this.last) return;
    const { result, fixTimeMs, accuracyM } = this.last;
    const v = buildView(this.profile, result, {
      stage: this.stage, pace: this.paceNow(), alarm: this.monitor.alarm, sketch: this.sketch, exitTypes: this.exitTypes,
      sunsetMs: Number(this.root.dataset.sunsetMs) || null, measured: Boolean(this.measured),
      fixTimeMs, nowMs: Date.now(), accuracyM,
    });
    const ds = this.root.dataset;
    ds.alongM = result.alongM.toFixed(1);
    ds.offsetM = result.offsetM.toFixed(1);
    ds.offRoute = v.offRoute ? 'true' : 'false';
    const box = this.q('[data-where-result]');
    const alert = this.q('[data-where-offroute]');
    const advice = this.q('[data-where-advice]');
    const stale = v.stale ? t('Old position ({age}) — not updated.', { age: v.ageText }) + ' ' : '';
    if (v.state === 'far') {
      this.setState('far', note ? `${note} ${v.message}` : v.message);
      box.hidden = true;
      alert.hidden = true;
      advice.hidden = true;
      this.placeMarker(null);
      return;
    }
    let status = note || (v.stale ? stale + t('Waiting for GPS…') : (this.gps.watching ? t('GPS on.') : t('GPS is off.')));
    if (note && v.stale) status = stale + note;
    this.setState(v.stale ? 'stale' : 'fresh', status);
    box.hidden = false;
    box.classList.toggle('stale', v.stale);
    text(this.q('[data-where-progress]'), v.progress ? v.progress.text : t('This position is not on any day of the trek.'));
    for (const tr of this.root.querySelectorAll('[data-where-row]')) {
      const row = v.rows.find((x) => x.kind === tr.dataset.whereRow);
      tr.hidden = !row;
      if (!row) continue;
      tr.dataset.distanceM = row.distanceM.toFixed(1);
      tr.dataset.ascentM = row.ascentM == null ? '' : row.ascentM.toFixed(1);
      tr.dataset.descentM = row.descentM == null ? '' : row.descentM.toFixed(1);
      tr.dataset.timeS = row.timeS.toFixed(0);
      text(tr.querySelector('[data-field="label"]'), row.label);
      text(tr.querySelector('[data-field="name"]'), row.name);
      text(tr.querySelector('[data-field="distance"]'), row.distanceText);
      this.straightLine(tr, rowPlace(this.profile, row, this.stage));
      text(tr.querySelector('[data-field="climb"]'), row.climbText);
      text(tr.querySelector('[data-field="time"]'), row.timeText);
    }
    for (const row of v.rows) { // the table follows the view's order: nearest first
      const tr = this.q(`[data-where-row="${row.kind}"]`);
      if (tr) tr.parentElement.append(tr);
    }
    const sun = this.q('[data-where-sunset]');
    if (sun) {
      sun.hidden = !v.sunset || v.stale;
      if (v.sunset) { text(sun, v.sunset.text); sun.dataset.late = String(v.sunset.late); }
    }
    const exit = this.q('[data-where-exit]');
    if (exit) {
      exit.hidden = !v.exit;
      if (v.exit) {
        const place = this.sketch ? rowPlace(this.profile, v.exit) : null;
        const line = place ? straightLine(this.last.lat, this.last.lon, place.lat, place.lon) : null;
        text(exit.querySelector('[data-field="exit"]'), line ? exitText(v.exit, '≈\u00a0', line) : v.exit.text);
      }
    }
    // With a message about a newer, unusable fix, the numbers are said to be from the last good one.
    const vars = { age: v.ageText, accuracy: v.accuracyText, offset: formatDistance(result.offsetM) };
    const off = result.offsetM >= 20;
    let fix;
    if (note) {
      fix = off ? t('These numbers are from your last good GPS position {age}, accurate to {accuracy}; {offset} from the route line.', vars)
        : t('These numbers are from your last good GPS position {age}, accurate to {accuracy}.', vars);
    } else {
      fix = off ? t('GPS position {age}, accurate to {accuracy}; {offset} from the route line.', vars)
        : t('GPS position {age}, accurate to {accuracy}.', vars);
    }
    text(this.q('[data-where-fix]'), fix);
    alert.hidden = !v.offRoute;
    if (v.offRoute) {
      text(alert, v.offRoute.text);
      alert.dataset.kind = v.offRoute.kind; // a sketch's "far from the estimated line" is not the red alarm
      alert.setAttribute('role', v.offRoute.kind === 'route' ? 'alert' : 'status');
    }
    advice.hidden = !v.advice || v.stale;
    if (v.advice) text(advice, v.advice.text);
    this.placeMarker(result.alongM, v.stale);
  }

  /** On a sketch the straight line to the place leads the row: it does not depend on the
   * sketched line; the along-track figures follow, marked "≈" as estimates. */
  straightLine(tr, place) {
    const cell = tr.querySelector('[data-field="straight"]');
    if (!cell) return;
    const ok = this.sketch && place;
    cell.hidden = !ok;
    if (!ok) return;
    const line = straightLine(this.last.lat, this.last.lon, place.lat, place.lon);
    tr.dataset.straightM = line.distanceM.toFixed(1);
    tr.dataset.bearingDeg = line.bearingDeg.toFixed(1);
    text(cell, straightText(line));
  }

  placeMarker(alongM, stale = false) {
    if (!this.chart) return;
    const marker = this.chart.querySelector('[data-where-marker]');
    if (!marker) return;
    const cd = this.chart.dataset;
    const pos = alongM == null ? null : markerPosition({
      startM: Number(cd.startM), endM: Number(cd.endM), minEle: Number(cd.minEle), maxEle: Number(cd.maxEle),
      x0: Number(cd.plotX0), x1: Number(cd.plotX1), y0: Number(cd.plotY0), y1: Number(cd.plotY1),
      hasElevation: cd.hasElevation === 'true',
    }, alongM, elevationAt(this.profile, alongM));
    if (!pos) {
      marker.setAttribute('visibility', 'hidden');
      marker.dataset.state = alongM == null ? 'none' : 'outside';
      return;
    }
    marker.setAttribute('transform', `translate(${pos.x.toFixed(1)} 0)`);
    marker.querySelector('[data-where-dot]').setAttribute('cy', pos.y.toFixed(1));
    marker.setAttribute('visibility', 'visible');
    marker.dataset.x = pos.x.toFixed(2);
    marker.dataset.state = stale ? 'stale' : 'fresh';
    marker.classList.toggle('stale', stale);
  }
}

/** Change text only when it differs, so aria-live announces changes, not every fix. */
function text(el, value) {
  if (el && el.textContent !== value) el.textContent = value;
}

for (const root of document.querySelectorAll('[data-where]')) {
  if (root.dataset.whereReady) continue;
  root.dataset.whereReady = 'true';
  new WhereWidget(root);
}
