#!/usr/bin/env bash
# Checks web/serve.py's caching headers with curl: ETag and Last-Modified on every file,
# 304 Not Modified (no body) on a matching If-None-Match or a recent If-Modified-Since, a
# separate ETag per encoding, no-cache on files that keep their names across builds and a
# year's immutable lifetime on content-hashed ones (wasm-bindgen's snippets/NAME-HASH/).
# Usage: web/serve-test.sh [DIST]   (default: a small made-up folder; web/test.sh passes
# web/dist when it has been built)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

dist="${1:-}"
scratch="$(mktemp -d)"
cleanup() {
  [[ -n "${server_pid:-}" ]] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$scratch"
}
trap cleanup EXIT
if [[ -z "$dist" ]]; then
  dist="$scratch/dist"
  mkdir -p "$dist/snippets/some-crate-0123456789abcdef/src"
  echo '<!doctype html><title>t</title>' >"$dist/index.html"
  head -c 200000 /dev/urandom >"$dist/merge-islands_bg.wasm"
  gzip -9 -k -c "$dist/merge-islands_bg.wasm" >"$dist/merge-islands_bg.wasm.gz"
  echo 'export const x = 1;' >"$dist/snippets/some-crate-0123456789abcdef/src/a.js"
fi
snippet="$(cd "$dist" && find snippets -name '*.js' 2>/dev/null | head -1 || true)"

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 web/serve.py "$port" "$dist" >"$scratch/server.log" 2>&1 &
server_pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 50); do curl -fs -o /dev/null "$base/index.html" && break; sleep 0.1; done

checks=0
fail() { echo "serve-test: FAILED: $*" >&2; exit 1; }
ok() { checks=$((checks + 1)); echo "ok   $*"; }
# header NAME FILE: the value of a header in a dumped response (case-insensitive name).
header() { grep -i "^$1:" "$2" | head -1 | cut -d' ' -f2- | tr -d '\r'; }
status() { head -1 "$1" | cut -d' ' -f2; }

for file in index.html merge-islands_bg.wasm; do
  for enc in identity gzip; do
    curl -s -D "$scratch/h1" -o "$scratch/b1" -H "Accept-Encoding: $enc" "$base/$file"
    [[ "$(status "$scratch/h1")" == 200 ]] || fail "$file ($enc): $(head -1 "$scratch/h1")"
    etag="$(header ETag "$scratch/h1")"
    modified="$(header Last-Modified "$scratch/h1")"
    cache="$(header Cache-Control "$scratch/h1")"
    [[ "$etag" =~ ^\"[0-9a-f]+\"$ ]] || fail "$file ($enc): ETag is '$etag'"
    [[ -n "$modified" ]] || fail "$file ($enc): no Last-Modified"
    [[ "$cache" == no-cache ]] || fail "$file ($enc): Cache-Control is '$cache', expected no-cache"
    curl -s -D "$scratch/h2" -o "$scratch/b2" -H "Accept-Encoding: $enc" -H "If-None-Match: $etag" "$base/$file"
    [[ "$(status "$scratch/h2")" == 304 ]] || fail "$file ($enc) with If-None-Match $etag: $(head -1 "$scratch/h2")"
    [[ ! -s "$scratch/b2" ]] || fail "$file ($enc): the 304 has a body"
    [[ "$(header ETag "$scratch/h2")" == "$etag" ]] || fail "$file ($enc): the 304 names another ETag"
    curl -s -D "$scratch/h3" -o /dev/null -H "Accept-Encoding: $enc" -H 'If-None-Match: "stale"' "$base/$file"
    [[ "$(status "$scratch/h3")" == 200 ]] || fail "$file ($enc) with a stale If-None-Match: $(head -1 "$scratch/h3")"
    curl -s -D "$scratch/h4" -o /dev/null -H "Accept-Encoding: $enc" -H "If-Modified-Since: $modified" "$base/$file"
    [[ "$(status "$scratch/h4")" == 304 ]] || fail "$file ($enc) with If-Modified-Since: $(head -1 "$scratch/h4")"
    eval "etag_${file//[^a-z]/_}_$enc='$etag'"
    ok "$file ($enc): ETag $etag, Last-Modified, no-cache; 304 on If-None-Match and If-Modified-Since, 200 on a stale ETag"
  done
done
[[ "$etag_merge_islands_bg_wasm_identity" != "$etag_merge_islands_bg_wasm_gzip" ]] \
  || fail "the wasm has one ETag for both encodings"
ok "the wasm's gzip copy has its own ETag"

if [[ -n "$snippet" ]]; then
  curl -s -D "$scratch/h5" -o /dev/null "$base/$snippet"
  cache="$(header Cache-Control "$scratch/h5")"
  [[ "$cache" == *immutable* && "$cache" == *max-age=31536000* ]] || fail "$snippet: Cache-Control is '$cache'"
  ok "$snippet (content-hashed): $cache"
fi
echo "serve-test: $checks passed, 0 failed"
