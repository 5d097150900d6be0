// The prover's cost model: how long each phase would take if it ran at the speed of its primitives.
//
// From the proof's shape alone (chips, trace heights, configuration) proof_work() counts what each
// phase of stark/prover.cpp must do: NTT butterflies of the LDEs, Poseidon2 permutations of the Merkle
// trees (width 24 for leaf rows, width 16 for nodes), extension-field multiplications (LogUp
// denominators and inverses, constraint folding, DEEP quotients, FRI folding) and the base-field
// operations of the constraint expressions (counted on the chip's symbolic DAG, air/symbolic.h, each
// shared node once, as the folder evaluates it). measure_primitive_rates() times those primitives on
// every thread, on data that stays in cache, and model_seconds() divides one by the other. The ratio of
// modeled to measured time per phase is how close the prover runs to its own ceiling; what the model
// leaves out (memory traffic beyond the primitives, gathers, page faults, serial steps) is exactly the
// gap it shows.
//
// Counting conventions (per phase, summed over committed matrices and chips):
//   commit of an n x w matrix at blowup B: w (n/2 log n + nB/2 log nB) butterflies (inverse NTT on H,
//     NTT on the coset), nB w base multiplications (coset shift);
//   Merkle tree of a batch, tallest LDE height H: for every height h with rows of total width W_h,
//     h ceil(W_h / 16) width-24 permutations (rate 16); H - 1 node compressions plus h for every
//     height h < H that holds matrices (injection), width 16;
//   LogUp trace of a chip with n rows: per interaction and row, the tuple (len/4 ext mul: base times
//     extension), a batch inversion (3 ext mul) and the multiplicity (1/4); the interaction
//     expressions' base operations; then the commit of its n x 4G permutation trace;
//   quotient of a chip on its n 2^q coset points: its constraint DAG's base operations and one 1/4
//     ext mul per constraint (alpha fold), LogUp per interaction len/4 + 2 ext mul but none for the
//     first of each group, per group 1 (the last one's h is phi' - phi - ...), the division by Z_H
//     (1/4); the inverse NTT of the quotient (4 columns, n 2^q), then the commit of the chunks from
//     their coefficients (no inverse NTT);
//   openings: per matrix and opening point, n w / 4 ext mul (values at the point from H); for the DEEP
//     quotients per matrix nB w / 4 (its columns combined once) and nB per (matrix, point) term (the
//     scaling), and per height and point a batch inversion and the product by it (4 nB);
//   FRI: per folding round on a layer of N values, N ext mul (fold) and the layer's Merkle tree
//     (N / arity rows of 4 arity elements).
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "fri/config.h"
#include "stark/chip.h"

namespace zkrv {

struct PhaseWork {
  double butterflies = 0;   // NTT butterflies, base field, one column each
  double perm24 = 0;        // Poseidon2 width-24 permutations (Merkle leaf rows)
  double perm16 = 0;        // Poseidon2 width-16 permutations (Merkle node compressions)
  double ext_muls = 0;      // extension-field multiplications (a base-times-extension one counts 1/4)
  double base_muls = 0;     // base-field multiplications
  double base_adds = 0;     // base-field additions, subtractions, negations
  PhaseWork& operator+=(const PhaseWork& o) noexcept;
};

struct ProofWork {
  PhaseWork main_commit, logup, quotient, openings, fri;
  ProofWork& operator+=(const ProofWork& o) noexcept;
};

// The work of proving chips[c] on traces of height 2^log_heights[c] under `config`.
ProofWork proof_work(const FriConfig& config, std::span<const Chip> chips, std::span<const unsigned> log_heights);

// Throughput of each primitive on all threads, per second.
struct PrimitiveRates {
  double butterflies = 0, perm24 = 0, perm16 = 0, ext_muls = 0, base_muls = 0, base_adds = 0;
};
// Times each primitive for about `seconds_each` (a few tenths of a second in all with the default), as
// three windows of which the fastest counts.
PrimitiveRates measure_primitive_rates(double seconds_each = 0.06);

// Seconds each phase would take at the primitives' rates.
struct PhaseSeconds {
  double main_commit = 0, logup = 0, quotient = 0, openings = 0, fri = 0;
  double total() const noexcept { return main_commit + logup + quotient + openings + fri; }
};
double model_seconds(const PhaseWork& work, const PrimitiveRates& rates) noexcept;
PhaseSeconds model_seconds(const ProofWork& work, const PrimitiveRates& rates) noexcept;

// Base-field operations of one evaluation of a chip's constraints and interaction expressions (the
// symbolic DAG's distinct mul and add/sub/neg nodes).
struct ExpressionOps {
  double muls = 0, adds = 0;
};
ExpressionOps constraint_ops(const Chip& chip);
ExpressionOps interaction_ops(const Chip& chip);

}  // namespace zkrv
