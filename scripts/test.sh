#!/usr/bin/env bash
# The command README.md gives for running the tests, and the one CI runs (.ci/run). It first copies the
# tree (the files git tracks, plus new ones it does not ignore) into an empty temporary directory and
# works there, so a build or test that reads anything outside the repository fails here as it would in
# a user's clone. Then: the release build and every test; the installed package, `zkrv new` and the
# Debian package (scripts/test-install.sh); an ASan + UBSan build running the tests labelled
# 'sanitize'; 20 s of libFuzzer on each fuzz target. ZKRV_TEST_IN_PLACE=1 skips the copy (faster
# incremental runs for developers; not what CI does).
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
jobs=$(nproc)

if [ "${ZKRV_TEST_IN_PLACE:-0}" != 1 ]; then
  scratch=$(mktemp -d -t zkrv-test.XXXXXX)
  trap 'rm -rf "$scratch"' EXIT
  mkdir "$scratch/zkrv"
  if git -C "$src" rev-parse --is-inside-work-tree > /dev/null 2>&1; then
    (cd "$src" && git ls-files -z --cached --others --exclude-standard \
       | while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done \
       | tar --null -T - -cf -) | tar -xf - -C "$scratch/zkrv"
  else
    tar -C "$src" --exclude='./build*' -cf - . | tar -xf - -C "$scratch/zkrv"
  fi
  echo "== testing a copy of the tree, alone in an empty directory: $scratch/zkrv"
  cd "$scratch/zkrv"
else
  cd "$src"
fi

echo "== release build and full test suite"
cmake --preset release
cmake --build --preset release -j "$jobs"
ctest --preset release -j "$jobs" --no-tests=error

echo "== installed package, zkrv new, examples/host, Debian package"
scripts/test-install.sh build/release

echo "== sanitizer build (ASan + UBSan) and the tests labelled 'sanitize'"
cmake --preset sanitize
cmake --build --preset sanitize -j "$jobs" --target zkrv_sanitize_tests
ctest --preset sanitize -j "$jobs" --no-tests=error

echo "== libFuzzer targets (ELF loader, receipt decoder, STARK verifier), 20 s each"
scripts/fuzz.sh 20
