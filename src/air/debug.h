// The debug interpreter: runs a chip's eval on every row of a real trace and says what is wrong.
//
// `check_trace` evaluates every constraint on every row (Var = Expr = Fp) and returns the first failures
// with chip, constraint index (the index the symbolic builder gives it), name and row. Rows wrap around:
// the next row of the last row is row 0, as on the trace domain; transition constraints need no special
// case because is_transition() is 0 on the last row, which zeroes every when_transition() assert there.
// On other rows is_transition() is what the STARK uses, x - g^-1 at the row's point x = g^row (Plonky3's
// selector; it is not 1 there), so a chip that uses it in arithmetic rather than as a filter (say
// 1 - is_transition * y, or a multiplicity) fails here exactly as its proof would fail to verify.
//
// `check_buses` evaluates every interaction on every row of several chips' traces and reports each
// (bus, tuple) whose net multiplicity (sends minus receives, mod p) is not zero: exactly the condition
// under which the LogUp argument (Haboeck, eprint 2022/1530) cannot balance, short of a soundness error.
//
// Neither is part of proving or verifying; they are for chip authors and tests (Plonky3's
// check_constraints in uni-stark/src/check_constraints.rs, SP1's debug_interactions). They are meant to
// be exact and clear, not fast.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <utility>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "air/air.h"
#include "air/builder.h"
#include "air/interaction.h"
#include "field/babybear.h"
#include "matrix/matrix_view.h"

namespace zkrv {

class DebugBuilder : public BuilderOps<DebugBuilder, Fp> {
 public:
  using Var = Fp;
  using Expr = Fp;

  struct RowFailure {
    size_t constraint_index;
    std::string_view name;
    Fp value;  // the nonzero value of the constraint polynomial on this row
  };

  // Shapes are checked by the callers below (check_constraints / check_buses).
  DebugBuilder(MatrixView<const Fp> main, MatrixView<const Fp> preprocessed, std::span<const Fp> public_values,
               bool record_interactions) noexcept
      : main_(main), preprocessed_(preprocessed), public_values_(public_values), record_(record_interactions) {}

  // Moves to `row` and clears the records of the previous row.
  void set_row(size_t row);
  size_t row() const noexcept { return row_; }

  RowWindow<Fp> main() const noexcept { return window(main_); }
  RowWindow<Fp> preprocessed() const noexcept { return window(preprocessed_); }
  Fp public_value(size_t i) const;  // throws std::out_of_range
  Fp is_first_row() const noexcept { return row_ == 0 ? Fp::one() : Fp::zero(); }
  Fp is_last_row() const noexcept { return row_ + 1 == main_.height() ? Fp::one() : Fp::zero(); }
  Fp is_transition() const noexcept { return transition_; }

  void assert_zero(Fp x, std::string_view name);
  void interact(Bus bus, std::span<const Fp> values, Fp multiplicity, InteractionKind kind);

  const std::vector<RowFailure>& row_failures() const noexcept { return failures_; }
  const std::vector<EvaluatedInteraction<Fp>>& row_interactions() const noexcept { return interactions_; }
  size_t constraints_seen() const noexcept { return next_index_; }

 private:
  RowWindow<Fp> window(MatrixView<const Fp> m) const noexcept;

  MatrixView<const Fp> main_;
  MatrixView<const Fp> preprocessed_;
  std::span<const Fp> public_values_;
  bool record_;
  size_t row_ = 0;
  Fp transition_;  // x - g^-1 at row_ (1 on non-last rows for heights that are not powers of two)
  size_t next_index_ = 0;
  std::vector<RowFailure> failures_;
  std::vector<EvaluatedInteraction<Fp>> interactions_;
};

static_assert(AirBuilder<DebugBuilder>);
static_assert(AirBuilder<FilteredBuilder<DebugBuilder>>);

// A chip's eval bound to one trace, with the type erased so traces of different chips fit one list.
// The chip and the viewed matrices must outlive it.
struct ChipTrace {
  std::string name;
  size_t width = 0;
  size_t preprocessed_width = 0;
  size_t num_public_values = 0;
  std::function<void(DebugBuilder&)> eval;
  MatrixView<const Fp> main;
  MatrixView<const Fp> preprocessed;  // width 0 (default) when the chip has none
  std::span<const Fp> public_values;
};

template <class A>
  requires AirFor<A, DebugBuilder>
ChipTrace chip_trace(const A& chip, MatrixView<const Fp> main, MatrixView<const Fp> preprocessed = {},
                     std::span<const Fp> public_values = {}) {
  return ChipTrace{std::string(chip.name()), chip.width(), chip.preprocessed_width(), chip.num_public_values(),
                   [&chip](DebugBuilder& b) { chip.eval(b); }, main, preprocessed, public_values};
}

struct ConstraintFailure {
  std::string chip;
  size_t constraint_index = 0;
  std::string name;
  size_t row = 0;
  Fp value;
  std::string describe() const;  // "chip 'fib' constraint 3 'b' = a + b' fails on row 0 (value 7)"
};

// Throws std::invalid_argument if the trace's widths, heights (preprocessed height must equal the main
// height) or public value count disagree with the chip. Returns at most max_failures failures, in row order.
std::vector<ConstraintFailure> check_constraints(const ChipTrace& trace, size_t max_failures = 16);

template <class A>
  requires AirFor<A, DebugBuilder>
std::vector<ConstraintFailure> check_trace(const A& chip, MatrixView<const Fp> main,
                                           MatrixView<const Fp> preprocessed = {},
                                           std::span<const Fp> public_values = {}, size_t max_failures = 16) {
  return check_constraints(chip_trace(chip, main, preprocessed, public_values), max_failures);
}

struct BusImbalance {
  Bus bus;
  std::vector<Fp> tuple;
  Fp net_multiplicity;  // sends minus receives, mod p; never zero in a report
  std::string describe() const;  // "bus 'byte' (id 1): tuple (3) has net multiplicity -1"
};

// Every (bus, tuple) with nonzero net multiplicity over all rows of all traces, ordered by bus id, then
// tuple length, then tuple (canonical values). Empty means balanced. Shapes are checked as above.
// Public interactions (air/interaction.h) count like any row's.
std::vector<BusImbalance> check_buses(std::span<const ChipTrace> traces,
                                      std::span<const PublicInteraction> public_interactions = {});

// The interactions of one row of a chip's trace (what row `row` sends and receives, evaluated).
std::vector<EvaluatedInteraction<Fp>> row_interactions(const ChipTrace& trace, size_t row);

// The net multiplicity (sends minus receives) per (bus id, tuple) of some interactions, zero entries
// dropped. Mutation sweeps judge a changed row with it: in an honest, balanced machine the buses still
// balance after a change to one row iff that row's net is unchanged.
using InteractionNet = std::map<std::pair<uint32_t, std::vector<uint32_t>>, Fp>;
InteractionNet interaction_net(std::span<const EvaluatedInteraction<Fp>> interactions);

}  // namespace zkrv
