#!/usr/bin/env bash
# run-bench.sh BENCH_BINARY SERVER_BINARY PG_TEST_SERVER_SH PG_DIR [bench options...] [-- BENCH_BINARY [options...]]...
# Runs each benchmark (bench_login, then bench_sign, then bench_sync, then bench_idp) on SQLite, then on a throw-away PostgreSQL cluster in
# PG_DIR (started once, always stopped). Each `--` starts the next benchmark and its options.
set -euo pipefail
bench=${1:?bench binary}
server=${2:?server binary}
pgscript=${3:?pg-test-server.sh}
pgdir=${4:?PostgreSQL directory}
shift 4
export AC_SERVER_BINARY="$server" AC_TEST_PG_URL_FILE="$pgdir/url" LC_ALL=C.UTF-8 LANG=C.UTF-8

"$pgscript" start "$pgdir"
trap '"$pgscript" stop "$pgdir" || true' EXIT
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
