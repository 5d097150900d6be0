// The machine's preprocessed roots (machine_image.h): the verifier takes the root of a named
// configuration from the constants kPreprocessedRoots instead of committing the tables on every run;
// this known-answer test recomputes every one from the tables, so a change to a table or to a named
// configuration fails here until the constant is updated (the message prints the new value).
#include <gtest/gtest.h>

#include "fri/config.h"
#include "fri/pcs.h"
#include "stark/keys.h"
#include "vm/machine/machine_image.h"

namespace zkrv {
namespace {

TEST(PreprocessedRoot, ConstantsAreTheCommitmentsOfTheTables) {
  for (const FriConfig& config : named_fri_configs()) {
    const Digest computed = *setup(TwoAdicFriPcs(config), preprocessed_chips(min_trace_height(config))).vk.preprocessed_root;
    const Digest* known = known_preprocessed_root(config.name);
    ASSERT_NE(known, nullptr) << config.name << ": add {\"" << config.name << "\", \"" << computed.to_hex() << "\"}";
    EXPECT_EQ(*known, computed) << config.name << ": the tables' root is now " << computed.to_hex();
    EXPECT_EQ(preprocessed_root(config), computed);
  }
  EXPECT_EQ(known_preprocessed_root("zkrv-fri-unknown"), nullptr);
}

TEST(PreprocessedRoot, DiffersPerConfiguration) {
  const auto configs = named_fri_configs();
  ASSERT_GE(configs.size(), 3u);
  for (size_t i = 0; i < configs.size(); ++i)
    for (size_t j = i + 1; j < configs.size(); ++j)  // blowups or minimum heights differ
      EXPECT_NE(preprocessed_root(configs[i]), preprocessed_root(configs[j])) << i << " " << j;
}

}  // namespace
}  // namespace zkrv
