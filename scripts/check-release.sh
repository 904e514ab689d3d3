#!/usr/bin/env bash
# Checks what the game ships as: the crate's file list (cargo package --list: what the
# build needs, nothing large it does not), and the Linux release scripts/release.sh made
# in dist/:
#   - the desktop entry (desktop-file-validate) and the metainfo (appstreamcli validate)
#   - the tarball holds the game, README, licences, desktop entry, icons and metainfo, and
#     the game in it runs alone (--version);
#   - the .deb installs (dpkg -i), puts every file in its standard place, and the
#     installed game answers --version and takes a screenshot when started from /; it
#     then uninstalls and leaves none of its files behind.
# Installing needs root (or sudo); without either that part is skipped, saying so.
# Usage: scripts/check-release.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

app=io.github.mergeislands.MergeIslands
version="$(awk -F'"' '/^version = / { print $2; exit }' Cargo.toml)"
tarball="dist/merge-islands-$version-x86_64-linux.tar.gz"
deb="$(ls dist/merge-islands_"$version"*_amd64.deb 2>/dev/null | head -1 || true)"
checks=0
fail() { echo "check-release: FAILED: $*" >&2; exit 1; }
ok() { checks=$((checks + 1)); echo "ok   $*"; }
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

cargo package --list --allow-dirty >"$scratch/list" 2>"$scratch/list.log" \
  || { cat "$scratch/list.log" >&2; fail "cargo package --list"; }
for needed in Cargo.toml Cargo.lock build.rs src/main.rs src/lib.rs levels/campaign.ron \
  assets/fonts/DejaVuSans.ttf assets/fonts/Comfortaa-Bold.ttf assets/fonts/Comfortaa-OFL.txt \
  LICENSE-MIT LICENSE-APACHE README.md "packaging/$app.desktop"; do
  grep -qx "$needed" "$scratch/list" || fail "cargo package --list lacks $needed"
done
if grep -E '^(docs|web|dist|target|scripts)/|\.png$' "$scratch/list"; then
  fail "cargo package --list holds the files above, which the build does not need"
fi
# (cargo adds Cargo.toml.orig and .cargo_vcs_info.json, which are not files here.)
bytes=$(while read -r f; do [[ -f "$f" ]] && stat -c %s "$f"; done <"$scratch/list" | awk '{ s += $1 } END { print s + 0 }')
((bytes < 4000000)) || fail "the crate's files come to $bytes bytes"
ok "cargo package --list: $(wc -l <"$scratch/list") files, $((bytes / 1000)) kB, no docs, screenshots or web build"

desktop-file-validate "packaging/$app.desktop" || fail "desktop-file-validate"
ok "desktop-file-validate packaging/$app.desktop"
appstreamcli validate --no-net "packaging/$app.metainfo.xml" >"$scratch/as.log" 2>&1 \
  || { cat "$scratch/as.log" >&2; fail "appstreamcli validate"; }
ok "appstreamcli validate --no-net packaging/$app.metainfo.xml"

[[ -f "$tarball" ]] || fail "no $tarball (run scripts/release.sh)"
tar -C "$scratch" -xzf "$tarball"
top="$scratch/merge-islands-$version-x86_64-linux"
for f in merge-islands README.md install.sh licences/LICENSE-MIT licences/LICENSE-APACHE \
  licences/fonts/Comfortaa-OFL.txt licences/fonts/DejaVu-LICENSE.txt \
  "share/$app.desktop" "share/$app.metainfo.xml" \
  "share/icons/256x256/$app.png" "share/icons/512x512/$app.png"; do
  [[ -s "$top/$f" ]] || fail "$tarball lacks $f"
done
for size in 256 512; do
  # A PNG's IHDR holds its width and height at bytes 16 to 23.
  dims="$(od -An -tu1 -j16 -N8 "$top/share/icons/${size}x${size}/$app.png" | tr -s ' ')"
  expect="$(printf ' 0 0 %d %d 0 0 %d %d' $((size / 256)) $((size % 256)) $((size / 256)) $((size % 256)))"
  [[ "$dims" == "$expect" ]] || fail "the ${size}px icon is not ${size}x${size} ($dims)"
done
(cd / && env -u CARGO_MANIFEST_DIR "$top/merge-islands" --version) | grep -q "^merge-islands $version" \
  || fail "the tarball's game does not answer --version"
ok "$tarball: game, README, licences, desktop entry, metainfo, icons 256/512; --version"

[[ -n "$deb" ]] || fail "no dist/merge-islands_${version}*_amd64.deb (run scripts/release.sh)"
dpkg-deb --info "$deb" >"$scratch/info"
depends="$(grep '^ Depends:' "$scratch/info")"
for needed in libasound2 libvulkan1 mesa-vulkan-drivers libxkbcommon-x11-0; do
  grep -q "$needed" <<<"$depends" || fail "$deb does not depend on $needed: $depends"
done
ok "$deb depends on ALSA, the Vulkan loader and Mesa's drivers, X11"

installed_files=(
  /usr/bin/merge-islands
  "/usr/share/applications/$app.desktop"
  "/usr/share/metainfo/$app.metainfo.xml"
  "/usr/share/icons/hicolor/256x256/apps/$app.png"
  "/usr/share/icons/hicolor/512x512/apps/$app.png"
  /usr/share/doc/merge-islands/copyright
  /usr/share/doc/merge-islands/fonts/Comfortaa-OFL.txt
)
sudo=""
if [[ "$(id -u)" != 0 ]]; then
  if sudo -n true 2>/dev/null; then sudo="sudo -n"; else
    echo "skip installing $deb: this needs root or sudo"
    echo "check-release: $checks passed, 0 failed (install skipped)"
    exit 0
  fi
fi
if dpkg-query -W -f='${Status}' merge-islands 2>/dev/null | grep -q "install ok installed"; then
  echo "skip installing $deb: merge-islands is already installed here, and this check would remove it"
  echo "check-release: $checks passed, 0 failed (install skipped)"
  exit 0
fi
$sudo dpkg -i "$deb" >"$scratch/dpkg.log" 2>&1 || { cat "$scratch/dpkg.log" >&2; fail "dpkg -i $deb"; }
for f in "${installed_files[@]}"; do
  [[ -s "$f" ]] || { $sudo dpkg --purge merge-islands >/dev/null 2>&1; fail "the .deb did not install $f"; }
done
ok "dpkg -i $deb: game, desktop entry, metainfo, icons and licences in their places"
export MERGE_ISLANDS_DATA_DIR="$scratch/data"
said="$(cd / && env -u CARGO_MANIFEST_DIR merge-islands --version)"
[[ "$said" == "merge-islands $version"* ]] || fail "installed merge-islands --version said '$said'"
ok "merge-islands --version from /: $said"
shot="$scratch/installed.png"
if [[ -n "${DISPLAY:-}" ]]; then
  (cd / && env -u CARGO_MANIFEST_DIR merge-islands --window 800x600 --level "First Crossing" \
    --screenshot "$shot" >"$scratch/shot.log" 2>&1) || { cat "$scratch/shot.log" >&2; fail "the installed game's screenshot"; }
else
  (cd / && env -u CARGO_MANIFEST_DIR xvfb-run -a -s "-screen 0 1024x768x24" merge-islands \
    --window 800x600 --level "First Crossing" --screenshot "$shot" >"$scratch/shot.log" 2>&1) \
    || { cat "$scratch/shot.log" >&2; fail "the installed game's screenshot"; }
fi
[[ "$(head -c 8 "$shot" | od -An -tx1 | tr -d ' \n')" == 89504e470d0a1a0a ]] || fail "no PNG from the installed game"
! grep -q "Path not found" "$scratch/shot.log" || fail "the installed game looked for files: $(grep 'Path not found' "$scratch/shot.log")"
ok "the installed game, started from /, opens First Crossing and takes a screenshot"
$sudo dpkg --purge merge-islands >"$scratch/purge.log" 2>&1 || { cat "$scratch/purge.log" >&2; fail "dpkg --purge"; }
for f in "${installed_files[@]}"; do
  [[ ! -e "$f" ]] || fail "$f is left after uninstalling"
done
! dpkg-query -W -f='${Status}' merge-islands 2>/dev/null | grep -q "installed" || fail "dpkg still lists merge-islands"
ok "dpkg --purge merge-islands leaves none of its files"
echo "check-release: $checks passed, 0 failed"
