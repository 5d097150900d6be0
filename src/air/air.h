// What a chip (one AIR, one table of the multi-table STARK) provides.
//
// A chip is an object (it may hold configuration, e.g. the program image a preprocessed program table is
// built from) with:
//   std::string_view name() const               for reports ("cpu", "byte", ...)
//   size_t width() const                        number of main-trace columns
//   size_t preprocessed_width() const           number of preprocessed columns, 0 if none
//   size_t num_public_values() const            public values this chip's constraints read
//   RowMajorMatrix<Fp> preprocessed_trace() const
//                                               the fixed columns, committed once in the verifying key;
//                                               an empty 0 x 0 matrix when preprocessed_width() == 0.
//                                               Its height fixes the chip's height.
//   template <AirBuilder B> void eval(B& b) const
//                                               constraints and bus interactions, written once
//                                               (air/builder.h lists what B offers).
// Trace generation (events -> main trace rows) is deliberately not part of this interface: it belongs to
// the chip's own code (vm/chips/...) and is never needed by the prover or verifier, which see matrices.
//
// `AirDefaults` supplies the "no preprocessed columns, no public values" answers so a simple chip states
// only what it has. The layout mirrors Plonky3's BaseAir / BaseAirWithPublicValues / Air<AB> and SP1's
// MachineAir (crates/stark/src/air/machine.rs: name, preprocessed_width, generate_preprocessed_trace).
#pragma once

#include <concepts>
#include <cstddef>
#include <string_view>

#include "air/builder.h"
#include "field/babybear.h"
#include "matrix/row_major_matrix.h"

namespace zkrv {

// The metadata part of a chip. (That eval accepts a given builder is `AirFor<A, B>`: a concept cannot
// quantify over all builders.)
template <class A>
concept Air = requires(const A& a) {
  { a.name() } -> std::convertible_to<std::string_view>;
  { a.width() } -> std::convertible_to<size_t>;
  { a.preprocessed_width() } -> std::convertible_to<size_t>;
  { a.num_public_values() } -> std::convertible_to<size_t>;
  { a.preprocessed_trace() } -> std::same_as<RowMajorMatrix<Fp>>;
};

template <class A, class B>
concept AirFor = Air<A> && AirBuilder<B> && requires(const A& a, B& b) { a.eval(b); };

// Inherit to get the defaults; declare a member of the same name to override it.
struct AirDefaults {
  size_t preprocessed_width() const noexcept { return 0; }
  size_t num_public_values() const noexcept { return 0; }
  RowMajorMatrix<Fp> preprocessed_trace() const { return {}; }
};

}  // namespace zkrv
