/**
 * "Keep screen on" (Screen Wake Lock), one rule for every widget that runs the GPS: opt-in
 * by a checkbox, held only while the widget wants it and the page is visible, released
 * otherwise; disabled with a note where the browser has no wake lock.
 */
export class ScreenWake {
  /**
   * @param {HTMLInputElement} checkbox
   * @param {HTMLElement|null} note shown where unsupported
   * @param {() => boolean} wanted whether the widget is running now
   */
  constructor(checkbox, note, wanted) {
    this.checkbox = checkbox;
    this.wanted = wanted;
    this.lock = null;
    if (!('wakeLock' in navigator)) {
      checkbox.disabled = true;
      if (note) note.hidden = false;
      return;
    }
    checkbox.addEventListener('change', () => (checkbox.checked ? this.hold() : this.release()));
  }

  async hold() {
    if (!this.checkbox.checked || !this.wanted() || this.lock || !('wakeLock' in navigator)) return;
    if (document.visibilityState !== 'visible') return;
    try {
      this.lock = await navigator.wakeLock.request('screen');
      this.lock.addEventListener('release', () => { this.lock = null; });
    } catch {
      this.lock = null; // low battery mode may refuse; the checkbox stays as the hiker set it
    }
  }

  release() {
    if (this.lock) this.lock.release().catch(() => {});
    this.lock = null;
  }
}
