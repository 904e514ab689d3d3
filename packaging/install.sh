#!/usr/bin/env bash
# Installs Merge Islands from this folder for one user: the game into ~/.local/bin, its
# desktop entry, icons and metainfo into ~/.local/share (PREFIX=/usr/local for everyone).
# Usage: ./install.sh [--uninstall]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
prefix="${PREFIX:-$HOME/.local}"
app=io.github.mergeislands.MergeIslands
files=(
  "bin/merge-islands"
  "share/applications/$app.desktop"
  "share/metainfo/$app.metainfo.xml"
  "share/icons/hicolor/256x256/apps/$app.png"
  "share/icons/hicolor/512x512/apps/$app.png"
)
if [[ "${1:-}" == "--uninstall" ]]; then
  for f in "${files[@]}"; do rm -f "$prefix/$f"; done
  echo "Merge Islands removed from $prefix"
  exit 0
fi
install -Dm755 merge-islands "$prefix/bin/merge-islands"
install -Dm644 "share/$app.desktop" "$prefix/share/applications/$app.desktop"
install -Dm644 "share/$app.metainfo.xml" "$prefix/share/metainfo/$app.metainfo.xml"
for size in 256 512; do
  install -Dm644 "share/icons/${size}x${size}/$app.png" \
    "$prefix/share/icons/hicolor/${size}x${size}/apps/$app.png"
done
echo "Merge Islands installed in $prefix (run: merge-islands)"
