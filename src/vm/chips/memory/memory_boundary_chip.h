// MemoryBoundaryChip: the final memory of a run, one row per address that has an initial word on the
// bus (vm/chips/README.md, "Memory"): every image address (touched or not) and every touched address
// outside the image. It closes the memory argument: without it, the accesses' sends and receives could
// not balance.
//
// Columns (9): addr_lo, addr_hi (addr = addr_lo + 2^16 addr_hi), value_lo, value_hi, ts, is_zero_init,
// is_real, diff_lo, diff_hi (addr' - addr - 1 = diff_lo + 2^16 diff_hi, toward the next real row).
// Real rows first, in strictly increasing address order, then all-zero padding (a power of two >= 8).
// Constraints (12):
//   0 is_real boolean   1 is_zero_init boolean                                             (degree 2)
//   2-7 padding (1 - is_real) c = 0 for addr_lo, addr_hi, value_lo, value_hi, ts, is_zero_init (degree 2)
//   8 is_real never rises: transition * is_real' (1 - is_real) = 0                          (degree 3)
//   9 strict increase: transition * is_real' (addr' - addr - 1 - diff_lo - 2^16 diff_hi) = 0 (degree 3)
//   10-11 (1 - is_real' + last_row) diff = 0: diff only toward a real next row, else pinned  (degree 2)
// Interactions (6, tuples of degree 1, multiplicities is_real / is_zero_init of degree 1):
//   receive (addr, value_lo, value_hi, ts) on kMemoryBus, multiplicity is_real   (the final word)
//   send    (addr, 0, 0, 0) on kMemoryBus, multiplicity is_zero_init              (its zero init)
//   byte bus u16 lookups of addr_lo, 16 addr_hi, diff_lo, 16 diff_hi, multiplicity is_real
// Cells per row: 9 + 12 = 21 (3 LogUp groups, one extension column each, stark/logup.h).
//
// Soundness. The lookups give addr = addr_lo + 2^12 (16 addr_hi) in [0, 2^28 + 2^16) and likewise
// addr' - addr - 1 in [0, 2^28 + 2^16) (mod p), on every real row. Both are far below p / 2, so on
// each real transition addr' > addr over the integers: the real rows' addresses are distinct, each
// address is finalized at most once. The range check of addr itself matters: the zero-init rows'
// addresses are free (they balance themselves when untouched), and without a bound a run of such rows
// with gaps near 2^28 would wrap around p and revisit an address, giving it two finals and two inits.
// With at most one final per address, each address's inits (image + zero-init) equal its finals
// (access.h), so an address is initialized exactly once if it is touched or in the image (the image's
// send must be consumed) and a zero-init row of an image address leaves one init too many. is_zero_init
// is boolean and 0 on padding, so no padding row interacts. The final (value, ts) is received, so it is
// whatever the last access (or the init) sent: no range check needed.
#pragma once

#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "air/air.h"
#include "air/builder.h"
#include "air/integer_derivation.h"
#include "field/babybear.h"
#include "matrix/row_major_matrix.h"
#include "vm/chips/byte/byte_lookups.h"
#include "vm/chips/common/buses.h"
#include "vm/chips/memory/memory_image_chip.h"

namespace zkrv::chips {

// One address at the end of the run: its last value and the timestamp of its last access (0 if it was
// never accessed, e.g. an untouched image word).
struct FinalWord {
  uint32_t addr = 0;
  uint32_t value = 0;
  uint32_t timestamp = 0;
  friend bool operator==(const FinalWord&, const FinalWord&) = default;
};

// A touched address as the executor reports it (vm/executor/events.h MemoryBoundary: addr,
// final_value, final_timestamp), or anything else with those fields.
template <class R>
concept FinalWordLike = requires(const R& r) {
  { r.addr } -> std::convertible_to<uint32_t>;
  { r.final_value } -> std::convertible_to<uint32_t>;
  { r.final_timestamp } -> std::convertible_to<uint32_t>;
};

// Such records as FinalWords (order kept), ready for final_memory().
template <FinalWordLike R>
std::vector<FinalWord> final_words(std::span<const R> touched) {
  std::vector<FinalWord> out;
  out.reserve(touched.size());
  for (const R& r : touched) out.push_back({r.addr, r.final_value, r.final_timestamp});
  return out;
}

// The boundary's rows: `touched` (sorted, strictly increasing) merged with every image word it does not
// list, which keeps its initial value at timestamp 0. Throws std::invalid_argument if `touched` is out
// of order.
std::vector<FinalWord> final_memory(std::span<const InitialWord> image, std::span<const FinalWord> touched);

template <class T>
struct MemoryBoundaryCols {
  T addr_lo;
  T addr_hi;
  T value_lo;
  T value_hi;
  T ts;
  T is_zero_init;
  T is_real;
  T diff_lo;
  T diff_hi;
};

class MemoryBoundaryChip : public AirDefaults {
 public:
  using Cols = MemoryBoundaryCols<uint8_t>;  // one byte per column: offsetof gives column indices
  static constexpr size_t kWidth = sizeof(Cols);
  static constexpr size_t kAddrLo = offsetof(Cols, addr_lo), kAddrHi = offsetof(Cols, addr_hi),
                          kValueLo = offsetof(Cols, value_lo), kValueHi = offsetof(Cols, value_hi),
                          kTs = offsetof(Cols, ts), kIsZeroInit = offsetof(Cols, is_zero_init),
                          kIsReal = offsetof(Cols, is_real), kDiffLo = offsetof(Cols, diff_lo),
                          kDiffHi = offsetof(Cols, diff_hi);
  static constexpr std::array<std::string_view, kWidth> kColumnNames = {
      "addr_lo", "addr_hi", "value_lo", "value_hi", "ts", "is_zero_init", "is_real", "diff_lo", "diff_hi"};

  // What the integer-pin check (air/integer_pins.h) cannot see for itself.
  static constexpr std::array<IntegerDerivation, 3> kIntegerDerivations = {
      IntegerDerivation{"addr_hi",
                        "used only as 2^16 addr_hi = 2^12 (16 addr_hi) (in addr, addr'), and 16 addr_hi is a u16 "
                        "lookup on real rows, 0 on padding (header: addr = addr_lo + 2^12 (16 addr_hi))"},
      IntegerDerivation{"diff_lo",
                        "a u16 lookup on real rows; on a padding row is_real' = 0 (is_real never rises) or it is the "
                        "last row, so 1 - is_real' + is_last_row != 0 and constraint 10 pins diff_lo = 0"},
      IntegerDerivation{"diff_hi",
                        "used only as 2^16 diff_hi = 2^12 (16 diff_hi) in constraint 9, 16 diff_hi a u16 lookup on "
                        "real rows, 0 on padding rows as diff_lo (constraint 11)"}};
  static IntegerDerivations integer_derivations() { return IntegerDerivations().add(kIntegerDerivations); }

  std::string_view name() const noexcept { return "memory_boundary"; }
  size_t width() const noexcept { return kWidth; }

  template <AirBuilder B>
  void eval(B& b) const {
    using Expr = typename B::Expr;
    const auto m = b.main();
    const Expr addr_lo = m.current(kAddrLo), addr_hi = m.current(kAddrHi), value_lo = m.current(kValueLo),
               value_hi = m.current(kValueHi), ts = m.current(kTs), is_zero_init = m.current(kIsZeroInit),
               is_real = m.current(kIsReal), diff_lo = m.current(kDiffLo), diff_hi = m.current(kDiffHi);
    const Expr is_real_next = m.next(kIsReal);
    const Fp two16(1u << 16);
    const Expr addr = addr_lo + addr_hi * two16;
    const Expr addr_next = Expr(m.next(kAddrLo)) + Expr(m.next(kAddrHi)) * two16;

    b.assert_bool(is_real, "memory boundary: is_real is boolean");
    b.assert_bool(is_zero_init, "memory boundary: is_zero_init is boolean");
    const Expr padding = Fp::one() - is_real;
    b.when(padding).assert_zero(addr_lo, "memory boundary: padding addr_lo = 0");
    b.when(padding).assert_zero(addr_hi, "memory boundary: padding addr_hi = 0");
    b.when(padding).assert_zero(value_lo, "memory boundary: padding value_lo = 0");
    b.when(padding).assert_zero(value_hi, "memory boundary: padding value_hi = 0");
    b.when(padding).assert_zero(ts, "memory boundary: padding ts = 0");
    b.when(padding).assert_zero(is_zero_init, "memory boundary: padding is_zero_init = 0");
    b.when_transition().assert_zero(is_real_next * padding, "memory boundary: is_real never rises");
    b.when_transition().when(is_real_next).assert_eq(addr_next, addr + Fp::one() + diff_lo + diff_hi * two16,
                                                     "memory boundary: addr' = addr + 1 + diff_lo + 2^16 diff_hi");
    // Nonzero exactly where constraint 9 does not apply: before a padding row, and on the last row
    // (is_last_row is a Lagrange selector, 0/1 on the trace domain; is_transition is not 0/1 there, so it
    // may only filter, never be subtracted).
    const Expr no_next = Fp::one() - is_real_next + b.is_last_row();
    b.when(no_next).assert_zero(diff_lo, "memory boundary: diff_lo = 0 unless a real row follows");
    b.when(no_next).assert_zero(diff_hi, "memory boundary: diff_hi = 0 unless a real row follows");

    b.receive(kMemoryBus, {addr, value_lo, value_hi, ts}, is_real);
    const Expr zero = Fp::zero(), u16 = Fp(static_cast<uint32_t>(ByteOp::u16));
    b.send(kMemoryBus, {addr, zero, zero, zero}, is_zero_init);
    b.send(kByteBus, {u16, addr_lo, zero, zero}, is_real);
    b.send(kByteBus, {u16, addr_hi * Fp(16u), zero, zero}, is_real);
    b.send(kByteBus, {u16, diff_lo, zero, zero}, is_real);
    b.send(kByteBus, {u16, diff_hi * Fp(16u), zero, zero}, is_real);
  }

  // Rows for `finals` (strictly increasing addresses below 2^28, else std::invalid_argument), with
  // is_zero_init = 1 for the addresses not in `image` (sorted by address, e.g.
  // MemoryImageChip::words()). The caller lists every image address (final_memory() does); a missing
  // one leaves the bus unbalanced. Records the byte lookups in `bytes`. Parallel over rows.
  RowMajorMatrix<Fp> generate_trace(std::span<const FinalWord> finals, std::span<const InitialWord> image,
                                    ByteLookups& bytes) const;
};

static_assert(Air<MemoryBoundaryChip>);

}  // namespace zkrv::chips
