#!/usr/bin/env bash
# The server's systemd unit: systemd-analyze verify accepts it (with ExecStart pointed at the built
# binary, since the package is not installed here) and its exposure score stays under the bound.
# usage: test-systemd-unit.sh UNIT SERVER_BINARY MAX_EXPOSURE_TIMES_10
set -euo pipefail
unit=$1
binary=$2
threshold=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
name=$(basename "$unit")
sed "s#^ExecStart=/usr/bin/aidants-connect-server #ExecStart=$(realpath "$binary") #" "$unit" >"$work/$name"
grep -q "^ExecStart=$(realpath "$binary") serve " "$work/$name" || { echo "FAIL: no ExecStart to rewrite"; exit 1; }
# verify: unknown keys, bad values, a missing or non-executable ExecStart are errors (the man page
# of Documentation= is checked by tests/packaging/installed-product.sh, once installed).
out=$(systemd-analyze verify --man=no "$work/$name" 2>&1) || { echo "$out"; echo "FAIL: systemd-analyze verify"; exit 1; }
if [ -n "$out" ]; then
    echo "$out"
    echo "FAIL: systemd-analyze verify reported problems"
    exit 1
fi
echo "ok: systemd-analyze verify"
# security: fails when the exposure (0.0..10.0, given x10) is above the threshold.
systemd-analyze security --offline=true --threshold="$threshold" "$work/$name" | tail -n 1
echo "ok: exposure at most $threshold/10"
