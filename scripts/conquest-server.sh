#!/usr/bin/env bash
# The game server for Island Conquest online: a matchbox signalling server, which only
# introduces the two players' games to each other (the game itself then goes directly
# between them over WebRTC). Installs it the first time (cargo install, a few minutes),
# then starts it.
#
#   scripts/conquest-server.sh                  listen on every interface, port 3536
#   scripts/conquest-server.sh 127.0.0.1:4000   listen on this address instead
#   scripts/conquest-server.sh --install        install only (prints the binary's path)
#
# Players give the address to the game as ws://HOST:PORT: Settings -> Island Conquest ->
# Play a friend online -> Change server, or --server / ?server=. See docs/online.md for
# hosting it for friends over the internet.
set -euo pipefail
version=0.15.0
root="${MATCHBOX_SERVER_ROOT:-${CARGO_HOME:-$HOME/.cargo}}"
binary="$root/bin/matchbox_server"

if ! cargo install --list --root "$root" 2>/dev/null | grep -q "^matchbox_server v$version:"; then
    echo "Installing matchbox_server $version into $root (once)..." >&2
    cargo install matchbox_server --version "$version" --locked --root "$root" >&2
fi
if [[ "${1:-}" == "--install" ]]; then
    echo "$binary"
    exit 0
fi
address="${1:-0.0.0.0:3536}"
echo "Island Conquest's game server listens on $address (Ctrl+C stops it)." >&2
# The server reads its address from HOST too: a stray HOST must not override the argument.
exec env -u HOST "$binary" "$address"
