#include <gtest/gtest.h>

#include <iostream>

#include "base/error.h"
#include "fri/config.h"

namespace zkrv {
namespace {

TEST(FriConfig, NamedConfigurationsGiveAtLeast100Bits) {
  ASSERT_GE(named_fri_configs().size(), 2u);
  for (const FriConfig& c : named_fri_configs()) {
    EXPECT_NO_THROW(c.validate());
    EXPECT_GE(c.conjectured_query_bits(), 100u) << c.name;
    const SecurityAnalysis conj = c.security_conjectured(20);
    EXPECT_GE(conj.total_bits(), 100.0) << c.name;
    EXPECT_EQ(&fri_config_by_name(c.name), &c);
    // Printed so the test log records the figures (64 columns opened at 2 points at 2^20 rows).
    const auto both = c.security(20, 128);
    EXPECT_EQ(both.conjectured.total_bits(), conj.total_bits());
    EXPECT_GT(both.provable.total_bits(), 40.0);
    EXPECT_LT(both.provable.total_bits(), conj.total_bits());
    std::cout << c.name << "\n" << format_security(conj) << format_security(both.provable);
  }
  EXPECT_EQ(fri_config_by_name("zkrv-fri-b2-v2").log_blowup, 1u);
  EXPECT_EQ(fri_config_by_name("zkrv-fri-b4-v2").log_blowup, 2u);
}

TEST(FriConfig, UnknownNamesAndBadParametersAreRejected) {
  EXPECT_THROW(fri_config_by_name("zkrv-fri-b2-v0"), MalformedInput);
  EXPECT_THROW(fri_config_by_name(""), MalformedInput);
  FriConfig c = fri_config_by_name("zkrv-fri-b2-v2");
  c.num_queries = 0;
  EXPECT_THROW(c.validate(), std::invalid_argument);
  c = fri_config_by_name("zkrv-fri-b2-v2");
  c.log_folding_arity = 5;
  EXPECT_THROW(c.validate(), std::invalid_argument);
  c = fri_config_by_name("zkrv-fri-b2-v2");
  c.log_blowup = 0;
  EXPECT_THROW(c.validate(), std::invalid_argument);
  c = fri_config_by_name("zkrv-fri-b2-v2");
  c.query_pow_bits = 28;
  EXPECT_THROW(c.validate(), std::invalid_argument);
}

}  // namespace
}  // namespace zkrv
