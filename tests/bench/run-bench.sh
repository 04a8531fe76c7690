#!/usr/bin/env bash
# run-bench.sh BENCH_BINARY SERVER_BINARY PG_TEST_SERVER_SH PG_DIR [bench options...] [-- BENCH_BINARY [options...]]...
# Runs each benchmark (bench_login, then bench_sign, then bench_sync, then bench_idp) on SQLite, then on a throw-away PostgreSQL cluster in
# PG_DIR (started once, always stopped). Each `--` starts the next benchmark and its options.
# First, the reference of the PostgreSQL figures: `pgbench -N` on the same cluster with as many clients as the
# first benchmark's --clients (AC_BENCH_PGBENCH_SECONDS long, 20 s by default); its tps is passed to the benchmarks
# in AC_BENCH_PGBENCH_TPS (bench_login prints logins/s ÷ that).
set -euo pipefail
bench=${1:?bench binary}
server=${2:?server binary}
pgscript=${3:?pg-test-server.sh}
pgdir=${4:?PostgreSQL directory}
shift 4
export AC_SERVER_BINARY="$server" AC_TEST_PG_URL_FILE="$pgdir/url" LC_ALL=C.UTF-8 LANG=C.UTF-8

"$pgscript" start "$pgdir"
trap '"$pgscript" stop "$pgdir" || true' EXIT

clients=50
for ((i = 1; i <= $#; i++)); do
    if [ "${!i}" = --clients ]; then j=$((i + 1)); clients=${!j}; break; fi
    [ "${!i}" != -- ] || break
done
adminurl=$(cat "$pgdir/url")
pgbenchurl=${adminurl%/*}/pgbench
psql "$adminurl" -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE pgbench" >/dev/null
pgbench -i -q -s 10 "$pgbenchurl" >"$pgdir/pgbench-init.log" 2>&1
pgbench -N -n -c "$clients" -j 2 -T "${AC_BENCH_PGBENCH_SECONDS:-20}" "$pgbenchurl" >"$pgdir/pgbench.log" 2>&1
AC_BENCH_PGBENCH_TPS=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$pgdir/pgbench.log" | head -n 1)
export AC_BENCH_PGBENCH_TPS
echo "pgbench -N, $clients clients, scale 10: ${AC_BENCH_PGBENCH_TPS} tps (same cluster)"
psql "$adminurl" -q -c "DROP DATABASE pgbench" >/dev/null

status=0
while :; do
    args=()
    while [ $# -gt 0 ] && [ "$1" != -- ]; do args+=("$1"); shift; done
    # A failed benchmark does not skip the next one; the exit status reports it.
    "$bench" --backends sqlite,postgresql ${args[@]+"${args[@]}"} || status=1
    [ $# -gt 0 ] || break
    shift # --
    bench=${1:?bench binary after --}
    shift
done
exit $status
