#!/bin/sh
# Runs a command in a private D-Bus session with an unlocked gnome-keyring (the Secret Service),
# in a throwaway home: the user's own keyrings and session bus are never touched.
# Usage: run-with-keyring.sh <command> [arguments...]
set -eu
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -m 700 "$tmp/runtime"
export HOME="$tmp" XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" XDG_RUNTIME_DIR="$tmp/runtime"
export AC_KEYRING_SESSION=1
# --unlock reads the login keyring's password on stdin and creates that keyring when missing.
dbus-run-session -- sh -c 'printf test | gnome-keyring-daemon --unlock --components=secrets >/dev/null; exec "$@"' sh "$@"
