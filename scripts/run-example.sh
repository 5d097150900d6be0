#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine, builds zkrv, then proves and verifies two example guests:
# fibonacci(1000) and SHA-256 of 16 KiB of random bytes (its journal compared with sha256sum).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset release
cmake --build --preset release -j "$(nproc)"
zkrv=build/release/cli/zkrv
guests=build/release/guests/bin
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== fibonacci(1000) mod 2^32: prove, then verify against the image ID"
printf '\xe8\x03\x00\x00' > "$work/n.bin"
"$zkrv" prove "$guests/fibonacci.elf" --input "$work/n.bin" -o "$work/fib.receipt"
id=$("$zkrv" image-id "$guests/fibonacci.elf")
echo "image ID: $id"
"$zkrv" verify "$work/fib.receipt" --image-id "$id" --journal "$work/fib.journal"
echo "verified journal: fib(1000) mod 2^32 = $(od -An -tu4 "$work/fib.journal" | tr -d ' ')"

echo "== SHA-256 of 16 KiB inside the VM: prove, inspect, verify; compared with sha256sum"
head -c 16384 /dev/urandom > "$work/data.bin"
"$zkrv" prove "$guests/sha256.elf" --input "$work/data.bin" -o "$work/sha.receipt" --stats "$work/stats.json"
"$zkrv" inspect "$work/sha.receipt"
"$zkrv" verify "$work/sha.receipt" --elf "$guests/sha256.elf" --journal "$work/sha.journal"
proved=$(od -An -tx1 -v "$work/sha.journal" | tr -d ' \n')
expected=$(sha256sum "$work/data.bin" | cut -d' ' -f1)
echo "verified:  $proved"
echo "sha256sum: $expected"
cat "$work/stats.json"
if [ "$proved" != "$expected" ]; then
  echo "MISMATCH: the proved digest differs from sha256sum" >&2
  exit 1
fi
echo "== ok: both receipts verified, and the proved SHA-256 equals sha256sum"
