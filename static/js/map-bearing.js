// "Which way is it?" on a waypoint's page (templates/maps/_way_to.html): distance and bearing
// in a straight line from the GPS fix, and an arrow that turns with the phone's compass where
// DeviceOrientationEvent gives one (north-up otherwise).
import { GpsWatch, followCompass } from './gps-watch.js';
import { arrowTurnDeg, compassHeading, straightLine } from './map-geo.js';
import { formatDistance } from './where-view.js';
import { t } from './i18n.js';

class WayTo {
  constructor(root) {
    this.root = root;
    this.target = { lat: Number(root.dataset.lat), lon: Number(root.dataset.lon) };
    this.q = (sel) => root.querySelector(sel);
    this.line = null;
    this.heading = null;
    this.stopCompass = null;
    this.gps = new GpsWatch({ onFix: (pos) => this.onFix(pos), onMessage: (text, denied) => this.onMessage(text, denied) });
    this.q('[data-bearing-start]').addEventListener('click', () => this.start());
    this.q('[data-bearing-stop]').addEventListener('click', () => this.stop());
  }

  say(text) {
    const status = this.q('[data-bearing-status]');
    if (status.textContent !== text) status.textContent = text;
  }

  start() {
    if (!this.gps.start()) return;
    this.q('[data-bearing-start]').hidden = true;
    this.q('[data-bearing-stop]').hidden = false;
    this.say(this.line ? t('Waiting for a new GPS position…') : t('Waiting for GPS…'));
    if (!this.stopCompass) {
      this.stopCompass = () => {};
      followCompass((h) => { this.heading = h; this.render(); }, compassHeading).then((stop) => { this.stopCompass = stop; });
    }
  }

  stop() {
    this.gps.stop();
    if (this.stopCompass) this.stopCompass();
    this.stopCompass = null;
    this.heading = null;
    this.q('[data-bearing-start]').hidden = false;
    this.q('[data-bearing-stop]').hidden = true;
    this.say(this.line ? t('GPS is off: this is from your last position.') : t('GPS is off.'));
    this.render();
  }

  onMessage(text, denied) {
    if (denied) {
      this.q('[data-bearing-start]').hidden = false;
      this.q('[data-bearing-stop]').hidden = true;
    }
    this.say(text);
  }

  onFix(pos) {
    const c = pos.coords;
    if (!Number.isFinite(c.latitude) || !Number.isFinite(c.longitude)) return;
    this.line = straightLine(c.latitude, c.longitude, this.target.lat, this.target.lon);
    this.accuracy = c.accuracy;
    const accuracy = formatDistance(c.accuracy);
    this.say(c.accuracy > 100 ? t('Rough GPS fix (±{accuracy}): the direction may be off when you are close.', { accuracy })
      : t('GPS accurate to {accuracy}.', { accuracy }));
    this.render();
  }

  render() {
    if (!this.line) return;
    const out = this.q('[data-bearing-out]');
    out.hidden = false;
    const text = this.q('[data-bearing-text]');
    const words = `${this.line.text}.`;
    if (text.textContent !== words) text.textContent = words;
    this.root.dataset.bearingDeg = this.line.bearingDeg.toFixed(2);
    this.root.dataset.distanceM = this.line.distanceM.toFixed(1);
    const arrow = this.q('[data-bearing-arrow]');
    const turn = arrowTurnDeg(this.line.bearingDeg, this.heading);
    arrow.style.transform = `rotate(${turn.toFixed(1)}deg)`;
    arrow.dataset.mode = this.heading == null ? 'north-up' : 'compass';
    const note = this.heading == null ? t('The arrow points with north at the top of the screen (this phone gives no compass heading here).')
      : t('The arrow turns with the phone: hold it flat, top pointing ahead.');
    arrow.querySelector('title').textContent = note;
    const shown = this.q('[data-bearing-mode]');
    if (shown.textContent !== note) shown.textContent = note;
  }
}

for (const root of document.querySelectorAll('[data-bearing]')) {
  if (root.dataset.bearingReady) continue;
  root.dataset.bearingReady = 'true';
  new WayTo(root);
}
