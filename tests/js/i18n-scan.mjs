// Reads static/js with a real JS parser (espree, installed with ESLint in tests/.jstools):
// the t()/tn() keys the scripts use, and English prose written straight into the page
// without t(). Used by i18n-catalogue.test.mjs; `node tests/js/i18n-scan.mjs` lists both.
import { createRequire } from 'node:module';
import { readFileSync, readdirSync } from 'node:fs';
import vm from 'node:vm';

const require = createRequire(new URL('../.jstools/', import.meta.url));
const espree = require('espree');
const STATIC = new URL('../../static/js/', import.meta.url);

// Where a string reaches the hiker: DOM properties, attributes, dialogs, and the scripts'
// own "show this text" helpers (argument index of the text).
const PROPS = new Set(['textContent', 'innerText', 'innerHTML', 'title', 'placeholder', 'alt', 'ariaLabel', 'value']);
const ATTRS = new Set(['aria-label', 'title', 'alt', 'placeholder', 'aria-valuetext']);
const DIALOGS = new Set(['alert', 'confirm', 'prompt']);
const HELPERS = { text: 1, setState: 1, render: 0, say: 0, show: 1, setStatus: 0, el: 2, onMessage: 0 };

export function scriptFiles() {
  // sw.js is the worker's (13a's: its pages come from the server in each language).
  return readdirSync(STATIC).filter((f) => f.endsWith('.js') && !f.startsWith('i18n') && f !== 'sw.js').sort();
}

export function parse(file, source = readFileSync(new URL(file, STATIC), 'utf8')) {
  const sourceType = /^\s*(import|export)\b/m.test(source) ? 'module' : 'script';
  return espree.parse(source, { ecmaVersion: 'latest', sourceType, loc: true });
}

function walk(node, visit, parent = null) {
  if (!node || typeof node.type !== 'string') return;
  if (visit(node, parent) === false) return;
  for (const key of Object.keys(node)) {
    if (key === 'loc' || key === 'range') continue;
    const child = node[key];
    if (Array.isArray(child)) for (const c of child) walk(c, visit, node);
    else if (child && typeof child.type === 'string') walk(child, visit, node);
  }
}

const calleeName = (call) => (call.callee.type === 'Identifier' ? call.callee.name
  : call.callee.type === 'MemberExpression' && !call.callee.computed ? call.callee.property.name : null);

/** The literal text of a string or a template with no `${}`, else null. */
function literal(node) {
  if (node && node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node && node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0].value.cooked;
  if (node && node.type === 'BinaryExpression' && node.operator === '+') { // 'a long text ' + 'on two lines'
    const left = literal(node.left), right = literal(node.right);
    return left === null || right === null ? null : left + right;
  }
  return null;
}

/** Every t()/tn() call: {file, line, kind, key, other} or {file, line, error}. */
export function translationCalls(files = scriptFiles(), read = (f) => parse(f)) {
  const out = [];
  for (const file of files) {
    walk(read(file), (node) => {
      if (node.type !== 'CallExpression' || node.callee.type !== 'Identifier') return;
      const line = node.loc.start.line;
      if (node.callee.name === 't') {
        const key = literal(node.arguments[0]);
        out.push(key === null ? { file, line, error: 't() needs a literal English text' } : { file, line, kind: 't', key });
      } else if (node.callee.name === 'tn') {
        const key = literal(node.arguments[1]), other = literal(node.arguments[2]);
        out.push(key === null || other === null ? { file, line, error: 'tn() needs literal English forms' }
          : { file, line, kind: 'tn', key, other });
      }
    });
  }
  return out;
}

/**
 * English words a hiker would read. Where the string goes straight into the page (strict),
 * any word counts ('Offline'); elsewhere (returned, or a `text:` field) a word next to a
 * space or punctuation, so that code words ('keep', 'tick') do not.
 */
export function isProse(text, strict = false) {
  if (!/[a-z]{2,}/.test(text) || /^(true|false)$/.test(text)) return false; // 'KB', 'N': units and letters
  if (/^\s*</.test(text) || /^[a-z]+\/[a-z0-9.+-]+(;.*)?$/.test(text)) return false; // markup, a MIME type
  return strict || /[A-Za-z]{2,}[ .,!?…]|[ ][A-Za-z]{2,}/.test(text);
}

/** Prose inside an expression shown as it is (strings, templates, `a ? b : c`, `a + b`), outside t(). */
function proseIn(node, strict) {
  if (!node) return null;
  switch (node.type) {
    case 'Literal': return typeof node.value === 'string' && isProse(node.value, strict) ? node.value : null;
    case 'TemplateLiteral': {
      const words = node.quasis.map((q) => q.value.cooked).join('…');
      return isProse(words, strict) ? words : node.expressions.map((e) => proseIn(e, strict)).find(Boolean) || null;
    }
    case 'ConditionalExpression': return proseIn(node.consequent, strict) || proseIn(node.alternate, strict);
    case 'LogicalExpression': return proseIn(node.left, strict) || proseIn(node.right, strict);
    case 'BinaryExpression': return node.operator === '+' ? proseIn(node.left, strict) || proseIn(node.right, strict) : null;
    default: return null;
  }
}

/** English prose reaching the page without t(): [{file, line, text}]. */
export function untranslated(files = scriptFiles(), read = (f) => parse(f)) {
  const out = [];
  for (const file of files) {
    walk(read(file), (node) => {
      if (node.type === 'CallExpression' && ['t', 'tn'].includes(calleeName(node)) && node.callee.type === 'Identifier') return false;
      let shown = null;
      let strict = true;
      if (node.type === 'AssignmentExpression' && node.left.type === 'MemberExpression' && !node.left.computed
        && PROPS.has(node.left.property.name)) shown = node.right;
      if (node.type === 'CallExpression') {
        const name = calleeName(node);
        if (name === 'setAttribute' && ATTRS.has(literal(node.arguments[0]))) shown = node.arguments[1];
        else if (DIALOGS.has(name)) shown = node.arguments[0];
        else if (name in HELPERS && node.callee.type !== 'MemberExpression' || (name in HELPERS && node.callee.object && node.callee.object.type === 'ThisExpression')) shown = node.arguments[HELPERS[name]];
      }
      if (node.type === 'ReturnStatement') { shown = node.argument; strict = false; } // helpers that build what is shown
      if (node.type === 'Property' && ['text', 'message', 'label', 'title', 'name'].includes(node.key.name || node.key.value)) {
        shown = node.value; strict = false;
      }
      if (node.type === 'ArrayExpression' || (node.type === 'ObjectExpression')) { // word lists: ['north', …], {pass: 'Next pass'}
        const items = node.type === 'ArrayExpression' ? node.elements : node.properties.map((p) => p.value);
        const words = items.filter((e) => e && e.type === 'Literal' && typeof e.value === 'string' && isProse(e.value));
        if (words.length > 1) out.push({ file, line: node.loc.start.line, text: words[0].value });
      }
      const text = proseIn(shown, strict);
      if (text) out.push({ file, line: node.loc.start.line, text });
    });
  }
  return out;
}

/** The Spanish catalogue as the browser and the worker read it. */
export function spanishCatalogue() {
  const context = vm.createContext({});
  vm.runInContext('globalThis.LARES_I18N_ES = undefined;', context);
  vm.runInContext(readFileSync(new URL('i18n-es.js', STATIC), 'utf8'), context);
  return context.LARES_I18N_ES;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const u of untranslated()) console.log(`${u.file}:${u.line}: ${u.text}`);
  const cat = spanishCatalogue();
  for (const c of translationCalls()) if (c.error || !(c.key in cat)) console.log(`missing ${c.file}:${c.line}: ${c.key || c.error}`);
}
