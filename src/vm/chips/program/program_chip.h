// ProgramChip: the program as a preprocessed lookup table (vm/chips/README.md, "Program and CPU").
// Its commitment is part of the verifying key and so of the image ID.
//
// Preprocessed columns (28): the kNumDecodedFields decoded fields of decoded_fields.h (pc first), then
// is_real. One real row per 4-byte word of an executable segment that decodes to an RV32IM
// instruction, in increasing pc order; words that do not decode (and everything outside executable
// segments) have no row, so fetching them has no proof, exactly where the executor faults
// ("illegal instruction", "fetch outside code"). Padding rows are all zero, up to a power of two >= 8.
// Main columns (1): multiplicity, free (a lookup table's count; stark's bound on the total number of
// interactions keeps it from wrapping).
// Constraints (1, degree 2): (1 - is_real) multiplicity = 0, so a padding row (an all-zero tuple with
// pc 0, which a halting ecall's next_pc = 0 relies on never matching) answers no fetch.
// Interactions (1): receive (pc, fields...) on kProgramBus, arity kNumDecodedFields, multiplicity the
// main column (degree 1). Committed cells per row: 1.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "air/air.h"
#include "air/builder.h"
#include "air/integer_derivation.h"
#include "field/babybear.h"
#include "matrix/row_major_matrix.h"
#include "vm/chips/common/buses.h"
#include "vm/chips/program/decoded_fields.h"
#include "vm/isa/program_image.h"

namespace zkrv::chips {

inline constexpr size_t kProgramBusArity = kNumDecodedFields;

class ProgramChip : public AirDefaults {
 public:
  static constexpr size_t kIsReal = kNumDecodedFields, kPreprocessedWidth = kNumDecodedFields + 1;
  static constexpr size_t kMultiplicity = 0, kWidth = 1;
  static constexpr std::array<std::string_view, kWidth> kColumnNames = {"multiplicity"};

  // Decodes every word of the executable segments of `image` (throws std::invalid_argument if an
  // executable segment is not word-aligned or lies at or above 2^30).
  explicit ProgramChip(const ProgramImage& image);
  // A table of given rows (tests; rows with strictly increasing pc, none 0).
  explicit ProgramChip(std::vector<DecodedFields> rows);

  static constexpr std::array<IntegerDerivation, 1> kIntegerDerivations = {IntegerDerivation{
      "multiplicity", "not an integer: a lookup table's free count (header), read only as a multiplicity"}};
  static IntegerDerivations integer_derivations() { return IntegerDerivations().add(kIntegerDerivations); }

  std::string_view name() const noexcept { return "program"; }
  size_t width() const noexcept { return kWidth; }
  size_t preprocessed_width() const noexcept { return kPreprocessedWidth; }
  size_t height() const noexcept { return height_; }
  std::span<const DecodedFields> rows() const noexcept { return *rows_; }
  // The row holding `pc`, if any (binary search).
  std::optional<size_t> row_of(uint32_t pc) const noexcept;

  RowMajorMatrix<Fp> preprocessed_trace() const;  // parallel over rows

  // Main trace from per-row execution counts (counts.size() == rows().size()).
  RowMajorMatrix<Fp> generate_trace(std::span<const uint32_t> counts) const;
  // Per-row counts of the fetched pcs (parallel); throws std::invalid_argument for a pc without a row.
  std::vector<uint32_t> count_fetches(std::span<const uint32_t> pcs) const;

  template <AirBuilder B>
  void eval(B& b) const {
    using Expr = typename B::Expr;
    const auto p = b.preprocessed();
    const Expr mult = b.main().current(kMultiplicity);
    const Expr is_real = p.current(kIsReal);
    b.when(Fp::one() - is_real).assert_zero(mult, "program: multiplicity = 0 on padding rows");
    std::array<Expr, kNumDecodedFields> tuple;
    for (size_t i = 0; i < kNumDecodedFields; ++i) tuple[i] = p.current(i);
    b.receive(kProgramBus, std::span<const Expr>(tuple), mult);
  }

 private:
  std::shared_ptr<const std::vector<DecodedFields>> rows_;  // shared: Chip and tests copy the chip
  size_t height_ = 0;
};

static_assert(Air<ProgramChip>);

}  // namespace zkrv::chips
