#include "field/babybear.h"

#include <ostream>
#include <string>

#include "base/error.h"

namespace zkrv {

Fp Fp::read(ByteReader& in) {
  const uint32_t v = in.u32("field element");
  if (v >= P) in.fail("field element", "value " + std::to_string(v) + " is not below p (non-canonical)");
  return Fp(v);
}

namespace detail {
void throw_two_adic_out_of_range(unsigned log_n) {
  throw Error(ErrorCategory::internal,
              "two_adic_generator: 2^" + std::to_string(log_n) + " exceeds the two-adicity 2^27 of BabyBear");
}
}  // namespace detail

std::ostream& operator<<(std::ostream& os, Fp x) { return os << x.as_canonical(); }

}  // namespace zkrv
