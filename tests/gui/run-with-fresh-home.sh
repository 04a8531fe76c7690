#!/bin/sh
# Runs a command as on a fresh workstation: HOME is a new, empty folder, no XDG_* variable is set
# (every per-user folder is Qt's default under HOME, none of them exists yet). Removed afterwards.
# Usage: run-with-fresh-home.sh <command> [arguments...]
set -eu
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT INT TERM
for name in $(env | sed -n 's/^\(XDG_[A-Za-z0-9_]*\)=.*/\1/p'); do
    unset "$name"
done
export HOME="$home" AC_FRESH_HOME=1
"$@"
