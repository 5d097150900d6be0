// Soundness of a FRI-based proof, term by term, under two analyses:
//
//  * conjectured: the usual FRI conjecture, ethSTARK's "toy problem security" (ethSTARK
//    documentation v1.2, eprint 2021/582, section 5.9.1): each query catches a cheating prover except
//    with probability rho = 1/blowup, so the query phase gives num_queries * log2(blowup) bits plus the
//    proof-of-work bits (section 6.3); each algebraic challenge fails with probability 1/|F|. This is
//    the figure Plonky3, SP1 and RISC Zero quote.
//  * provable: proximity-gap theorems for Reed-Solomon codes, as the Ethereum Foundation's soundcalc
//    models them, in two regimes, and the better regime is reported:
//      - unique decoding (UDR), theta = (1 - rho) / 2: batching/folding errors from BCIKS20
//        (Ben-Sasson, Carmon, Ishai, Kopparty, Saraf, "Proximity Gaps for Reed-Solomon Codes",
//        eprint 2020/654, Theorems 1.2 and 1.4): (k - 1) * n / |F| for k functions combined with
//        powers of one challenge, n the evaluation-domain size;
//      - Johnson bound (JBR), theta = 1 - sqrt(rho) - eta: errors from BCHKS25 Theorem 4.2 (the
//        improved list-decoding proximity gaps as used by soundcalc), eta the gap to the Johnson radius.
//    The query phase contributes (1 - theta)^num_queries, reduced by proof-of-work grinding.
//
// A report is a list of named terms; the STARK layer appends its own (DEEP, ALI/constraint
// batching, LogUp) with the same list-size factor, and the total is the minimum over terms.
#pragma once

#include <string>
#include <vector>

namespace zkrv {

struct SecurityTerm {
  std::string name;     // "FRI query phase", "FRI commit round 3", "DEEP", ...
  double bits = 0;      // -log2(error)
  std::string formula;  // the error formula with its citation
};

struct SecurityAnalysis {
  std::string regime;  // "conjectured (ethSTARK)", "provable: unique decoding", "provable: Johnson bound"
  std::vector<SecurityTerm> terms;
  double list_size = 1;  // max list size L+ at the proximity parameter (1 in unique decoding)
  double proximity = 0;  // theta
  std::string note;      // a caveat printed under the terms (empty: none)

  double total_bits() const;  // minimum over the terms
  void add(std::string name, double error, std::string formula);
};

// What the calculator needs to know about one FRI instance.
struct FriSecurityParams {
  double log2_field_size = 0;      // log2 |F| of the field the challenges live in (extension)
  unsigned log_blowup = 1;         // rho = 2^-log_blowup
  unsigned log_max_height = 0;     // log2 of the largest committed polynomial's degree bound (trace rows)
  unsigned num_batched = 1;        // number of functions combined by the batching challenge
  unsigned log_folding_arity = 1;  // each round folds 2^log_folding_arity points into one
  unsigned log_final_poly_len = 0; // folding stops at this degree bound (log2)
  unsigned num_queries = 0;
  unsigned query_pow_bits = 0;     // grinding before sampling query indices
  // A degree excess E (FriConfig::degree_excess): polynomials of height 2^h have degree < 2^h + E. FRI
  // then tests the rate its final polynomial implies, (2^lfp + ceil(E / 2^(log_min_height - lfp))) /
  // 2^(lfp + log_blowup) with lfp = min(log_final_poly_len, log_min_height) (fold.h): the excess
  // left after the folds below the smallest input, rounded up. rate() is that, or 2^-log_blowup.
  unsigned degree_excess = 0;
  unsigned log_min_height = 0;  // the smallest committed height accepted (FriConfig::log_min_height)
  double rate() const;
};

unsigned fri_num_rounds(const FriSecurityParams& p);

SecurityAnalysis fri_security_conjectured(const FriSecurityParams& p);
SecurityAnalysis fri_security_unique_decoding(const FriSecurityParams& p);
SecurityAnalysis fri_security_johnson(const FriSecurityParams& p);
// The better of the two provable regimes.
SecurityAnalysis fri_security_provable(const FriSecurityParams& p);

// Human-readable table of an analysis (one term per line).
std::string format_security(const SecurityAnalysis& analysis);

// log2 of BabyBear^4 (the extension field every challenge is drawn from).
double log2_babybear_ext4_size();

}  // namespace zkrv
