#include "vm/chips/program/instruction_class_chip.h"

#include <algorithm>
#include <bit>
#include <stdexcept>

namespace zkrv::chips {

size_t InstructionClassChip::height() noexcept { return std::max<size_t>(8, std::bit_ceil(instruction_classes().size())); }

unsigned InstructionClassChip::log_height() noexcept { return static_cast<unsigned>(std::countr_zero(height())); }

RowMajorMatrix<Fp> InstructionClassChip::preprocessed_trace() const {
  RowMajorMatrix<Fp> t(height(), kPreprocessedWidth);
  const auto classes = instruction_classes();
  for (size_t r = 0; r < classes.size(); ++r) {
    auto row = t.row(r);
    for (size_t i = 0; i < kInstructionClassArity; ++i) row[i] = Fp(classes[r][i]);
    row[kIsReal] = Fp::one();
  }
  return t;
}

RowMajorMatrix<Fp> InstructionClassChip::generate_trace(std::span<const uint32_t> counts) const {
  if (counts.size() != instruction_classes().size())
    throw std::invalid_argument("InstructionClassChip::generate_trace: one count per class");
  RowMajorMatrix<Fp> t(height(), kWidth);
  for (size_t r = 0; r < counts.size(); ++r) t.row(r)[kMultiplicity] = Fp(counts[r]);
  return t;
}

}  // namespace zkrv::chips
