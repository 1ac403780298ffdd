// "Record my walk" (templates/where/_record.html): the phone keeps its own GPS track of the
// hike, offline, in IndexedDB (record-store.js), with the rules of recording.js.
//
// What the web allows, said on the page too: the phone records while this page is open and
// on screen (the GPS is released when it is hidden) and resumes, as a new segment, when the
// page is visible again — after a reload or a browser restart as well, because "recording"
// is stored with the fixes. Gaps stay gaps. Nothing leaves the phone from here.
import { loadProfile, snapToTrack, offLineThresholdM, haversineM, initialBearingDeg } from './where.js';
import { formatDistance, formatDuration, formatClimb, compassWord } from './where-view.js';
import { keepFix, summarise, measuredPace, backToRoute, trimEnds, PACE_TRUST_MODEL_S } from './recording.js';
import { recordingToGpx, trailDay } from './recording-gpx.js';
import * as store from './record-store.js';
import { ScreenWake } from './wake.js';
import { GpsWatch } from './gps-watch.js';
import { enqueue } from './trips.js';
import { t, tn, num, locale } from './i18n.js';

class Recorder {
  /** @param {HTMLElement} root */
  constructor(root) {
    this.root = root;
    this.q = (sel) => root.querySelector(sel);
    this.rec = root.dataset.trek;
    this.name = root.dataset.trekName || this.rec;
    this.profileUrl = root.dataset.profileUrl;
    this.profile = null;
    this.fixes = [];
    this.meta = null;
    // On after the tap (or at load when it was recording), paused while the page is hidden.
    this.gps = new GpsWatch({
      onFix: (pos) => this.onFix(pos), onMessage: (text, denied) => this.onMessage(text, denied),
      onWatching: (on) => this.onWatching(on),
    });
    this.pending = 0;
    this.writing = Promise.resolve();
    this.wake = new ScreenWake(this.q('[data-record-wake]'), this.q('[data-record-wake-note]'), () => this.on());
    this.q('[data-record-start]').addEventListener('click', () => this.start());
    this.q('[data-record-pause]').addEventListener('click', () => this.pause());
    this.q('[data-record-gpx]').addEventListener('click', () => this.download());
    this.q('[data-record-clear]').addEventListener('click', () => this.clear());
    this.send = this.q('[data-record-send]');
    if (this.send) {
      for (const input of this.send.querySelectorAll('input')) input.addEventListener('input', () => this.renderSend());
      this.q('[data-record-send-go]').addEventListener('click', () => this.sendIt());
    }
  }

  on() { return Boolean(this.meta && this.meta.on); }

  async init() {
    if (!store.available() || !('geolocation' in navigator)) {
      this.say(t('This browser cannot record here (no storage or no GPS).'));
      this.q('[data-record-start]').disabled = true;
      return;
    }
    this.meta = await store.getMeta(this.rec);
    this.fixes = await store.listFixes(this.rec);
    this.render();
    if (this.on()) await this.resume(); // pressed Record before the app was closed
  }

  async loadProfile() {
    if (this.profile) return true;
    try {
      const resp = await fetch(this.profileUrl, { credentials: 'same-origin' });
      if (!resp.ok) throw new Error(String(resp.status));
      this.profile = loadProfile(await resp.json());
      return true;
    } catch {
      return false; // recording works without the line; only "back to the route" needs it
    }
  }

  async start() {
    this.meta = { ...this.meta, on: true };
    await this.resume();
  }

  /** Recording on: after the tap, or at load when the hiker had pressed Record before. */
  async resume() {
    await store.putMeta(this.meta);
    await this.loadProfile();
    if (this.gps.start()) this.wake.hold();
    this.render();
  }

  /** Each time the watch starts is a new session: the time in between stays a gap. */
  onWatching(on) {
    if (on) {
      this.meta = { ...this.meta, session: (this.meta.session || 0) + 1 };
      store.putMeta(this.meta);
      this.wake.hold();
    } else {
      this.wake.release();
    }
    this.render();
  }

  async pause() {
    this.gps.stop();
    this.wake.release();
    this.meta = { ...this.meta, on: false };
    await store.putMeta(this.meta);
    this.render();
  }

  onMessage(text, denied) {
    if (denied) this.pause();
    this.say(text);
  }

  /** @param {GeolocationPosition} pos */
  async onFix(pos) {
    const c = pos.coords;
    const fix = {
      rec: this.rec, t: Number.isFinite(pos.timestamp) ? pos.timestamp : Date.now(),
      lat: c.latitude, lon: c.longitude, acc: c.accuracy,
      ele: Number.isFinite(c.altitude) ? c.altitude : null, session: this.meta.session, off: null,
    };
    if (!keepFix(this.fixes[this.fixes.length - 1] || null, fix)) return;
    if (this.profile) {
      try { fix.off = snapToTrack(this.profile, fix.lat, fix.lon).offsetM; } catch { fix.off = null; }
    }
    this.fixes.push(fix);
    document.dispatchEvent(new CustomEvent('lares:recorded', { detail: fix })); // the map's breadcrumb
    // Writes go one after another; data-pending says how many are not yet on the phone.
    this.pending += 1;
    this.root.dataset.pending = String(this.pending);
    this.writing = this.writing.then(() => store.addFix(fix)).catch(() => {
      this.say(t('This phone refused to store more of the recording (storage full?).'));
    }).finally(() => {
      this.pending -= 1;
      this.root.dataset.pending = String(this.pending);
    });
    this.render();
  }

  say(message) { this.q('[data-record-status]').textContent = message; }

  render() {
    const on = this.on();
    const running = this.gps.watching;
    this.root.dataset.recording = on ? 'on' : 'off';
    this.root.dataset.fixes = String(this.fixes.length);
    this.q('[data-record-start]').hidden = on;
    this.q('[data-record-pause]').hidden = !on;
    const has = this.fixes.length > 0;
    this.q('[data-record-gpx]').hidden = !has;
    this.q('[data-record-clear]').hidden = !has || on;
    const n = this.fixes.length;
    let status = t('Not recording.');
    if (on && running) status = tn(n, 'Recording — {count} point kept.', 'Recording — {count} points kept.');
    else if (on) status = t('Recording paused while the app is in the background; it resumes when you come back.');
    else if (has) status = tn(n, 'Paused — {count} point kept on this phone.', 'Paused — {count} points kept on this phone.');
    this.say(status);
    this.renderWalked();
    this.renderPace();
    this.renderBack();
    this.renderSend();
  }

  /** What "Send this recording" would send: the party sees it before anything leaves. */
  toSend() {
    const km = (sel) => Math.max(0, Number(this.q(sel).value) || 0) * 1000;
    return trimEnds(this.fixes, km('[data-trim-start]'), km('[data-trim-end]'));
  }

  renderSend() {
    if (!this.send) return;
    this.send.hidden = this.fixes.length < 2;
    if (this.send.hidden) return;
    const fixes = this.toSend();
    const preview = this.q('[data-record-preview]');
    const go = this.q('[data-record-send-go]');
    go.disabled = fixes.length < 2;
    if (fixes.length < 2) { preview.textContent = t('Nothing left to send: leave out less.'); return; }
    const when = (ms) => new Date(ms).toLocaleString(locale(), { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
    const s = summarise(fixes);
    preview.textContent = t('Will send {count} points with their times, {from} to {to}, {distance} walked.', {
      count: fixes.length, from: when(fixes[0].t), to: when(fixes[fixes.length - 1].t), distance: formatDistance(s.distanceM),
    });
  }

  async sendIt() {
    const fixes = this.toSend();
    if (fixes.length < 2) return;
    // The same points sent twice keep one id, so the server stores them once.
    const key = `${fixes[0].t}-${fixes[fixes.length - 1].t}-${fixes.length}`;
    const sent = this.meta.sent && this.meta.sent.key === key ? this.meta.sent : null;
    const opId = sent ? sent.op_id : globalThis.LaresOutbox.uuid();
    this.meta = { ...this.meta, sent: { key, op_id: opId } };
    await store.putMeta(this.meta);
    const s = summarise(fixes);
    await enqueue({
      op_id: opId, trip: this.root.dataset.trip, kind: 'recording', target: 'recording',
      at: new Date().toISOString(), label: t('{distance}, {count} points', { distance: formatDistance(s.distanceM), count: fixes.length }),
      fixes: fixes.map((f) => ({ t: f.t, lat: f.lat, lon: f.lon, acc: f.acc, ele: f.ele, session: f.session })),
    });
    this.q('[data-record-preview]').textContent = sent
      ? t('These points were already queued or sent; the server keeps them once.')
      : t('Queued: it is sent when there is signal (the bar at the top says when it is waiting).');
  }

  renderWalked() {
    const today = trailDay(Date.now());
    const todays = this.fixes.filter((f) => trailDay(f.t) === today);
    const el = this.q('[data-record-walked]');
    const s = summarise(todays);
    el.hidden = todays.length < 2;
    if (el.hidden) return;
    const walked = s.ascentM == null ? formatDistance(s.distanceM) : `${formatDistance(s.distanceM)}, ${formatClimb(s.ascentM, s.descentM)}`;
    const vars = { walked, moving: formatDuration(s.movingS), pieces: s.segments };
    el.textContent = s.segments > 1 ? t('Walked today: {walked}, {moving} moving ({pieces} pieces: gaps are not counted).', vars)
      : t('Walked today: {walked}, {moving} moving.', vars);
    this.root.dataset.walkedM = s.distanceM.toFixed(1);
  }

  renderPace() {
    const p = measuredPace(this.fixes);
    const el = this.q('[data-record-pace]');
    el.hidden = !(p.modelS > 0);
    if (!el.hidden) {
      el.textContent = p.trusted
        ? t('You walk at {pace}× the model\'s times (measured over {time} of walking). "Where am I?" times use it.',
          { pace: num(p.factor, 1), time: formatDuration(p.movingS) })
        : t("Measuring your pace: {done} of {needed} walked so far; until then times are the model's.",
          { done: formatDuration(p.modelS), needed: formatDuration(PACE_TRUST_MODEL_S) });
      this.root.dataset.pace = p.factor.toFixed(3);
    }
    document.dispatchEvent(new CustomEvent('lares:pace', { detail: p }));
  }

  /** "Take me back to where I was on the route": the last fix that was near the line. */
  renderBack() {
    const el = this.q('[data-record-back]');
    const b = this.backPoint();
    const last = this.fixes[this.fixes.length - 1];
    el.hidden = !b;
    document.dispatchEvent(new CustomEvent('lares:back', { detail: b ? { from: last, to: b } : null })); // the map
    if (!b) return;
    const dist = haversineM(last.lat, last.lon, b.lat, b.lon);
    const bearing = initialBearingDeg(last.lat, last.lon, b.lat, b.lon);
    const at = new Date(b.t).toLocaleTimeString(locale(), { hour: '2-digit', minute: '2-digit' });
    el.hidden = false;
    el.textContent = t('Back to the route: the last place you were on it is {distance} away, ' +
      'bearing {deg}° ({direction}) — you were there at {at}.',
    { distance: formatDistance(dist), deg: String(Math.round(bearing) % 360), direction: compassWord(bearing), at });
    el.dataset.bearing = bearing.toFixed(1);
    el.dataset.distanceM = dist.toFixed(1);
  }

  /** The last fix that was near the line, when the latest one is not; else null. */
  backPoint() {
    const last = this.fixes[this.fixes.length - 1];
    if (!this.profile || !last || last.off == null) return null;
    const threshold = offLineThresholdM(this.profile, last.acc);
    if (last.off <= threshold) return null;
    const i = backToRoute(this.fixes, this.fixes.map((f) => (f.off == null ? Infinity : f.off)), threshold);
    return i === null ? null : this.fixes[i];
  }

  /** Waypoints this party ticked (the server's last word and this phone's pending ticks). */
  async ticked() {
    const O = globalThis.LaresOutbox;
    const trip = this.root.dataset.trip;
    if (!trip || !O || !O.available() || !this.profile) return [];
    const latest = new Map();
    const state = await O.getState(trip);
    for (const [target, t] of Object.entries((state && state.ticks) || {})) latest.set(target, t);
    for (const op of await O.listOps()) {
      if (op.trip === trip && (op.kind || 'tick') === 'tick') latest.set(op.target, O.later(latest.get(op.target), op));
    }
    const names = new Map(this.profile.waypoints.map((w) => [`wp:${w.slug}`, w.name]));
    return [...latest].filter(([target, t]) => t && t.done && names.has(target))
      .map(([target, t]) => ({ name: names.get(target), atMs: Date.parse(t.at) }));
  }

  async download() {
    const gpx = recordingToGpx(this.fixes, { name: t('{name}: my recording', { name: this.name }), ticked: await this.ticked() });
    const url = URL.createObjectURL(new Blob([gpx], { type: 'application/gpx+xml' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${this.rec}-recording-${trailDay(Date.now())}.gpx`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  async clear() {
    if (!window.confirm(t('Delete this recording from the phone? It cannot be undone.'))) return;
    await store.clearRecording(this.rec);
    this.fixes = [];
    this.meta = { rec: this.rec, on: false, session: 0 };
    this.render();
  }
}

for (const root of document.querySelectorAll('[data-record]')) {
  if (root.dataset.recordReady) continue;
  root.dataset.recordReady = 'true';
  new Recorder(root).init();
}
