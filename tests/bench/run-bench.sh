#!/usr/bin/env bash
# run-bench.sh BENCH_BINARY SERVER_BINARY PG_TEST_SERVER_SH PG_DIR [bench options...]
# Runs the login benchmark on SQLite, then on a throw-away PostgreSQL cluster in PG_DIR (always stopped).
set -euo pipefail
bench=${1:?bench binary}
server=${2:?server binary}
pgscript=${3:?pg-test-server.sh}
pgdir=${4:?PostgreSQL directory}
shift 4
export AC_SERVER_BINARY="$server" AC_TEST_PG_URL_FILE="$pgdir/url" LC_ALL=C.UTF-8 LANG=C.UTF-8

"$pgscript" start "$pgdir"
trap '"$pgscript" stop "$pgdir" || true' EXIT
"$bench" --backends sqlite,postgresql "$@"
