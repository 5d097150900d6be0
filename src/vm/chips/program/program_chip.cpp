#include "vm/chips/program/program_chip.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <stdexcept>
#include <string>

#include "vm/isa/decoder.h"

namespace zkrv::chips {
namespace {

std::vector<DecodedFields> decode_image(const ProgramImage& image) {
  std::vector<DecodedFields> rows;
  for (const Segment& s : image.segments) {
    if (!s.executable) continue;
    if (s.vaddr % 4 != 0 || uint64_t{s.vaddr} + s.mem_size > (uint64_t{1} << 30))
      throw std::invalid_argument("ProgramChip: executable segment at " + std::to_string(s.vaddr) +
                                  " is not word-aligned below 2^30");
    // Whole words only, as the executor's decode_program; bytes past the file data are zero, and the
    // zero word is not an instruction.
    for (uint32_t offset = 0; offset + 4 <= s.mem_size; offset += 4) {
      uint32_t word = 0;
      for (uint32_t i = 0; i < 4; ++i)
        if (offset + i < s.data.size()) word |= uint32_t{s.data[offset + i]} << (8 * i);
      const Instruction in = decode(word);
      if (in.op == Opcode::illegal) continue;
      rows.push_back(decode_fields(s.vaddr + offset, in));
    }
  }
  return rows;
}

}  // namespace

ProgramChip::ProgramChip(const ProgramImage& image) : ProgramChip(decode_image(image)) {}

ProgramChip::ProgramChip(std::vector<DecodedFields> rows) {
  for (size_t i = 0; i < rows.size(); ++i) {
    const uint32_t pc = rows[i][kFieldPc];
    if (pc == 0 || pc >= (uint32_t{1} << 30) || (i > 0 && pc <= rows[i - 1][kFieldPc]))
      throw std::invalid_argument("ProgramChip: pcs must be nonzero, below 2^30 and strictly increasing (row " +
                                  std::to_string(i) + ")");
  }
  height_ = std::max<size_t>(8, std::bit_ceil(rows.size()));
  rows_ = std::make_shared<const std::vector<DecodedFields>>(std::move(rows));
}

std::optional<size_t> ProgramChip::row_of(uint32_t pc) const noexcept {
  const auto& rows = *rows_;
  const auto it = std::lower_bound(rows.begin(), rows.end(), pc,
                                   [](const DecodedFields& r, uint32_t v) { return r[kFieldPc] < v; });
  if (it == rows.end() || (*it)[kFieldPc] != pc) return std::nullopt;
  return static_cast<size_t>(it - rows.begin());
}

RowMajorMatrix<Fp> ProgramChip::preprocessed_trace() const {
  RowMajorMatrix<Fp> t(height_, kPreprocessedWidth);
  const auto& rows = *rows_;
  tbb::parallel_for(tbb::blocked_range<size_t>(0, rows.size(), 4096), [&](const tbb::blocked_range<size_t>& range) {
    for (size_t r = range.begin(); r < range.end(); ++r) {
      auto row = t.row(r);
      for (size_t i = 0; i < kNumDecodedFields; ++i) row[i] = Fp(rows[r][i]);
      row[kIsReal] = Fp::one();
    }
  });
  return t;
}

RowMajorMatrix<Fp> ProgramChip::generate_trace(std::span<const uint32_t> counts) const {
  if (counts.size() != rows_->size()) throw std::invalid_argument("ProgramChip::generate_trace: one count per row");
  RowMajorMatrix<Fp> t(height_, kWidth);
  for (size_t r = 0; r < counts.size(); ++r) t.row(r)[kMultiplicity] = Fp(counts[r]);
  return t;
}

std::vector<uint32_t> ProgramChip::count_fetches(std::span<const uint32_t> pcs) const {
  std::vector<uint32_t> counts(rows_->size(), 0);
  std::atomic<bool> missing{false};
  tbb::parallel_for(tbb::blocked_range<size_t>(0, pcs.size(), 1 << 14), [&](const tbb::blocked_range<size_t>& range) {
    for (size_t i = range.begin(); i < range.end(); ++i) {
      const auto r = row_of(pcs[i]);
      if (!r) {
        missing.store(true, std::memory_order_relaxed);
        continue;
      }
      std::atomic_ref<uint32_t>(counts[*r]).fetch_add(1, std::memory_order_relaxed);
    }
  });
  if (missing.load()) throw std::invalid_argument("ProgramChip::count_fetches: a pc has no program row");
  return counts;
}

}  // namespace zkrv::chips
