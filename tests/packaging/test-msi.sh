#!/usr/bin/env bash
# The Windows MSI source compiles with wixl (Debian's msitools) and the MSI carries what IT relies
# on: per-machine, the French language, the upgrade code, the public property SERVER_URL written
# to the machine configuration the client reads on Windows (IniFile %ProgramData%\aidants-connect\
# aidants-connect.ini [General] server_url, only when set), the Start menu shortcut.
# The executable is a stand-in: only the MSI's tables are checked, not an installation.
# usage: test-msi.sh SOURCE_DIR VERSION
set -euo pipefail
src=$(realpath "$1")
version=$2
for tool in wixl msiinfo msibuild; do
    command -v "$tool" >/dev/null || { echo "FAIL: $tool missing (tools/dev/install-deps.sh installs msitools and wixl)"; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/client"
printf 'MZ stand-in\n' >"$work/client/aidants-connect.exe"
cp "$src/resources/icons/aidants-connect.png" "$work/client/aidants-connect.ico"
# wixl resolves SourceDir against the current directory and refuses absolute paths there.
(cd "$work" && wixl -a x64 -D SourceDir=client -D Version="$version" -o aidants-connect.msi \
    "$src/packaging/windows/aidants-connect.wxs")
"$src/packaging/windows/finish-msi.sh" "$work/aidants-connect.msi"

failures=0
table() { msiinfo export "$work/aidants-connect.msi" "$1" | tr -d '\r'; }
expect() { # expect DESCRIPTION TABLE EXTENDED-REGEX
    if table "$2" | grep -Eq -- "$3"; then
        echo "ok: $1"
    else
        echo "FAIL: $1: no row of $2 matches $3"
        table "$2" || true
        failures=$((failures + 1))
    fi
}
expect "per-machine install" Property $'^ALLUSERS\t1$'
expect "French product language" Property $'^ProductLanguage\t1036$'
expect "product version" Property "^ProductVersion"$'\t'"${version//./\\.}\$"
expect "upgrade code" Property $'^UpgradeCode\t\\{6B0F2C4E-3A5D-4E7B-9C21-8F4D2A7E1B93\\}$'
expect "major upgrade" Upgrade $'^\\{6B0F2C4E-3A5D-4E7B-9C21-8F4D2A7E1B93\\}'
expect "SERVER_URL is a secure public property" Property $'^SecureCustomProperties\t(.*;)?SERVER_URL(;|$)'
expect "SERVER_URL remembered from the registry" RegLocator $'^RememberedServerUrl\t2\tSOFTWARE\\\\aidants-connect\\\\Installer\tserver_url\t'
expect "AppSearch fills SERVER_URL" AppSearch $'^SERVER_URL\tRememberedServerUrl$'
expect "machine configuration directory %ProgramData%\\aidants-connect" Directory $'^MachineConfigDir\tCommonAppDataFolder\taidants-connect$'
expect "server_url written to aidants-connect.ini [General]" IniFile $'^IniServerUrl\taidants-connect.ini\tMachineConfigDir\tGeneral\tserver_url\t\\[SERVER_URL\\]\t0\tMachineServerUrl$'
expect "ca_certificate_file written" IniFile $'\tGeneral\tca_certificate_file\t\\[CA_CERTIFICATE_FILE\\]\t0\t'
expect "lock_server_url written" IniFile $'\tGeneral\tlock_server_url\t\\[LOCK_SERVER_URL\\]\t0\t'
expect "server_url written only when SERVER_URL is set" Component $'^MachineServerUrl\t[^\t]*\tMachineConfigDir\t[0-9]+\tSERVER_URL\t'
expect "SERVER_URL kept in HKLM for upgrades" Registry $'\t2\tSOFTWARE\\\\aidants-connect\\\\Installer\tserver_url\t\\[SERVER_URL\\]\tMachineServerUrl$'
expect "INI values written" InstallExecuteSequence $'^WriteIniValues\t'
expect "INI values removed on uninstall" InstallExecuteSequence $'^RemoveIniValues\t'
expect "Start menu shortcut to the executable" Shortcut $'^AidantsConnectShortcut\tProgramMenuFolder\tAidants Connect\tStartMenuShortcut\t\\[INSTALLDIR\\]aidants-connect.exe\t'
expect "executable in Program Files" Directory $'^INSTALLDIR\tProgramFiles64Folder\tAidants Connect$'
expect "executable file" File $'\taidants-connect.exe\t'
if [ "$failures" -ne 0 ]; then
    echo "$failures check(s) failed"
    exit 1
fi
echo "all MSI checks passed"
