/**
 * The home page on this phone: the trips and treks saved here (from the records
 * offline-save.js keeps), each "ready offline" or "incomplete"; the install button where
 * the browser offers one; and, when the installed app is launched, the last trip used.
 */
import { savedRecords, missingCount } from './offline-save.js';

export const LAST_TRIP_KEY = 'lares:lastTrip';

/** The installed app, freshly launched (not a tap on the title bar), opens the last trip. */
function openLastTrip() {
  const standalone = window.matchMedia('(display-mode: standalone)').matches || navigator.standalone === true;
  const last = localStorage.getItem(LAST_TRIP_KEY);
  if (standalone && last && !document.referrer) window.location.replace(last);
}

/** Trips first, then treks; each by name. */
export function orderRecords(records) {
  const isTrip = (r) => r.slug.startsWith('trip-');
  return [...records].sort((a, b) => (isTrip(b) - isTrip(a)) || a.name.localeCompare(b.name));
}

export function stateText(missing, count) {
  return missing === 0 ? `Ready offline · ${count} pages`
    : `Incomplete: ${missing} of ${count} pages are gone. Open it with signal and save again.`;
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
