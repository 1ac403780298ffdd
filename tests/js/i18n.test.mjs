// t(), plurals and numbers in the page's language (static/js/i18n.js), and the words "Where
// am I?", the outbox and "Save for offline" build from them, in English and in Spanish.
import test from 'node:test';
import assert from 'node:assert/strict';
import { t, tn, num, pageLang, locale } from '../../static/js/i18n.js';
import {
  formatDistance, formatClimb, formatDuration, formatAge, compassWord, compassShort, sunsetLine, noFixMessage,
} from '../../static/js/where-view.js';
import { straightLineShort, straightLineText } from '../../static/js/map-geo.js';
import { savedText, partialText } from '../../static/js/offline-save.js';

/** Runs fn as on a page whose <html lang> is `lang`. */
function inLang(lang, fn) {
  const before = globalThis.document;
  globalThis.document = { documentElement: { lang } };
  try { return fn(); } finally { globalThis.document = before; }
}

test('the language is <html lang>: "es" (es-PE too) or English for anything else', () => {
  assert.equal(pageLang(), 'en'); // no document (node): English
  assert.equal(inLang('es', pageLang), 'es');
  assert.equal(inLang('es-PE', pageLang), 'es');
  assert.equal(inLang('fr', pageLang), 'en');
  assert.equal(inLang('', pageLang), 'en');
});

test('t() gives the Spanish entry on a Spanish page, the English elsewhere, and fills placeholders', () => {
  assert.equal(inLang('en', () => t('GPS is off.')), 'GPS is off.');
  assert.equal(inLang('es', () => t('GPS is off.')), 'GPS apagado.');
  assert.equal(inLang('es', () => t('Saved {done} of {total} — tap to finish.', { done: 19, total: 27 })),
    'Guardadas 19 de 27 — toca para terminar.');
  // A text with no Spanish entry reads in English rather than empty; unknown placeholders stay visible.
  assert.equal(inLang('es', () => t('A sentence nobody translated, {x}.', { x: 'here' })), 'A sentence nobody translated, here.');
  assert.equal(t('Hello {who}'), 'Hello {who}');
  // Numbers given as values are written in the page's language.
  assert.equal(inLang('es', () => t('{done} of {total}', { done: 1200, total: 4660 })), '1.200 de 4.660');
  assert.equal(inLang('en', () => t('{done} of {total}', { done: 1200, total: 4660 })), '1,200 of 4,660');
});

test('plurals follow each language: one page, 0 and 2 pages; Spanish "1 cambio", "3 cambios"', () => {
  const waiting = (n) => tn(n, 'change waiting to sync', 'changes waiting to sync');
  assert.equal(inLang('en', () => waiting(1)), 'change waiting to sync');
  assert.equal(inLang('en', () => waiting(0)), 'changes waiting to sync');
  assert.equal(inLang('en', () => waiting(2)), 'changes waiting to sync');
  assert.equal(inLang('es', () => waiting(1)), 'cambio esperando para sincronizar');
  assert.equal(inLang('es', () => waiting(0)), 'cambios esperando para sincronizar');
  assert.equal(inLang('es', () => waiting(3)), 'cambios esperando para sincronizar');
  // Spanish's "many" (a million) reads the "other" form when the entry gives none.
  const pages = (n) => tn(n, 'Ready offline · {count} page', 'Ready offline · {count} pages');
  assert.equal(inLang('es', () => pages(1)), 'Listo sin conexión · 1 página');
  assert.equal(inLang('es', () => pages(1_000_000)), 'Listo sin conexión · 1.000.000 páginas');
  assert.equal(inLang('en', () => pages(27)), 'Ready offline · 27 pages');
});

test('numbers: "4.660" and "1,2" in Spanish, "4,660" and "1.2" in English', () => {
  assert.equal(inLang('es', () => num(4660)), '4.660');
  assert.equal(inLang('es', () => num(1.23, 1)), '1,2');
  assert.equal(inLang('en', () => num(4660)), '4,660');
  assert.equal(inLang('en', () => num(1.23, 1)), '1.2');
  assert.equal(num(0.5, 2, 'es'), '0,50');
});

test('distances, climbs, durations, ages and directions in Spanish', () => {
  inLang('es', () => {
    assert.equal(formatDistance(347), '350\u00a0m');
    assert.equal(formatDistance(2430), '2,4\u00a0km');
    assert.equal(formatClimb(4660, 1234.4), '+4.660\u00a0m / −1.234\u00a0m');
    assert.equal(formatClimb(null, null), 'desconocido');
    assert.equal(formatDuration(10), 'menos de 1 min');
    assert.equal(formatDuration(3 * 3600 + 4 * 60), '3\u00a0h\u00a005\u00a0min');
    assert.equal(formatAge(40), 'hace 40 s');
    assert.equal(formatAge(600), 'hace 10 min');
    assert.equal(compassWord(225), 'suroeste');
    assert.equal(compassShort(225), 'SO');
    assert.equal(straightLineShort(1234, 214.4), '1,2\u00a0km SO 214°');
    assert.equal(straightLineText(1234, 214.4), 'Está a 1,2\u00a0km, rumbo 214° (suroeste)');
    assert.match(noFixMessage('too_inaccurate', 150), /^La posición del celular es demasiado imprecisa \(±150\u00a0m\)/);
  });
  inLang('en', () => {
    assert.equal(formatDistance(2430), '2.4\u00a0km');
    assert.equal(formatClimb(4660, 1234.4), '+4,660\u00a0m / −1,234\u00a0m');
    assert.equal(compassShort(225), 'SW');
  });
});

test('the sunset line and the save messages read whole in Spanish', () => {
  const now = Date.UTC(2026, 11, 1, 18, 0); // 13:00 in Peru
  const sunset = now + 5 * 3600 * 1000; // 18:00
  const es = inLang('es', () => sunsetLine(2 * 3600, now, sunset, 1.3, true, '≈\u00a0'));
  assert.equal(es.text, 'Caminas a 1,3× el ritmo del modelo: el final del día en ≈\u00a02\u00a0h (15:00), 3\u00a0h antes de la puesta de sol (18:00).');
  const late = inLang('es', () => sunsetLine(6 * 3600, now, sunset, 1, false));
  assert.ok(late.late);
  assert.match(late.text, /^Al ritmo del plan \(1,0× el modelo\).*1\u00a0h después de la puesta de sol \(18:00\): muy tarde/);
  const record = { count: 27, bytes: 612 * 1024, persisted: true, first: true };
  assert.equal(inLang('es', () => savedText(record)), 'Listo sin conexión — 27 páginas, 612 KB.');
  assert.equal(inLang('en', () => savedText(record)), 'Ready offline — 27 pages, 612 KB.');
  assert.equal(inLang('es', () => savedText({ ...record, first: false, updated: 1, fetchedBytes: 2048 })),
    '1 página actualizada, 2 KB. Listo sin conexión — 27 páginas, 612 KB.');
  assert.equal(inLang('es', () => partialText(19, 27)), 'Guardadas 19 de 27 — toca para terminar.');
});

test('dates and times as the server writes them: "Mon 7 Dec, 14:05"; in Spanish "lun, 7 dic, 14:05"', () => {
  const at = new Date(2026, 11, 7, 14, 5); // local time, as the phone shows it
  const opts = { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' };
  assert.equal(inLang('en', () => at.toLocaleString(locale(), opts)), 'Mon 7 Dec, 14:05');
  assert.match(inLang('es', () => at.toLocaleString(locale(), opts)), /^lun, 7 dic(\.)?, 14:05$/);
});
