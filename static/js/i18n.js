/**
 * The scripts speak the page's language (issue 13, docs/i18n-contract): every string a script
 * shows goes through t("English text", {name: value}), keyed by the English text, so the
 * English reads in place in the code and a missing Spanish entry falls back to English.
 * Plurals: tn(count, "one form", "other form", vars), chosen by Intl.PluralRules for the
 * page's language. Numbers through Intl in that language: "4.660 m", "1,2 km" in Spanish.
 *
 * The language is <html lang>. The Spanish catalogue is static/js/i18n-es.js: a file with no
 * import or export, so pages (as a module), outbox.js's pages and the service worker
 * (importScripts) read the same `LARES_I18N_ES` global; it is precached with every script.
 * tests/js/i18n-catalogue.test.mjs fails on a t() key without Spanish and on an unused entry.
 */
import './i18n-es.js';

const LANGS = ['en', 'es'];

/** The page's language: "en" or "es" (anything else reads English). */
export function pageLang() {
  const doc = globalThis.document;
  const raw = doc && doc.documentElement ? String(doc.documentElement.lang || '') : '';
  const code = raw.slice(0, 2).toLowerCase();
  return LANGS.includes(code) ? code : 'en';
}

/**
 * The locale for dates and times: British English like the server's pages ("Mon 7 Dec,
 * 14:05"), Spanish ("lun, 7 dic, 14:05").
 */
export function locale(lang = pageLang()) {
  return lang === 'es' ? 'es' : 'en-GB';
}

function catalogue(lang) {
  return lang === 'es' ? globalThis.LARES_I18N_ES || {} : {};
}

const formats = new Map();

/**
 * A number in the page's language with exactly `digits` decimals, grouped even below
 * 10,000 (Spanish usage would leave "4660": trail figures read better as "4.660").
 */
export function num(value, digits = 0, lang = pageLang()) {
  // A whole number under 1,000 reads the same in both languages: no Intl, whose first use on a
  // page loads its locale data (the costliest script work of opening Today, for "3 of 7").
  if (digits === 0 && Number.isInteger(value) && Math.abs(value) < 1000) return String(value);
  const key = `${lang}:${digits}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(lang, { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: 'always' });
    formats.set(key, f);
  }
  return f.format(value);
}

/** `{name}` placeholders filled from vars; numbers in the page's language. */
function fill(text, vars, lang) {
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name) => {
    if (!(name in vars)) return whole;
    const v = vars[name];
    return typeof v === 'number' ? num(v, Number.isInteger(v) ? 0 : 1, lang) : String(v);
  });
}

/** The text in the page's language (the English when the catalogue has no entry). */
export function t(text, vars, lang = pageLang()) {
  const entry = catalogue(lang)[text];
  return fill(typeof entry === 'string' && entry ? entry : text, vars, lang);
}

/**
 * The form for `count` ({count} in the text is the number): English picks `one` or `other`;
 * the catalogue's entry, keyed by `one`, gives each of the language's plural categories
 * (Spanish: one, many, other; a missing category reads `other`).
 */
export function tn(count, one, other, vars, lang = pageLang()) {
  const category = new Intl.PluralRules(lang).select(count);
  const entry = catalogue(lang)[one];
  let text;
  if (entry && typeof entry === 'object') text = entry[category] || entry.other;
  else text = new Intl.PluralRules('en').select(count) === 'one' ? one : other;
  return fill(text, { count, ...vars }, lang);
}
