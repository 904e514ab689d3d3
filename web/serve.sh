#!/usr/bin/env bash
# Serves web/dist (made by web/build.sh) on http://127.0.0.1:${1:-8080}/ (python's http.server sends .wasm as application/wasm).
set -euo pipefail; cd "$(dirname "${BASH_SOURCE[0]}")/.." && exec python3 -m http.server --bind 127.0.0.1 -d web/dist "${1:-8080}"
