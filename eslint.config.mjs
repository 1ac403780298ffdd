// One JavaScript style for static/js, tests/js and bench: ESLint's recommended rules plus
// single quotes and semicolons, as the code is written. ESLint and these packages are pinned
// in tests/run.sh and installed from npm into tests/.jstools/ (git-ignored); tests/test_js.py
// runs ESLint, so the one test command fails on any finding.
import { createRequire } from 'node:module';

const require = createRequire(new URL('./tests/.jstools/', import.meta.url));
const js = require('@eslint/js');
const globals = require('globals');

export default [
  { ignores: ['tests/.jstools/', 'tests/browser/.htmx/', 'tests/browser/.maplib/', '**/node_modules/', '.venv/', 'instance/', 'templates/'] },
  js.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      quotes: ['error', 'single', { avoidEscape: true, allowTemplateLiterals: true }],
      semi: ['error', 'always'],
      'no-var': 'error',
      'prefer-const': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    // The pages' ES modules.
    files: ['static/js/**/*.js'],
    languageOptions: { sourceType: 'module', globals: { ...globals.browser } },
  },
  {
    // Classic scripts: outbox.js runs in pages (<script>) and in the service worker
    // (importScripts), sw.js in the worker; node --test loads both through module.exports.
    // sw-lang.js likewise; sw.js require()s it under node only.
    files: ['static/js/outbox.js', 'static/js/sw.js', 'static/js/sw-map.js', 'static/js/sw-lang.js'],
    languageOptions: {
      sourceType: 'script',
      globals: { ...globals.browser, ...globals.serviceworker, module: 'readonly', require: 'readonly' },
    },
  },
  {
    files: ['tests/js/**/*.mjs', 'bench/**/*.mjs', 'eslint.config.mjs'],
    languageOptions: { sourceType: 'module', globals: { ...globals.node } },
  },
];
