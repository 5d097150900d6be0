#!/usr/bin/env bash
# End-to-end benchmark of proving in segments (docs/sizing.md, "Many segments"): the SHA-256 guest over
# N KiB of random input (default 600 KiB, ~2^25 cycles) proved with `zkrv prove --segment-po2 K` for each
# K given (default 18 19 20), then verified against the image ID. Prints one JSON line per K with
# cycles, segments, kHz, peak RSS (the prover's own, from --stats), receipt bytes and verify ms.
# Usage: scripts/bench-segments.sh [build dir] [KiB] [K...]   (build the release preset first)
set -euo pipefail
build=${1:-build/release}
kib=${2:-600}
shift $(( $# > 2 ? 2 : $# ))
po2s=("$@")
[ ${#po2s[@]} -eq 0 ] && po2s=(18 19 20)
zkrv=$build/cli/zkrv
elf=$build/guests/bin/sha256.elf
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
head -c $((kib * 1024)) /dev/urandom > "$work/input.bin"
id=$("$zkrv" image-id "$elf")
for k in "${po2s[@]}"; do
  "$zkrv" prove "$elf" --input "$work/input.bin" -o "$work/r.receipt" --stats "$work/s.json" -q --segment-po2 "$k"
  t0=$(date +%s%N)
  "$zkrv" verify "$work/r.receipt" --image-id "$id" > /dev/null 2>&1
  t1=$(date +%s%N)
  python3 - "$work/s.json" "$k" $(( (t1 - t0) / 1000000 )) <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
print(json.dumps({"segment_po2": int(sys.argv[2]), "cycles": s["cycles"], "segments": s["segments"],
                  "prove_khz": round(s["prove_khz"], 1), "peak_rss_gib": round(s["peak_rss_bytes"] / 2**30, 2),
                  "receipt_bytes": s["receipt_bytes"], "verify_ms": int(sys.argv[3]),
                  "committed_cells_per_cycle": round(s["committed_cells_per_cycle"], 1),
                  "security_bits_conjectured": round(s["security_bits_conjectured"], 1)}))
PY
done
