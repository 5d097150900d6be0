#include "fri/config.h"

#include <array>
#include <stdexcept>

#include "base/error.h"
#include "field/extension.h"

namespace zkrv {
namespace {

// Query counts follow the ethSTARK toy-problem conjecture (queries * log_blowup + PoW >= 100); the same
// shape as SP1's and Plonky3's BabyBear defaults (blowup 2: 84 queries + 16 PoW bits). Arity: measured
// proof sizes for one 2^20 x 64 matrix opened at 2 points (final polynomial 8 coefficients):
//   blowup 2: arity 2: 663 KB, 4: 389 KB, 8: 307 KB, 16: 294 KB
//   blowup 4: arity 2: 356 KB, 4: 208 KB, 8: 163 KB, 16: 155 KB
// Arity 8 takes most of the gain; 16 saves another 4% but doubles the fold-group work per query and
// costs a bit more in the provable per-round terms ((arity - 1) eps), so 8 it is.
const std::array<FriConfig, 3> kNamed = {{
    {.name = "zkrv-fri-b2-v2",
     .log_blowup = 1,
     .num_queries = 84,
     .log_folding_arity = 3,
     .log_final_poly_len = 3,
     .commit_pow_bits = 0,
     .query_pow_bits = 16,
     .logup_pow_bits = 12,
     .deep_pow_bits = 8},
    {.name = "zkrv-fri-b4-v2",
     .log_blowup = 2,
     .num_queries = 42,
     .log_folding_arity = 3,
     .log_final_poly_len = 3,
     .commit_pow_bits = 0,
     .query_pow_bits = 16,
     .logup_pow_bits = 12,
     .deep_pow_bits = 8},
    // Zero knowledge (docs/zero-knowledge.md): blowup 2 with a degree excess E = 3t. The excess costs
    // rate: at the minimum height 2^15 with a final polynomial of 2^9 + ceil(546 / 2^6) = 521
    // coefficients on 1024 points, each query buys -log2(521/1024) = 0.975 bits, so 87 queries
    // (84.8 + 16 >= 100). t = 2 * 87 + 2 * 4 = 182 random coefficients per column; E = 3t = 546 for
    // the degree-3 chips' quotient overflow. Every table is at least 2^15 rows.
    {.name = "zkrv-fri-b2-zk-v1",
     .log_blowup = 1,
     .num_queries = 87,
     .log_folding_arity = 3,
     .log_final_poly_len = 9,
     .commit_pow_bits = 0,
     .query_pow_bits = 16,
     .logup_pow_bits = 12,
     .deep_pow_bits = 8,
     .salt_width = 4,
     .degree_excess = 546,
     .log_min_height = 15,
     .zk_randomizers = 182},
}};

}  // namespace

void FriConfig::validate() const {
  auto fail = [&](const std::string& why) { throw std::invalid_argument("FriConfig '" + name + "': " + why); };
  if (name.empty() || name.size() > 64) fail("name must have 1..64 characters");
  if (log_blowup < 1 || log_blowup > 8) fail("log_blowup must be 1..8");
  if (num_queries < 1 || num_queries > kMaxNumQueries) fail("num_queries must be 1..1024");
  if (log_folding_arity < 1 || log_folding_arity > kMaxLogFoldingArity) fail("log_folding_arity must be 1..4");
  if (log_final_poly_len > kMaxLogFinalPolyLen) fail("log_final_poly_len must be at most 10");
  if (commit_pow_bits > 27 || query_pow_bits > 27 || logup_pow_bits > 27 || deep_pow_bits > 27)
    fail("proof-of-work bits must be at most 27");
  if (salt_width > kMaxSaltWidth) fail("salt_width must be at most 8");
  if (degree_excess > kMaxDegreeExcess) fail("degree_excess must be at most 4096");
  if (log_min_height > 27) fail("log_min_height must be at most 27");
  if (degree_excess > 0 && (log_min_height == 0 || degree_excess > (1u << log_min_height)))
    fail("a degree excess needs log_min_height with degree_excess <= 2^log_min_height");
  if (zk_randomizers > 0 && (salt_width == 0 || zk_randomizers > degree_excess))
    fail("zk_randomizers needs salt and at most degree_excess coefficients");
  // docs/zero-knowledge.md, part 3: a column reveals at most 2 values per query (its own and, through
  // the quotient, the next row's) and 2 extension values at zeta and zeta g.
  if (zk_randomizers > 0 && zk_randomizers < 2 * num_queries + 2 * Ext::DEGREE)
    fail("zk_randomizers must be at least 2 * num_queries + 2 * the extension degree");
}

FriSecurityParams FriConfig::security_params(unsigned log_max_degree, unsigned num_batched) const {
  FriSecurityParams p;
  p.degree_excess = degree_excess;
  p.log_min_height = log_min_height;
  p.log2_field_size = log2_babybear_ext4_size();
  p.log_blowup = log_blowup;
  p.log_max_height = log_max_degree;
  p.num_batched = num_batched;
  p.log_folding_arity = log_folding_arity;
  p.log_final_poly_len = log_final_poly_len;
  p.num_queries = num_queries;
  p.query_pow_bits = query_pow_bits;
  return p;
}

SecurityAnalysis FriConfig::security_conjectured(unsigned log_max_degree) const {
  return fri_security_conjectured(security_params(log_max_degree));
}

SecurityAnalysis FriConfig::security_provable(unsigned log_max_degree, unsigned num_batched) const {
  return fri_security_provable(security_params(log_max_degree, num_batched));
}

std::span<const FriConfig> named_fri_configs() { return kNamed; }

const FriConfig& default_fri_config() { return fri_config_by_name("zkrv-fri-b2-zk-v1"); }

const FriConfig& fri_config_by_name(std::string_view name) {
  for (const auto& c : kNamed)
    if (c.name == name) return c;
  throw MalformedInput("unknown FRI configuration '" + std::string(name) + "'");
}

}  // namespace zkrv
