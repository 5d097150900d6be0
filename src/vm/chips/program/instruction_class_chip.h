// InstructionClassChip: the instruction classes of RV32IM (instruction_class.h) as a preprocessed lookup
// table, answering the decode chip's lookups on kInstructionClassBus. A constant of the machine: the same
// table in every proof of every program, so its commitment depends only on the proof configuration.
//
// Preprocessed columns (32): the kInstructionClassArity class fields, then is_real. One real row per
// class in key order, then all-zero padding up to a power of two.
// Main columns (1): multiplicity, free (a lookup table's count).
// Constraints (1, degree 2): (1 - is_real) multiplicity = 0, so a padding row (opcode 0 with every flag
// 0, which would otherwise decode a word with opcode 0 as a no-op) answers no lookup.
// Interactions (1): receive (class fields...) on kInstructionClassBus, multiplicity the main column.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>
#include <vector>

#include "air/air.h"
#include "air/builder.h"
#include "air/integer_derivation.h"
#include "field/babybear.h"
#include "matrix/row_major_matrix.h"
#include "vm/chips/common/buses.h"
#include "vm/chips/program/instruction_class.h"

namespace zkrv::chips {

class InstructionClassChip : public AirDefaults {
 public:
  static constexpr size_t kIsReal = kInstructionClassArity, kPreprocessedWidth = kInstructionClassArity + 1;
  static constexpr size_t kMultiplicity = 0, kWidth = 1;
  static constexpr std::array<std::string_view, kWidth> kColumnNames = {"multiplicity"};
  static constexpr std::array<IntegerDerivation, 1> kIntegerDerivations = {IntegerDerivation{
      "multiplicity", "not an integer: a lookup table's free count (header), read only as a multiplicity"}};
  static IntegerDerivations integer_derivations() { return IntegerDerivations().add(kIntegerDerivations); }

  std::string_view name() const noexcept { return "instruction_class"; }
  size_t width() const noexcept { return kWidth; }
  size_t preprocessed_width() const noexcept { return kPreprocessedWidth; }
  InstructionClassChip() = default;
  // min_height: the table's height at least (a zero-knowledge configuration's minimum, fri/config.h).
  explicit InstructionClassChip(size_t min_height) : min_height_(min_height) {}
  static size_t height(size_t min_height = 8) noexcept;
  static unsigned log_height(size_t min_height = 8) noexcept;

  RowMajorMatrix<Fp> preprocessed_trace() const;
  // Main trace from per-class lookup counts (counts.size() == instruction_classes().size()).
  RowMajorMatrix<Fp> generate_trace(std::span<const uint32_t> counts) const;

  template <AirBuilder B>
  void eval(B& b) const {
    using Expr = typename B::Expr;
    const auto p = b.preprocessed();
    const Expr mult = b.main().current(kMultiplicity);
    b.when(Fp::one() - Expr(p.current(kIsReal)))
        .assert_zero(mult, "instruction class: multiplicity = 0 on padding rows");
    std::array<Expr, kInstructionClassArity> tuple;
    for (size_t i = 0; i < kInstructionClassArity; ++i) tuple[i] = p.current(i);
    b.receive(kInstructionClassBus, std::span<const Expr>(tuple), mult);
  }

 private:
  size_t min_height_ = 8;
};

static_assert(Air<InstructionClassChip>);

}  // namespace zkrv::chips
