// MemoryDriverChip: plays the CPU in memory tests (test-only; the CPU and syscall chips replace it in the
// machine). One access per row through the access gadget (memory/access.h), at the timestamp a script
// gives, plus the script runner that produces the access records and final words an executor would.
//
// Columns (11): addr, value_lo, value_hi, ts, is_read, is_write, then the gadget's prev_lo, prev_hi,
// prev_ts, diff_lo, diff_hi. m = is_read + is_write.
// Constraints (15): is_read, is_write, is_read + is_write boolean (3, degree 2); padding
// (1 - m) c = 0 for addr, value_lo, value_hi, ts (4, degree 2); the gadget's 8 (degree 2).
// Interactions (6): the gadget's 4, and u16 lookups of value_lo, value_hi with multiplicity is_write
// (the producer of a written word range-checks its limbs, vm/chips/README.md; a read's value is the
// received one). The driver trusts its ts column to be a small integer, as the CPU proves of its own.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "air/air.h"
#include "air/builder.h"
#include "matrix/row_major_matrix.h"
#include "vm/chips/byte/byte_lookups.h"
#include "vm/chips/common/buses.h"
#include "vm/chips/memory/access.h"
#include "vm/chips/memory/memory_boundary_chip.h"
#include "vm/chips/memory/memory_image_chip.h"
#include "vm/isa/program_image.h"

namespace zkrv::chips::testing {

// One scripted access: a read of addr, or a write of value to addr, at timestamp ts.
struct ScriptStep {
  uint32_t addr = 0;
  uint32_t ts = 0;
  bool write = false;
  uint32_t value = 0;  // writes only
};

// One driver row: the access as the executor would record it.
struct DriverAccess {
  MemoryAccessRecord access;
  bool write = false;
};

struct ScriptRun {
  std::vector<DriverAccess> accesses;  // in script order
  std::vector<FinalWord> finals;       // every image address and every touched one, increasing
};

// Runs `script` (any order of addresses; per address, timestamps must increase, else
// std::invalid_argument) over memory that starts as `image` (other addresses zero, timestamp 0).
ScriptRun run_script(std::span<const InitialWord> image, std::span<const ScriptStep> script);

// A small ELF-like image for tests: a code segment of 4 words at 0x10000; a writable segment at 0x20002
// with 3 data bytes and bss up to 0x2000B; one at 0x2000B sharing that last word (words 0x4000..0x4003,
// 0x8000..0x8003; see memory_chip_test.cpp for the expected words).
ProgramImage sample_program_image();
// A script over sample_program_image() touching registers (x0 and sp included), code and data words,
// bss, zero-initialised RAM and the top of the stack, with the largest timestamp gap the gadget allows.
std::vector<ScriptStep> sample_script();
// n accesses over a few registers and RAM words (image and zero-init), reads and writes (never of x0
// or code), at timestamps 1, 2, ..., deterministic for a seed.
std::vector<ScriptStep> random_script(size_t n, uint64_t seed);

class MemoryDriverChip : public AirDefaults {
 public:
  static constexpr size_t kAddr = 0, kValueLo = 1, kValueHi = 2, kTs = 3, kIsRead = 4, kIsWrite = 5, kAccess = 6,
                          kWidth = kAccess + MemoryAccessCols<Fp>::kWidth;
  static constexpr std::array<std::string_view, kWidth> kColumnNames = {
      "addr",    "value_lo", "value_hi", "ts",      "is_read", "is_write",
      "prev_lo", "prev_hi",  "prev_ts",  "diff_lo", "diff_hi"};

  std::string_view name() const noexcept { return "memory_driver"; }
  size_t width() const noexcept { return kWidth; }

  template <AirBuilder B>
  void eval(B& b) const {
    using Expr = typename B::Expr;
    const auto w = b.main();
    const Expr addr = w.current(kAddr), value_lo = w.current(kValueLo), value_hi = w.current(kValueHi),
               ts = w.current(kTs), is_read = w.current(kIsRead), is_write = w.current(kIsWrite);
    const Expr m = is_read + is_write;
    b.assert_bool(is_read, "driver: is_read is boolean");
    b.assert_bool(is_write, "driver: is_write is boolean");
    b.assert_bool(m, "driver: is_read + is_write is boolean");
    const Expr idle = Fp::one() - m;
    b.when(idle).assert_zero(addr, "driver: padding addr = 0");
    b.when(idle).assert_zero(value_lo, "driver: padding value_lo = 0");
    b.when(idle).assert_zero(value_hi, "driver: padding value_hi = 0");
    b.when(idle).assert_zero(ts, "driver: padding ts = 0");
    MemoryAccessCols<typename B::Var>::current(w, kAccess).eval(b, addr, value_lo, value_hi, ts, m, is_read);
    const Expr u16 = Fp(static_cast<uint32_t>(ByteOp::u16)), zero = Fp::zero();
    b.send(kByteBus, {u16, value_lo, zero, zero}, is_write);
    b.send(kByteBus, {u16, value_hi, zero, zero}, is_write);
  }

  // One row per access (taken as given), zero padding to a power of two >= 8; records the lookups.
  RowMajorMatrix<Fp> generate_trace(std::span<const DriverAccess> accesses, ByteLookups& bytes) const;
};

static_assert(Air<MemoryDriverChip>);

}  // namespace zkrv::chips::testing
