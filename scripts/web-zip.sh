#!/usr/bin/env bash
# Packs the browser build into one zip for a static host or a game portal:
# dist/merge-islands-VERSION-web.zip, index.html at its top, every path relative. The
# precompressed copies (.br, .gz) stay out (portals and hosts compress by themselves), and so
# do the browser test's screenshots.
# Usage: scripts/web-zip.sh [--no-build]   (--no-build: zip the web/dist already built)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [[ "${1:-}" != --no-build ]]; then
  web/build.sh
fi
[[ -f web/dist/sw.js && -f web/dist/manifest.webmanifest ]] \
  || { echo "web-zip.sh: web/dist is not a full build (no sw.js or manifest): run web/build.sh" >&2; exit 1; }
version="$(awk -F'"' '/^version = / { print $2; exit }' Cargo.toml)"
mkdir -p dist
zip_file="$PWD/dist/merge-islands-$version-web.zip"
rm -f "$zip_file"
(cd web/dist && zip -q -r -X "$zip_file" . -x '*.gz' '*.br' 'browser-test-*' '*.log')
unzip -l "$zip_file" | tail -1
echo "made $zip_file"
