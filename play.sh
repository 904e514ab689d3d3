#!/usr/bin/env bash
# Builds and starts Merge Islands (installing missing system packages first, saying so).
# Extra arguments go to the game, e.g. ./play.sh --level "First Crossing".
set -euo pipefail
cd "$(dirname "$0")"
scripts/system-packages.sh
exec cargo run --release -- "$@"
