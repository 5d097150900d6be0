#include "vm/chips/program/instruction_class_chip.h"

#include <algorithm>
#include <bit>
#include <stdexcept>

namespace zkrv::chips {

size_t InstructionClassChip::height(size_t min_height) noexcept {
  return std::max<size_t>(min_height, std::bit_ceil(instruction_classes().size()));
}

unsigned InstructionClassChip::log_height(size_t min_height) noexcept {
  return static_cast<unsigned>(std::countr_zero(height(min_height)));
}

RowMajorMatrix<Fp> InstructionClassChip::preprocessed_trace() const {
  RowMajorMatrix<Fp> t(height(min_height_), kPreprocessedWidth);
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
  RowMajorMatrix<Fp> t(height(min_height_), kWidth);
  for (size_t r = 0; r < counts.size(); ++r) t.row(r)[kMultiplicity] = Fp(counts[r]);
  return t;
}

}  // namespace zkrv::chips
