/**
 * Forms that need the server (marked data-needs-connection: plan settings, new trip, the
 * organiser's): while the phone is offline the send button is disabled and a line says why.
 * What was typed is kept in sessionStorage and put back when the hiker comes Back to the
 * form (after the service worker's "no connection" page, if a send failed anyway).
 */
import { t } from './i18n.js';

const PREFIX = 'lares:form:';

function storageKey(form) {
  return PREFIX + new URL(form.action, window.location.href).pathname;
}

function fields(form) {
  return [...form.elements].filter((el) => el.name && !['hidden', 'file', 'password', 'submit'].includes(el.type));
}

function save(form) {
  const values = Object.fromEntries(fields(form).map((el) => [el.name, el.value]));
  try { sessionStorage.setItem(storageKey(form), JSON.stringify(values)); } catch { /* storage full or off */ }
}

function restore(form) {
  let values;
  try { values = JSON.parse(sessionStorage.getItem(storageKey(form)) || 'null'); } catch { values = null; }
  if (!values) return;
  for (const el of fields(form)) if (el.name in values) el.value = values[el.name];
}

function reflect(form, note) {
  const offline = !navigator.onLine;
  for (const b of form.querySelectorAll('button[type="submit"], button:not([type])')) b.disabled = offline;
  note.hidden = !offline;
}

function init(form) {
  const nav = performance.getEntriesByType('navigation')[0];
  if (nav && nav.type === 'back_forward') restore(form);
  else if (!form.querySelector('[aria-invalid="true"]')) sessionStorage.removeItem(storageKey(form));
  const note = document.createElement('p');
  note.className = 'offline-note';
  note.setAttribute('role', 'status');
  note.textContent = t('This needs a connection, and the phone is offline. What you type stays here; send it when you have signal.');
  const button = form.querySelector('button[type="submit"], button:not([type])');
  (button ? button.closest('p, div') || button : form).before(note);
  form.addEventListener('input', () => save(form));
  form.addEventListener('submit', (event) => {
    save(form);
    if (!navigator.onLine) { event.preventDefault(); reflect(form, note); }
  });
  window.addEventListener('online', () => reflect(form, note));
  window.addEventListener('offline', () => reflect(form, note));
  reflect(form, note);
}

export function initOnlineForms(root = document) {
  for (const form of root.querySelectorAll('form[data-needs-connection]')) init(form);
}
