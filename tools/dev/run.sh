#!/usr/bin/env bash
# Runs the product locally: installs what it needs, builds, starts the sync server on its embedded
# SQLite store with demo data (on first run), then the desktop client. Works under xvfb-run too.
# Demo state lives in build/demo (delete it to start over); the demo cards' seeds are in
# build/demo/demo-cards.txt (see the README for the current code of a card).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
tools/dev/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target aidants-connect-server aidants-connect

demo=$root/build/demo
server=$root/build/release/sync-server/aidants-connect-server
client=$root/build/release/ui/aidants-connect
port=${AC_DEMO_PORT:-8080}
mkdir -p "$demo/client"
cat >"$demo/server.conf" <<CONF
[http]
address=127.0.0.1
port=$port

[database]
driver=sqlite
sqlite_path=aidants-connect.sqlite3
CONF
if [ ! -f "$demo/aidants-connect.sqlite3" ]; then
    "$server" demo-data --config "$demo/server.conf" --seeds-file "$demo/demo-cards.txt"
fi
printf '[General]\nserver_url=http://127.0.0.1:%s\n' "$port" >"$demo/client/user.conf"

"$server" serve --config "$demo/server.conf" >"$demo/server.log" 2>&1 &
server_pid=$!
trap 'kill $server_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do
    grep -q "listening on" "$demo/server.log" && break
    kill -0 $server_pid 2>/dev/null || { cat "$demo/server.log"; exit 1; }
    sleep 0.2
done
echo "Server: $(grep 'listening on' "$demo/server.log")"
echo "Demo aidants (email, card, seed): $demo/demo-cards.txt"
echo "Current code of a card: oathtool --totp -s 60 \$(awk '/camille/{print \$3}' $demo/demo-cards.txt)"
AC_CONFIG_DIR="$demo/client" "$client" "$@"
