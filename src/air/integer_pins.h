// The integer-pin check: every main column of a chip must be pinned as an integer by something the
// verifier enforces, or carry a written derivation (air/integer_derivation.h).
//
// Why: limb equations such as a + 2^16 k = b c hold over the integers only if every column in them is an
// integer far below p. A lookup of a MULTIPLE of a column does not give that: a u16 lookup of 4 k admits
// k = t + j/4 in the field (j/4 meaning the inverse of 4 times j), which the 2^16 k term turns into an
// integer while k enters the next limb equation as a huge field element. The check finds such columns
// mechanically, on the symbolic form of the chip (air/symbolic.h), so no chip can lose a pin silently.
//
// A column is pinned where some rule applies:
//   (roots)     a constraint whose factors that mention x are a x + b with a a nonzero constant and b a
//               polynomial in columns that are already pinned to finite sets: x is then one of the
//               roots -b/a, all of which must be small integers for every value of those columns
//               (x (x - 1), k (k - 1) (k + 1), b_neg (b_neg - is_slt(op)) with op in {0, 9, 10},
//               bit01 = bit0 bit1);
//   (identity)  a constraint factor x = b (a = +-1) with b a polynomial with small integer coefficients
//               in pinned main columns (either row), preprocessed columns, public values and the
//               first/last-row selectors. This pins integrality, not magnitude: that a combination
//               stays below p is the chip's own range argument;
//   (contract)  a tuple position of an interaction that a bus contract (BusPinContract) pins, when the
//               value there is EXACTLY x (coefficient 1, nothing else): a scaled lookup u16(4 x) or a
//               position x + 1 does not count;
//   (declared)  a derivation the chip writes (IntegerDerivations).
// The non-x factors of a constraint, and an interaction's multiplicity, are the pin's CONDITION: the pin
// holds on rows where the condition is nonzero. A column is pinned on every row when
//   - some pin's condition is a nonzero constant; or
//   - the constant 1 is a linear combination of its pins' conditions (then on every row some condition is
//     nonzero): e.g. a u16 lookup with multiplicity m and the padding constraint (1 - m) x = 0; or
//   - the conditions read only columns pinned to finite sets, and every assignment of those sets makes
//     some condition nonzero (e.g. conditions m c, 1 - m, 1 - c for booleans m, c); or
//   - padding rows are inert: no constraint of the chip reads the next row, a public value or a
//     selector, every variable of the conditions and of all the chip's multiplicities is pinned to a
//     finite set, and on every assignment of those where all of x's conditions vanish, every
//     multiplicity of the chip vanishes too. Such a row interacts with nothing and constrains no other
//     row, so whatever x holds there is invisible to the statement.
// Otherwise a pin that holds only on some rows does not count (the report shows where it holds).
//
// The check also reports derivations that name no column, that are listed twice, and derivations for a
// column the rules above pin without them (lists stay minimal: a derivation is an argument the machine
// cannot make).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "air/integer_derivation.h"
#include "air/interaction.h"
#include "air/symbolic.h"

namespace zkrv {

// What the other side of a bus guarantees: in an interaction of kind `kind` on bus `bus_id` (the side
// of the chip being checked), every position i with bit i of `positions` set holds a canonical integer,
// because every matching tuple on the other side has one there.
struct BusPinContract {
  uint32_t bus_id = 0;
  InteractionKind kind = InteractionKind::send;
  uint32_t positions = 0;  // bit i: position i
  std::string_view reason;
};

enum class PinStatus : uint8_t {
  pinned,          // mechanically, on every row
  declared,        // by a derivation the chip writes
  not_an_integer,  // declared deliberately free
  unpinned,
};

struct ColumnPins {
  std::string name;
  PinStatus status = PinStatus::unpinned;
  // Mechanical pins found (with their conditions), or the derivation's reason.
  std::vector<std::string> evidence;
};

struct IntegerPinReport {
  std::string chip;
  std::vector<ColumnPins> columns;
  std::vector<std::string> problems;  // one line each; empty = the chip passes

  bool ok() const noexcept { return problems.empty(); }
  std::vector<std::string> unpinned() const;  // names of the unpinned columns
  std::string describe() const;               // every column with its status and evidence
};

// Runs the check on one chip. `column_names` may be shorter than the width (missing names print as
// main[i]); derivations are resolved against them.
IntegerPinReport check_integer_pins(const AirInfo& info, std::span<const std::string_view> column_names,
                                    const IntegerDerivations& derivations, std::span<const BusPinContract> contracts);

}  // namespace zkrv
