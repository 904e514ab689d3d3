#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages the game needs to build and run, when any is missing,
# and says what it installs. Pass "--headless" to add what the screenshot tests need
# (a virtual X display and a software Vulkan driver) and the package checks (the desktop
# entry's and the AppStream metainfo's validators, and strip).
set -euo pipefail

packages=(pkg-config libasound2-dev libx11-dev libxkbcommon-x11-0 libxcursor1 libxrandr2 libxi6 libx11-xcb1 libvulkan1 mesa-vulkan-drivers)
if [[ "${1:-}" == "--headless" ]]; then
    packages+=(xvfb xauth desktop-file-utils appstream binutils dpkg-dev zip unzip)
fi

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
if ((${#missing[@]} == 0)); then
    exit 0
fi
echo "Installing system packages the game needs: ${missing[*]}" >&2
sudo=""
if [[ $(id -u) -ne 0 ]]; then
    sudo="sudo"
fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
