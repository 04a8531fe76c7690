#!/usr/bin/env bash
# statements-per-login.sh SERVER_BINARY BENCH_LOGIN
# Statements (round trips) per login on PostgreSQL, from the statement log (log_statement=all) of a throw-away
# cluster: bench_login runs 100 then 300 logins with one client; the statements of the serving process's
# connections (those that insert sessions) are counted, and the difference divided by 200. Also prints how
# often each statement ran in the 300-login run. See docs/performance.md § Issue 15.
set -euo pipefail
server=${1:?server binary}
bench=${2:?bench_login binary}
dir=$(mktemp -d)
pgs=$(dirname "$0")/../support/pg-test-server.sh
"$pgs" start "$dir" >/dev/null
trap '"$pgs" stop "$dir" >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT
url=$(cat "$dir/url")
psql "$url" -q -c "ALTER SYSTEM SET log_statement = 'all'" -c "ALTER SYSTEM SET log_line_prefix = '%d|%a|%c|'" \
    -c "SELECT pg_reload_conf()" >/dev/null
export AC_SERVER_BINARY=$server AC_TEST_PG_URL_FILE=$dir/url QT_LOGGING_RULES='ac.*.info=false'
for n in 100 300; do
    "$bench" --backends postgresql --clients 1 --logins $n --warmup 0 --organisations 1 >/dev/null
done
python3 - "$dir/server.log" <<'PY'
import collections, re, sys
databases, sessions = [], collections.defaultdict(lambda: collections.defaultdict(list))
for line in open(sys.argv[1], encoding='utf-8', errors='replace'):
    m = re.match(r'^(ac_test_[0-9a-f]+)\|([^|]*)\|([^|]*)\|LOG:  statement: (.*)$', line.rstrip('\n'))
    if not m or m.group(2) == 'psql':
        continue
    if m.group(1) not in databases:
        databases.append(m.group(1))
    sessions[m.group(1)][m.group(3)].append(m.group(4))
def served(db):  # the serving process's connections: they insert sessions
    return [v for v in sessions[db].values() if any(s.startswith('PREPARE') and 'INSERT INTO sessions' in s for s in v)]
totals = [sum(len(v) for v in served(db)) for db in databases[-2:]]
print('statements per login: %.1f' % ((totals[1] - totals[0]) / 200))
counts = collections.Counter()
for v in served(databases[-1]):
    names = {}
    for s in v:
        p = re.match(r'PREPARE (\w+) AS (.*)', s)
        e = re.match(r'EXECUTE (\w+)', s)
        if p:
            names[p.group(1)] = p.group(2)
        counts['PREPARE' if p else 'DEALLOCATE' if s.startswith('DEALLOCATE') else names.get(e.group(1), s) if e else s] += 1
for s, n in counts.most_common(30):
    print('%6d  %s' % (n, s[:150]))
PY
