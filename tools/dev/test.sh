#!/usr/bin/env bash
# The whole test suite: installs what it needs, builds from scratch (warnings are errors), runs CTest.
set -euo pipefail
cd "$(dirname "$0")/../.."
tools/dev/install-deps.sh
tools/dev/check-source.sh
rm -rf build/ci
cmake --preset ci
cmake --build --preset ci
ctest --preset ci --output-on-failure
# The product as IT installs it (root only: builds and installs both .deb, removes them at the end).
tests/packaging/installed-product.sh build/ci
# Fuzzing smoke run (docs/security.md § Fuzzing): a clang build of only the libFuzzer targets, each
# run over its committed corpus and then for a few seconds on new inputs.
rm -rf build/ci-fuzz
cmake -S . -B build/ci-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DAC_FUZZ=ON -DAC_WARNINGS_AS_ERRORS=ON
cmake --build build/ci-fuzz
ctest --test-dir build/ci-fuzz --output-on-failure
