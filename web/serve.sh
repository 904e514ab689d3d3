#!/usr/bin/env bash
# Serves web/dist (made by web/build.sh) on http://127.0.0.1:${1:-8080}/, sending the wasm's
# precompressed copies (.br, .gz) to browsers that accept them, with ETag and Last-Modified,
# 304 Not Modified on a match, and Cache-Control (see web/serve.py; web/serve-test.sh checks it).
set -euo pipefail; cd "$(dirname "${BASH_SOURCE[0]}")/.." && exec python3 web/serve.py "${1:-8080}"
