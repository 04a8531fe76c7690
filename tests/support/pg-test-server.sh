#!/usr/bin/env bash
# Starts or stops a throw-away PostgreSQL cluster for the tests, bound to 127.0.0.1 only.
#   pg-test-server.sh start DIR   -> a new cluster in DIR; writes the admin connection URL to DIR/url
#   pg-test-server.sh stop DIR    -> stops it (fast shutdown: sessions are ended), keeps its data
#   pg-test-server.sh resume DIR  -> starts the stopped cluster again, on the same port
# The port is chosen at random; when another process takes it first ("could not bind"), start
# tries again with another one.
set -euo pipefail
action=${1:?start|stop|resume}
dir=${2:?directory}
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$pgbin/initdb" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }

# initdb refuses to run as root: run the cluster as the postgres user then.
run=()
if [ "$(id -u)" = 0 ]; then run=(runuser -u postgres --); fi

case "$action" in
start)
    if [ -f "$dir/data/postmaster.pid" ]; then "${run[@]}" "$pgbin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true; fi
    rm -rf "$dir"
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    "${run[@]}" "$pgbin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    started=
    for _ in $(seq 1 20); do
        for _ in $(seq 1 50); do
            port=$(shuf -i 20000-60000 -n 1)
            (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
        done
        rm -f "$dir/server.log"
        if "${run[@]}" "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
            -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=300" start >/dev/null; then
            started=1
            break
        fi
        # Someone took the port between the probe and the bind: another port. Anything else is fatal.
        grep -q "could not bind\|Address already in use\|could not create any TCP/IP sockets" "$dir/server.log" \
            || { cat "$dir/server.log" >&2; exit 1; }
        echo "port $port is taken, trying another one" >&2
    done
    [ -n "$started" ] || { cat "$dir/server.log" >&2; exit 1; }
    echo "$port" >"$dir/port"
    echo "postgresql://postgres@127.0.0.1:$port/postgres" >"$dir/url"
    echo "PostgreSQL test server on 127.0.0.1:$port"
    ;;
stop)
    if [ -f "$dir/data/postmaster.pid" ]; then "${run[@]}" "$pgbin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null; fi
    echo "PostgreSQL test server stopped"
    ;;
resume)
    port=$(cat "$dir/port")
    "${run[@]}" "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=300" start >/dev/null \
        || { tail -n 20 "$dir/server.log" >&2; exit 1; }
    echo "PostgreSQL test server resumed on 127.0.0.1:$port"
    ;;
*) echo "usage: $0 start|stop|resume DIR" >&2; exit 2 ;;
esac
