#include "air/debug.h"

#include <bit>
#include <map>
#include <stdexcept>
#include <utility>

namespace zkrv {

void DebugBuilder::set_row(size_t row) {
  row_ = row;
  const size_t n = main_.height();
  if (row + 1 == n) {
    transition_ = Fp::zero();
  } else if (n >= 2 && std::has_single_bit(n) && std::countr_zero(n) <= static_cast<int>(Fp::TWO_ADICITY)) {
    const Fp g = Fp::two_adic_generator(static_cast<unsigned>(std::countr_zero(n)));
    transition_ = g.pow(row) - g.inverse();
  } else {
    transition_ = Fp::one();  // no STARK domain for this height; keep the filter meaning
  }
  next_index_ = 0;
  failures_.clear();
  interactions_.clear();
}

RowWindow<Fp> DebugBuilder::window(MatrixView<const Fp> m) const noexcept {
  if (m.width() == 0 || m.height() == 0) return {};
  const size_t next = row_ + 1 == m.height() ? 0 : row_ + 1;  // wrap-around: the domain is cyclic
  return {m.row(row_), m.row(next)};
}

Fp DebugBuilder::public_value(size_t i) const {
  if (i >= public_values_.size())
    throw std::out_of_range("air: public value " + std::to_string(i) + " out of range (" +
                            std::to_string(public_values_.size()) + " given)");
  return public_values_[i];
}

void DebugBuilder::assert_zero(Fp x, std::string_view name) {
  if (!x.is_zero()) failures_.push_back(RowFailure{next_index_, name, x});
  ++next_index_;
}

void DebugBuilder::interact(Bus bus, std::span<const Fp> values, Fp multiplicity, InteractionKind kind) {
  if (!record_) return;
  interactions_.push_back(
      EvaluatedInteraction<Fp>{bus, kind, std::vector<Fp>(values.begin(), values.end()), multiplicity});
}

namespace {

void check_shape(const ChipTrace& t) {
  auto fail = [&](const std::string& what) {
    throw std::invalid_argument("air: trace of chip '" + t.name + "': " + what);
  };
  if (t.main.width() != t.width)
    fail("main width " + std::to_string(t.main.width()) + ", chip declares " + std::to_string(t.width));
  if (t.preprocessed.width() != t.preprocessed_width)
    fail("preprocessed width " + std::to_string(t.preprocessed.width()) + ", chip declares " +
         std::to_string(t.preprocessed_width));
  if (t.preprocessed_width != 0 && t.preprocessed.height() != t.main.height())
    fail("preprocessed height " + std::to_string(t.preprocessed.height()) + " != main height " +
         std::to_string(t.main.height()));
  if (t.public_values.size() != t.num_public_values)
    fail(std::to_string(t.public_values.size()) + " public values, chip declares " +
         std::to_string(t.num_public_values));
  if (!t.eval) fail("no eval function");
}

// Signed small form for reports: p - 1 prints as -1.
std::string signed_string(Fp x) {
  const uint32_t c = x.as_canonical();
  if (c <= Fp::P / 2) return std::to_string(c);
  std::string s = "-";  // appended, not `"-" + std::string&&` (GCC 12 false -Wrestrict)
  s += std::to_string(Fp::P - c);
  return s;
}

}  // namespace

std::string ConstraintFailure::describe() const {
  return "chip '" + chip + "' constraint " + std::to_string(constraint_index) + " '" + name + "' fails on row " +
         std::to_string(row) + " (value " + std::to_string(value.as_canonical()) + ")";
}

std::string BusImbalance::describe() const {
  std::string s = "bus '" + std::string(bus.name) + "' (id " + std::to_string(bus.id) + "): tuple (";
  for (size_t i = 0; i < tuple.size(); ++i) s += (i ? ", " : "") + std::to_string(tuple[i].as_canonical());
  return s + ") has net multiplicity " + signed_string(net_multiplicity);
}

std::vector<ConstraintFailure> check_constraints(const ChipTrace& trace, size_t max_failures) {
  check_shape(trace);
  std::vector<ConstraintFailure> out;
  DebugBuilder b(trace.main, trace.preprocessed, trace.public_values, /*record_interactions=*/false);
  for (size_t row = 0; row < trace.main.height() && out.size() < max_failures; ++row) {
    b.set_row(row);
    trace.eval(b);
    for (const auto& f : b.row_failures()) {
      if (out.size() == max_failures) break;
      out.push_back(ConstraintFailure{trace.name, f.constraint_index, std::string(f.name), row, f.value});
    }
  }
  return out;
}

std::vector<BusImbalance> check_buses(std::span<const ChipTrace> traces,
                                      std::span<const PublicInteraction> public_interactions) {
  // Key: bus id, tuple length, canonical tuple values (std::map gives the documented report order).
  using Key = std::pair<uint32_t, std::vector<uint32_t>>;
  struct Sum {
    Bus bus;
    std::vector<Fp> tuple;
    Fp net;
  };
  std::map<Key, Sum> sums;
  auto add = [&](const Bus& bus, const std::vector<Fp>& values, InteractionKind kind, Fp multiplicity) {
    Key key{bus.id, {}};
    key.second.reserve(values.size() + 1);
    key.second.push_back(static_cast<uint32_t>(values.size()));
    for (Fp v : values) key.second.push_back(v.as_canonical());
    auto [pos, inserted] = sums.try_emplace(std::move(key), Sum{bus, values, Fp::zero()});
    pos->second.net += kind == InteractionKind::send ? multiplicity : -multiplicity;
  };
  for (const PublicInteraction& it : public_interactions) add(it.bus, it.values, it.kind, it.multiplicity);
  for (const ChipTrace& trace : traces) {
    check_shape(trace);
    DebugBuilder b(trace.main, trace.preprocessed, trace.public_values, /*record_interactions=*/true);
    for (size_t row = 0; row < trace.main.height(); ++row) {
      b.set_row(row);
      trace.eval(b);
      for (const auto& it : b.row_interactions()) add(it.bus, it.values, it.kind, it.multiplicity);
    }
  }
  std::vector<BusImbalance> out;
  for (auto& [key, e] : sums)
    if (!e.net.is_zero()) out.push_back(BusImbalance{e.bus, std::move(e.tuple), e.net});
  return out;
}

std::vector<EvaluatedInteraction<Fp>> row_interactions(const ChipTrace& trace, size_t row) {
  DebugBuilder b(trace.main, trace.preprocessed, trace.public_values, true);
  b.set_row(row);
  trace.eval(b);
  return b.row_interactions();
}

InteractionNet interaction_net(std::span<const EvaluatedInteraction<Fp>> interactions) {
  InteractionNet net;
  for (const auto& i : interactions) {
    std::vector<uint32_t> key;
    key.reserve(i.values.size());
    for (Fp v : i.values) key.push_back(v.as_canonical());
    net[{i.bus.id, std::move(key)}] += i.kind == InteractionKind::send ? i.multiplicity : -i.multiplicity;
  }
  std::erase_if(net, [](const auto& e) { return e.second.is_zero(); });
  return net;
}

}  // namespace zkrv
