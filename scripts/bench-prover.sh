#!/usr/bin/env bash
# The prover's benchmark (issue "Prover speed"): SHA-256 of 16 KiB (~0.93 M cycles) and matmul n = 48
# (the multiply-heavy guest, ~1.04 M cycles) proved with `zkrv prove --stats` at each segment size K
# given (default 18 20), R times each (default 5). Prints one JSON line per guest and K with the medians:
# kHz, seconds per STARK phase, the cost model's efficiency per phase (modeled / measured seconds, see
# docs/proof-system.md), peak RSS, proof bytes, committed cells per cycle.
# Usage: scripts/bench-prover.sh [build dir] [R] [K...]   (build the release preset first)
# ZKRV_BENCH_CONFIG=NAME proves under that named configuration instead of the default (the
# zero-knowledge zkrv-fri-b2-zk-v1); e.g. zkrv-fri-b2-v2 for the integrity-only one.
set -euo pipefail
build=${1:-build/release}
runs=${2:-5}
shift $(( $# > 2 ? 2 : $# ))
po2s=("$@")
[ ${#po2s[@]} -eq 0 ] && po2s=(18 20)
zkrv=$build/cli/zkrv
config_args=()
[ -n "${ZKRV_BENCH_CONFIG:-}" ] && config_args=(--config "$ZKRV_BENCH_CONFIG")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
head -c 16384 /dev/urandom > "$work/sha.bin"
printf '\x30\x00\x00\x00\x01\x00\x00\x00' > "$work/matmul.bin"  # n = 48, seed = 1
for guest in sha256 matmul; do
  input=$work/sha.bin
  [ "$guest" = matmul ] && input=$work/matmul.bin
  for k in "${po2s[@]}"; do
    for r in $(seq "$runs"); do
      "$zkrv" prove "$build/guests/bin/$guest.elf" --input "$input" -o "$work/r.receipt" -q --segment-po2 "$k" \
        --stats "$work/s$r.json" ${config_args[@]+"${config_args[@]}"}
    done
    python3 - "$guest" "$k" "$work" "$runs" <<'PY'
import json, statistics, sys
guest, k, work, runs = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
stats = [json.load(open(f"{work}/s{r}.json")) for r in range(1, runs + 1)]
med = lambda f: statistics.median(f(s) for s in stats)
phases = ["main_commit", "logup", "quotient", "openings", "fri"]
print(json.dumps({
    "guest": guest, "config": stats[0]["config"], "zero_knowledge": stats[0]["zero_knowledge"], "segment_po2": k, "runs": runs, "cycles": stats[0]["cycles"], "segments": stats[0]["segments"],
    "prove_khz": round(med(lambda s: s["prove_khz"]), 1),
    "prove_khz_min_max": [round(min(s["prove_khz"] for s in stats), 1), round(max(s["prove_khz"] for s in stats), 1)],
    "seconds": {p: round(med(lambda s: s[p + "_seconds"]), 2) for p in ["trace", "execute"] + phases + ["stark"]},
    "model_seconds": {p: round(med(lambda s: s["model_seconds"][p]), 2) for p in phases + ["stark"]},
    "model_efficiency": {p: round(med(lambda s: s["model_efficiency"][p]), 2) for p in phases + ["stark"]},
    "peak_rss_gib": round(med(lambda s: s["peak_rss_bytes"]) / 2**30, 2),
    "proof_bytes": stats[0]["proof_bytes"], "proof_bytes_per_segment": stats[0]["proof_bytes"] // stats[0]["segments"],
    "committed_cells_per_cycle": round(stats[0]["committed_cells_per_cycle"], 1)}))
PY
  done
done
