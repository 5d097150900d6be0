#!/usr/bin/env bash
# Builds the libFuzzer targets (preset 'fuzz': clang-14, ASan + UBSan) and runs each for a bounded time.
#   scripts/fuzz.sh [seconds per target, default 20]
# Corpora live in build/fuzz/corpus/<target> (kept between runs; not in git). A crash leaves its input
# as crash-* in the working directory and makes this script fail.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
targets=(fuzz_elf_loader fuzz_receipt fuzz_stark_verify)

cmake --preset fuzz
cmake --build --preset fuzz -j "$(nproc)" --target "${targets[@]}"
mkdir -p build/fuzz/corpus/fuzz_elf_loader
# Seeds: the example guests of a release build (real ELFs reach deeper than random bytes).
if compgen -G "build/release/guests/bin/*.elf" > /dev/null; then
  cp -n build/release/guests/bin/*.elf build/fuzz/corpus/fuzz_elf_loader/
fi
for t in "${targets[@]}"; do
  corpus=build/fuzz/corpus/$t
  mkdir -p "$corpus"
  echo "== $t for ${seconds}s"
  "build/fuzz/fuzz/$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 \
    "$corpus" 2>&1 | grep -E "^(#[0-9]+ +DONE|stat::number_of_executed_units|==[0-9]+==ERROR|SUMMARY)" || true
  test "${PIPESTATUS[0]}" -eq 0
done
