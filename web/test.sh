#!/usr/bin/env bash
# The browser test: installs what it needs if missing (Debian's chromium, Node.js and npm,
# then playwright-core and binaryen's wasm-opt from web/package-lock.json), builds web/dist with web/build.sh, checks
# web/serve.py's caching headers (web/serve-test.sh), runs web/browser-test.mjs in headless
# Chromium (offline play included), and checks the zip scripts/web-zip.sh makes.
# Usage: web/test.sh [--no-build] [--no-opt]
#   --no-build  test the web/dist already built
#   --no-opt    passed to web/build.sh (skip wasm-opt)
# Environment: MERGE_ISLANDS_BIN (a native build whose `solve` gives the solution), CHROMIUM,
# MATCHBOX_SERVER (the signalling server for Island Conquest online),
# CARGO_TARGET_DIR (see web/build.sh and web/browser-test.mjs).
set -euo pipefail

build=1
build_args=()
for arg in "$@"; do
  case "$arg" in
    --no-build) build=0 ;;
    --no-opt) build_args+=(--no-opt) ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "test.sh: unknown argument '$arg'" >&2; exit 2 ;;
  esac
done

cd "$(dirname "${BASH_SOURCE[0]}")/.."

as_root() {
  if [[ "$(id -u)" == 0 ]]; then "$@"; else sudo "$@"; fi
}
apt_updated=0
apt_install() {
  echo "==> installing with apt-get: $*"
  if [[ "$apt_updated" == 0 ]]; then
    as_root apt-get update -qq
    apt_updated=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

browser="${CHROMIUM:-/usr/bin/chromium}"
if [[ ! -x "$browser" ]]; then
  apt_install chromium
fi
if ! command -v node >/dev/null 2>&1; then
  apt_install nodejs
fi
if ! command -v npm >/dev/null 2>&1; then
  apt_install npm
fi

# playwright-core and binaryen (wasm-opt) exactly as locked (npm ci), unless those
# versions are already installed.
locked() { node -p "require('./web/package-lock.json').packages['node_modules/$1'].version"; }
installed() { node -p "try { require('./web/node_modules/$1/package.json').version } catch { '' }"; }
if [[ "$(installed playwright-core)" != "$(locked playwright-core)" \
   || "$(installed binaryen)" != "$(locked binaryen)" ]]; then
  echo "==> npm ci in web/ (playwright-core $(locked playwright-core), binaryen $(locked binaryen))"
  (cd web && npm ci --no-audit --no-fund)
fi

if [[ "$build" == 1 ]]; then
  web/build.sh "${build_args[@]}"
fi

# web/serve.py's caching headers (ETag, Last-Modified, 304, Cache-Control), on the real build.
web/serve-test.sh web/dist

# Island Conquest online needs a signalling server (installed once by the script).
MATCHBOX_SERVER="${MATCHBOX_SERVER:-$(scripts/conquest-server.sh --install)}" node web/browser-test.mjs

# The zip for a static host or a game portal: the page at its top, the worker and manifest,
# no precompressed copies or test pictures.
scripts/web-zip.sh --no-build
version="$(awk -F'"' '/^version = / { print $2; exit }' Cargo.toml)"
listing="$(unzip -Z1 "dist/merge-islands-$version-web.zip")"
for needed in index.html sw.js manifest.webmanifest merge-islands.js merge-islands_bg.wasm icons/icon-512.png; do
  grep -qx "$needed" <<<"$listing" || { echo "web zip: $needed is missing" >&2; exit 1; }
done
if grep -E '\.(gz|br)$|browser-test-|^/' <<<"$listing"; then
  echo "web zip: holds the files above, which it should not" >&2
  exit 1
fi
echo "ok   the web zip holds the page, worker, manifest, icons and wasm, with relative paths"
