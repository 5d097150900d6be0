// Ordinary portable C in a guest: the textstats example (examples/textstats/) reads its input through
// stdio, uses qsort/strtol/snprintf/malloc, reads the clocks, tries files, and commits its statistics.
// It needs the SDK's POSIX functions (guest/src/posix.c) to link at all.
//
// Under zkrv's executor and under qemu-riscv32 (where fd 0 is a regular file and the real clock runs)
// it must agree byte for byte on stdout, stderr, journal and exit code: the POSIX functions never ask
// the outside world, so even the clock readings match. Agreement alone could be vacuous (both could
// print nothing), so the statistics are also checked against a host model of the counting, the report
// of a known text against its exact expected lines, and the journal's digest against what stdout shows.
// One run is proved and verified: the clocks and files a guest sees are part of a provable run.
#include <gtest/gtest.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "differential_check.h"
#include "fri/config.h"
#include "host/image_id.h"
#include "host/prove.h"
#include "host/receipt.h"
#include "host/verify.h"
#include "support/qemu_runner.h"
#include "support/temp_files.h"
#include "vm/executor/executor.h"
#include "vm/isa/program_image.h"
#include "zkrv_runner.h"

namespace zkrv::test {
namespace {

std::string guest_path() { return std::string(ZKRV_GUEST_BIN_DIR) + "/textstats.elf"; }

std::vector<uint8_t> bytes_of(const std::string& s) { return {s.begin(), s.end()}; }
std::string text_of(const std::vector<uint8_t>& b) { return {b.begin(), b.end()}; }

// ---- the host's model of textstats' counting (examples/textstats/stats.c) --------------------------

struct Counts {
  uint32_t lines = 0, words = 0, distinct = 0, numbers = 0;
  int64_t number_sum = 0;
};

bool is_alnum_ascii(uint8_t c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

Counts model_counts(const std::string& text) {
  Counts c;
  for (char ch : text) c.lines += ch == '\n';
  if (!text.empty() && text.back() != '\n') c.lines++;
  std::vector<std::string> words;
  for (size_t i = 0; i < text.size();) {
    if (!is_alnum_ascii(static_cast<uint8_t>(text[i]))) {
      i++;
      continue;
    }
    std::string token;
    bool digits = true;
    for (; i < text.size() && is_alnum_ascii(static_cast<uint8_t>(text[i])); i++) {
      const char ch = text[i];
      digits &= ch >= '0' && ch <= '9';
      token += (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch - 'A' + 'a') : ch;
    }
    if (digits) {
      // strtol on RV32: long is 32 bits, and an out-of-range value saturates at LONG_MAX.
      int64_t v = 0;
      for (char d : token) v = std::min<int64_t>(v * 10 + (d - '0'), int64_t{INT32_MAX} + 1);
      c.numbers++;
      c.number_sum += std::min<int64_t>(v, INT32_MAX);
    } else {
      words.push_back(token);
    }
  }
  c.words = static_cast<uint32_t>(words.size());
  std::sort(words.begin(), words.end());
  c.distinct = static_cast<uint32_t>(std::unique(words.begin(), words.end()) - words.begin());
  return c;
}

uint32_t fnv1a(const std::vector<uint8_t>& bytes) {
  uint32_t h = 2166136261u;
  for (uint8_t b : bytes) h = (h ^ b) * 16777619u;
  return h;
}

std::vector<uint8_t> expected_journal(const Counts& c, const std::vector<uint8_t>& stdout_bytes) {
  std::vector<uint8_t> j;
  for (uint32_t v : {c.lines, c.words, c.distinct, c.numbers, static_cast<uint32_t>(c.number_sum), fnv1a(stdout_bytes)})
    for (int i = 0; i < 4; i++) j.push_back(static_cast<uint8_t>(v >> (8 * i)));
  return j;
}

// ---- inputs -----------------------------------------------------------------------------------------

const std::string kKnownText = "the cat sat on the mat\nThe dog ate 3 bones and 12 biscuits\nthe end 100\n";

// What textstats prints about clocks and files, the same on every input and on both machines: the
// clocks stand at the epoch, the file system is empty and read-only (guest/src/posix.c).
const std::string kEnvironmentReport =
    "time: time() = 0\n"
    "time: gettimeofday() = 0, 0 s 0 us\n"
    "time: clock() = 0\n"
    "time: now in UTC = 1970-01-01 00:00:00\n"
    "time: fixed date = Thursday 29 February 2024 13:45:07, day 060 (mktime 1709214307)\n"
    "file: fopen(\"words.txt\", \"r\") fails: errno 2 (No such file or directory)\n"
    "file: fopen(\"report.txt\", \"w\") fails: errno 30 (Read-only file system)\n"
    "file: fopen(\"log.txt\", \"a\") fails: errno 30 (Read-only file system)\n"
    "file: remove(\"words.txt\") fails: errno 2 (No such file or directory)\n"
    "file: rename(\"report.txt\", \"report.old\") fails: errno 2 (No such file or directory)\n"
    "file: tmpfile() fails: errno 30 (Read-only file system)\n"
    "env: HOME unset, command processor absent\n";
const std::string kStderr = "textstats: words.txt: No such file or directory\n";

// Many words from a small vocabulary in mixed case, numbers (one beyond 32 bits), punctuation, CRLF
// and blank lines, non-ASCII bytes: far more than stdin's 256-byte chunks and the 1 KiB first buffer.
std::string large_text() {
  static const char* const vocabulary[] = {"alpha", "Beta", "gamma", "DELTA", "epsilon", "zeta", "eta", "theta",
                                           "iota", "kappa", "lambda", "mu", "nu", "xi", "omicron", "pi"};
  std::mt19937 rng(11);
  std::string text;
  for (int i = 0; i < 2500; i++) {
    const uint32_t r = rng();
    if (r % 11 == 0)
      text += std::to_string(r % 100000);
    else
      text += vocabulary[r % 16];
    text += (r % 13 == 0) ? ".\r\n" : (r % 17 == 0) ? ",\n\n" : (r % 19 == 0) ? " \xc3\xa9t\xc3\xa9 " : " ";
  }
  return text + "99999999999999999999 end";
}

struct Case {
  std::string name, text;
};

std::vector<Case> cases() {
  std::string all_bytes;
  for (int i = 0; i < 512; i++) all_bytes += static_cast<char>(i % 256);
  return {{"known_text", kKnownText},
          {"empty", ""},
          {"no_final_newline", "Hello, hello HELLO world 42"},
          {"large", large_text()},
          {"all_byte_values", all_bytes}};
}

// ---- tests ------------------------------------------------------------------------------------------

TEST(StockC, ExecutorAgreesWithQemu) {
  QemuRunner qemu;  // throws, failing the test with a clear message, when qemu-riscv32 is missing
  const std::vector<uint8_t> elf = read_file_bytes(guest_path());
  for (const Case& c : cases()) {
    SCOPED_TRACE(c.name);
    const std::vector<uint8_t> input = bytes_of(c.text);
    const QemuRun theirs = qemu.run_file(guest_path(), input);
    const ZkrvRun ours = run_zkrv(elf, input);
    if (const auto diff = compare_runs(theirs, ours)) ADD_FAILURE() << "zkrv and qemu disagree:\n" << *diff;

    ASSERT_TRUE(ours.exited) << ours.describe();
    EXPECT_EQ(ours.exit_code, 0u);
    EXPECT_EQ(text_of(ours.stderr_bytes), kStderr);
    const Counts expected = model_counts(c.text);
    EXPECT_EQ(ours.journal, expected_journal(expected, ours.stdout_bytes));
    const std::string out = text_of(ours.stdout_bytes);
    EXPECT_EQ(out.substr(0, out.find('\n') + 1),
              "text: " + std::to_string(c.text.size()) + " bytes, " + std::to_string(expected.lines) + " lines, " +
                  std::to_string(expected.words) + " words, " + std::to_string(expected.distinct) + " distinct, " +
                  std::to_string(expected.numbers) + " numbers (sum " + std::to_string(expected.number_sum) + ")\n");
    EXPECT_TRUE(out.ends_with(kEnvironmentReport)) << out;
    RecordProperty(c.name + "_cycles", std::to_string(ours.cycles));
  }
}

TEST(StockC, ReportsTheKnownText) {
  const ZkrvRun run = run_zkrv(read_file_bytes(guest_path()), bytes_of(kKnownText));
  ASSERT_TRUE(run.exited) << run.describe();
  EXPECT_EQ(text_of(run.stdout_bytes),
            "text: 71 bytes, 3 lines, 14 words, 11 distinct, 3 numbers (sum 115)\n"
            "top 1: the x4\n"
            "top 2: and x1\n"
            "top 3: ate x1\n"
            "top 4: biscuits x1\n"
            "top 5: bones x1\n"
            "longest: biscuits (8 letters)\n" +
                kEnvironmentReport);
  EXPECT_EQ(run.journal.size(), 24u);
}

// The known text, proved with the whole machine and verified through the receipt's file format, as
// `zkrv prove` and `zkrv verify` do; its run is about 80k cycles.
TEST(StockC, ProvesAndVerifies) {
  const ProgramImage program = load_elf_file(guest_path());
  const std::vector<uint8_t> input = bytes_of(kKnownText);
  ExecutorEnv env;
  env.input = input;
  env.console = [](int, std::span<const uint8_t>) {};
  const ExecutionResult run = execute(program, env);
  ASSERT_EQ(run.exit_code, 0u);
  ASSERT_LT(run.cycles, uint64_t{1} << 18);

  const Digest id = image_id_of(program);
  const Receipt receipt = prove_receipt(program, input, named_fri_configs()[0]);
  const ReceiptClaim claim = verify_receipt(deserialize_receipt(serialize_receipt(receipt)), id);
  EXPECT_EQ(claim.image_id, id);
  EXPECT_EQ(claim.exit_code, 0u);
  EXPECT_EQ(claim.journal, run.journal);
}

}  // namespace
}  // namespace zkrv::test
