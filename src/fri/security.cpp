#include "fri/security.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace zkrv {
namespace {

double bits_of(double error) {
  if (error <= 0) return std::numeric_limits<double>::infinity();
  return std::max(0.0, -std::log2(error));
}

// Errors are tracked in log2 so 2^-124-sized quantities never underflow: err = 2^log2_err.
double from_log2(double log2_error) { return std::exp2(log2_error); }

// The gap eta to the Johnson radius 1 - sqrt(rho), soundcalc's default: max(rho / 20, sqrt(rho) / 100)
// for fields below 2^150.
double johnson_gap(double rho) { return std::max(rho / 20, std::sqrt(rho) / 100); }

// BCHKS25 Theorem 4.2 (as in soundcalc's JohnsonBoundRegime.get_error_linear): the error of one
// random linear combination of two functions at proximity theta = 1 - sqrt(rho) - eta, with
// m = max(ceil(sqrt(rho) / eta), 3) and n the domain size:
//   eps = ( (2 (m+1/2)^5 + 3 (m+1/2) theta rho) n / (3 rho sqrt(rho)) + (m+1/2) / sqrt(rho) ) / |F|
double johnson_linear_error_log2(double rho, double n, double log2_field) {
  const double sqrt_rho = std::sqrt(rho);
  const double eta = johnson_gap(rho);
  const double theta = 1 - sqrt_rho - eta;
  const double m = std::max(std::ceil(sqrt_rho / eta), 3.0);
  const double ms = m + 0.5;
  const double first = (2 * std::pow(ms, 5) + 3 * ms * theta * rho) * n / (3 * rho * sqrt_rho);
  const double second = ms / sqrt_rho;
  return std::log2(first + second) - log2_field;
}

}  // namespace

// FRI tests the degree bound its final polynomial implies: final_poly_len coefficients on a final layer of
// 2^log_final_height points (fold.h), i.e. every input of height 2^h is tested against degree
// < final_poly_len * 2^(h + log_blowup - log_final_height). That rate, final_poly_len / 2^log_final_height,
// is 2^-log_blowup without an excess and slightly more with one (the excess left after the folds below
// the smallest input, rounded up).
double FriSecurityParams::rate() const {
  const double rho = std::exp2(-static_cast<double>(log_blowup));
  if (degree_excess == 0) return rho;
  const unsigned log_final_poly = std::min(log_final_poly_len, log_min_height);
  const double fold_after_last = std::exp2(static_cast<double>(log_min_height - log_final_poly));
  const double excess_left = std::ceil(degree_excess / fold_after_last);
  return (std::exp2(static_cast<double>(log_final_poly)) + excess_left) *
         std::exp2(-static_cast<double>(log_final_poly + log_blowup));
}

namespace {

struct Shape {
  double rho, n;        // rate and initial evaluation-domain size
  unsigned rounds;
};

Shape shape_of(const FriSecurityParams& p) {
  return {p.rate(), std::exp2(p.log_max_height + p.log_blowup), fri_num_rounds(p)};
}

// Domain size after `round` + 1 folds.
double folded_domain(const FriSecurityParams& p, unsigned round) {
  return std::exp2(static_cast<double>(p.log_max_height + p.log_blowup) -
                   static_cast<double>((round + 1) * p.log_folding_arity));
}

// The provable regimes credit proof-of-work bits as the conjectured one does; say what kind of bound that is.
constexpr const char* kGrindingNote =
    "grinding bits (query phase here; DEEP and LogUp in the STARK's terms) are credited as a computational "
    "bound, against a prover limited in Poseidon2 evaluations, not an information-theoretic one";

void add_query_phase(SecurityAnalysis& a, const FriSecurityParams& p, double theta, const std::string& cite) {
  if (p.query_pow_bits > 0 && a.regime.starts_with("provable")) a.note = kGrindingNote;
  // (1 - theta)^q, then grinding multiplies the cost of each attempt by 2^pow_bits.
  const double log2_err = p.num_queries * std::log2(1 - theta) - p.query_pow_bits;
  a.add("FRI query phase", from_log2(log2_err),
        fmt::format("(1 - theta)^q * 2^-pow = (1 - {:.4f})^{} * 2^-{} ({})", theta, p.num_queries, p.query_pow_bits, cite));
}

}  // namespace

double SecurityAnalysis::total_bits() const {
  double total = std::numeric_limits<double>::infinity();
  for (const auto& t : terms) total = std::min(total, t.bits);
  return total;
}

void SecurityAnalysis::add(std::string name, double error, std::string formula) {
  terms.push_back({std::move(name), bits_of(error), std::move(formula)});
}

unsigned fri_num_rounds(const FriSecurityParams& p) {
  if (p.log_max_height <= p.log_final_poly_len) return 0;
  const unsigned to_fold = p.log_max_height - p.log_final_poly_len;
  return (to_fold + p.log_folding_arity - 1) / p.log_folding_arity;
}

double log2_babybear_ext4_size() { return 4 * std::log2(2013265921.0); }

SecurityAnalysis fri_security_conjectured(const FriSecurityParams& p) {
  const Shape s = shape_of(p);
  SecurityAnalysis a;
  a.regime = "conjectured (ethSTARK toy-problem conjecture)";
  a.proximity = 1 - s.rho;
  // ethSTARK documentation v1.2, section 5.9.1 ("toy problem security"): each commit-phase
  // challenge fails with probability 1/|F|, each query with probability rho; grinding (section
  // 6.3) adds its bits to the query phase.
  a.add("FRI commit phase", from_log2(-p.log2_field_size),
        fmt::format("1 / |F|, |F| = 2^{:.1f} (ethSTARK 5.9.1)", p.log2_field_size));
  const double bits_per_query = -std::log2(s.rho);
  a.add("FRI query phase", from_log2(-static_cast<double>(p.num_queries) * bits_per_query - p.query_pow_bits),
        fmt::format("rho^q * 2^-pow = 2^-({} * {:.4g} + {}) (ethSTARK 5.9.1, 6.3)", p.num_queries, bits_per_query,
                    p.query_pow_bits));
  return a;
}

SecurityAnalysis fri_security_unique_decoding(const FriSecurityParams& p) {
  const Shape s = shape_of(p);
  SecurityAnalysis a;
  a.regime = "provable: unique decoding";
  a.proximity = (1 - s.rho) / 2;
  a.list_size = 1;
  if (p.num_batched > 1) {
    a.add("FRI batching", from_log2(std::log2((p.num_batched - 1) * s.n) - p.log2_field_size),
          fmt::format("(N - 1) n / |F|, N = {}, n = 2^{:.0f} (BCIKS20 Thm 1.2, 1.4)", p.num_batched, std::log2(s.n)));
  }
  const double arity = std::exp2(p.log_folding_arity);
  for (unsigned r = 0; r < s.rounds; ++r) {
    const double n = folded_domain(p, r) * arity;  // domain the round's combination is taken over
    a.add(fmt::format("FRI commit round {}", r + 1), from_log2(std::log2((arity - 1) * n) - p.log2_field_size),
          fmt::format("(arity - 1) n / |F|, arity = {:.0f}, n = 2^{:.0f} (BCIKS20 Thm 1.2, 1.4)", arity, std::log2(n)));
  }
  add_query_phase(a, p, a.proximity, "theta = (1 - rho) / 2, BCIKS20");
  return a;
}

SecurityAnalysis fri_security_johnson(const FriSecurityParams& p) {
  const Shape s = shape_of(p);
  SecurityAnalysis a;
  a.regime = "provable: Johnson bound";
  const double sqrt_rho = std::sqrt(s.rho);
  const double eta = johnson_gap(s.rho);
  a.proximity = 1 - sqrt_rho - eta;
  a.list_size = 1 / (2 * eta * sqrt_rho);  // RS codes are (1 - sqrt(rho) - eta, 1/(2 eta sqrt(rho)))-list decodable
  if (p.num_batched > 1) {
    a.add("FRI batching",
          from_log2(johnson_linear_error_log2(s.rho, s.n, p.log2_field_size) + std::log2(p.num_batched - 1)),
          fmt::format("(N - 1) eps_J(n = 2^{:.0f}), N = {} (BCHKS25 Thm 4.2, eta = {:.4f})", std::log2(s.n), p.num_batched,
                      eta));
  }
  const double arity = std::exp2(p.log_folding_arity);
  for (unsigned r = 0; r < s.rounds; ++r) {
    const double n = folded_domain(p, r) * arity;
    a.add(fmt::format("FRI commit round {}", r + 1),
          from_log2(johnson_linear_error_log2(s.rho, n, p.log2_field_size) + std::log2(arity - 1)),
          fmt::format("(arity - 1) eps_J(n = 2^{:.0f}) (BCHKS25 Thm 4.2)", std::log2(n)));
  }
  add_query_phase(a, p, a.proximity, "theta = 1 - sqrt(rho) - eta, Johnson bound");
  return a;
}

SecurityAnalysis fri_security_provable(const FriSecurityParams& p) {
  SecurityAnalysis udr = fri_security_unique_decoding(p);
  SecurityAnalysis jbr = fri_security_johnson(p);
  return jbr.total_bits() > udr.total_bits() ? jbr : udr;
}

std::string format_security(const SecurityAnalysis& a) {
  std::string out = fmt::format("{}: {:.1f} bits\n", a.regime, a.total_bits());
  for (const auto& t : a.terms) out += fmt::format("  {:<22} {:7.1f} bits   {}\n", t.name, t.bits, t.formula);
  if (!a.note.empty()) out += fmt::format("  note: {}\n", a.note);
  return out;
}

}  // namespace zkrv
