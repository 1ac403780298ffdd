/**
 * Trip pages with the outbox: every tick, note and day change becomes an operation with a
 * UUID, is stored in IndexedDB *before* it is sent, shows at once (marked "waiting to
 * sync" until the server acknowledges it), and is replayed at start, on `online`, when the
 * page becomes visible, from "Sync now" and by the service worker's Background Sync.
 *
 * Layers: a tick is a plain form (works with no JS); htmx swaps it in place when online;
 * where IndexedDB exists this script takes the submit first (capture phase), so that a
 * tick made without signal is never lost. The page is then updated from the outbox and
 * from the last state the server sent, which is also how a page opened from the offline
 * cache shows ticks made after it was saved.
 */

import { latestDaySetting, todayFor, trailDateIso } from './trip-day.js';
import { t, tn, locale } from './i18n.js';

const O = globalThis.LaresOutbox;

function fmt(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return d.toLocaleString(locale(), { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

function renderTick(form, s) {
  const done = Boolean(s && s.done);
  form.classList.toggle('is-done', done);
  form.classList.toggle('is-pending', Boolean(s && s.pending));
  form.dataset.pending = s && s.pending ? 'true' : 'false';
  form.dataset.shownDone = done ? 'true' : 'false';
  const next = form.querySelector('input[name="done"]');
  if (next) next.value = done ? 'false' : 'true';
  const button = form.querySelector('button');
  if (button) button.setAttribute('aria-pressed', done ? 'true' : 'false');
  const box = form.querySelector('.tick-box');
  if (box) box.textContent = done ? '✓' : '';
  const state = form.querySelector('[data-tick-state]');
  if (!state || !s) return;
  if (s.pending) state.textContent = done ? t('Done — waiting to sync') : t('Not done — waiting to sync');
  else state.textContent = done ? t('Done {when}', { when: fmt(s.at) }) : '';
}

function renderedState(form) {
  if (!form.dataset.at) return null;
  return { done: form.dataset.done === 'true', at: form.dataset.at, op_id: form.dataset.op };
}

function noteItem(note, pending) {
  const li = document.createElement('li');
  li.dataset.opId = note.op_id;
  const text = document.createElement('span');
  text.className = 'note-text';
  text.textContent = note.text; // never innerHTML: notes are text
  const when = document.createElement('span');
  when.className = 'note-when';
  when.textContent = pending ? t('waiting to sync') : fmt(note.at);
  li.append(text, ' ', when);
  if (pending) li.classList.add('is-pending');
  return li;
}

function renderNotes(box, known, pending) {
  const list = box.querySelector('[data-note-list]');
  if (!list) return;
  const target = box.dataset.target;
  const items = [
    ...known.filter((n) => n.target === target).map((n) => [n, false]),
    ...pending.filter((op) => op.kind === 'note' && op.target === target).map((op) => [op, true]),
  ];
  for (const [note, isPending] of items) {
    const existing = list.querySelector(`li[data-op-id="${CSS.escape(note.op_id)}"]`);
    if (existing) {
      if (!isPending && existing.classList.contains('is-pending')) existing.replaceWith(noteItem(note, false));
      continue;
    }
    list.append(noteItem(note, isPending));
  }
}

/** Bring every tick and note on the page up to date with the outbox and the known state. */
export async function renderPage(root = document) {
  const ops = await O.listOps();
  const trips = new Set([...root.querySelectorAll('[data-trip]')].map((el) => el.dataset.trip));
  for (const trip of trips) {
    const state = (await O.getState(trip)) || { ticks: {}, notes: [] };
    const mine = ops.filter((op) => op.trip === trip);
    for (const form of root.querySelectorAll(`form[data-tick][data-trip="${CSS.escape(trip)}"]`)) {
      const target = form.dataset.target;
      const pending = mine.filter((op) => (op.kind || 'tick') === 'tick' && op.target === target);
      const s = O.effectiveTick(renderedState(form), state.ticks && state.ticks[target], pending);
      if (s) renderTick(form, s);
    }
    for (const box of root.querySelectorAll(`[data-notes][data-trip="${CSS.escape(trip)}"]`)) {
      renderNotes(box, state.notes || [], mine);
    }
  }
  renderProgress();
  await renderBadge(ops);
  await renderRefused();
}

/** "3 of 7" wherever the page counts its ticks (the day's glance, the checklist). */
function renderProgress() {
  const forms = [...document.querySelectorAll('form[data-tick]')];
  const done = forms.filter((f) => (f.dataset.shownDone || f.dataset.done) === 'true').length;
  for (const el of document.querySelectorAll('[data-tick-progress]')) el.textContent = t('{done} of {total}', { done, total: forms.length });
}

async function renderBadge(ops) {
  const bar = document.getElementById('outbox-bar');
  if (!bar) return;
  const list = ops || (await O.listOps());
  const n = list.length;
  bar.hidden = n === 0; // nothing waiting: no bar (refused changes have their own box)
  document.getElementById('outbox-count').textContent = String(n);
  // The words only for a bar that shows: plural rules cost a page load its Intl locale data.
  if (n > 0) document.getElementById('outbox-text').textContent = tn(n, 'change waiting to sync', 'changes waiting to sync');
}

/** What a refused operation was, in words: "Tick “Water bottles”". */
function refusedWhat(r) {
  if (r.kind === 'note') return t('Note “{text}”', { text: r.text });
  if (r.kind === 'setting') return t('Day setting');
  if (r.kind === 'recording') return t('Recording “{label}”', { label: r.label });
  const label = r.label || r.target;
  return r.done ? t('Tick “{label}”', { label }) : t('Untick “{label}”', { label });
}

async function renderRefused() {
  const box = document.getElementById('outbox-refused');
  const list = document.getElementById('refused-list');
  if (!box || !list) return;
  const refused = await O.listRefused();
  list.textContent = '';
  for (const r of refused) {
    const li = document.createElement('li');
    const p = document.createElement('p');
    const what = refusedWhat(r);
    const reason = r.reason || t('The server answered {code}.', { code: String(r.code) });
    p.textContent = t('{what}: {reason} (HTTP {code})', { what, reason, code: String(r.code) });
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'btn';
    b.textContent = t('Dismiss');
    b.setAttribute('aria-label', t('Dismiss: {what}', { what }));
    b.addEventListener('click', async () => { await O.dismiss(r.op_id); renderRefused(); });
    li.append(p, b);
    list.append(li);
  }
  box.hidden = refused.length === 0;
}

let syncing = null;

/** Replay the outbox, then pull fresh state for the trips on this page, then redraw. */
export function syncNow() {
  if (!syncing) {
    syncing = (async () => {
      try {
        await O.flush();
        if (navigator.onLine) {
          const trips = new Set([...document.querySelectorAll('[data-trip]')].map((el) => el.dataset.trip));
          for (const trip of trips) await O.pull(trip);
        }
      } finally {
        syncing = null;
        await renderPage();
      }
    })();
  }
  return syncing;
}

async function askForBackgroundSync() {
  try {
    const reg = await navigator.serviceWorker.ready;
    if (reg.sync) await reg.sync.register(O.SYNC_TAG);
  } catch { /* not supported, or not allowed: the page replays instead */ }
}

/** Queue an operation in the outbox and try to send it now (the recorder uses this too). */
export async function enqueue(op) {
  await O.addOp(op);
  await renderPage();
  askForBackgroundSync();
  await syncNow();
}

async function onSubmit(event) {
  const form = event.target;
  if (!(form instanceof HTMLFormElement)) return;
  const trip = form.dataset.trip;
  if (!trip) return;
  const base = { op_id: O.uuid(), trip, at: new Date().toISOString() };
  if (form.matches('[data-tick]')) {
    event.preventDefault();
    event.stopImmediatePropagation(); // the outbox, not htmx, sends it
    const done = form.dataset.shownDone ? form.dataset.shownDone !== 'true' : form.dataset.done !== 'true';
    await enqueue({ ...base, kind: 'tick', target: form.dataset.target, done, label: form.dataset.label });
  } else if (form.matches('[data-note-form]')) {
    event.preventDefault();
    event.stopImmediatePropagation();
    const area = form.querySelector('textarea');
    const text = area.value.trim();
    if (!text) return;
    area.value = '';
    await enqueue({ ...base, kind: 'note', target: form.dataset.target, text });
  } else if (form.matches('[data-day-form]')) {
    event.preventDefault();
    event.stopImmediatePropagation();
    const raw = form.querySelector('select').value;
    const value = raw ? Number(raw) : null;
    await enqueue({ ...base, kind: 'setting', target: 'setting:day', value });
    const page = form.closest('[data-trip-page]');
    window.location.href = value ? JSON.parse(page.dataset.dayUrls)[value] : page.dataset.todayUrl;
  }
}

/**
 * A Today page opened from the offline cache was drawn on the day it was saved. Work out
 * today's day on the phone (calendar, or the newest "I'm on day N" known here) and open
 * that day's saved page instead, marked as today.
 */
async function followToday() {
  const marker = 'lares:today';
  const page = document.querySelector('[data-trip-page]');
  if (!page) return;
  const trip = page.dataset.trip;
  if (!page.hasAttribute('data-today-page')) {
    if (sessionStorage.getItem(marker) === `${trip}:${page.dataset.day}`) {
      const label = page.querySelector('[data-today-label]');
      if (label) label.hidden = false;
    }
    return;
  }
  sessionStorage.removeItem(marker);
  const state = await O.getState(trip);
  const rendered = page.dataset.overrideAt
    ? { value: page.dataset.override ? Number(page.dataset.override) : null, at: page.dataset.overrideAt } : null;
  const known = state && state.day && state.day.at
    && (!rendered || Date.parse(state.day.at) >= Date.parse(rendered.at)) ? state.day : rendered;
  const ops = (await O.listOps()).filter((op) => op.trip === trip);
  const setting = latestDaySetting(known, ops);
  const today = todayFor({
    start: page.dataset.start, stages: Number(page.dataset.stages),
    acclimatisation: Number(page.dataset.acclimatisation || 0),
    override: setting ? setting.value : null, overrideAt: setting ? setting.at : null,
  }, trailDateIso(new Date()));
  const label = page.querySelector('[data-today-label]');
  if (label) label.hidden = today.phase !== 'trek'; // not "Today: Day 1" 190 days ahead
  if (today.day !== Number(page.dataset.day)) {
    if (today.phase === 'trek') sessionStorage.setItem(marker, `${trip}:${today.day}`);
    window.location.replace(JSON.parse(page.dataset.dayUrls)[today.day]);
  }
}

/** The installed app opens on the trip used last (home.js reads this). */
function rememberTrip() {
  const page = document.querySelector('[data-trip-page]');
  if (!page) return;
  const line = document.querySelector('[data-today-url]');
  if (!line) return;
  try {
    localStorage.setItem('lares:lastTrip', line.dataset.todayUrl);
    sessionStorage.setItem('lares:inApp', '1'); // home.js: home in this window is not a launch
  } catch { /* private mode */ }
}

export async function initTrips() {
  rememberTrip();
  if (!O || !O.available()) return; // plain forms and htmx carry on without the outbox
  await followToday();
  document.addEventListener('submit', onSubmit, true);
  const button = document.getElementById('sync-now');
  if (button) button.addEventListener('click', () => syncNow());
  window.addEventListener('online', () => syncNow());
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') syncNow(); });
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.addEventListener('message', (e) => {
      if (e.data && e.data.type === 'OUTBOX_CHANGED') renderPage();
    });
  }
  await renderPage();
  window.laresSynced = syncNow(); // app start
}
