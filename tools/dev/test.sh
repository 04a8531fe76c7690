#!/usr/bin/env bash
# The whole test suite: installs what it needs, builds from scratch (warnings are errors), runs CTest.
set -euo pipefail
cd "$(dirname "$0")/../.."
tools/dev/install-deps.sh
rm -rf build/ci
cmake --preset ci
cmake --build --preset ci
ctest --preset ci --output-on-failure
