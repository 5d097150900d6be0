// Every chip of the machine fits every zero-knowledge configuration (docs/zero-knowledge.md): its
// quotient's overflow, degree * zk_randomizers, within the degree excess; its quotient coset within
// the blowup's LDE (the randomized traces are read from it); every table, preprocessed ones included,
// at least the minimum height, which the machine can pad to.
#include <gtest/gtest.h>

#include "fri/config.h"
#include "vm/machine/machine_image.h"
#include "vm/machine/machine_traces.h"

namespace zkrv {
namespace {

// Code words [2^14, 2^14 + 64), entry at the first of them, writable memory from word 2^15.
MachineShape test_shape() { return {4u << 14, 1u << 15, 1u << 14, (1u << 14) + 64}; }

TEST(ZeroKnowledgeFit, EveryChipFitsEveryZeroKnowledgeConfiguration) {
  size_t zk_configs = 0;
  for (const FriConfig& config : named_fri_configs()) {
    if (!config.zero_knowledge()) continue;
    ++zk_configs;
    const MachineChips chips(test_shape(), min_trace_height(config));
    for (const Chip& chip : chips.stark_chips()) {
      EXPECT_LE(chip.max_constraint_degree() * config.zk_randomizers, config.degree_excess)
          << config.name << " " << chip.name();
      EXPECT_LE(chip.log_quotient_chunks(), config.log_blowup) << config.name << " " << chip.name();
    }
    // The byte table has a fixed height; the instruction-class table pads to the minimum.
    EXPECT_LE(min_trace_height(config), size_t{1} << 16) << config.name;
    for (const Chip& chip : preprocessed_chips(min_trace_height(config)))
      EXPECT_GE(chip.preprocessed_trace().height(), min_trace_height(config)) << config.name << " " << chip.name();
  }
  EXPECT_GE(zk_configs, 1u);
  EXPECT_TRUE(default_fri_config().zero_knowledge());
}

}  // namespace
}  // namespace zkrv
