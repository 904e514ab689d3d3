#!/usr/bin/env bash
# Regenerates the README's pictures of the desktop game with its own --screenshot option,
# under a virtual display: docs/screenshots/*.png at 1280x800 (some at 800x600 and a
# phone's 390x844).
# Usage: scripts/screenshots.sh   (after `cargo build`; needs xvfb-run)
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${CARGO_TARGET_DIR:-target}/debug/merge-islands"
out="docs/screenshots"
mkdir -p "$out"
# A scratch home: the pictures show a new player's progress, not yours.
export HOME="$(mktemp -d)" XDG_DATA_HOME="$HOME/data"
shot() {
  local file="$1" size="$2"; shift 2
  xvfb-run -a -s "-screen 0 1400x1000x24" "$bin" --window "$size" "$@" --screenshot "$out/$file" >/dev/null 2>&1
  echo "$out/$file"
}
shot title.png 1280x800
shot select.png 1280x800 --screen select
shot settings.png 1280x800 --screen settings
shot level.png 1280x800 --level "Archipelago" --moves "0,1-0,6 0,6-4,6 1,0-6,0 1,1"
shot merge.png 1280x800 --level "Archipelago" --moves "0,1-0,6 0,6-4,6 1,0-6,0 1,1 1,2" --mid-move
shot won.png 1280x800 --level "Three Tribes" --moves "0,1 0,3 4,1 4,3 2,0-2,4"
shot level-800x600.png 800x600 --level "Coral Steps" --moves "1,2 1,4"
shot editor.png 1280x800 --screen editor --level "Crossed Paths"
shot conquest-setup.png 1280x800 --screen conquest
# One level in both palettes, side by side (the colour-blind one from a settings file).
blind="$(mktemp -d)"
printf '(levels: {}, settings: (volume: 0.3, muted: true, colour_blind: true, animation: Normal, fullscreen: false))' >"$blind/progress.ron"
shot palette-standard.png 1280x800 --level "Three Tribes" --moves "0,1 0,3"
MERGE_ISLANDS_DATA_DIR="$blind" shot palette-colour-blind.png 1280x800 --level "Three Tribes" --moves "0,1 0,3"
if command -v montage >/dev/null; then
  montage "$out/palette-standard.png" "$out/palette-colour-blind.png" -tile 2x1 -geometry +8+0 \
    -background '#0d1726' "$out/palettes.png"
  rm "$out/palette-standard.png" "$out/palette-colour-blind.png"
  echo "$out/palettes.png"
fi
# Island Conquest: a match in progress, a capture's wave a moment in, the end panel, and
# the phone (claims scripted with --conquest, counted from 0).
shot conquest.png 1280x800 --conquest "7:3,3 3,4 2,2 4,3 2,3 4,4 1,1 5,5"
shot conquest-capture.png 1280x800 --conquest "7:1,1 3,1 1,2 3,2 1,3 3,3 1,4 3,4 5,5 3,5 6,0 2,1" --mid-move
shot conquest-end.png 1280x800 --conquest "6:all"
shot conquest-phone.png 390x844 --conquest "9:4,4 4,5 3,4 5,5 2,4 6,6"
shot conquest-setup-phone.png 390x844 --screen conquest
shot conquest-capture-phone.png 390x844 --conquest "7:1,1 3,1 1,2 3,2 1,3 3,3 1,4 3,4 5,5 3,5 6,0 2,1" --mid-move
shot conquest-end-phone.png 390x844 --conquest "6:all"
# The online lobby, joining a room, on a signalling server of its own.
server="$(scripts/conquest-server.sh --install)"
env -u HOST "$server" 127.0.0.1:3599 >/dev/null 2>&1 &
sleep 1
shot conquest-lobby.png 1280x800 --room KQZTW --server ws://127.0.0.1:3599
shot conquest-lobby-phone.png 390x844 --room KQZTW --server ws://127.0.0.1:3599
kill %1
