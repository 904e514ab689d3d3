#!/usr/bin/env bash
# Makes a built web/dist an installable app that plays offline: draws the manifest's icons
# with the game's art code (a native build's --icon), then writes the service worker (sw.js)
# with the list of files to keep and a build name that is a hash of those files, and stamps
# the same name into index.html (<meta name="merge-islands-build">, the page publishes it as
# data-mi-build). Run again after any file of the folder changes.
# Usage: web/offline.sh [DIST]   (default web/dist)
# Environment: MERGE_ISLANDS_BIN (a native build to draw the icons; default: the first of
# $CARGO_TARGET_DIR or target, release then debug, else one is built), ICONS=keep (keep the
# icons already in DIST).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
dist="${1:-web/dist}"
[[ -f "$dist/index.html" ]] || { echo "offline.sh: no $dist/index.html (run web/build.sh)" >&2; exit 1; }

cp web/manifest.webmanifest "$dist/manifest.webmanifest"
if [[ "${ICONS:-}" != keep || ! -f "$dist/icons/icon-512.png" ]]; then
  bin="${MERGE_ISLANDS_BIN:-}"
  target_dir="${CARGO_TARGET_DIR:-target}"
  for candidate in "$target_dir/release/merge-islands" "$target_dir/debug/merge-islands"; do
    [[ -z "$bin" && -x "$candidate" ]] && bin="$candidate"
  done
  if [[ -z "$bin" ]]; then
    echo "==> building the native game to draw the icons"
    cargo build --bin merge-islands
    bin="$target_dir/debug/merge-islands"
  fi
  mkdir -p "$dist/icons"
  for size in 192 512; do
    "$bin" --icon "$dist/icons/icon-$size.png" --icon-size "$size"
  done
fi

# The files to keep: everything a player's browser asks for (not the precompressed copies,
# which the server negotiates behind the same names, nor the browser test's pictures).
mapfile -t files < <(cd "$dist" && find . -type f \
  ! -name '*.gz' ! -name '*.br' ! -name 'sw.js' ! -name 'browser-test-*' ! -name '*.log' \
  | sed 's|^\./||' | LC_ALL=C sort)
# The build's name: a hash of every kept file's name and contents (index.html without its
# stamp, which is this hash).
build="$(for f in "${files[@]}"; do
  printf '%s\n' "$f"
  if [[ "$f" == index.html ]]; then
    sed 's|<meta name="merge-islands-build" content="[^"]*">|<meta name="merge-islands-build" content="">|' "$dist/$f"
  else
    cat "$dist/$f"
  fi
done | sha256sum | cut -c1-16)"
list="$(printf '"./%s",' "${files[@]}")"
sed -e "s|__BUILD__|$build|" -e "s|__FILES__|[${list%,}]|" web/sw.js >"$dist/sw.js"
sed -i "s|<meta name=\"merge-islands-build\" content=\"[^\"]*\">|<meta name=\"merge-islands-build\" content=\"$build\">|" "$dist/index.html"
grep -q "content=\"$build\"" "$dist/index.html" || { echo "offline.sh: index.html has no merge-islands-build meta tag" >&2; exit 1; }
echo "offline: build $build, ${#files[@]} files kept by $dist/sw.js"
