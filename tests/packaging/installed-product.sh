#!/usr/bin/env bash
# Tests the product as IT installs it (packaging/README.md): builds both .deb with CPack from a built
# tree, runs lintian (errors fail), installs them with apt-get (declared dependencies really resolved),
# starts the INSTALLED server as its service account with the INSTALLED configuration (SQLite under
# /var/lib, the packaged seed key), loads demo data with the installed admin command, logs an aidant
# in, creates a mandat through the API (FranceConnect simulator) and syncs it, checks the journal
# as the admin would, runs the INSTALLED client
# under a fresh empty HOME (--version, --help, and an aidant's session driven through AT-SPI: login,
# « Mes mandats » shows the usager, logout removes the cache), and removes (purges) the packages at the end, even on failure.
# Root only (it installs packages); no systemd in CI containers: ExecStart is run with setpriv as
# the service account.
# usage: installed-product.sh BUILD_DIR
set -euo pipefail
build=$(realpath "$1")
[ "$(id -u)" = 0 ] || { echo "installed-product.sh: needs root (apt-get install); skipped"; exit 0; }
src=$(realpath "$(dirname "$0")/../..")
work=$(mktemp -d)
chmod 755 "$work"
server_pid=
xvfb_pid=
sim_pid=
port=${AC_INSTALLED_TEST_PORT:-18080}
user=aidants-connect-server
conf=/etc/aidants-connect-server/aidants-connect-server.conf

cleanup() {
    status=$?
    [ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null || true
    [ -z "$server_pid" ] || wait "$server_pid" 2>/dev/null || true
    [ -z "$sim_pid" ] || kill "$sim_pid" 2>/dev/null || true
    [ -z "$xvfb_pid" ] || kill "$xvfb_pid" 2>/dev/null || true
    DEBIAN_FRONTEND=noninteractive apt-get purge -y -q aidants-connect aidants-connect-server >/dev/null 2>&1 || true
    # What purge keeps on purpose (the database and the seed key go together) and the account.
    rm -rf /var/lib/aidants-connect-server /etc/aidants-connect-server
    if getent passwd "$user" >/dev/null; then deluser --quiet --system "$user" >/dev/null 2>&1 || true; fi
    if getent group "$user" >/dev/null; then delgroup --quiet --system "$user" >/dev/null 2>&1 || true; fi
    rm -rf "$work"
    [ "$status" = 0 ] && echo "installed-product: all checks passed" || echo "installed-product: FAILED"
    exit "$status"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
ok() { echo "ok: $*"; }

if dpkg-query -W -f='${Status}' aidants-connect-server 2>/dev/null | grep -q installed \
    || dpkg-query -W -f='${Status}' aidants-connect 2>/dev/null | grep -q installed; then
    trap - EXIT
    fail "aidants-connect packages already installed on this machine: not touching them"
fi

# 1. Packages and lintian.
(cd "$build" && cpack -G DEB -B "$work/deb" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; fail "cpack"; }
debs=("$work"/deb/aidants-connect_*.deb "$work"/deb/aidants-connect-server_*.deb)
for d in "${debs[@]}"; do [ -f "$d" ] || fail "no package $d"; done
ok "cpack built $(basename "${debs[0]}") and $(basename "${debs[1]}")"
# Linked libraries come from dpkg-shlibdeps: the Statistiques chart's Qt Charts among them.
dpkg-deb -f "${debs[0]}" Depends | grep -q 'libqt6charts6' || fail "the client package does not depend on libqt6charts6"
lintian --allow-root --fail-on error "${debs[@]}" | tee "$work/lintian.log" || fail "lintian reported errors"
ok "lintian: no errors ($(grep -c '^W:' "$work/lintian.log" || true) warnings, justified in packaging/README.md)"

# 2. Installation with the dependencies resolved by apt.
DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${debs[@]}" >"$work/apt.log" 2>&1 || { tail -30 "$work/apt.log"; fail "apt-get install"; }
ok "apt-get install"
getent passwd "$user" >/dev/null || fail "no system account $user"
[ "$(stat -c '%a %U:%G' $conf)" = "640 root:$user" ] || fail "$conf is $(stat -c '%a %U:%G' $conf)"
[ "$(stat -c '%a %U' /var/lib/aidants-connect-server)" = "750 $user" ] || fail "state directory $(stat -c '%a %U' /var/lib/aidants-connect-server)"
[ "$(stat -c '%a %U' /etc/aidants-connect-server/seed.key)" = "600 $user" ] || fail "seed key $(stat -c '%a %U' /etc/aidants-connect-server/seed.key)"
grep -qx /etc/aidants-connect-server/aidants-connect-server.conf /var/lib/dpkg/info/aidants-connect-server.conffiles || fail "server configuration is not a conffile"
grep -qx /etc/xdg/aidants-connect/aidants-connect.ini /var/lib/dpkg/info/aidants-connect.conffiles || fail "client configuration is not a conffile"
ok "account, configuration 640 root:$user, state directory 750, seed key 600, conffiles"
for f in /usr/share/man/man1/aidants-connect.1.gz /usr/share/man/man1/aidants-connect-server.1.gz \
    /usr/share/applications/aidants-connect.desktop /usr/share/metainfo/fr.gouv.aidantsconnect.Counter.metainfo.xml \
    /usr/share/icons/hicolor/48x48/apps/aidants-connect.png /usr/share/icons/hicolor/scalable/apps/aidants-connect.svg \
    /lib/systemd/system/aidants-connect-server.service; do
    [ -s "$f" ] || fail "$f not installed"
done
man -P cat aidants-connect-server 2>/dev/null | grep -q 'journal verify' || fail "man aidants-connect-server"
desktop-file-validate /usr/share/applications/aidants-connect.desktop || fail "installed desktop entry"
appstreamcli validate --no-net /usr/share/metainfo/fr.gouv.aidantsconnect.Counter.metainfo.xml >/dev/null || fail "installed metainfo"
systemd-analyze verify /lib/systemd/system/aidants-connect-server.service || fail "systemd-analyze verify of the installed unit"
ok "man pages, desktop entry, metainfo, icons, unit (systemd-analyze verify: $(systemd-analyze security --offline=true /lib/systemd/system/aidants-connect-server.service 2>/dev/null | tail -n 1 | sed 's/.*: //'))"

# 3. The installed server, as the service runs it (ExecStart, as the service account), registered
# at the FranceConnect simulator (tools/franceconnect-sim) as IT would register it at FranceConnect.
base=http://127.0.0.1:$port
! curl -s -o /dev/null "$base/" || fail "port $port is in use (set AC_INSTALLED_TEST_PORT to a free one)"
fc_secret=$(openssl rand -hex 32)
cat >"$work/fc-clients.json" <<JSON
[{"client_id": "aidants-connect-installed", "client_secret": "$fc_secret",
  "redirect_uris": ["$base/fc/callback"], "post_logout_redirect_uris": ["$base/fc/logout-callback"]}]
JSON
node "$src/tools/franceconnect-sim/server.mjs" --host 127.0.0.1 --port 0 --clients "$work/fc-clients.json" \
    >"$work/fc-sim.out" 2>"$work/fc-sim.log" &
sim_pid=$!
for _ in $(seq 1 100); do
    grep -q "listening on" "$work/fc-sim.out" && break
    kill -0 "$sim_pid" 2>/dev/null || { cat "$work/fc-sim.log"; fail "the FranceConnect simulator exited"; }
    sleep 0.1
done
fc_issuer=$(sed -n 's/^listening on //p' "$work/fc-sim.out")
[ -n "$fc_issuer" ] || fail "the FranceConnect simulator does not listen"
sed -i -e "s/^port=8080$/port=$port/" \
    -e "s|^;base_url=https://fcp-low.*|base_url=$fc_issuer|" \
    -e "0,/^;client_id=$/s//client_id=aidants-connect-installed/" \
    -e "0,/^;client_secret=$/s//client_secret=$fc_secret/" \
    -e "s/^;sub_salt=$/sub_salt=$(openssl rand -hex 32)/" "$conf"
{ grep -q "^base_url=$fc_issuer$" "$conf" && grep -q '^client_id=aidants-connect-installed$' "$conf" \
    && grep -q '^sub_salt=[0-9a-f]\{64\}$' "$conf"; } || fail "could not set the FranceConnect keys in $conf"
exec_start=$(sed -n 's/^ExecStart=//p' /lib/systemd/system/aidants-connect-server.service)
[ "$(aidants-connect-server --version)" = "aidants-connect-server $(dpkg-query -W -f='${Version}' aidants-connect-server)" ] || fail "server --version"
cd /var/lib/aidants-connect-server
# setpriv execs (no intermediate process, unlike runuser), so SIGTERM reaches the server as under systemd.
# shellcheck disable=SC2086 # ExecStart's words
setpriv --reuid="$user" --regid="$user" --init-groups --no-new-privs --inh-caps=-all -- $exec_start >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
for _ in $(seq 1 100); do
    grep -q "listening on" "$work/server.out" && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.err"; fail "the installed server exited"; }
    sleep 0.1
done
grep -q "listening on http://127.0.0.1:$port" "$work/server.out" || { cat "$work/server.err"; fail "the installed server does not listen"; }
[ -f /var/lib/aidants-connect-server/aidants-connect.sqlite3 ] || fail "no SQLite database under /var/lib/aidants-connect-server"
[ "$(stat -c %U /var/lib/aidants-connect-server/aidants-connect.sqlite3)" = "$user" ] || fail "database not owned by $user"
ok "installed server listens on 127.0.0.1:$port, database in /var/lib/aidants-connect-server (migrated at start)"
curl -fsS "$base/api/v1/health" | grep -q '"status":"ok"' || fail "health"

# 4. Demo data with the installed admin command, as the service account; login and sync through the API.
runuser -u "$user" -- aidants-connect-server demo-data --seeds-file /var/lib/aidants-connect-server/demo-cards.txt >/dev/null \
    || fail "demo-data"
email=camille.aidante@demo.aidantsconnect.fr
seed=$(awk -v e="$email" '$1 == e { print $3 }' /var/lib/aidants-connect-server/demo-cards.txt)
[ -n "$seed" ] || fail "no seed for $email in demo-cards.txt"
# The login uses the code of the current step, the signature the next one (codes are single-use;
# the server accepts one step of drift).
code=$(oathtool --totp -s 60 "$seed")
login=$(curl -sS -X POST -H 'Content-Type: application/json' \
    -d "{\"email\":\"$email\",\"code\":\"$code\"}" "$base/api/v1/auth/login")
token=$(printf '%s' "$login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])') || fail "login: $login"
cgu=$(printf '%s' "$login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["current_cgu_version"])')
curl -fsS -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "{\"version\":\"$cgu\"}" "$base/api/v1/me/cgu" >/dev/null || fail "CGU acceptance"
ok "login through the API of the installed server"
# A mandat through the API: draft, the usager's FranceConnect journey (test identity « test »:
# Angela Claire Louise DUBOIS), signature with the aidant's next code.
draft=$(curl -sS -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d '{"demarches":["papiers"],"duration":"SEMESTER","remote":false,"remote_consent_certified":false}' \
    "$base/api/v1/mandat-drafts")
draft_id=$(printf '%s' "$draft" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])') || fail "draft: $draft"
start_url=$(printf '%s' "$draft" | python3 -c 'import json,sys; print(json.load(sys.stdin)["start_url"])')
python3 "$src/tests/packaging/fc-journey.py" "$start_url" test || { tail -20 "$work/server.err"; fail "FranceConnect journey"; }
sign_step=$(($(date +%s) / 60 + 1))
sign_code=$(oathtool --totp -s 60 --now="@$((sign_step * 60))" "$seed")
signed=$(curl -sS -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "{\"code\":\"$sign_code\",\"consents\":{\"information_given\":true,\"remote_written_consent\":false}}" \
    "$base/api/v1/mandat-drafts/$draft_id/sign")
printf '%s' "$signed" | python3 -c 'import json,sys; m = json.load(sys.stdin); assert m["id"], m' || fail "signature: $signed"
ok "mandat created through the API of the installed server (FranceConnect simulator, signed)"
sync=$(curl -fsS -H "Authorization: Bearer $token" "$base/api/v1/sync") || fail "sync"
printf '%s' "$sync" | python3 -c '
import json, sys
page = json.load(sys.stdin)
assert page["reset"] is True and page["organisation"]["name"], page
assert len(page["mandats"]) == 1, page["mandats"]
names = [u.get("family_name") or u.get("last_name") or json.dumps(u) for u in page["usagers"]]
assert any("DUBOIS" in n for n in names), names
print("ok: sync of the installed server lists the mandat and its usager (organisation %s)"
      % page["organisation"]["name"])' || fail "sync answer: $sync"
runuser -u "$user" -- aidants-connect-server journal verify >"$work/journal.out" 2>&1 || { cat "$work/journal.out"; fail "journal verify as the service account"; }
ok "journal verify as $user: $(tail -n 1 "$work/journal.out")"

# 5. The installed client, fresh empty HOME, the machine configuration IT sets.
sed -i "s|^;server_url=.*|server_url=$base|; s|^;lock_server_url=.*|lock_server_url=true|" /etc/xdg/aidants-connect/aidants-connect.ini
home=$(mktemp -d "$work/home.XXXXXX")
client_env=(env -i HOME="$home" PATH=/usr/bin:/bin LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen QTWEBENGINE_DISABLE_SANDBOX=1)
[ "$("${client_env[@]}" aidants-connect --version)" = "aidants-connect $(dpkg-query -W -f='${Version}' aidants-connect)" ] || fail "client --version"
"${client_env[@]}" aidants-connect --help | grep -q -- '--version' || fail "client --help"
# A smoke start: it must come up and stay up (timeout ends it: 124), reading the machine file IT set.
set +e
timeout 8 "${client_env[@]}" QT_LOGGING_RULES='ac.app.settings.debug=true' aidants-connect >"$work/client.out" 2>&1
rc=$?
set -e
[ "$rc" = 124 ] || { cat "$work/client.out"; fail "the installed client exited with $rc in its first 8 seconds"; }
grep -q 'machine settings: "/etc/xdg/aidants-connect/aidants-connect.ini"' "$work/client.out" \
    || { cat "$work/client.out"; fail "the client does not read /etc/xdg/aidants-connect/aidants-connect.ini"; }
grep -q "server: \"$base\"" "$work/client.out" || { cat "$work/client.out"; fail "the client does not use the server_url of the machine configuration"; }
ok "installed client starts under a fresh HOME and uses the server_url of /etc/xdg/aidants-connect/aidants-connect.ini"

# The aidant's session in the installed client, driven through its accessibility tree (AT-SPI) on a
# virtual display, in a fresh empty HOME with a private D-Bus session and keyring: login, « Mes
# mandats » lists the usager of the mandat created above, logout removes the offline cache. The
# code is the step after the signature's (single-use codes; one step of drift is accepted).
home=$(mktemp -d "$work/home.XXXXXX")
gui_code=$(oathtool --totp -s 60 --now="@$(((sign_step + 1) * 60))" "$seed")
# The virtual display: Xvfb writes its display number to fd 3 once it accepts connections (xvfb-run -a
# guesses a free number and was seen to hand the client a display that was not up yet).
Xvfb -displayfd 3 -screen 0 1280x1024x24 -nolisten tcp 3>"$work/display" 2>"$work/xvfb.log" &
xvfb_pid=$!
for _ in $(seq 1 100); do [ -s "$work/display" ] && break; sleep 0.1; done
[ -s "$work/display" ] || { cat "$work/xvfb.log"; fail "Xvfb did not start"; }
timeout 120 env -i HOME="$home" PATH=/usr/bin:/bin LANG=C.UTF-8 XDG_RUNTIME_DIR="$home/runtime" \
    DISPLAY=":$(cat "$work/display")" QTWEBENGINE_DISABLE_SANDBOX=1 QT_LOGGING_RULES='ac.*.debug=true' \
    "$src/tests/packaging/run-client-session.sh" "$src/tests/packaging/drive-client.py" \
    "$email" "$gui_code" DUBOIS "$home/.local/share/aidants-connect/aidants-connect/offline-cache.sqlite" \
    >"$work/gui.out" 2>"$work/gui.err" || { cat "$work/gui.out"; grep -v '^dbus-daemon' "$work/gui.err" | tail -40; fail "the installed client's session"; }
cat "$work/gui.out"
kill "$xvfb_pid" 2>/dev/null || true
xvfb_pid=

# 6. A clean stop (SIGTERM), as systemd stops it.
kill -TERM "$server_pid"
if wait "$server_pid"; then server_pid=; else server_pid=; fail "the server did not stop cleanly on SIGTERM"; fi
ok "SIGTERM stops the installed server with exit code 0"

# 7. Reinstalling (what an upgrade does to the files) keeps IT's configuration, the seed key and the data.
key_sum=$(sha256sum /etc/aidants-connect-server/seed.key)
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --reinstall -o Dpkg::Options::=--force-confold "${debs[@]}" >"$work/apt2.log" 2>&1 \
    || { tail -30 "$work/apt2.log"; fail "apt-get install --reinstall"; }
grep -q "^port=$port$" "$conf" || fail "reinstalling lost the local server configuration"
grep -q "^server_url=$base$" /etc/xdg/aidants-connect/aidants-connect.ini || fail "reinstalling lost the workstation configuration"
[ "$(sha256sum /etc/aidants-connect-server/seed.key)" = "$key_sum" ] || fail "reinstalling replaced the seed key"
[ "$(stat -c '%a %U:%G' $conf)" = "640 root:$user" ] || fail "after reinstalling, $conf is $(stat -c '%a %U:%G' $conf)"
[ -s /var/lib/aidants-connect-server/aidants-connect.sqlite3 ] || fail "reinstalling lost the database"
ok "reinstalling keeps both configurations, the seed key (unchanged), the modes and the database"

# 8. Purging removes the configurations but keeps the database and its seed key (they go together).
DEBIAN_FRONTEND=noninteractive apt-get purge -y -q aidants-connect aidants-connect-server >"$work/apt3.log" 2>&1 \
    || { tail -30 "$work/apt3.log"; fail "apt-get purge"; }
if [ -e "$conf" ] || [ -e /etc/xdg/aidants-connect/aidants-connect.ini ]; then fail "purge left a configuration file"; fi
[ "$(sha256sum /etc/aidants-connect-server/seed.key)" = "$key_sum" ] || fail "purge removed the seed key"
[ -s /var/lib/aidants-connect-server/aidants-connect.sqlite3 ] || fail "purge removed the database"
if [ -e /usr/bin/aidants-connect ] || [ -e /usr/bin/aidants-connect-server ]; then fail "purge left an executable"; fi
ok "purge removes the executables and the configurations, keeps the database and the seed key"
