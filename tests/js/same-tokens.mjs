// Are two JavaScript files the same program token for token? Used by tests/web/test_minify.py
// to show that minifying (laresapp/web/static_build.py) removed only comments and spaces.
// Tokens come from espree, ESLint's own parser (tests/.jstools). Prints one line per file that
// differs (or does not parse) and exits 1 if any does.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const espree = createRequire(new URL('../.jstools/', import.meta.url))('espree');
const pairs = JSON.parse(readFileSync(0, 'utf8'));
let bad = 0;
for (const [name, original, minified] of pairs) {
  try {
    const opts = { ecmaVersion: 'latest', sourceType: 'module' };
    const a = espree.tokenize(original, opts).map((t) => `${t.type}:${t.value}`);
    const b = espree.tokenize(minified, opts).map((t) => `${t.type}:${t.value}`);
    const at = a.findIndex((t, i) => t !== b[i]);
    if (at !== -1 || a.length !== b.length) {
      bad += 1;
      console.log(`${name}: token ${at} differs: ${a[at]} vs ${b[at]}`);
    }
  } catch (err) {
    bad += 1;
    console.log(`${name}: ${err.message}`);
  }
}
process.exit(bad ? 1 : 0);
