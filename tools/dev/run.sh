#!/usr/bin/env bash
# Runs the product locally: installs what it needs, builds, starts the sync server on its embedded
# SQLite store with demo data (on first run), the FranceConnect simulator, then the desktop client.
# Works under xvfb-run too.
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
# Secrets of this demo installation, made once: the FranceConnect client secret and the sub salt.
[ -f "$demo/secrets" ] || { umask 077; printf 'fc_secret=%s\nsub_salt=%s\n' "$(openssl rand -hex 32)" "$(openssl rand -hex 32)" >"$demo/secrets"; }
grep -q '^idp_secret=' "$demo/secrets" || printf 'idp_secret=%s\n' "$(openssl rand -hex 32)" >>"$demo/secrets"
fc_secret=$(sed -n 's/^fc_secret=//p' "$demo/secrets")
sub_salt=$(sed -n 's/^sub_salt=//p' "$demo/secrets")
idp_secret=$(sed -n 's/^idp_secret=//p' "$demo/secrets")
# Our identity provider's id_token signing key (ES256), made once.
[ -f "$demo/idp-key.pem" ] || (umask 077; openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$demo/idp-key.pem" 2>/dev/null)

# FranceConnect's registration at our identity provider (« Vous êtes un aidant professionnel »); the
# simulator reads this file at each use, so it is completed below once its own URL is known.
write_fc_idp() {
    local logout=""
    [ -z "$1" ] || logout=$(printf ', "post_logout_redirect_uri": "%s"' "$1")
    printf '{"issuer": "http://127.0.0.1:%s", "client_id": "franceconnect-demo", "client_secret": "%s", "id_token_signed_response_alg": "ES256"%s}\n' \
        "$port" "$idp_secret" "$logout" >"$demo/fc-aidants-connect.json"
}
write_fc_idp ""

# The FranceConnect simulator, registered with our exact callback URLs (as FranceConnect would be).
cat >"$demo/fc-clients.json" <<JSON
[{"client_id": "aidants-connect-demo", "client_secret": "$fc_secret",
  "redirect_uris": ["http://127.0.0.1:$port/fc/callback"],
  "post_logout_redirect_uris": ["http://127.0.0.1:$port/fc/logout-callback"]}]
JSON
node tools/franceconnect-sim/server.mjs --host 127.0.0.1 --port 0 --clients "$demo/fc-clients.json" \
    --aidants-connect "$demo/fc-aidants-connect.json" >"$demo/fc-sim.out" 2>"$demo/fc-sim.log" &
sim_pid=$!
pids=$sim_pid
trap 'kill $pids 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
    grep -q "listening on" "$demo/fc-sim.out" && break
    kill -0 $sim_pid 2>/dev/null || { cat "$demo/fc-sim.log"; exit 1; }
    sleep 0.1
done
fc_issuer=$(sed -n 's/^listening on //p' "$demo/fc-sim.out")
write_fc_idp "$fc_issuer/aidants-connect/logged-out"
fc_origin=${fc_issuer%/api/v2}

# A mail relay on loopback that keeps what it receives in build/demo/mail (the usagers' notices).
mkdir -p "$demo/mail"
/usr/bin/python3 tests/support/smtp-sink.py --port 0 --dir "$demo/mail" >"$demo/smtp.out" 2>"$demo/smtp.log" &
pids="$pids $!"
for _ in $(seq 1 50); do grep -q "listening on" "$demo/smtp.out" && break; sleep 0.1; done
smtp_port=$(sed -n 's/^listening on //p' "$demo/smtp.out")

# The demo's OTP seed key (kept with the demo database: deleting build/demo starts both over).
if [ ! -f "$demo/seed.key" ]; then
    (umask 077 && openssl rand -base64 32 >"$demo/seed.key")
fi

cat >"$demo/server.conf" <<CONF
[http]
address=127.0.0.1
port=$port

[database]
driver=sqlite
sqlite_path=aidants-connect.sqlite3

[service]
sub_salt=$sub_salt

[franceconnect]
base_url=$fc_issuer
client_id=aidants-connect-demo
client_secret=$fc_secret

[identity_provider]
client_id=franceconnect-demo
client_secret=$idp_secret
redirect_uris=$fc_issuer/aidants-connect/callback
post_logout_redirect_uris=$fc_issuer/aidants-connect/logged-out
id_token_alg=ES256
signing_key=idp-key.pem

[smtp]
url=smtp://127.0.0.1:$smtp_port

[security]
seed_key_file=seed.key
CONF
if [ ! -f "$demo/aidants-connect.sqlite3" ]; then
    "$server" demo-data --config "$demo/server.conf" --seeds-file "$demo/demo-cards.txt"
fi
printf '[General]\nserver_url=http://127.0.0.1:%s\ndemarche_shortcuts="Démo démarche en ligne|%s/demo/"\n' "$port" "$fc_origin" \
    >"$demo/client/user.conf"

"$server" serve --config "$demo/server.conf" >"$demo/server.log" 2>&1 &
server_pid=$!
pids="$pids $server_pid"
for _ in $(seq 1 50); do
    grep -q "listening on" "$demo/server.log" && break
    kill -0 $server_pid 2>/dev/null || { cat "$demo/server.log"; exit 1; }
    sleep 0.2
done
echo "Server: $(grep 'listening on' "$demo/server.log")"
echo "FranceConnect simulator: $fc_issuer (test identities: login 'test', password 123; see tools/franceconnect-sim/README.md)"
echo "Demo aidants and free cards (email, card, seed): $demo/demo-cards.txt; Espace référent: sophie.referente@demo.aidantsconnect.fr"
echo "Démarche demo site: $fc_origin/demo/ (« Réaliser une démarche »); usagers' email notices land in $demo/mail"
echo "Current code of a card: oathtool --totp -s 60 \$(awk '/camille/{print \$3}' $demo/demo-cards.txt)"
# Chromium's sandbox (Qt WebEngine) cannot run as root: only then is it disabled.
[ "$(id -u)" != 0 ] || export QTWEBENGINE_DISABLE_SANDBOX=1
# The offline cache's key lives in the OS keychain (Secret Service). Without a desktop session (xvfb-run,
# a container), a private D-Bus session with a demo keyring under build/demo stands in for it.
if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ] && command -v dbus-run-session >/dev/null; then
    mkdir -p -m 700 "$demo/keyring-home" "$demo/keyring-home/runtime"
    env HOME="$demo/keyring-home" XDG_RUNTIME_DIR="$demo/keyring-home/runtime" AC_CONFIG_DIR="$demo/client" \
        dbus-run-session -- sh -c 'printf demo | gnome-keyring-daemon --unlock --components=secrets >/dev/null; exec "$@"' \
        sh "$client" "$@"
else
    AC_CONFIG_DIR="$demo/client" "$client" "$@"
fi
