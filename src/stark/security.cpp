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

void add_stark_terms(SecurityAnalysis& a, const MachineShape& s, double log2_field, const FriConfig& config) {
  const double field = std::exp2(log2_field);
  const unsigned log_blowup = config.log_blowup;
  // Grinding before a challenge multiplies the work per try of that challenge by 2^bits, as the query
  // PoW does for the query phase (ethSTARK 6.3): the term's error is divided by 2^bits.
  const double deep_pow = std::exp2(-static_cast<double>(config.deep_pow_bits));
  const double logup_pow = std::exp2(-static_cast<double>(config.logup_pow_bits));
  const double list = a.list_size;
  const double n = std::exp2(s.log_max_height);
  a.add("constraint batching", list * std::max(1.0, s.constraints - 1) / field,
        fmt::format("L+ (C - 1) / |F|, C = {:.0f} constraints (RISC Zero report 3.4; soundcalc ALI)", s.constraints));
  a.add("DEEP", deep_pow * list * (s.max_degree * (n + 1) + n - 1) / (field - n - n * std::exp2(log_blowup)),
        fmt::format("2^-pow L+ (d (n + 1) + n - 1) / (|F| - n - n / rho), pow = {}, d = {:.0f}, n = 2^{} "
                    "(soundcalc DEEP)",
                    config.deep_pow_bits, s.max_degree, s.log_max_height));
  if (s.interactions > 0)
    a.add("LogUp", logup_pow * list * (2 * s.interactions - 1) / field,
          fmt::format("2^-pow L+ (2 M - 1) / |F|, pow = {}, M = {:.0f} interactions (Haboeck 2022/1530, "
                      "Schwartz-Zippel)",
                      config.logup_pow_bits, s.interactions));
}

}  // namespace

StarkSecurity stark_security(const FriConfig& config, std::span<const Chip> chips,
                             std::span<const unsigned> log_heights,
                             std::span<const PublicInteraction> public_interactions) {
  MachineShape s = shape_of(chips, log_heights, public_interactions);
  if (config.hiding()) s.batched += Ext::DEGREE;  // the masking polynomial's 4 columns, at zeta
  const FriSecurityParams p = config.security_params(s.log_max_height, std::max(1u, s.batched));
  StarkSecurity out{fri_security_conjectured(p), {}};
  add_stark_terms(out.conjectured, s, p.log2_field_size, config);
  SecurityAnalysis udr = fri_security_unique_decoding(p), jbr = fri_security_johnson(p);
  add_stark_terms(udr, s, p.log2_field_size, config);
  add_stark_terms(jbr, s, p.log2_field_size, config);
  out.provable = jbr.total_bits() > udr.total_bits() ? std::move(jbr) : std::move(udr);
  return out;
}

}  // namespace zkrv
