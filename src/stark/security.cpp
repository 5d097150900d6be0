#include "stark/security.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "stark/logup.h"
#include "stark/machine_checks.h"
#include "stark/protocol.h"

namespace zkrv {
namespace {

struct MachineShape {
  unsigned log_max_height = 0;
  double constraints = 0;     // C: every constraint folded with alpha, LogUp constraints included
  double max_degree = 1;      // d
  double interactions = 0;    // M
  unsigned batched = 0;       // columns times opening points combined by FRI's batching challenge
};

MachineShape shape_of(std::span<const Chip> chips, std::span<const unsigned> log_heights,
                      std::span<const PublicInteraction> public_interactions) {
  MachineShape s;
  for (size_t c = 0; c < chips.size(); ++c) {
    const Chip& chip = chips[c];
    s.log_max_height = std::max(s.log_max_height, log_heights[c]);
    s.constraints += static_cast<double>(chip.num_constraints() + num_logup_constraints(chip));
    s.max_degree = std::max(s.max_degree, static_cast<double>(chip.max_constraint_degree()));
    const size_t perm_width = Ext::DEGREE * chip.num_permutation_columns();
    s.batched += static_cast<unsigned>(2 * (chip.preprocessed_width() + chip.width() + perm_width) +
                                       quotient_width(chip));
  }
  s.interactions = static_cast<double>(interaction_count(chips, log_heights, public_interactions));
  return s;
}

void add_stark_terms(SecurityAnalysis& a, const MachineShape& s, double log2_field, unsigned log_blowup) {
  const double field = std::exp2(log2_field);
  const double list = a.list_size;
  const double n = std::exp2(s.log_max_height);
  a.add("constraint batching", list * std::max(1.0, s.constraints - 1) / field,
        fmt::format("L+ (C - 1) / |F|, C = {:.0f} constraints (RISC Zero report 3.4; soundcalc ALI)", s.constraints));
  a.add("DEEP", list * (s.max_degree * (n + 1) + n - 1) / (field - n - n * std::exp2(log_blowup)),
        fmt::format("L+ (d (n + 1) + n - 1) / (|F| - n - n / rho), d = {:.0f}, n = 2^{} (soundcalc DEEP)",
                    s.max_degree, s.log_max_height));
  if (s.interactions > 0)
    a.add("LogUp", list * (2 * s.interactions - 1) / field,
          fmt::format("L+ (2 M - 1) / |F|, M = {:.0f} interactions (Haboeck 2022/1530, Schwartz-Zippel)",
                      s.interactions));
}

}  // namespace

StarkSecurity stark_security(const FriConfig& config, std::span<const Chip> chips,
                             std::span<const unsigned> log_heights,
                             std::span<const PublicInteraction> public_interactions) {
  const MachineShape s = shape_of(chips, log_heights, public_interactions);
  const FriSecurityParams p = config.security_params(s.log_max_height, std::max(1u, s.batched));
  StarkSecurity out{fri_security_conjectured(p), {}};
  add_stark_terms(out.conjectured, s, p.log2_field_size, config.log_blowup);
  SecurityAnalysis udr = fri_security_unique_decoding(p), jbr = fri_security_johnson(p);
  add_stark_terms(udr, s, p.log2_field_size, config.log_blowup);
  add_stark_terms(jbr, s, p.log2_field_size, config.log_blowup);
  out.provable = jbr.total_bits() > udr.total_bits() ? std::move(jbr) : std::move(udr);
  return out;
}

}  // namespace zkrv
