/**
 * The home page on this phone: the trips and treks saved here (from the records
 * offline-save.js keeps), each "ready offline" or "incomplete"; the install button where
 * the browser offers one; and, when the installed app is launched, the last trip used.
 */
import { savedRecords, missingCount } from './offline-save.js';
import { t, tn } from './i18n.js';

export const LAST_TRIP_KEY = 'lares:lastTrip';
/** Set in sessionStorage by every trip page and by home: a later visit to home in the same
 * window is a tap on the title bar, not a launch. (Trip pages send no referrer, so the
 * referrer cannot tell.) A new launch of the app is a new window, with an empty session. */
export const IN_APP_KEY = 'lares:inApp';

/** Only a page of this site (a trip's Today page) is followed: never another origin. */
export function lastTripPath(value, origin) {
  if (typeof value !== 'string' || !value) return null;
  try {
    const url = new URL(value, origin);
    return url.origin === origin ? url.pathname + url.search : null;
  } catch {
    return null;
  }
}

/**
 * The installed app, freshly launched (not a tap on the title bar), opens the last trip.
 * Offline it goes there only when the trip is saved on the phone: otherwise home, with its
 * list of what is saved, is the better page than "not saved".
 */
async function openLastTrip() {
  const standalone = window.matchMedia('(display-mode: standalone)').matches || navigator.standalone === true;
  let last = null, inApp = true;
  try {
    last = lastTripPath(localStorage.getItem(LAST_TRIP_KEY), window.location.origin);
    inApp = sessionStorage.getItem(IN_APP_KEY) !== null;
    sessionStorage.setItem(IN_APP_KEY, '1');
  } catch { /* private mode: no launch redirect */ }
  if (!standalone || !last || inApp || document.referrer) return;
  if (!navigator.onLine && !('caches' in window && await caches.match(last))) return;
  window.location.replace(last);
}

/** Trips first, then treks; each by name. */
export function orderRecords(records) {
  const isTrip = (r) => r.slug.startsWith('trip-');
  return [...records].sort((a, b) => (isTrip(b) - isTrip(a)) || a.name.localeCompare(b.name));
}

export function stateText(missing, count) {
  return missing === 0 ? tn(count, 'Ready offline · {count} page', 'Ready offline · {count} pages')
    : t('Incomplete: {missing} of {count} pages are gone. Open it with signal and save again.', { missing, count });
}

async function listSaved() {
  const section = document.querySelector('[data-saved]');
  const list = document.querySelector('[data-saved-list]');
  if (!section || !list || !('caches' in window)) return;
  const records = orderRecords(savedRecords());
  list.textContent = '';
  for (const record of records) {
    const missing = await missingCount(record);
    const li = document.createElement('li');
    const a = document.createElement('a');
    a.href = record.urls[0];
    a.textContent = record.name.charAt(0).toUpperCase() + record.name.slice(1);
    const state = document.createElement('span');
    state.className = missing === 0 ? 'state' : 'state incomplete';
    state.textContent = stateText(missing, record.count);
    li.append(a, state);
    list.append(li);
  }
  section.hidden = records.length === 0;
}

function offerInstall() {
  const box = document.querySelector('[data-install]');
  const button = document.querySelector('[data-install-button]');
  if (!box || !button) return;
  window.addEventListener('beforeinstallprompt', (event) => {
    event.preventDefault();
    box.hidden = false;
    button.onclick = async () => {
      box.hidden = true;
      await event.prompt();
    };
  });
}

openLastTrip();
offerInstall();
listSaved();
