#include "fri/security.h"

#include <gtest/gtest.h>

#include <cmath>

namespace zkrv {
namespace {

// 2^20 rows at blowup 2, 64 batched columns, binary folding to a constant, 100 queries, 16 PoW bits.
FriSecurityParams example() {
  FriSecurityParams p;
  p.log2_field_size = log2_babybear_ext4_size();
  p.log_blowup = 1;
  p.log_max_height = 20;
  p.num_batched = 64;
  p.log_folding_arity = 1;
  p.log_final_poly_len = 0;
  p.num_queries = 100;
  p.query_pow_bits = 16;
  return p;
}

const SecurityTerm& term(const SecurityAnalysis& a, const std::string& name) {
  for (const auto& t : a.terms) {
    if (t.name == name) return t;
  }
  throw std::runtime_error("no term " + name);
}

// The expected figures below were computed by hand (a calculator session, not this code) from the
// formulas in security.h:
//   log2 |F| = 4 log2(2013265921)                          = 123.6276
//   UDR:  theta = 1/4; query  = -100 log2(3/4) + 16       = 57.5037
//         batching = log2|F| - log2(63 * 2^21)             = 96.6503
//         round 1  = log2|F| - log2(1 * 2^21)              = 102.6276
//   JBR:  eta = max(1/40, sqrt(1/2)/100) = 0.025, theta = 1 - sqrt(1/2) - 0.025 = 0.267893,
//         m = max(ceil(sqrt(1/2)/0.025), 3) = 29;
//         query    = -100 log2(1 - theta) + 16             = 60.9874
//         batching = log2|F| - log2(63 eps(2^21))          = 71.3220
//         round 1  = log2|F| - log2(eps(2^21))             = 77.2993
//         with eps(n) = (2 (29.5)^5 + 3 (29.5) theta / 2) n / (3 (1/2)^{3/2}) + 29.5 / sqrt(1/2)
TEST(FriSecurity, MatchesHandComputedFigures) {
  const FriSecurityParams p = example();
  EXPECT_NEAR(p.log2_field_size, 123.6276, 1e-3);
  EXPECT_EQ(fri_num_rounds(p), 20u);

  const SecurityAnalysis conj = fri_security_conjectured(p);
  EXPECT_NEAR(conj.total_bits(), 116.0, 1e-9);
  EXPECT_NEAR(term(conj, "FRI commit phase").bits, 123.6276, 1e-3);

  const SecurityAnalysis udr = fri_security_unique_decoding(p);
  EXPECT_NEAR(term(udr, "FRI query phase").bits, 57.5037, 1e-3);
  EXPECT_NEAR(term(udr, "FRI batching").bits, 96.6503, 1e-3);
  EXPECT_NEAR(term(udr, "FRI commit round 1").bits, 102.6276, 1e-3);
  EXPECT_NEAR(term(udr, "FRI commit round 20").bits, 121.6276, 1e-3);
  EXPECT_NEAR(udr.total_bits(), 57.5037, 1e-3);

  const SecurityAnalysis jbr = fri_security_johnson(p);
  EXPECT_NEAR(jbr.proximity, 0.267893, 1e-5);
  EXPECT_NEAR(term(jbr, "FRI query phase").bits, 60.9874, 1e-3);
  EXPECT_NEAR(term(jbr, "FRI batching").bits, 71.3220, 1e-3);
  EXPECT_NEAR(term(jbr, "FRI commit round 1").bits, 77.2993, 1e-3);
  EXPECT_NEAR(jbr.total_bits(), 60.9874, 1e-3);

  // The provable figure is the better regime.
  EXPECT_NEAR(fri_security_provable(p).total_bits(), 60.9874, 1e-3);
}

TEST(FriSecurity, RoundsFollowArityAndFinalPolynomial) {
  FriSecurityParams p = example();
  p.log_folding_arity = 3;  // arity 8
  p.log_final_poly_len = 2;
  EXPECT_EQ(fri_num_rounds(p), 6u);  // ceil(18 / 3)
  EXPECT_EQ(fri_security_unique_decoding(p).terms.size(), 1u + 6u + 1u);
  p.log_max_height = 2;
  EXPECT_EQ(fri_num_rounds(p), 0u);
}

TEST(FriSecurity, MoreQueriesBlowupAndGrindingNeverHurt) {
  FriSecurityParams p = example();
  const double base = fri_security_provable(p).total_bits();
  p.num_queries += 10;
  EXPECT_GT(fri_security_provable(p).total_bits(), base);
  p = example();
  p.query_pow_bits += 4;
  EXPECT_NEAR(fri_security_conjectured(p).total_bits(), 120.0, 1e-9);
  p = example();
  p.log_blowup = 2;
  p.num_queries = 50;
  EXPECT_NEAR(fri_security_conjectured(p).total_bits(), 116.0, 1e-9);
  EXPECT_NEAR(fri_security_unique_decoding(p).total_bits(), 49.9036, 1e-3);  // 50 log2(8/5) + 16
}

TEST(FriSecurity, ReportListsEveryTerm) {
  const std::string text = format_security(fri_security_johnson(example()));
  EXPECT_NE(text.find("FRI query phase"), std::string::npos);
  EXPECT_NE(text.find("BCHKS25"), std::string::npos);
  EXPECT_NE(text.find("FRI commit round 20"), std::string::npos);
}

TEST(FriSecurity, StarkTermsCanBeAdded) {
  SecurityAnalysis a = fri_security_unique_decoding(example());
  a.add("DEEP", std::exp2(-40.0), "test term");
  EXPECT_NEAR(a.total_bits(), 40.0, 1e-9);
}

}  // namespace
}  // namespace zkrv
