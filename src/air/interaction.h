// Buses and interactions: how chips talk to each other.
//
// A chip does not read another chip's trace. It *sends* tuples of field elements on a bus and some other
// chip *receives* them; the multi-table prover then shows with a LogUp argument (Haboeck 2022, "Multivariate
// lookups based on logarithmic derivatives", eprint 2022/1530) that, on every bus, the multiset of sent
// tuples equals the multiset of received ones. A receive is a send with negated multiplicity, so the
// statement per bus is: sum over all chips, rows and interactions of +-multiplicity * [tuple] = 0.
// This is SP1's model (crates/stark/src/air/interaction.rs, AirInteraction); the builder records
// interactions instead of constraints so that the same `eval` yields both (crates/stark/src/chip.rs
// discovers them by running eval on a symbolic builder, as air/symbolic.h does here).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "field/babybear.h"

namespace zkrv {

// A bus is identified by its id; the name is for diagnostics (the bus checker prints it). Names must
// have static storage duration (string literals): builders keep the view.
struct Bus {
  uint32_t id = 0;
  std::string_view name;
  friend constexpr bool operator==(const Bus& a, const Bus& b) noexcept { return a.id == b.id; }
};

enum class InteractionKind : uint8_t {
  send,     // contributes +multiplicity * [values]
  receive,  // contributes -multiplicity * [values]
};

constexpr std::string_view kind_name(InteractionKind k) noexcept {
  return k == InteractionKind::send ? "send" : "receive";
}

// One interaction of one row, evaluated over a ring T (Fp in the debug builder, packed or extension values
// in the folder): what the LogUp argument turns into a fraction multiplicity / (beta - fingerprint(values)).
template <class T>
struct EvaluatedInteraction {
  Bus bus;
  InteractionKind kind = InteractionKind::send;
  std::vector<T> values;
  T multiplicity{};
};

// An interaction that no chip's trace makes: the verifier adds it to the bus from the statement, so the
// chips must send (or receive) exactly that public tuple. This is how public data that is too long for a
// chip's public values reaches the buses, e.g. each journal byte at its index, received by the
// statement and sent by the chip that saw the guest write it. The STARK binds the list into the
// transcript and adds sum s m / fingerprint(values) to the chips' LogUp sums (stark/logup.h).
struct PublicInteraction {
  Bus bus;
  InteractionKind kind = InteractionKind::receive;
  std::vector<Fp> values;
  Fp multiplicity = Fp::one();
};

}  // namespace zkrv
