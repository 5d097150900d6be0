#include "stark/machine_checks.h"

#include <algorithm>
#include <map>
#include <stdexcept>
#include <string>

namespace zkrv {

void check_bus_arities(std::span<const Chip> chips, std::span<const PublicInteraction> public_interactions) {
  struct First {
    size_t arity;
    const std::string* chip;
  };
  std::map<uint32_t, First> seen;
  for (const Chip& chip : chips) {
    for (const auto& it : chip.info().interactions) {
      const size_t arity = it.values.size();
      auto [pos, inserted] = seen.try_emplace(it.bus.id, First{arity, &chip.name()});
      if (!inserted && pos->second.arity != arity)
        throw std::invalid_argument("stark: bus '" + std::string(it.bus.name) + "' (id " +
                                    std::to_string(it.bus.id) + ") carries tuples of " +
                                    std::to_string(pos->second.arity) + " values in chip " + *pos->second.chip +
                                    " but " + std::to_string(arity) + " in chip " + chip.name() +
                                    "; every bus needs one fixed arity");
    }
  }
  static const std::string kStatement = "(the statement's public interactions)";
  for (const PublicInteraction& it : public_interactions) {
    const size_t arity = it.values.size();
    auto [pos, inserted] = seen.try_emplace(it.bus.id, First{arity, &kStatement});
    if (!inserted && pos->second.arity != arity)
      throw std::invalid_argument("stark: public interaction on bus '" + std::string(it.bus.name) + "' has " +
                                  std::to_string(arity) + " values, the bus carries " +
                                  std::to_string(pos->second.arity));
  }
}

uint64_t interaction_count(std::span<const Chip> chips, std::span<const unsigned> log_heights,
                           std::span<const PublicInteraction> public_interactions) {
  uint64_t total = public_interactions.size();
  for (size_t c = 0; c < chips.size(); ++c) {
    const unsigned log_h = log_heights[c];
    if (log_h >= 40) return UINT64_MAX;  // unreachable for valid heights; saturate instead of overflowing
    total += (uint64_t{1} << log_h) * chips[c].num_interactions();
  }
  return total;
}

size_t max_bus_arity(std::span<const Chip> chips, std::span<const PublicInteraction> public_interactions) {
  size_t arity = 0;
  for (const PublicInteraction& it : public_interactions) arity = std::max(arity, it.values.size());
  for (const Chip& chip : chips)
    for (const auto& it : chip.info().interactions) arity = std::max(arity, it.values.size());
  return arity;
}

}  // namespace zkrv
