/* laresapp service worker: only its configuration, rendered by laresapp/pwa/worker.py.
 * The logic is static/js/sw.js (see docs/decisions.md). */
self.LARES_SW_CONFIG = {{ settings|tojson(indent=2) }};
importScripts({% for url in scripts %}{{ url|tojson }}{{ ", " if not loop.last }}{% endfor %});
