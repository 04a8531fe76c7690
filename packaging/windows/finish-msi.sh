#!/usr/bin/env bash
# Completes an MSI compiled by wixl from aidants-connect.wxs with what wixl cannot express
# (see the .wxs header): the IniFile rows that write the machine configuration the client reads
# (%ProgramData%\aidants-connect\aidants-connect.ini, [General]), each component's condition
# (its property is set) and the public properties in SecureCustomProperties.
# usage: finish-msi.sh FILE.msi
set -euo pipefail
msi=$(realpath "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The IniFile table (MSI SDK): an .idt file, tab-separated, three header rows.
{
    printf 'IniFile\tFileName\tDirProperty\tSection\tKey\tValue\tAction\tComponent_\r\n'
    printf 's72\tl255\tS72\tl96\tl128\tl255\ti2\ts72\r\n'
    printf 'IniFile\tIniFile\r\n'
    # Action 0: msidbIniFileActionAddLine (creates or replaces the key).
    printf 'IniServerUrl\taidants-connect.ini\tMachineConfigDir\tGeneral\tserver_url\t[SERVER_URL]\t0\tMachineServerUrl\r\n'
    printf 'IniCaFile\taidants-connect.ini\tMachineConfigDir\tGeneral\tca_certificate_file\t[CA_CERTIFICATE_FILE]\t0\tMachineCaFile\r\n'
    printf 'IniLock\taidants-connect.ini\tMachineConfigDir\tGeneral\tlock_server_url\t[LOCK_SERVER_URL]\t0\tMachineLock\r\n'
} >"$work/IniFile.idt"
(cd "$work" && msibuild "$msi" -i IniFile.idt)

secure=$(msiinfo export "$msi" Property | awk -F'\t' '$1 == "SecureCustomProperties" { print $2 }' | tr -d '\r')
secure=${secure:+$secure;}SERVER_URL\;CA_CERTIFICATE_FILE\;LOCK_SERVER_URL
msibuild "$msi" \
    -q "UPDATE \`Component\` SET \`Condition\` = 'SERVER_URL' WHERE \`Component\` = 'MachineServerUrl'" \
    -q "UPDATE \`Component\` SET \`Condition\` = 'CA_CERTIFICATE_FILE' WHERE \`Component\` = 'MachineCaFile'" \
    -q "UPDATE \`Component\` SET \`Condition\` = 'LOCK_SERVER_URL' WHERE \`Component\` = 'MachineLock'" \
    -q "UPDATE \`Property\` SET \`Value\` = '$secure' WHERE \`Property\` = 'SecureCustomProperties'"
