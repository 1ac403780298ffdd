/**
 * Page start-up: the service worker, the "new version" prompt, the network indicator,
 * "Save for offline" and the check that saved treks are still on the phone.
 * Everything here is an enhancement: with no JavaScript every page still reads.
 */
import { initSaveButtons, checkSavedTreks } from './offline-save.js';
import { initTrips } from './trips.js';
import { initOnlineForms } from './online-forms.js';
import { initChartReadouts } from './chart-readout.js';
import { t } from './i18n.js';

function showUpdate(registration) {
  const banner = document.getElementById('update-banner');
  const button = document.getElementById('update-reload');
  if (!banner || !button || !registration.waiting) return;
  banner.hidden = false;
  button.onclick = () => {
    button.disabled = true;
    registration.waiting.postMessage({ type: 'SKIP_WAITING' });
  };
}

/** Resolves once the page has loaded: the worker's install fetches the whole app shell, which
 * on one bar of signal would otherwise compete with the page's own files. */
function pageLoaded() {
  return new Promise((loaded) => {
    if (document.readyState === 'complete') loaded();
    else window.addEventListener('load', () => loaded(), { once: true });
  });
}

async function registerWorker() {
  if (!('serviceWorker' in navigator)) return null;
  await pageLoaded();
  let refreshing = false;
  const hadController = Boolean(navigator.serviceWorker.controller);
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    // Only reload when the hiker accepted an update, not on the very first install.
    if (!hadController || refreshing) return;
    refreshing = true;
    window.location.reload();
  });
  try {
    const routes = JSON.parse(document.documentElement.dataset.routes);
    const registration = await navigator.serviceWorker.register(routes.worker, { scope: routes.scope, updateViaCache: 'none' });
    if (registration.waiting && navigator.serviceWorker.controller) showUpdate(registration);
    registration.addEventListener('updatefound', () => {
      const worker = registration.installing;
      if (!worker) return;
      worker.addEventListener('statechange', () => {
        if (worker.state === 'installed' && navigator.serviceWorker.controller) showUpdate(registration);
      });
    });
    if (navigator.serviceWorker.controller && !window.htmx) {
      navigator.serviceWorker.controller.postMessage({ type: 'CACHE_HTMX' });
    }
    return registration;
  } catch (err) {
    console.warn('service worker not registered', err);
    return null;
  }
}

function showNetwork() {
  const el = document.getElementById('net-status');
  if (!el) return;
  el.textContent = navigator.onLine ? '' : t('Offline');
  el.classList.toggle('offline', !navigator.onLine);
}

window.addEventListener('online', showNetwork);
window.addEventListener('offline', showNetwork);
showNetwork();
window.laresReady = (async () => {
  await registerWorker();
  initOnlineForms(document);
  initChartReadouts(document);
  await Promise.all([initSaveButtons(document), checkSavedTreks(), initTrips()]);
})();
