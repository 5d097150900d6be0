#include "vm/chips/poseidon2/poseidon2_chip.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <bit>
#include <initializer_list>
#include <string_view>
#include <stdexcept>
#include <string>
#include <vector>

// The hash's own round helpers and constants (Montgomery form, from the generated header): trace
// generation computes each row with them, independently of the expressions eval states.
#include "hash/poseidon2_rounds.h"

namespace zkrv::chips {

namespace {

using poseidon2_air::kBasisSize;
using poseidon2_air::kHalfFullRounds;
using poseidon2_air::kPartialRounds;
using poseidon2_air::kStateWidth;
using HashConstants = poseidon2_detail::MontyConstants<kStateWidth>;
static_assert(HashConstants::HALF == kHalfFullRounds && HashConstants::PARTIAL == kPartialRounds);

// An affine form with the operations internal_linear needs.
struct Affine {
  poseidon2_air::LinearForm c{};
  friend Affine operator+(const Affine& a, const Affine& b) {
    Affine r;
    for (size_t j = 0; j < r.c.size(); ++j) r.c[j] = a.c[j] + b.c[j];
    return r;
  }
  friend Affine operator*(const Affine& a, Fp k) {
    Affine r;
    for (size_t j = 0; j < r.c.size(); ++j) r.c[j] = a.c[j] * k;
    return r;
  }
};

Affine basis_form(size_t j) {
  Affine a;
  a.c[j] = Fp::one();
  return a;
}

// Strings are built by appending: GCC 12 reports a false -Wrestrict on `std::string + ...` chains.
std::string cat(std::initializer_list<std::string_view> parts) {
  std::string s;
  for (std::string_view p : parts) s.append(p);
  return s;
}

std::string idx(size_t i) { return cat({"[", std::to_string(i), "]"}); }

std::vector<std::string> make_column_names() {
  std::vector<std::string> n;
  for (size_t i = 0; i < kStateWidth; ++i) n.push_back(cat({"input", idx(i)}));
  const auto full = [&](std::string_view group) {
    for (size_t r = 0; r < kHalfFullRounds; ++r) {
      for (size_t i = 0; i < kStateWidth; ++i) n.push_back(cat({group, idx(r), ".sbox", idx(i)}));
      for (size_t i = 0; i < kStateWidth; ++i) n.push_back(cat({group, idx(r), ".post", idx(i)}));
    }
  };
  full("initial_rounds");
  for (size_t r = 0; r < kPartialRounds; ++r) {
    n.push_back(cat({"partial_rounds", idx(r), ".sbox"}));
    n.push_back(cat({"partial_rounds", idx(r), ".post_sbox"}));
  }
  full("final_rounds");
  n.push_back("multiplicity");
  return n;
}

// In eval's order (poseidon2_chip.h, "Constraints").
std::vector<std::string> make_constraint_names() {
  std::vector<std::string> n;
  const auto full = [&](std::string_view group) {
    for (size_t r = 0; r < kHalfFullRounds; ++r) {
      const std::string round = cat({"poseidon2: ", group, idx(r), " "});
      for (size_t i = 0; i < kStateWidth; ++i) n.push_back(cat({round, "sbox", idx(i), " = (x_i + c_i)^3"}));
      for (size_t i = 0; i < kStateWidth; ++i)
        n.push_back(cat({round, "post", idx(i), " = M_E(sbox^2 (x + c))_", std::to_string(i)}));
    }
  };
  full("initial_rounds");
  for (size_t r = 0; r < kPartialRounds; ++r) {
    const std::string round = cat({"poseidon2: partial_rounds", idx(r), " "});
    n.push_back(cat({round, "sbox = (x_0 + c)^3"}));
    n.push_back(cat({round, "post_sbox = sbox^2 (x_0 + c)"}));
  }
  full("final_rounds");
  return n;
}

struct TablesStorage {
  std::vector<std::string> column_names = make_column_names();
  std::vector<std::string> constraint_names = make_constraint_names();
  Poseidon2AirTables tables;

  TablesStorage() {
    Poseidon2AirTables& t = tables;
    t.initial_constants = HashConstants::EXTERNAL_INITIAL;
    t.final_constants = HashConstants::EXTERNAL_FINAL;
    t.partial_constants = HashConstants::INTERNAL;
    for (size_t i = 0; i < kStateWidth; ++i)
      t.internal_diag[i] = Fp::from_canonical(HashConstants::C::INTERNAL_DIAG[i]);
    // The partial rounds over affine forms: lane j starts as u_j; round r's S-box input x_0 + c_r is
    // recorded and its output is the basis element v_r.
    poseidon2_air::State<Affine> x;
    for (size_t j = 0; j < kStateWidth; ++j) x[j] = basis_form(j);
    for (size_t r = 0; r < kPartialRounds; ++r) {
      Affine in = x[0];
      in.c[kBasisSize] += t.partial_constants[r];
      t.partial_sbox_input[r] = in.c;
      x[0] = basis_form(kStateWidth + r);
      poseidon2_air::internal_linear(x, t.internal_diag);
    }
    for (size_t j = 0; j < kStateWidth; ++j) t.partial_output[j] = x[j].c;
    if (column_names.size() != t.column_names.size() || constraint_names.size() != t.constraint_names.size())
      throw std::logic_error("poseidon2 chip: name tables do not match the layout");
    std::copy(column_names.begin(), column_names.end(), t.column_names.begin());
    std::copy(constraint_names.begin(), constraint_names.end(), t.constraint_names.begin());
  }
};

// The columns of one permutation of `s` with the hash's helpers, F = Fp (one row) or PackedFp
// (PackedFp::WIDTH rows, lane l = row l): put(column, value) records each column but the multiplicity.
template <class F, class Put>
void compute_columns(std::array<F, kStateWidth> s, Put&& put) {
  using C = Poseidon2Chip;
  for (size_t i = 0; i < kStateWidth; ++i) put(C::kInput + i, s[i]);
  poseidon2_detail::external_layer<kStateWidth>(s);
  const auto full_round = [&](const std::array<Fp, kStateWidth>& rc, size_t base) {
    for (size_t i = 0; i < kStateWidth; ++i) {
      const F t = s[i] + rc[i];
      const F t3 = t * t * t;
      put(base + C::kSbox + i, t3);
      s[i] = t3 * t3 * t;
    }
    poseidon2_detail::external_layer<kStateWidth>(s);
    for (size_t i = 0; i < kStateWidth; ++i) put(base + C::kPost + i, s[i]);
  };
  for (size_t r = 0; r < kHalfFullRounds; ++r)
    full_round(HashConstants::EXTERNAL_INITIAL[r], C::kInitialRounds + r * C::kFullRoundWidth);
  for (size_t r = 0; r < kPartialRounds; ++r) {
    const size_t base = C::kPartialRounds + r * C::kPartialRoundWidth;
    const F t = s[0] + HashConstants::INTERNAL[r];
    const F t3 = t * t * t;
    put(base + C::kPartialSbox, t3);
    s[0] = t3 * t3 * t;
    put(base + C::kPostSbox, s[0]);
    poseidon2_detail::internal_layer<kStateWidth>(s);
  }
  for (size_t r = 0; r < kHalfFullRounds; ++r)
    full_round(HashConstants::EXTERNAL_FINAL[r], C::kFinalRounds + r * C::kFullRoundWidth);
}

void fill_row(std::span<Fp> row, const std::array<Fp, kStateWidth>& input, Fp multiplicity) {
  compute_columns<Fp>(input, [&](size_t c, Fp v) { row[c] = v; });
  row[Poseidon2Chip::kMultiplicity] = multiplicity;
}

// Rows first .. first + PackedFp::WIDTH at once, through a column-major scratch block.
void fill_rows_packed(RowMajorMatrix<Fp>& t, size_t first, std::span<const std::array<Fp, 16>> inputs,
                      std::span<const uint32_t> multiplicities) {
  constexpr size_t L = PackedFp::WIDTH;
  alignas(64) std::array<std::array<Fp, L>, Poseidon2Chip::kWidth> block;
  std::array<PackedFp, kStateWidth> s;
  for (size_t i = 0; i < kStateWidth; ++i) s[i] = PackedFp::from_fn([&](size_t l) { return inputs[first + l][i]; });
  compute_columns<PackedFp>(s, [&](size_t c, const PackedFp& v) { v.store(block[c].data()); });
  for (size_t l = 0; l < L; ++l) {
    const auto row = t.row(first + l);
    for (size_t c = 0; c < Poseidon2Chip::kMultiplicity; ++c) row[c] = block[c][l];
    row[Poseidon2Chip::kMultiplicity] = Fp(multiplicities[first + l]);
  }
}

}  // namespace

const Poseidon2AirTables& poseidon2_air_tables() {
  static const TablesStorage storage;
  return storage.tables;
}

IntegerDerivations Poseidon2Chip::integer_derivations() {
  static const std::array<IntegerDerivation, kWidth> derivations = [] {
    std::array<IntegerDerivation, kWidth> d{};
    const auto names = column_names();
    for (size_t c = 0; c < kWidth; ++c) {
      d[c].column = names[c];
      d[c].reason = c == kMultiplicity
                        ? "not an integer: a lookup table's free count, read only as a multiplicity; every row is "
                          "a true pair (header, \"Soundness\")"
                        : "not an integer: a Poseidon2 state element, a free field element fixed by the round "
                          "constraints (header)";
    }
    return d;
  }();
  return IntegerDerivations().add(derivations);
}

RowMajorMatrix<Fp> Poseidon2Chip::generate_trace(std::span<const std::array<Fp, 16>> inputs,
                                                 std::span<const uint32_t> multiplicities, size_t min_height) const {
  if (inputs.size() != multiplicities.size())
    throw std::invalid_argument("Poseidon2Chip: one multiplicity per input expected");
  const size_t height = std::max<size_t>(min_height, std::bit_ceil(inputs.size()));
  auto t = RowMajorMatrix<Fp>::uninitialized(height, kWidth);
  // Groups of PackedFp::WIDTH rows through the packed permutation, the tail one row at a time.
  constexpr size_t L = PackedFp::WIDTH;
  const size_t groups = inputs.size() / L;
  tbb::parallel_for(tbb::blocked_range<size_t>(0, groups, 16), [&](const tbb::blocked_range<size_t>& range) {
    for (size_t g = range.begin(); g < range.end(); ++g) fill_rows_packed(t, g * L, inputs, multiplicities);
  });
  for (size_t r = groups * L; r < inputs.size(); ++r) fill_row(t.row(r), inputs[r], Fp(multiplicities[r]));
  if (inputs.size() < height) {
    // Padding: Perm(0) with multiplicity 0, computed once and copied.
    fill_row(t.row(inputs.size()), std::array<Fp, kStateWidth>{}, Fp::zero());
    const auto pad = t.row(inputs.size());
    tbb::parallel_for(tbb::blocked_range<size_t>(inputs.size() + 1, height, 1024),
                      [&](const tbb::blocked_range<size_t>& range) {
                        for (size_t r = range.begin(); r < range.end(); ++r)
                          std::copy(pad.begin(), pad.end(), t.row(r).begin());
                      });
  }
  return t;
}

}  // namespace zkrv::chips
