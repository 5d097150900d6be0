#include "vm/chips/testing/alu_driver.h"

#include <algorithm>
#include <bit>

namespace zkrv::chips::testing {

RowMajorMatrix<Fp> AluDriverChip::generate_trace(std::span<const AluEvent> events, ByteLookups& bytes) const {
  RowMajorMatrix<Fp> t(std::max<size_t>(8, std::bit_ceil(events.size())), kWidth);
  for (size_t r = 0; r < events.size(); ++r) {
    const AluEvent& e = events[r];
    auto row = t.row(r);
    row[kOp] = Fp(static_cast<uint32_t>(e.op));
    row[kA] = Fp(e.a & 0xffffu);
    row[kA + 1] = Fp(e.a >> 16);
    row[kB] = Fp(e.b & 0xffffu);
    row[kB + 1] = Fp(e.b >> 16);
    row[kC] = Fp(e.c & 0xffffu);
    row[kC + 1] = Fp(e.c >> 16);
    row[kIsReal] = Fp::one();
    bytes.add_u16_limbs(e.b);
    bytes.add_u16_limbs(e.c);
  }
  return t;
}

}  // namespace zkrv::chips::testing
