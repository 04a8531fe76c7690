#!/usr/bin/env bash
# Installs the Debian 12 packages needed to build, run and test the project (idempotent).
set -euo pipefail
packages=(
    cmake ninja-build g++ pkg-config clang-format
    qt6-base-dev qt6-base-dev-tools
    qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n
    libqt6sql6-sqlite libqt6sql6-psql libgl-dev
    liboath-dev oathtool libssl-dev openssl
    postgresql sqlite3 xvfb xauth
    qt6-webengine-dev libqt6webenginecore6-bin libcjose-dev libjansson-dev libcurl4-openssl-dev
    libmicrohttpd-dev zlib1g-dev libkainjow-mustache-dev ccache clang libclang-rt-14-dev
    libqrencode-dev fonts-dejavu-core poppler-utils zbar-tools
    qt6-charts-dev fonts-noto-core fonts-hosny-amiri
    qtkeychain-qt6-dev gnome-keyring dbus-x11 libsecret-tools
    python3-aiosmtpd
    lintian msitools wixl desktop-file-utils appstream man-db systemd curl
    python3-pyatspi gir1.2-atspi-2.0 at-spi2-core
)
# Node.js for the FranceConnect simulator (tools/ and tests only): the machine's own if present.
command -v node >/dev/null 2>&1 || packages+=(nodejs npm)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    sudo=()
    [ "$(id -u)" = 0 ] || sudo=(sudo)
    echo "Installing: ${missing[*]}"
    "${sudo[@]}" apt-get update -q
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# The simulator's npm packages, exactly as locked (only when the lockfile changed).
sim="$(dirname "$0")/../franceconnect-sim"
if [ -f "$sim/package-lock.json" ] && ! cmp -s "$sim/package-lock.json" "$sim/node_modules/.package-lock.json.installed"; then
    (cd "$sim" && npm ci --no-audit --no-fund --loglevel=error && cp package-lock.json node_modules/.package-lock.json.installed)
fi
