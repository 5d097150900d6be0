#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine, builds zkrv and runs the SHA-256 example guest on a sample input.
# (Once proving lands, this proves and verifies it instead.)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset release
cmake --build --preset release -j "$(nproc)"
zkrv=build/release/cli/zkrv
guests=build/release/guests/bin
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== fibonacci(40) mod 2^32"
printf '\x28\x00\x00\x00' > "$work/n.bin"
"$zkrv" run "$guests/fibonacci.elf" --input "$work/n.bin" --journal "$work/fib.journal"
od -An -tu4 "$work/fib.journal"

echo "== SHA-256 of 1 MiB inside the VM, compared with sha256sum"
head -c 1048576 /dev/urandom > "$work/data.bin"
"$zkrv" run "$guests/sha256.elf" --input "$work/data.bin" --journal "$work/sha.journal" --stats "$work/stats.json"
echo "guest:     $(od -An -tx1 -v "$work/sha.journal" | tr -d ' \n')"
echo "sha256sum: $(sha256sum "$work/data.bin" | cut -d' ' -f1)"
cat "$work/stats.json"
