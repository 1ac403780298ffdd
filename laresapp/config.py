"""Defaults. Overridden, in order, by instance/config.py, LARESAPP_* environment variables
and the mapping a test passes to ``create_app``."""

HTMX_VERSION = "2.0.11"
# The CDN copy of htmx and its Subresource Integrity hash (sha384 of dist/htmx.min.js).
HTMX_URL = f"https://cdn.jsdelivr.net/npm/htmx.org@{HTMX_VERSION}/dist/htmx.min.js"
HTMX_INTEGRITY = "sha384-2OatzQy1H+Zd/IIrjr1TcuDGqLXeHhbooAyJY1KdQMKnr4LZ22k31GBLdYKHmVjg"

# The map (laresapp/maps): Leaflet and the PMTiles reader, loaded only on map pages, from the
# CDN with their Subresource Integrity hashes (sha384 of the files on npm). Change URL and
# hash together; tests/run.sh installs the same versions from npm for the browser tests.
LEAFLET_VERSION = "1.9.4"
LEAFLET_URL = f"https://cdn.jsdelivr.net/npm/leaflet@{LEAFLET_VERSION}/dist/leaflet.js"
LEAFLET_INTEGRITY = "sha384-cxOPjt7s7Iz04uaHJceBmS+qpjv2JkIHNVcuOrM+YHwZOmJGBXI00mdUXEq65HTH"
LEAFLET_CSS_URL = f"https://cdn.jsdelivr.net/npm/leaflet@{LEAFLET_VERSION}/dist/leaflet.css"
LEAFLET_CSS_INTEGRITY = "sha384-sHL9NAb7lN7rfvG5lfHpm643Xkcjzp4jFvuavGOndn6pjVqS6ny56CAt3nsEVT4H"
PMTILES_VERSION = "4.5.0"
PMTILES_URL = f"https://cdn.jsdelivr.net/npm/pmtiles@{PMTILES_VERSION}/dist/pmtiles.js"
PMTILES_INTEGRITY = "sha384-pbKNZbDshUsLnZMIVsn/t+j3xEY9PGfuX5Z22l5rcy/obXz3EwaMx1F5d9sRsJMn"
# Vector base maps (MVT tiles in a PMTiles archive) are drawn by protomaps-leaflet, loaded only
# on a map whose trek has a vector base map (it bundles its own copy of the reader's code, but
# the page hands it an archive opened with PMTILES_URL's reader, which reads a saved File).
PROTOMAPS_LEAFLET_VERSION = "5.1.0"
PROTOMAPS_LEAFLET_URL = (
    f"https://cdn.jsdelivr.net/npm/protomaps-leaflet@{PROTOMAPS_LEAFLET_VERSION}/dist/protomaps-leaflet.js"
)
PROTOMAPS_LEAFLET_INTEGRITY = "sha384-pAKrddYWxjFAIJwatOtmmtq9ebz3ZwluHCEg3pqOMpOporUofLqz/l5hs+0LAWaH"
# More script and style URLs the Content-Security-Policy allows (laresapp/web/security.py),
# for pages that load a library from a CDN; each exact URL, pinned like HTMX_URL. The map's
# (the service worker keeps them for offline use, checked against their hash).
EXTRA_CDN_SCRIPTS: list[str] = [LEAFLET_URL, PMTILES_URL, PROTOMAPS_LEAFLET_URL]
EXTRA_CDN_STYLES: list[str] = [LEAFLET_CSS_URL]
# An organiser's offline base map (one PMTiles archive per trek, under instance/basemaps/)
# is refused above this size.
BASEMAP_MAX_BYTES = 80 * 1024 * 1024
# Where base maps are kept; None means instance/basemaps/.
BASEMAP_FOLDER: str | None = None
# "Save for offline" asks before saving a base map larger than this.
BASEMAP_ASK_BYTES = 20 * 1024 * 1024

# Uploads (GPX) are refused above this size before they are read whole.
MAX_CONTENT_LENGTH = 8 * 1024 * 1024

# Load the bundled treks and run migrations when the app starts. Tests that build their
# own database switch it off.
AUTO_INIT = True

# Rate limits (Flask-Limiter syntax). In-memory storage is fine for one process; set
# RATELIMIT_STORAGE_URI (e.g. redis://…) when running several.
RATELIMIT_STORAGE_URI = "memory://"
RATELIMIT_HEADERS_ENABLED = True

SQLALCHEMY_ENGINE_OPTIONS: dict[str, object] = {}

# The organiser's password for the upload page (/organiser/). None disables uploads.
# Either the password itself or a Werkzeug hash of it ("scrypt:…" / "pbkdf2:…", made with
# `python -c 'from werkzeug.security import generate_password_hash as g; print(g("…"))'`).
# Set it in instance/config.py or as LARESAPP_ORGANISER_PASSWORD.
ORGANISER_PASSWORD: str | None = None
# How long an organiser stays signed in, in hours.
ORGANISER_SESSION_HOURS = 12

# The session cookie carries the organiser's sign-in and forms' CSRF tokens. Set SESSION_COOKIE_SECURE = True
# (LARESAPP_SESSION_COOKIE_SECURE=true) when the site is served over HTTPS.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = False

# How many reverse proxies stand in front of the app (laresapp/web/limits.py): the client's
# address is read from that many X-Forwarded-For hops. 0 = none: the header is ignored.
TRUSTED_PROXIES = 0
