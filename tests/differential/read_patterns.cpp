#include "read_patterns.h"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

namespace zkrv::test {
namespace {

constexpr uint8_t kSentinel = 0xEE;  // the guest's buffer byte after the bytes a read delivers

void append_u32(std::vector<uint8_t>& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

uint32_t fnv1a(std::span<const uint8_t> bytes) {
  uint32_t h = 2166136261u;
  for (uint8_t b : bytes) h = (h ^ b) * 16777619u;
  return h;
}

}  // namespace

std::vector<uint8_t> read_pattern_input(const std::vector<uint16_t>& counts, size_t payload_bytes) {
  if (counts.size() > 255) throw std::invalid_argument("read_pattern_input: at most 255 counts");
  std::vector<uint8_t> input = {static_cast<uint8_t>(counts.size())};
  for (uint16_t c : counts) {
    input.push_back(static_cast<uint8_t>(c));
    input.push_back(static_cast<uint8_t>(c >> 8));
  }
  // Distinct-looking payload bytes, so a read that delivers the wrong ones shows.
  for (size_t i = 0; i < payload_bytes; ++i) input.push_back(static_cast<uint8_t>(i * 37 + 11));
  return input;
}

const std::vector<ReadPattern>& read_patterns() {
  static const std::vector<ReadPattern> patterns = {
      {"empty_input", {}},  // the header reads of count 0 and 1 at the end of an empty input
      {"no_reads", read_pattern_input({}, 0)},
      {"header_longer_than_input", {200}},  // 400 bytes of counts asked, none there
      {"counts_cut_short", {3, 5, 0, 7}},   // 1.5 counts: the count read is short, one count is used
      // Counts 0..8 in sequence over 20 bytes: 0+1+...+5 = 15, then 6 gets 5 (short), then 0s.
      {"counts_0_to_8_short_read", read_pattern_input({0, 1, 2, 3, 4, 5, 6, 7, 8}, 20)},
      // The input ends exactly at a read boundary; then reads of 0, 1, 3 at the end.
      {"exact_boundary_then_eof", read_pattern_input({4, 8, 4, 0, 1, 3}, 16)},
      // Reads of count 0 in the middle of the input and at its end.
      {"count_0_mid_input_and_at_eof", read_pattern_input({3, 0, 5, 0, 0, 2, 0}, 10)},
      {"reads_after_the_end", read_pattern_input({7, 7, 7, 7}, 10)},
      {"one_read_larger_than_input", read_pattern_input({255}, 17)},
      {"large_reads", read_pattern_input({1000, 4096, 1, 0, 65535}, 3000)},
      {"payload_left_unread", read_pattern_input({1, 2}, 50)},
  };
  return patterns;
}

const ReadPattern& read_pattern(const std::string& name) {
  for (const ReadPattern& p : read_patterns()) {
    if (p.name == name) return p;
  }
  throw std::out_of_range("no read pattern named " + name);
}

ReadPatternOutcome expected_read_pattern_outcome(std::span<const uint8_t> input) {
  ReadPatternOutcome out;
  size_t position = 0;
  uint32_t reads = 0, bytes_read = 0;
  bool after_short_read = false, after_boundary = false;
  // The guest's read(0, buf, count), as the ABI defines it, and its journal record.
  auto read = [&](size_t count) {
    const size_t left = input.size() - position;
    const size_t n = std::min(count, left);
    const std::span<const uint8_t> got = input.subspan(position, n);
    position += n;
    append_u32(out.journal, static_cast<uint32_t>(count));
    append_u32(out.journal, static_cast<uint32_t>(n));
    out.journal.insert(out.journal.end(), got.begin(), got.end());
    out.journal.push_back(kSentinel);
    ++reads;
    bytes_read += static_cast<uint32_t>(n);

    if (count > 0 && after_short_read) out.short_read_then_more = true;
    if (after_boundary) out.ends_at_read_boundary = true;
    if (count == 0 && left > 0) out.count_0_mid_input = true;
    if (count == 0 && left == 0 && !input.empty()) out.count_0_at_end = true;
    after_short_read |= n > 0 && n < count;
    after_boundary = n > 0 && n == count && n == left;
    return got;
  };
  std::vector<uint16_t> counts;
  read(0);
  if (const auto k = read(1); k.size() == 1) {
    const auto raw = read(2 * size_t{k[0]});
    for (size_t i = 0; i + 1 < raw.size(); i += 2) counts.push_back(static_cast<uint16_t>(raw[i] | raw[i + 1] << 8));
  }
  for (uint16_t c : counts) read(c);
  out.console = fmt::format("reads {} bytes {}\n", reads, bytes_read);
  out.exit_code = fnv1a(out.journal);
  return out;
}

}  // namespace zkrv::test
