/**
 * The service worker's part for languages (pure helpers and a small memory), used by sw.js.
 * Each language's pages are their own URLs (English unprefixed, Spanish under /es/: see
 * laresapp/web/i18n.py), so each is its own entry in the caches; a trek saved in Spanish is
 * kept in `es:trek-<slug>-v<n>` beside the English `trek-<slug>-v<n>`
 * (laresapp/pwa/save_list.py).
 *
 * The worker remembers the language of the last page it answered with a real page (network
 * or saved copy; never its own "no connection" page), so `/` — the installed app's start —
 * opens the remembered language offline, as the server does online with its cookie.
 *
 * LARES_SW_CONFIG.langs = {default, prefixes: {es: '/es'}, home: {en: '/', es: '/es/'},
 *   offline: {en, es}, missing: {en, es}}; absent, everything is one language.
 * A classic script: importScripts() loads it before sw.js; node --test loads it with require().
 */
(function (root) {
  'use strict';

  const MEMORY_CACHE = 'lares-lang';
  const MEMORY_KEY = '/__lares/lang';
  const ONE_LANGUAGE = { default: 'en', prefixes: {}, home: {}, offline: {}, missing: {} };

  function settings(langs) {
    return langs || ONE_LANGUAGE;
  }

  /** The language a path is in: the one whose prefix starts it, else the default. */
  function langOf(pathname, langs) {
    const s = settings(langs);
    for (const [code, prefix] of Object.entries(s.prefixes)) {
      if (pathname === prefix || pathname.startsWith(`${prefix}/`)) return code;
    }
    return s.default;
  }

  /** The path without its language prefix (`/es/treks/x/` → `/treks/x/`). */
  function unprefixed(pathname, langs) {
    const s = settings(langs);
    const lang = langOf(pathname, s);
    return lang === s.default ? pathname : pathname.slice(s.prefixes[lang].length) || '/';
  }

  /** What a saved copy's cache name starts with in that language: '' or 'es:'. */
  function cachePrefix(lang, langs) {
    return lang === settings(langs).default ? '' : `${lang}:`;
  }

  /** The worker's own page (offline / missing) in `lang`, else the given default. */
  function pageIn(kind, lang, langs, fallback) {
    const pages = settings(langs)[kind] || {};
    return pages[lang] || fallback;
  }

  /** The language remembered across restarts of the worker, in a cache of its own. */
  function createLangMemory(caches, langs) {
    const s = settings(langs);
    let current = null;
    return {
      async get() {
        if (current) return current;
        const cache = await caches.open(MEMORY_CACHE);
        const hit = await cache.match(MEMORY_KEY);
        const text = hit ? (await hit.text()).trim() : '';
        current = text === s.default || text in s.prefixes ? text : s.default;
        return current;
      },
      async remember(lang) {
        if ((await this.get()) === lang) return;
        current = lang;
        const cache = await caches.open(MEMORY_CACHE);
        await cache.put(MEMORY_KEY, new Response(lang, { headers: { 'Content-Type': 'text/plain' } }));
      },
    };
  }

  /** Offline, `/` opens the remembered language's home: a redirect there, or null. */
  async function homeRedirect(url, memory, langs) {
    const s = settings(langs);
    if (url.pathname !== (s.home[s.default] || '/')) return null;
    const lang = await memory.get();
    if (lang === s.default || !s.home[lang]) return null;
    return Response.redirect(new URL(s.home[lang], url.origin).href, 302);
  }

  const api = { MEMORY_CACHE, langOf, unprefixed, cachePrefix, pageIn, createLangMemory, homeRedirect };
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
  else root.LaresLang = api;
}(typeof self !== 'undefined' ? self : globalThis));
