// The phone's GPS, switched on only by the hiker's tap and only while the page is visible
// (cleared when hidden, resumed when visible again if it was on), with one set of options.
// Used by "Where am I?" (where-ui.js), the map and "Which way is it?"; the calm messages for
// errors are where-view.js's.
import { geoErrorMessage } from './where-view.js';
import { t } from './i18n.js';

export const GEO_OPTIONS = { enableHighAccuracy: true, maximumAge: 5000, timeout: 120000 };

export class GpsWatch {
  /**
   * @param {{onFix: (pos: GeolocationPosition) => void,
   *   onError?: (err: GeolocationPositionError) => void,
   *   onMessage?: (text: string, denied: boolean) => void,
   *   onWatching?: (watching: boolean) => void}} handlers
   * onError gets the raw error (a denial has already switched the GPS off); without it,
   * onMessage gets the calm message. onWatching tells when the watch starts and stops.
   */
  constructor(handlers) {
    this.handlers = handlers;
    this.watchId = null;
    this.wanted = false;
    this.onVisibility = () => {
      if (document.visibilityState === 'hidden') this.clear();
      else if (this.wanted) this.watch();
    };
    document.addEventListener('visibilitychange', this.onVisibility);
  }

  /** Switch the GPS on (after a tap); false when the browser has no geolocation. */
  start() {
    if (!('geolocation' in navigator)) {
      if (this.handlers.onMessage) this.handlers.onMessage(t("This browser cannot give the phone's position."), true);
      return false;
    }
    this.wanted = true;
    this.watch();
    return true;
  }

  stop() {
    this.wanted = false;
    this.clear();
  }

  /** The hiker wants the GPS on (it may be paused while the page is hidden). */
  get on() {
    return this.wanted;
  }

  get watching() {
    return this.watchId !== null;
  }

  watch() {
    if (this.watchId !== null || document.visibilityState === 'hidden') return;
    this.watchId = navigator.geolocation.watchPosition(
      (pos) => this.handlers.onFix(pos),
      (err) => {
        if (err.code === 1) this.stop();
        if (this.handlers.onError) this.handlers.onError(err);
        else if (this.handlers.onMessage) this.handlers.onMessage(geoErrorMessage(err.code), err.code === 1);
      },
      GEO_OPTIONS,
    );
    if (this.handlers.onWatching) this.handlers.onWatching(true);
  }

  clear() {
    if (this.watchId === null) return;
    navigator.geolocation.clearWatch(this.watchId);
    this.watchId = null;
    if (this.handlers.onWatching) this.handlers.onWatching(false);
  }
}

/**
 * The phone's compass heading, where DeviceOrientationEvent gives one: calls back with
 * degrees from north or null. iOS asks permission (it must follow a tap: call from a click).
 * Returns a function that stops listening.
 */
export async function followCompass(onHeading, compassHeading) {
  const DOE = window.DeviceOrientationEvent;
  if (!DOE) {
    onHeading(null);
    return () => {};
  }
  if (typeof DOE.requestPermission === 'function') {
    try {
      if ((await DOE.requestPermission()) !== 'granted') {
        onHeading(null);
        return () => {};
      }
    } catch {
      onHeading(null);
      return () => {};
    }
  }
  const type = 'ondeviceorientationabsolute' in window ? 'deviceorientationabsolute' : 'deviceorientation';
  const listener = (event) => {
    const angle = screen.orientation ? screen.orientation.angle : 0;
    onHeading(compassHeading(event, angle));
  };
  window.addEventListener(type, listener);
  return () => window.removeEventListener(type, listener);
}
