#!/usr/bin/env bash
# Source checks the compiler cannot make on Qt 6.4 (run by tools/dev/test.sh before the build):
# - every C++ file is formatted as .clang-format says (clang-format 14, Debian 12);
# - no connect() to a lambda without a context object (Qt 6.4 has no QT_NO_CONTEXTLESS_CONNECT):
#   a lambda connected without one outlives the object it captures.
set -euo pipefail
cd "$(dirname "$0")/../.."
mapfile -t sources < <(git ls-files '*.cpp' '*.h')
status=0
if ! clang-format --dry-run --Werror "${sources[@]}" 2>/tmp/clang-format.$$; then
    echo "Unformatted C++ (run: clang-format -i \$(git ls-files '*.cpp' '*.h')):" >&2
    grep -o '^[^:]*\.\(cpp\|h\)' /tmp/clang-format.$$ | sort -u >&2
    status=1
fi
rm -f /tmp/clang-format.$$
python3 - "${sources[@]}" <<'PY' || status=1
import re, sys
contextless = re.compile(r'\bconnect\(\s*([^,;()]+(?:\([^()]*\))?)\s*,\s*(&[\w:]+)\s*,\s*\[', re.S)
found = False
for path in sys.argv[1:]:
    text = open(path, encoding='utf-8').read()
    for m in contextless.finditer(text):
        found = True
        print(f"{path}:{text.count(chr(10), 0, m.start()) + 1}: connect() to a lambda without a context object", file=sys.stderr)
sys.exit(1 if found else 0)
PY
exit $status
