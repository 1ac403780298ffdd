// Every word the scripts show has Spanish (issue 13): the t()/tn() keys read from static/js
// with a real parser (espree) against static/js/i18n-es.js, and no English prose written into
// the page without t() — so a new string cannot slip in untranslated.
import test from 'node:test';
import assert from 'node:assert/strict';
import { translationCalls, untranslated, spanishCatalogue, parse } from './i18n-scan.mjs';

const placeholders = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const CALLS = translationCalls();
const ES = spanishCatalogue();

test('the scripts use t() for many strings, each with a literal English key', () => {
  assert.ok(CALLS.length > 150, `only ${CALLS.length} t() calls found: is the scan reading static/js?`);
  assert.deepEqual(CALLS.filter((c) => c.error), []);
});

test('every key the scripts use has a non-empty Spanish entry with the same placeholders', () => {
  const problems = [];
  for (const c of CALLS) {
    const where = `${c.file}:${c.line} ${JSON.stringify(c.key)}`;
    const entry = ES[c.key];
    if (c.kind === 't') {
      if (typeof entry !== 'string' || !entry.trim()) { problems.push(`${where}: no Spanish`); continue; }
      if (placeholders(entry).join() !== placeholders(c.key).join()) problems.push(`${where}: placeholders differ in ${entry}`);
    } else {
      if (!entry || typeof entry !== 'object' || !entry.one || !entry.other) { problems.push(`${where}: no Spanish {one, other}`); continue; }
      for (const form of Object.values(entry)) {
        if (!form.trim()) problems.push(`${where}: an empty form`);
        if (placeholders(form).join() !== placeholders(c.other).join()) problems.push(`${where}: placeholders differ in ${form}`);
      }
    }
  }
  assert.deepEqual(problems, []);
});

test('the catalogue has no entry the scripts no longer use', () => {
  const used = new Set(CALLS.map((c) => c.key));
  assert.deepEqual(Object.keys(ES).filter((k) => !used.has(k)), []);
});

test('no English prose reaches the page without t()', () => {
  assert.deepEqual(untranslated(), []);
});

test('the scan catches prose written into the page, and t() keys that are not literal', () => {
  const source = `
    el.textContent = 'Saved on this phone.';
    el.textContent = \`Saved \${n} pages\`;
    el.textContent = ok ? t('Fine.') : 'Broken here.';
    button.setAttribute('aria-label', 'Close the map');
    el.title = 'Offline';
    window.alert('No signal.');
    this.say('Waiting for GPS…');
    function f() { return 'Not saved on this phone.'; }
    const row = { label: 'Next water' };
    el.textContent = t('Saved.'); el.className = 'is done'; el.dataset.state = 'far'; el.textContent = \`\${a} · \${b}\`;
    el.textContent = t(message);
  `;
  const read = () => parse('planted.js', source);
  const found = untranslated(['planted.js'], read).map((u) => u.text);
  assert.deepEqual(found, [
    'Saved on this phone.', 'Saved … pages', 'Broken here.', 'Close the map', 'Offline', 'No signal.',
    'Waiting for GPS…', 'Not saved on this phone.', 'Next water',
  ]);
  const calls = translationCalls(['planted.js'], read);
  assert.deepEqual(calls.map((c) => c.key || c.error), ['Fine.', 'Saved.', 't() needs a literal English text']);
});
