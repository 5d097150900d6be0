// Patterns of read(0) calls for the read_patterns guest (examples/tests/read_patterns.c) and what the
// guest ABI says they give: read(63) on fd 0 reads the private input as from a file, returning
// min(count, bytes left), so after a short read every read returns 0. Shared by the differential test
// against qemu-riscv32 and the prove-and-verify test.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace zkrv::test {

struct ReadPattern {
  std::string name;
  std::vector<uint8_t> input;  // the guest's whole input: header (k, k u16 counts), then the payload
};

// The guest's input for reads of `counts` over a payload of `payload_bytes` bytes.
std::vector<uint8_t> read_pattern_input(const std::vector<uint16_t>& counts, size_t payload_bytes);

// Every pattern the differential test runs (small: each runs in a few thousand cycles).
const std::vector<ReadPattern>& read_patterns();
const ReadPattern& read_pattern(const std::string& name);  // throws std::out_of_range

// What the guest must produce for `input`, computed on the host from the ABI's read semantics.
struct ReadPatternOutcome {
  std::vector<uint8_t> journal;
  std::string console;  // stdout
  uint32_t exit_code = 0;
  // Which of the cases the tests must cover this input exercises.
  bool short_read_then_more = false;     // 0 < n < count, then a read with count > 0 (it returns 0)
  bool ends_at_read_boundary = false;    // a read takes exactly the last bytes, then more reads follow
  bool count_0_mid_input = false;        // a read of count 0 with input left
  bool count_0_at_end = false;           // a read of count 0 at the end of a non-empty input
};
ReadPatternOutcome expected_read_pattern_outcome(std::span<const uint8_t> input);

}  // namespace zkrv::test
