// Poseidon2Chip: the width-16 Poseidon2 permutation table (hash/poseidon2.h), one row per permutation.
// It answers the Poseidon2 bus (common/buses.h, kPoseidon2Bus): every row RECEIVES its pair
// (input[0..16], output[0..16]) with output = Perm(input), so a consumer (the memory Merkle tree,
// later recursion and guest hashing) proves a permutation by sending the pair:
//   b.send(kPoseidon2Bus, poseidon2_bus_tuple<Expr>(in, out), m);     // in, out: 16 Exprs each
// i.e. b.send(kPoseidon2Bus, {in0, ..., in15, out0, ..., out15}, m), and its trace generation adds the
// input to this chip's inputs with the count it sends (Poseidon2_16::permute gives the output; equal
// inputs may share one row whose multiplicity is the sum of their counts).
//
// The permutation (hash/poseidon2_rounds.h): x <- M_E x; 4 full rounds [x += c; x_i <- x_i^7; x <- M_E x];
// 13 partial rounds [x_0 += c; x_0 <- x_0^7; x <- M_I x]; 4 full rounds. The layout is Plonky3's
// poseidon2-air (poseidon2-air/src/columns.rs, SBOX_DEGREE 7, SBOX_REGISTERS 1): with the machine's degree
// budget of 3, x^7 needs one committed register per S-box, s = (x + c)^3, and then (x + c)^7 = s^2 (x + c)
// has degree 3. M_E and M_I are linear: expressions, never columns.
//
// Columns (299):
//   input[16]                                    the permutation's input
//   initial_rounds[4] { sbox[16], post[16] }     s_i = (x_i + c_i)^3 and the state after the round
//   partial_rounds[13] { sbox, post_sbox }       s = (x_0 + c)^3 and x_0' = s^2 (x_0 + c)
//   final_rounds[4] { sbox[16], post[16] }       final_rounds[3].post is the output
//   multiplicity                                 how many times the pair is received (a free count)
// Derived (not columns): the state entering each round, a linear form in earlier columns.
// Constraints (282, all degree 3), in this order:
//   each initial round r, lanes i: sbox_i = (x_i + c_{r,i})^3                                  16 x 4
//                                  post_i = M_E(sbox^2 (x + c_r))_i                           16 x 4
//     (x = M_E input for r = 0, else the previous post)
//   each partial round r:          sbox = (x_0 + c_r)^3, post_sbox = sbox^2 (x_0 + c_r)          2 x 13
//   each final round r, lanes i:   as the initial rounds (x = the state after the partial    16 x 4
//                                  rounds for r = 0)                                          16 x 4
// Interactions (1): receive (input[0..16], final_rounds[3].post[0..16]) on kPoseidon2Bus with
// multiplicity `multiplicity`; tuple and multiplicity of degree 1. LogUp: 1 group, 1 extension column
// (the running sum, stark/logup.h). Cells per row: 299 + 4 = 303. Quotient: 2 chunks (degree 3), as the machine's other chips.
//
// Partial rounds as flattened linear forms. Chained literally, the partial rounds' state is a DAG whose
// every lane reads all 16 lanes of the round before (M_I's sum): only ~60 new nodes per round, but the
// symbolic layer walks expressions as trees (air/symbolic.cpp uses_next_row, run at every Chip
// construction; air/polynomial.cpp in the integer-pin check), and the tree grows 16-fold per round:
// lane 0 after 4 chained rounds is a 147k-node tree (uses_next_row: 0.2 ms), after 7 rounds 6 * 10^8,
// after 13 rounds 10^16 (poseidon2_chip_bench). Instead, with u = initial_rounds[3].post (16 columns)
// and v_r = partial_rounds[r].post_sbox, every quantity of the partial segment is an affine form in
// (u_0..u_15, v_0..v_12): x_0 + c_r entering round r's S-box, and the 16 lanes leaving round 12. Their
// coefficients are computed once (poseidon2_air_tables(), by running the partial rounds over affine forms
// with the same internal_linear as everything else) and eval writes each as sum_j a_j w_j + a_const (at
// most 29 terms). Same polynomials, no extra columns; the largest constraint tree has ~4,100 nodes, all
// 282 together ~150k (the test bounds them), and building the Chip (analysis + LogUp grouping) takes
// ~0.4 ms. The price is in the prover's quotient: forming the affine combinations costs ~750
// multiplications (and as many additions) per point, where the chained M_I would cost ~210 and ~400;
// the rest of a point's work (S-boxes, M_E, folding 282 constraints) is ~1,700 multiplications.
//
// Soundness. Rows are independent (nothing reads the next row or a selector). On any row every column
// after the input is fixed by the constraints as a function of the columns before it: sbox_i = t^3 for
// the S-box input t, post = M_E(...) or post_sbox = sbox^2 t, exactly the permutation's computation with
// t^7 = (t^3)^2 t. So on every row satisfying the constraints, final_rounds[3].post = Perm(input):
// every tuple this chip receives, on every row, is a true pair. A lookup table whose every row is a true
// pair may carry any multiplicity (as the byte table's free counts, byte_chip.h; Haboeck, eprint
// 2022/1530): if a consumer sends a false pair (a, b), b != Perm(a), no row of this chip matches it and
// nothing else receives on the bus, so its net multiplicity is the consumers' count, nonzero mod p while
// the total number of interactions stays below p (stark/machine_checks.h); LogUp then rejects. Hence no
// is_real: padding rows permute the all-zero state and receive it with multiplicity 0, and a padding
// row given a nonzero multiplicity only offers another true pair. Consumers must keep their own
// multiplicities sound (booleans or counts they constrain).
//
// Integer pins: the state columns are field elements, not integers, and multiplicity is a free count;
// integer_derivations() declares all 299 columns kNotAnInteger.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "air/air.h"
#include "air/builder.h"
#include "air/integer_derivation.h"
#include "field/babybear.h"
#include "matrix/row_major_matrix.h"
#include "vm/chips/common/buses.h"

namespace zkrv::chips {

// ---- the round structure's linear layers, over any E with E + E and E * Fp ------------------------
namespace poseidon2_air {

inline constexpr size_t kStateWidth = 16, kHalfFullRounds = 4, kPartialRounds = 13;
template <class E>
using State = std::array<E, kStateWidth>;

// M4 = [[2,3,1,1],[1,2,3,1],[1,1,2,3],[3,1,1,2]] on x[0..4) in place (hash/poseidon2_rounds.h mat4).
template <class E>
void mat4(E* x) {
  const E t01 = x[0] + x[1], t23 = x[2] + x[3];
  const E t0123 = t01 + t23;
  const E t01123 = t0123 + x[1], t01233 = t0123 + x[3];
  const E x0 = x[0], x2 = x[2];
  x[3] = t01233 + (x0 + x0);
  x[1] = t01123 + (x2 + x2);
  x[0] = t01123 + t01;
  x[2] = t01233 + t23;
}

// M_E = circ(2 M4, M4, M4, M4): M4 on each chunk of 4, then lane i gains the chunks' sum of lane i mod 4.
template <class E>
void external_linear(State<E>& s) {
  for (size_t c = 0; c < kStateWidth; c += 4) mat4(&s[c]);
  const std::array<E, 4> sums = {s[0] + s[4] + s[8] + s[12], s[1] + s[5] + s[9] + s[13],
                                 s[2] + s[6] + s[10] + s[14], s[3] + s[7] + s[11] + s[15]};
  for (size_t i = 0; i < kStateWidth; ++i) s[i] = s[i] + sums[i % 4];
}

// M_I = 1 + diag(d): x_i <- sum(x) + d_i x_i.
template <class E>
void internal_linear(State<E>& s, const State<Fp>& diag) {
  E sum = s[0];
  for (size_t i = 1; i < kStateWidth; ++i) sum = sum + s[i];
  for (size_t i = 0; i < kStateWidth; ++i) s[i] = sum + s[i] * diag[i];
}

// An affine form over the partial segment's basis: coefficients of u_0..u_15 (the state entering the
// partial rounds), of v_0..v_12 (the partial S-box outputs), and the constant last.
inline constexpr size_t kBasisSize = kStateWidth + kPartialRounds;
using LinearForm = std::array<Fp, kBasisSize + 1>;

// sum_j form[j] basis[j] + form[kBasisSize], skipping zero coefficients.
template <class Expr>
Expr combine(const LinearForm& form, const std::array<Expr, kBasisSize>& basis) {
  Expr acc = Expr(form[kBasisSize]);
  for (size_t j = 0; j < kBasisSize; ++j) {
    if (form[j].is_zero()) continue;
    acc = form[j] == Fp::one() ? acc + basis[j] : acc + basis[j] * form[j];
  }
  return acc;
}

template <class E>
E cube(const E& x) {
  return x * x * x;
}

}  // namespace poseidon2_air

// Everything eval reads besides the trace: the hash's constants (Montgomery Fp), the flattened partial
// rounds, and the names. Built once per process from the generated constants (poseidon2_chip.cpp).
struct Poseidon2AirTables;
const Poseidon2AirTables& poseidon2_air_tables();

template <class T>
struct Poseidon2FullRoundCols {
  T sbox[poseidon2_air::kStateWidth];  // (x_i + c_i)^3
  T post[poseidon2_air::kStateWidth];  // the state after the round
};
template <class T>
struct Poseidon2PartialRoundCols {
  T sbox;       // (x_0 + c)^3
  T post_sbox;  // (x_0 + c)^7
};
template <class T>
struct Poseidon2Cols {
  T input[poseidon2_air::kStateWidth];
  Poseidon2FullRoundCols<T> initial_rounds[poseidon2_air::kHalfFullRounds];
  Poseidon2PartialRoundCols<T> partial_rounds[poseidon2_air::kPartialRounds];
  Poseidon2FullRoundCols<T> final_rounds[poseidon2_air::kHalfFullRounds];
  T multiplicity;
};

struct Poseidon2AirTables {
  static constexpr size_t kWidth = sizeof(Poseidon2Cols<uint8_t>);
  static constexpr size_t kNumConstraints =
      2 * poseidon2_air::kStateWidth * 2 * poseidon2_air::kHalfFullRounds + 2 * poseidon2_air::kPartialRounds;
  std::array<poseidon2_air::State<Fp>, poseidon2_air::kHalfFullRounds> initial_constants, final_constants;
  std::array<Fp, poseidon2_air::kPartialRounds> partial_constants;
  poseidon2_air::State<Fp> internal_diag;
  // x_0 + c_r entering partial round r's S-box, and the lanes leaving the last partial round.
  std::array<poseidon2_air::LinearForm, poseidon2_air::kPartialRounds> partial_sbox_input;
  std::array<poseidon2_air::LinearForm, poseidon2_air::kStateWidth> partial_output;
  std::array<std::string_view, kWidth> column_names;              // "input[0]", "initial_rounds[0].sbox[0]", ...
  std::array<std::string_view, kNumConstraints> constraint_names;  // in eval order
};

// The 32-element tuple of a Poseidon2-bus interaction: input then output.
template <class Expr>
std::array<Expr, 2 * poseidon2_air::kStateWidth> poseidon2_bus_tuple(const poseidon2_air::State<Expr>& input,
                                                                     const poseidon2_air::State<Expr>& output) {
  std::array<Expr, 2 * poseidon2_air::kStateWidth> t;
  for (size_t i = 0; i < poseidon2_air::kStateWidth; ++i) {
    t[i] = input[i];
    t[poseidon2_air::kStateWidth + i] = output[i];
  }
  return t;
}
static_assert(2 * poseidon2_air::kStateWidth == kPoseidon2BusArity);

class Poseidon2Chip : public AirDefaults {
 public:
  using Cols = Poseidon2Cols<uint8_t>;  // one byte per column: offsetof gives column indices
  static constexpr size_t W = poseidon2_air::kStateWidth;
  static constexpr size_t kWidth = sizeof(Cols);
  static constexpr size_t kNumConstraints = Poseidon2AirTables::kNumConstraints;
  static constexpr size_t kFullRoundWidth = sizeof(Poseidon2FullRoundCols<uint8_t>);
  static constexpr size_t kPartialRoundWidth = sizeof(Poseidon2PartialRoundCols<uint8_t>);
  static constexpr size_t kInput = offsetof(Cols, input), kInitialRounds = offsetof(Cols, initial_rounds),
                          kPartialRounds = offsetof(Cols, partial_rounds), kFinalRounds = offsetof(Cols, final_rounds),
                          kMultiplicity = offsetof(Cols, multiplicity);
  static constexpr size_t kSbox = offsetof(Poseidon2FullRoundCols<uint8_t>, sbox),
                          kPost = offsetof(Poseidon2FullRoundCols<uint8_t>, post),
                          kPartialSbox = offsetof(Poseidon2PartialRoundCols<uint8_t>, sbox),
                          kPostSbox = offsetof(Poseidon2PartialRoundCols<uint8_t>, post_sbox);
  // First column of the output: final_rounds[3].post.
  static constexpr size_t kOutput = kFinalRounds + (poseidon2_air::kHalfFullRounds - 1) * kFullRoundWidth + kPost;
  static_assert(kWidth == 299 && kNumConstraints == 282 && kMultiplicity == kWidth - 1);

  Poseidon2Chip() : tables_(&poseidon2_air_tables()) {}

  std::string_view name() const noexcept { return "poseidon2"; }
  size_t width() const noexcept { return kWidth; }
  static std::span<const std::string_view, kWidth> column_names() { return poseidon2_air_tables().column_names; }
  // Every column declared kNotAnInteger (header).
  static IntegerDerivations integer_derivations();

  template <AirBuilder B>
  void eval(B& b) const {
    using Expr = typename B::Expr;
    using poseidon2_air::cube;
    const Poseidon2AirTables& k = *tables_;
    const auto m = b.main();
    const auto col = [&](size_t c) { return Expr(m.current(c)); };
    size_t constraint = 0;
    const auto assert_eq = [&](const Expr& lhs, const Expr& rhs) {
      b.assert_eq(lhs, rhs, k.constraint_names[constraint++]);
    };
    // One full round on state x (expressions): S-box registers and outputs, M_E, then x <- post.
    const auto full_round = [&](poseidon2_air::State<Expr>& x, const poseidon2_air::State<Fp>& c, size_t base) {
      for (size_t i = 0; i < W; ++i) {
        const Expr t = x[i] + c[i], s = col(base + kSbox + i);
        assert_eq(s, cube(t));
        x[i] = s * s * t;
      }
      poseidon2_air::external_linear(x);
      for (size_t i = 0; i < W; ++i) {
        const Expr post = col(base + kPost + i);
        assert_eq(post, x[i]);
        x[i] = post;
      }
    };

    poseidon2_air::State<Expr> input, x;
    for (size_t i = 0; i < W; ++i) input[i] = col(kInput + i);
    x = input;
    poseidon2_air::external_linear(x);
    for (size_t r = 0; r < poseidon2_air::kHalfFullRounds; ++r)
      full_round(x, k.initial_constants[r], kInitialRounds + r * kFullRoundWidth);

    // The partial segment as affine forms over u = x (the last initial post) and the post_sbox columns.
    std::array<Expr, poseidon2_air::kBasisSize> basis;
    for (size_t j = 0; j < W; ++j) basis[j] = x[j];
    for (size_t r = 0; r < poseidon2_air::kPartialRounds; ++r)
      basis[W + r] = col(kPartialRounds + r * kPartialRoundWidth + kPostSbox);
    for (size_t r = 0; r < poseidon2_air::kPartialRounds; ++r) {
      const size_t base = kPartialRounds + r * kPartialRoundWidth;
      const Expr t = poseidon2_air::combine<Expr>(k.partial_sbox_input[r], basis), s = col(base + kPartialSbox);
      assert_eq(s, cube(t));
      assert_eq(basis[W + r], s * s * t);
    }
    for (size_t i = 0; i < W; ++i) x[i] = poseidon2_air::combine<Expr>(k.partial_output[i], basis);

    for (size_t r = 0; r < poseidon2_air::kHalfFullRounds; ++r)
      full_round(x, k.final_constants[r], kFinalRounds + r * kFullRoundWidth);
    b.receive(kPoseidon2Bus, poseidon2_bus_tuple<Expr>(input, x), col(kMultiplicity));
  }

  // One row per input, in order, with multiplicity multiplicities[i] (the sizes must match, else
  // std::invalid_argument), then rows permuting the zero state with multiplicity 0 up to a power of two
  // >= 8. Parallel over groups of PackedFp::WIDTH rows (oneTBB), each through the hash's packed round
  // helpers; the output columns equal Poseidon2_16::permute(input).
  RowMajorMatrix<Fp> generate_trace(std::span<const std::array<Fp, 16>> inputs,
                                    std::span<const uint32_t> multiplicities, size_t min_height = 8) const;

 private:
  const Poseidon2AirTables* tables_;
};

static_assert(Air<Poseidon2Chip>);

}  // namespace zkrv::chips
