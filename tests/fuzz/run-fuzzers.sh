#!/usr/bin/env bash
# Runs libFuzzer targets for a while each, from their committed corpus (corpus/<name>/, minimised) and
# seeds (seeds/<name>/, written by hand, never changed), then minimises the corpus in place.
# usage: run-fuzzers.sh <seconds> <build-dir of tests/fuzz> <fuzzer binary>...
# (the `fuzz` target of an AC_FUZZ=ON build; one fuzzer: run-fuzzers.sh 600 build/fuzz/tests/fuzz build/fuzz/tests/fuzz/fuzz_otp)
# Logs (with -print_final_stats=1) go to <build-dir>/logs/<name>.log, crashes to <build-dir>/fuzz-crashes/.
set -euo pipefail
seconds=$1 build=$2; shift 2
here="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$build/logs" "$build/fuzz-crashes"
status=0
for fuzzer in "$@"; do
    name=$(basename "$fuzzer"); name=${name#fuzz_}
    corpus="$here/corpus/$name" seeds="$here/seeds/$name" work="$build/work/$name" log="$build/logs/$name.log"
    mkdir -p "$corpus" "$seeds" "$work"
    # -timeout=30: under nice 19 on a busy machine a fast input can wait more than 10 s for a core.
    options=(-timeout=30 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$build/fuzz-crashes/$name-")
    [ -f "$here/$name.dict" ] && options+=(-dict="$here/$name.dict")
    echo "== $name: ${seconds}s on $corpus"
    if ! nice -n 19 "$fuzzer" "${options[@]}" -max_total_time="$seconds" "$work" "$corpus" "$seeds" >"$log" 2>&1; then
        echo "!! $name found a crash (see $log and $build/fuzz-crashes/)"
        status=1
    fi
    grep -E '^(stat::|#[0-9]+ +DONE)' "$log" || true
    # Minimise: the smallest set of inputs with the same coverage, the committed corpus replaced.
    merged="$build/merged/$name"
    rm -rf "$merged" && mkdir -p "$merged"
    nice -n 19 "$fuzzer" -merge=1 -timeout=10 -rss_limit_mb=2048 "$merged" "$corpus" "$seeds" "$work" >"$build/logs/$name.merge.log" 2>&1
    find "$corpus" -type f -delete
    cp "$merged"/* "$corpus"/
    echo "   corpus: $(find "$corpus" -type f | wc -l) files, $(du -sk "$corpus" | cut -f1) KiB"
done
exit $status
