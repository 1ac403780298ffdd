// The phone's GPS, switched on only by the hiker's tap and only while the page is visible
// (cleared when hidden, resumed when visible again if it was on), with the same options and
// the same calm messages as "Where am I?" (where-view.js). Used by the map and the bearing line.
import { geoErrorMessage } from './where-view.js';

export const GEO_OPTIONS = { enableHighAccuracy: true, maximumAge: 5000, timeout: 120000 };

export class GpsWatch {
  /**
   * @param {{onFix: (pos: GeolocationPosition) => void, onMessage: (text: string, denied: boolean) => void}} handlers
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
      this.handlers.onMessage("This browser cannot give the phone's position.", true);
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

  get on() {
    return this.wanted;
  }

  watch() {
    if (this.watchId !== null || document.visibilityState === 'hidden') return;
    this.watchId = navigator.geolocation.watchPosition(
      (pos) => this.handlers.onFix(pos),
      (err) => {
        if (err.code === 1) this.stop();
        this.handlers.onMessage(geoErrorMessage(err.code), err.code === 1);
      },
      GEO_OPTIONS,
    );
  }

  clear() {
    if (this.watchId !== null) navigator.geolocation.clearWatch(this.watchId);
    this.watchId = null;
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
