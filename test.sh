#!/usr/bin/env bash
# Runs every test: the rules core and command line without Bevy, then the whole game
# (headless app tests, and a screenshot under a virtual display), Island Conquest online
# (two games through a local signalling server), then the Linux release
# (tarball and .deb, installed and removed again), then the browser build in headless
# Chromium.
set -euo pipefail
cd "$(dirname "$0")"
scripts/system-packages.sh --headless
echo "== rules core and command line (no Bevy) =="
cargo test --no-default-features
echo "== the game =="
xvfb-run -a -s "-screen 0 1280x800x24" cargo test
echo "== Island Conquest online: two games through a local signalling server =="
MATCHBOX_SERVER="$(scripts/conquest-server.sh --install)" \
    xvfb-run -a -s "-screen 0 1280x800x24" cargo test --test game -- --ignored online
echo "== the Linux release: crate files, tarball and .deb (of the debug build just tested) =="
scripts/release.sh --profile dev --no-build --fast
scripts/check-release.sh
echo "== the browser build, in Chromium =="
# The native build just tested gives the browser test its solution to play.
MERGE_ISLANDS_BIN="${CARGO_TARGET_DIR:-target}/debug/merge-islands" web/test.sh
