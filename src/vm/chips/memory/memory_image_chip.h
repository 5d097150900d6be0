// MemoryImageChip: the initial memory of a run as a preprocessed table (vm/chips/README.md, "Memory").
// Its commitment is part of the verifying key and so of the image ID: a proof made for another image
// (another ELF word, another initial register) does not verify under this key.
//
// Preprocessed columns (4): addr, value_lo, value_hi, is_real. One real row per initial word, in
// strictly increasing address order: the 32 registers (x2 = sp = ZKRV_STACK_TOP, the others 0, as the
// caller passes them), optional reserved state words between the registers and RAM (the syscall chip's
// words 32.., README "Syscalls"), then every word overlapping an ELF segment (bss and partial words
// zero-filled; two segments sharing a word give one row with both parts). Padding rows are all zero, up
// to a power of two >= 8.
// Main columns (1): zero. The STARK needs a main trace of width >= 1; one constraint pins it to 0 so
// the prover has no freedom at all in this table.
// Constraints (1, degree 1): zero = 0.
// Interactions (1): send (addr, value_lo, value_hi, 0) on kMemoryBus with multiplicity is_real, all
// preprocessed (degree 1). Cells per row: 1 committed main column (the preprocessed ones are in the key).
//
// Soundness: everything the chip sends is fixed by the verifying key. Addresses are distinct because
// the constructor refuses anything else, so each address has at most one image init on the bus.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "air/air.h"
#include "air/builder.h"
#include "field/babybear.h"
#include "matrix/row_major_matrix.h"
#include "vm/chips/common/buses.h"
#include "vm/isa/program_image.h"

namespace zkrv::chips {

inline constexpr uint32_t kNumRegisters = 32;
// Word addresses are below 2^28 (abi/memory_map.h: byte addresses below 2^30).
inline constexpr uint32_t kWordAddressLimit = uint32_t{1} << 28;

struct InitialWord {
  uint32_t addr = 0;  // register index, reserved word or RAM word address
  uint32_t value = 0;
  friend bool operator==(const InitialWord&, const InitialWord&) = default;
};

// The registers the VM starts with: sp = ZKRV_STACK_TOP, all others 0 (abi/memory_map.h).
std::array<uint32_t, kNumRegisters> default_initial_registers();

// The initial words of a run, in increasing address order: registers 0..31 with `registers`, then
// `reserved` (sorted, addresses in [32, ZKRV_MEM_START >> 2)), then every word overlapping a segment of
// `image`. Throws std::invalid_argument if `reserved` is out of order or out of its range.
std::vector<InitialWord> initial_memory(const ProgramImage& image, std::span<const uint32_t, kNumRegisters> registers,
                                        std::span<const InitialWord> reserved = {});

class MemoryImageChip : public AirDefaults {
 public:
  static constexpr size_t kAddr = 0, kValueLo = 1, kValueHi = 2, kIsReal = 3, kPreprocessedWidth = 4;
  static constexpr size_t kZero = 0, kWidth = 1;
  static constexpr std::array<std::string_view, kWidth> kColumnNames = {"zero"};
  static constexpr std::array<std::string_view, kPreprocessedWidth> kPreprocessedNames = {"addr", "value_lo",
                                                                                          "value_hi", "is_real"};

  // `words` strictly increasing in address, each below 2^28; throws std::invalid_argument otherwise.
  explicit MemoryImageChip(std::vector<InitialWord> words);
  // initial_memory(image, registers, reserved).
  MemoryImageChip(const ProgramImage& image, std::span<const uint32_t, kNumRegisters> registers,
                  std::span<const InitialWord> reserved = {});

  std::string_view name() const noexcept { return "memory_image"; }
  size_t width() const noexcept { return kWidth; }
  size_t preprocessed_width() const noexcept { return kPreprocessedWidth; }
  size_t height() const noexcept { return height_; }
  std::span<const InitialWord> words() const noexcept { return *words_; }

  RowMajorMatrix<Fp> preprocessed_trace() const;  // parallel over rows
  RowMajorMatrix<Fp> generate_trace() const { return RowMajorMatrix<Fp>(height_, kWidth); }

  template <AirBuilder B>
  void eval(B& b) const {
    using Expr = typename B::Expr;
    const auto p = b.preprocessed();
    b.assert_zero(b.main().current(kZero), "memory image: zero = 0");
    b.send(kMemoryBus, {Expr(p.current(kAddr)), Expr(p.current(kValueLo)), Expr(p.current(kValueHi)), Expr(Fp::zero())},
           p.current(kIsReal));
  }

 private:
  std::shared_ptr<const std::vector<InitialWord>> words_;  // shared: Chip and tests copy the chip
  size_t height_ = 0;
};

static_assert(Air<MemoryImageChip>);

}  // namespace zkrv::chips
