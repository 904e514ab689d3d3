#!/usr/bin/env bash
# Regenerates the README's pictures of the desktop game with its own --screenshot option,
# under a virtual display: docs/screenshots/*.png at 1280x800 (one at 800x600). Island
# Conquest mid-game is played by clicks (xdotool) since it has no --moves.
# Usage: scripts/screenshots.sh   (after `cargo build`; needs xvfb-run, and xdotool and
# ImageMagick's `import` for the Conquest picture)
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
if command -v xdotool >/dev/null && command -v import >/dev/null; then
  xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
    "$0" --window 1280x800 >/dev/null 2>&1 &
    sleep 5
    w=$(xdotool search --name "Merge Islands" | head -1); xdotool windowmove "$w" 0 0; sleep 1
    xdotool mousemove 503 518 click 1; sleep 1.5      # Island Conquest
    xdotool mousemove 640 557 click 1; sleep 1.5      # Start (against the computer)
    for xy in "505 437" "572 437" "707 504" "640 437" "707 370" "505 370"; do
      xdotool mousemove $xy click 1; sleep 1.6
    done
    xdotool mousemove 774 437; sleep 0.8               # the claim preview
    import -window root "$1"
    kill %1' "$bin" "$out/conquest.png"
  echo "$out/conquest.png"
fi
