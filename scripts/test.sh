#!/usr/bin/env bash
# Builds zkrv three times (release; ASan+UBSan; clang-14 libFuzzer targets) and runs the test suites and
# a short fuzzing session. This is the command README.md gives for running the tests, and the one CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)

echo "== release build and full test suite"
cmake --preset release
cmake --build --preset release -j "$jobs"
ctest --preset release -j "$jobs" --no-tests=error

echo "== sanitizer build (ASan + UBSan) and the tests labelled 'sanitize'"
cmake --preset sanitize
cmake --build --preset sanitize -j "$jobs" --target zkrv_sanitize_tests
ctest --preset sanitize -j "$jobs" --no-tests=error

echo "== libFuzzer targets (ELF loader, receipt decoder, STARK verifier), 20 s each"
scripts/fuzz.sh 20
