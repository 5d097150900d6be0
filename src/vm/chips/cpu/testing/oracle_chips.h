// Test-only stand-in for the syscall chip, which does not exist yet: it receives whatever tuples its
// trace lists, so the CPU's sends can balance. It proves nothing about those tuples; the tests only
// ever list the CPU's honest sends (the executor's syscall results).
//
// TupleOracleChip: columns = the tuple, then is_real; receives the tuple on its bus with multiplicity
// is_real and range-checks the produced word's limbs (u16 lookups), as a real chip would.
//   syscall_oracle(): kSyscallBus (clk, a7_lo, a7_hi, a0_lo, a0_hi, result_lo, result_hi, halts).
// Constraints: is_real boolean, every other column 0 on padding rows (degree 2).
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

#include "air/air.h"
#include "air/builder.h"
#include "matrix/row_major_matrix.h"
#include "vm/chips/byte/byte_lookups.h"
#include "vm/chips/common/buses.h"
#include "vm/chips/cpu/cpu_chip.h"

namespace zkrv::chips::testing {

class TupleOracleChip : public AirDefaults {
 public:
  // Tuples of `arity` on `bus`; tuple[checked], tuple[checked + 1] are the limbs of the produced word.
  TupleOracleChip(Bus bus, size_t arity, size_t checked, std::string_view name)
      : bus_(bus), arity_(arity), checked_(checked), name_(name) {}
  std::string_view name() const noexcept { return name_; }
  size_t width() const noexcept { return arity_ + 1; }

  template <AirBuilder B>
  void eval(B& b) const {
    using Expr = typename B::Expr;
    const auto m = b.main();
    const Expr is_real = m.current(arity_);
    b.assert_bool(is_real, "oracle: is_real is boolean");
    std::vector<Expr> tuple;
    for (size_t i = 0; i < arity_; ++i) {
      tuple.push_back(m.current(i));
      b.when(Fp::one() - is_real).assert_zero(tuple[i], "oracle: padding is zero");
    }
    b.receive(bus_, std::span<const Expr>(tuple), is_real);
    const Expr u16 = Fp(static_cast<uint32_t>(ByteOp::u16)), zero = Fp::zero();
    for (size_t i : {checked_, checked_ + 1}) b.send(kByteBus, {u16, tuple[i], zero, zero}, is_real);
  }

  // One row per tuple (values < 2^31, limbs already split), padding to a power of two >= 8.
  template <size_t N>
  RowMajorMatrix<Fp> trace(std::span<const std::array<uint32_t, N>> rows, ByteLookups& bytes) const {
    RowMajorMatrix<Fp> t(std::max<size_t>(8, std::bit_ceil(rows.size())), width());
    for (size_t r = 0; r < rows.size(); ++r) {
      for (size_t i = 0; i < N; ++i) t.row(r)[i] = Fp(rows[r][i]);
      t.row(r)[arity_] = Fp::one();
      bytes.add_u16(rows[r][checked_]);
      bytes.add_u16(rows[r][checked_ + 1]);
    }
    return t;
  }

 private:
  Bus bus_;
  size_t arity_, checked_;
  std::string_view name_;
};

inline TupleOracleChip syscall_oracle() { return {kSyscallBus, 8, 5, "syscall_oracle"}; }

inline std::array<uint32_t, 8> syscall_row(const SyscallSend& s) {
  return {s.clk, s.number & 0xffffu, s.number >> 16, s.arg0 & 0xffffu, s.arg0 >> 16, s.result & 0xffffu,
          s.result >> 16, s.halts};
}

}  // namespace zkrv::chips::testing
