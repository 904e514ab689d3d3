#!/usr/bin/env bash
# Builds the browser version of Merge Islands into web/dist/ (WebAssembly + WebGL2):
#   cargo (profile wasm-release) -> wasm-bindgen --target web -> wasm-opt -Oz (when available)
#   -> index.html and assets/ beside it -> the web app's manifest, icons and service worker
#   (web/offline.sh, which draws the icons with a native build of the game).
# Usage: web/build.sh [--no-opt]     (--no-opt skips wasm-opt)
# wasm-opt: binaryen from npm (web/node_modules, pinned in web/package.json) when installed,
# else one on PATH if it is binaryen 118 or newer.
# Environment: CARGO_TARGET_DIR (default: target), WASM_OPT (path to a wasm-opt to use).
set -euo pipefail

usage() { sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; }

opt=1
for arg in "$@"; do
  case "$arg" in
    --no-opt) opt=0 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "build.sh: unknown argument '$arg'" >&2; usage >&2; exit 2 ;;
  esac
done

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$(pwd)"
dist="web/dist"
target_triple="wasm32-unknown-unknown"
profile="wasm-release"
bin="merge-islands"

step() { printf '==> %s\n' "$*"; }

# 1. The Rust target.
if command -v rustup >/dev/null 2>&1; then
  if ! rustup target add "$target_triple" >/dev/null 2>&1; then
    echo "warning: 'rustup target add $target_triple' failed; the build may still work if the target is installed" >&2
  fi
else
  echo "warning: rustup not found; assuming the $target_triple target is installed" >&2
fi

# 2. wasm-bindgen-cli must be exactly the version of the wasm-bindgen crate in Cargo.lock.
bindgen_version="$(awk '
  /^\[\[package\]\]/ { in_pkg = 0 }
  /^name = "wasm-bindgen"$/ { in_pkg = 1; next }
  in_pkg && /^version = "/ { gsub(/"/, "", $3); print $3; exit }
' Cargo.lock)"
if [[ -z "$bindgen_version" ]]; then
  echo "build.sh: no wasm-bindgen package in Cargo.lock (is the wasm dependency graph resolved?)" >&2
  exit 1
fi
installed_bindgen=""
if command -v wasm-bindgen >/dev/null 2>&1; then
  installed_bindgen="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" || installed_bindgen=""
fi
if [[ "$installed_bindgen" != "$bindgen_version" ]]; then
  step "installing wasm-bindgen-cli $bindgen_version (found: ${installed_bindgen:-none})"
  # Not --locked: its own lock names a webpki-roots release the registry no longer serves.
  cargo install --force wasm-bindgen-cli --version "$bindgen_version"
  hash -r
fi

# 3. The wasm binary.
target_dir="${CARGO_TARGET_DIR:-target}"
wasm_in="$target_dir/$target_triple/$profile/$bin.wasm"
step "cargo build --profile $profile --target $target_triple --bin $bin"
start=$SECONDS
cargo build --profile "$profile" --target "$target_triple" --bin "$bin"
echo "    cargo build took $((SECONDS - start)) s"
if [[ ! -f "$wasm_in" ]]; then
  echo "build.sh: cargo finished but $wasm_in is missing (CARGO_TARGET_DIR='${CARGO_TARGET_DIR:-}')" >&2
  exit 1
fi

# 4. JS glue.
step "wasm-bindgen $bindgen_version -> $dist/"
mkdir -p "$dist"
rm -rf "$dist/snippets" "$dist/$bin.js" "$dist/${bin}_bg.wasm"
wasm-bindgen --target web --no-typescript --out-dir "$dist" --out-name "$bin" "$wasm_in"
wasm_out="$dist/${bin}_bg.wasm"

# 5. wasm-opt (optional: a missing or too old wasm-opt only costs size).
# The features are those rustc 1.95 enables by default for wasm32-unknown-unknown
# (LLVM's "generic" CPU): bulk-memory, nontrapping-fptoint, sign-ext, mutable-globals,
# multivalue, reference-types. Newer binaryen also knows bulk-memory-opt and
# call-indirect-overlong; each flag is passed only when this wasm-opt knows it.
rm -f "$dist/wasm-opt.log"
if [[ "$opt" == 1 ]]; then
  # binaryen from npm (web/package.json, installed by web/test.sh or `npm ci` in web/) first,
  # then any wasm-opt on PATH.
  npm_wasm_opt="web/node_modules/.bin/wasm-opt"
  if [[ -z "${WASM_OPT:-}" && -x "$npm_wasm_opt" ]]; then
    WASM_OPT="$npm_wasm_opt"
  fi
  wasm_opt="${WASM_OPT:-$(command -v wasm-opt || true)}"
  opt_version="$([[ -n "$wasm_opt" ]] && "$wasm_opt" --version 2>/dev/null | grep -oE '[0-9]+' | head -1 || true)"
  if [[ -z "$wasm_opt" ]]; then
    echo "note: wasm-opt not found; keeping the unoptimised wasm" >&2
  elif [[ -z "${WASM_OPT:-}" && "${opt_version:-0}" -lt 118 ]]; then
    # Debian bookworm's wasm-opt 108 turns this module into one whose start-up fails
    # ("WebAssembly.Table.set(): Argument 1 is invalid for table"): seen in Chromium.
    echo "note: wasm-opt $opt_version is too old for this module; keeping the unoptimised wasm (set WASM_OPT to a newer one)" >&2
  else
    help_text="$("$wasm_opt" --help 2>/dev/null || true)"
    features=()
    for feature in bulk-memory bulk-memory-opt nontrapping-float-to-int sign-ext mutable-globals \
      multivalue reference-types call-indirect-overlong; do
      if grep -qE -- "--enable-$feature([[:space:],]|\$)" <<<"$help_text"; then
        features+=("--enable-$feature")
      fi
    done
    step "$("$wasm_opt" --version 2>/dev/null || echo wasm-opt) -Oz ${features[*]}"
    before=$(wc -c <"$wasm_out")
    tmp="$wasm_out.opt.tmp"
    start=$SECONDS
    log="$dist/wasm-opt.log"
    if "$wasm_opt" -Oz "${features[@]}" -o "$tmp" "$wasm_out" >"$log" 2>&1; then
      mv "$tmp" "$wasm_out"
      rm -f "$log"
      after=$(wc -c <"$wasm_out")
      echo "    wasm-opt took $((SECONDS - start)) s: $before -> $after bytes"
    else
      rm -f "$tmp"
      tail -n 15 "$log" >&2
      echo "warning: wasm-opt failed (last lines above, all of it in $log); keeping the unoptimised wasm" >&2
    fi
  fi
else
  echo "note: --no-opt given; wasm-opt skipped"
fi

# 6. The page and the game's assets (fonts); the browser loads assets over HTTP.
step "copying index.html and assets/ to $dist/"
cp web/index.html "$dist/index.html"
rm -rf "$dist/assets"
cp -R assets "$dist/assets"

# 6b. The web app's manifest, icons and service worker (offline play), after every file
# the worker keeps is in place.
step "manifest, icons and service worker (web/offline.sh)"
web/offline.sh "$dist"

# 7. Precompressed copies for web/serve.py (and any server that serves .br / .gz): gzip -9
# always; brotli at quality 11 through Node's zlib when Node is here.
step "compressing the wasm (gzip -9, brotli 11)"
rm -f "$wasm_out.gz" "$wasm_out.br"
gzip -9 -k -c "$wasm_out" >"$wasm_out.gz"
if command -v node >/dev/null 2>&1; then
  node -e '
    const fs = require("fs"), zlib = require("zlib");
    const [from, to] = process.argv.slice(1);
    fs.writeFileSync(to, zlib.brotliCompressSync(fs.readFileSync(from), {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: fs.statSync(from).size },
    }));' "$wasm_out" "$wasm_out.br"
else
  echo "note: Node.js not found; no brotli copy (gzip only)" >&2
fi

# 8. Sizes.
raw=$(wc -c <"$wasm_out")
gz=$(wc -c <"$wasm_out.gz")
br=$( [ -f "$wasm_out.br" ] && wc -c <"$wasm_out.br" || echo 0)
awk -v raw="$raw" -v gz="$gz" -v br="$br" -v f="$wasm_out" \
  'BEGIN { printf "%s: %.2f MB raw (%d bytes), %.2f MB gzip -9 (%d bytes), %.2f MB brotli (%d bytes)\n", f, raw / 1e6, raw, gz / 1e6, gz, br / 1e6, br }'
echo "built $root/$dist (serve it with web/serve.sh, open http://127.0.0.1:8080/)"
