#!/usr/bin/env bash
# Makes the Linux release in dist/:
#   merge-islands-VERSION-x86_64-linux.tar.gz  the game, README, licences (the game's and the
#                                              fonts'), desktop entry, icons, AppStream
#                                              metainfo, and install.sh for ~/.local
#   merge-islands_VERSION-1_amd64.deb          the same in the system's places (cargo-deb)
# The icons are drawn by the game itself (--icon), 256 and 512 pixels a side.
# Usage: scripts/release.sh [--profile release|dev] [--no-build] [--fast]
#   --profile dev  package the debug build (the test suite does: a release build from
#                  scratch takes about 25 minutes, and the debug build is just as whole)
#   --no-build     package the binary already built
#   --fast         lighter compression of the .deb (for tests)
# Environment: CARGO_TARGET_DIR (default: target).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

profile=release
build=1
fast=()
while (($#)); do
  case "$1" in
    --profile) profile="${2:?--profile needs release or dev}"; shift ;;
    --no-build) build=0 ;;
    --fast) fast=(--fast) ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "release.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
  shift
done
case "$profile" in
  release) profile_dir=release ;;
  dev) profile_dir=debug ;;
  *) echo "release.sh: --profile is release or dev, not '$profile'" >&2; exit 2 ;;
esac

app=io.github.mergeislands.MergeIslands
target_dir="${CARGO_TARGET_DIR:-target}"
bin="$target_dir/$profile_dir/merge-islands"
step() { printf '==> %s\n' "$*"; }

if [[ "$build" == 1 ]]; then
  step "cargo build --profile $profile"
  cargo build --profile "$profile" --bin merge-islands
fi
[[ -x "$bin" ]] || { echo "release.sh: no game at $bin (build it, or drop --no-build)" >&2; exit 1; }

version="$(awk -F'"' '/^version = / { print $2; exit }' Cargo.toml)"
"$bin" --version | grep -q "^merge-islands $version" \
  || { echo "release.sh: $bin is not version $version ($("$bin" --version))" >&2; exit 1; }

mkdir -p dist
step "icons, drawn by the game"
rm -rf dist/icons
for size in 256 512; do
  mkdir -p "dist/icons/${size}x${size}"
  "$bin" --icon "dist/icons/${size}x${size}/$app.png" --icon-size "$size"
done

name="merge-islands-$version-x86_64-linux"
step "dist/$name.tar.gz"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
root="$stage/$name"
mkdir -p "$root/licences/fonts" "$root/share"
strip -o "$root/merge-islands" "$bin"
cp README.md "$root/"
cp LICENSE-MIT LICENSE-APACHE "$root/licences/"
cp assets/fonts/Comfortaa-OFL.txt assets/fonts/DejaVu-LICENSE.txt "$root/licences/fonts/"
cp "packaging/$app.desktop" "packaging/$app.metainfo.xml" "$root/share/"
cp -R dist/icons "$root/share/icons"
cp packaging/install.sh "$root/"
rm -f "dist/$name.tar.gz"
tar -C "$stage" -czf "dist/$name.tar.gz" "$name"

step "the .deb (cargo-deb)"
if ! command -v cargo-deb >/dev/null 2>&1; then
  step "installing cargo-deb (about 3 minutes)"
  cargo install --locked cargo-deb --version 3.8.0
fi
rm -f dist/merge-islands_*.deb
cargo deb --no-build --profile "$profile" "${fast[@]}" --output dist/
ls -l dist/*.tar.gz dist/*.deb
