#!/bin/sh
# The desktop session of a fresh workstation for drive-client.py: a private D-Bus session with an
# unlocked gnome-keyring (the Secret Service the offline cache's key goes to) and the AT-SPI bus,
# on a virtual X display (the caller starts Xvfb and sets DISPLAY). HOME and the XDG directories are the caller's
# (a fresh, empty HOME). usage: run-client-session.sh drive-client.py ARGS...
set -eu
[ -d "$XDG_RUNTIME_DIR" ] || mkdir -m 700 "$XDG_RUNTIME_DIR"
# shellcheck disable=SC2016 # expanded by the inner shell
exec dbus-run-session -- sh -c '
    printf test | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    /usr/libexec/at-spi-bus-launcher --launch-immediately &
    launcher=$!
    sleep 1
    status=0
    /usr/bin/python3 "$@" || status=$?
    kill $launcher 2>/dev/null || true
    exit $status' sh "$@"
