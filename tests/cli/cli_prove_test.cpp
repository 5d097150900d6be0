// End-to-end tests of `zkrv prove`, `zkrv verify` and `zkrv inspect` on the example guests: the
// receipt verifies against the image ID from `zkrv image-id` or from the ELF and gives back the
// journal `zkrv run` writes; tampering, a wrong ELF, bad arguments and failing runs give the exit codes
// of docs/architecture.md section 1 with a one-line reason. Proving is the expensive part, so the fibonacci
// receipt is proved once for the whole suite.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "support/subprocess.h"
#include "support/temp_files.h"

namespace zkrv {
namespace {

std::string guest(const std::string& name) { return std::string(ZKRV_GUEST_BIN_DIR) + "/" + name + ".elf"; }

test::ProcessResult zkrv(std::vector<std::string> args, std::vector<uint8_t> stdin_bytes = {}) {
  args.insert(args.begin(), ZKRV_CLI_PATH);
  test::ProcessOptions options;
  options.stdin_bytes = std::move(stdin_bytes);
  options.timeout_seconds = 120;
  return test::run_process(args, options);
}

// An error is reported as exactly one line on stderr, starting with "zkrv: ".
void expect_one_line_error(const test::ProcessResult& r, int code, const std::string& needle) {
  EXPECT_EQ(r.exit_status, code) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_EQ(r.err.rfind("zkrv: ", 0), 0u) << r.err;
  EXPECT_NE(r.err.find(needle), std::string::npos) << r.err;
}

struct Fixture {
  test::TempDir dir{"zkrv-cli-prove"};
  std::string elf, input, receipt, stats;
  test::ProcessResult prove;
  std::vector<uint8_t> receipt_bytes;
  std::string image_id;  // 64 hex digits
};

class CliProve : public ::testing::Test {
 protected:
  // fibonacci(20) from a copy of the ELF in a temporary directory, without -o: the receipt goes beside
  // it as fib.receipt.
  static void SetUpTestSuite() {
    f_ = std::make_unique<Fixture>();
    f_->elf = f_->dir.file("fib.elf");
    std::filesystem::copy_file(guest("fibonacci"), f_->elf);
    f_->input = f_->dir.file("n.bin");
    test::write_file_bytes(f_->input, std::vector<uint8_t>{20, 0, 0, 0});
    f_->stats = f_->dir.file("stats.json");
    f_->prove = zkrv({"prove", f_->elf, "--input", f_->input, "--stats", f_->stats});
    f_->receipt = f_->dir.file("fib.receipt");
    if (f_->prove.exit_status == 0) f_->receipt_bytes = test::read_file_bytes(f_->receipt);
    const auto id = zkrv({"image-id", f_->elf});
    f_->image_id = id.out.substr(0, 64);
  }
  static void TearDownTestSuite() { f_.reset(); }

  void SetUp() override { ASSERT_EQ(f_->prove.exit_status, 0) << f_->prove.err; }

  std::string write(const std::string& name, const std::vector<uint8_t>& bytes) {
    const std::string path = dir_.file(name);
    test::write_file_bytes(path, bytes);
    return path;
  }

  static inline std::unique_ptr<Fixture> f_;
  test::TempDir dir_;
};

TEST_F(CliProve, ProvePrintsOneSummaryLineAndNoProgressOffATerminal) {
  EXPECT_EQ(f_->prove.err, "");  // stderr is a pipe here: no progress display
  EXPECT_EQ(std::count(f_->prove.out.begin(), f_->prove.out.end(), '\n'), 1) << f_->prove.out;
  EXPECT_EQ(f_->prove.out.rfind("proved ", 0), 0u) << f_->prove.out;
  EXPECT_NE(f_->prove.out.find("exit code 0, journal 4 bytes"), std::string::npos) << f_->prove.out;
  EXPECT_NE(f_->prove.out.find("kHz"), std::string::npos) << f_->prove.out;
  EXPECT_GT(f_->receipt_bytes.size(), 1000u);
  // --quiet prints nothing at all.
  const auto q = zkrv({"prove", guest("exit_code"), "-o", dir_.file("q.receipt"), "--quiet"});
  EXPECT_EQ(q.exit_status, 0) << q.err;
  EXPECT_EQ(q.out + q.err, "");
  EXPECT_TRUE(std::filesystem::exists(dir_.file("q.receipt")));
}

TEST_F(CliProve, StatsJsonHoldsEveryKey) {
  const auto json = nlohmann::json::parse(test::read_file_bytes(f_->stats));
  for (const char* key :
       {"cycles", "exit_code", "journal_bytes", "proof_bytes", "receipt_bytes", "config", "execute_seconds",
        "trace_seconds", "main_commit_seconds", "logup_seconds", "quotient_seconds", "openings_seconds", "fri_seconds",
        "total_seconds", "prove_khz", "peak_rss_bytes", "committed_cells", "committed_cells_per_cycle", "chips",
        "segments", "prove_seconds", "khz", "security_bits_conjectured", "security_bits_provable", "zero_knowledge"})
    EXPECT_TRUE(json.contains(key)) << key;
  // The default configuration is the zero-knowledge one.
  EXPECT_TRUE(json.at("zero_knowledge").get<bool>());
  EXPECT_EQ(json.at("exit_code").get<uint32_t>(), 0u);
  EXPECT_EQ(json.at("journal_bytes").get<uint64_t>(), 4u);
  EXPECT_EQ(json.at("receipt_bytes").get<uint64_t>(), f_->receipt_bytes.size());
  EXPECT_LT(json.at("proof_bytes").get<uint64_t>(), f_->receipt_bytes.size());
  EXPECT_EQ(json.at("config").get<std::string>(), "zkrv-fri-b2-zk-v1");
  EXPECT_GT(json.at("cycles").get<uint64_t>(), 0u);
  EXPECT_GT(json.at("prove_khz").get<double>(), 0.0);
  EXPECT_GT(json.at("committed_cells").get<uint64_t>(), 0u);
  EXPECT_GE(json.at("security_bits_conjectured").get<double>(), 100.0);
  ASSERT_TRUE(json.at("chips").is_array());
  ASSERT_FALSE(json.at("chips").empty());
  for (const auto& chip : json.at("chips"))
    for (const char* key : {"name", "rows", "log_height", "main_width", "preprocessed_width", "permutation_width"})
      EXPECT_TRUE(chip.contains(key)) << key;
  // The cost model: modeled seconds and their ratio to the measured ones per phase, the rates, the work.
  for (const char* phase : {"main_commit", "logup", "quotient", "openings", "fri"}) {
    EXPECT_GT(json.at("model_seconds").at(phase).get<double>(), 0.0) << phase;
    EXPECT_GT(json.at("model_efficiency").at(phase).get<double>(), 0.0) << phase;
    EXPECT_TRUE(json.at("work").contains(phase)) << phase;
  }
  const double measured = json.at("main_commit_seconds").get<double>();
  EXPECT_NEAR(json.at("model_efficiency").at("main_commit").get<double>() * measured,
              json.at("model_seconds").at("main_commit").get<double>(), 1e-9);
  for (const char* rate : {"ntt_butterflies", "poseidon2_24", "poseidon2_16", "ext_muls", "base_muls", "base_adds"})
    EXPECT_GT(json.at("primitive_rates_per_second").at(rate).get<double>(), 0.0) << rate;
  EXPECT_GT(json.at("work").at("main_commit").at("ntt_butterflies").get<double>(), 0.0);
  // The same cycle count `zkrv run` reports.
  const std::string run_stats = dir_.file("run.json");
  ASSERT_EQ(zkrv({"run", f_->elf, "--input", f_->input, "--stats", run_stats}).exit_status, 0);
  EXPECT_EQ(json.at("cycles"), nlohmann::json::parse(test::read_file_bytes(run_stats)).at("cycles"));
}

TEST_F(CliProve, VerifyWithElfOrImageIdOutputsTheJournalOfRun) {
  const std::string run_journal = dir_.file("run.journal");
  ASSERT_EQ(zkrv({"run", f_->elf, "--input", f_->input, "--journal", run_journal}).exit_status, 0);
  const auto journal = test::read_file_bytes(run_journal);
  ASSERT_EQ(journal, (std::vector<uint8_t>{0x6d, 0x1a, 0, 0}));  // fib(20) = 6765
  const std::string expected_err = "verified: image " + f_->image_id + ", exit code 0, journal 4 bytes\n";

  const auto by_elf = zkrv({"verify", f_->receipt, "--elf", f_->elf});
  EXPECT_EQ(by_elf.exit_status, 0) << by_elf.err;
  EXPECT_EQ(std::vector<uint8_t>(by_elf.out.begin(), by_elf.out.end()), journal);
  EXPECT_EQ(by_elf.err, expected_err);

  const auto by_id = zkrv({"verify", f_->receipt, "--image-id", f_->image_id});
  EXPECT_EQ(by_id.exit_status, 0) << by_id.err;
  EXPECT_EQ(std::vector<uint8_t>(by_id.out.begin(), by_id.out.end()), journal);
  EXPECT_EQ(by_id.err, expected_err);

  std::string upper = f_->image_id;  // hex in either case
  std::transform(upper.begin(), upper.end(), upper.begin(), [](char c) { return static_cast<char>(std::toupper(c)); });
  const std::string out_file = dir_.file("journal.out");
  const auto to_file = zkrv({"verify", f_->receipt, "--image-id", upper, "--journal-out", out_file});
  EXPECT_EQ(to_file.exit_status, 0) << to_file.err;
  EXPECT_EQ(to_file.out, "");
  EXPECT_EQ(test::read_file_bytes(out_file), journal);
  // the documented spelling (docs/architecture.md section 1), --journal, is the same option.
  const std::string out_file2 = dir_.file("journal2.out");
  EXPECT_EQ(zkrv({"verify", f_->receipt, "--elf", f_->elf, "--journal", out_file2}).exit_status, 0);
  EXPECT_EQ(test::read_file_bytes(out_file2), journal);
}

// On a terminal, verify shows the journal escaped instead of writing raw bytes into it. script(1)
// (util-linux's bsdutils, Essential on Debian) runs the command on a pseudo-terminal; stdout and stderr
// both arrive on it.
TEST_F(CliProve, VerifyOnATerminalShowsTheJournalEscaped) {
  const std::string command = std::string(ZKRV_CLI_PATH) + " verify '" + f_->receipt + "' --elf '" + f_->elf + "'";
  test::ProcessOptions options;
  options.timeout_seconds = 120;
  const auto r = test::run_process({"script", "-qec", command, "/dev/null"}, options);
  EXPECT_EQ(r.exit_status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("journal: 4 bytes \"m\\x1a\\x00\\x00\""), std::string::npos) << r.out;  // fib(20) = 0x1a6d
  EXPECT_NE(r.out.find("verified: image " + f_->image_id), std::string::npos) << r.out;
  // A receipt that does not verify shows no journal at all.
  auto bad = f_->receipt_bytes;
  bad[bad.size() / 2] ^= 1;
  const std::string bad_path = write("bad.receipt", bad);
  const auto rejected = test::run_process(
      {"script", "-qec", std::string(ZKRV_CLI_PATH) + " verify '" + bad_path + "' --elf '" + f_->elf + "'", "/dev/null"},
      options);
  EXPECT_NE(rejected.exit_status, 0);
  EXPECT_EQ(rejected.out.find("journal:"), std::string::npos) << rejected.out;
}

TEST_F(CliProve, TamperedReceiptsAndWrongImagesAreRejected) {
  // A flipped journal byte (claim: after header 8, image ID 32, exit code 4, journal length 4).
  auto bytes = f_->receipt_bytes;
  bytes[48] ^= 1;
  expect_one_line_error(zkrv({"verify", write("journal.receipt", bytes), "--elf", f_->elf}), 6, "proof rejected");
  // Flipped bytes inside the proof: rejected or malformed, never accepted.
  for (size_t at : {f_->receipt_bytes.size() / 3, f_->receipt_bytes.size() / 2, f_->receipt_bytes.size() - 1}) {
    bytes = f_->receipt_bytes;
    bytes[at] ^= 0x10;
    const auto r = zkrv({"verify", write("proof.receipt", bytes), "--image-id", f_->image_id});
    EXPECT_TRUE(r.exit_status == 6 || r.exit_status == 3) << at << ": " << r.exit_status << " " << r.err;
    EXPECT_EQ(r.out, "") << at;  // no journal from a bad receipt
  }
  // Truncated or not a receipt at all: malformed.
  bytes = f_->receipt_bytes;
  bytes.resize(bytes.size() / 2);
  expect_one_line_error(zkrv({"verify", write("short.receipt", bytes), "--elf", f_->elf}), 3, "malformed");
  expect_one_line_error(zkrv({"verify", f_->elf, "--elf", f_->elf}), 3, "magic");
  expect_one_line_error(zkrv({"verify", dir_.file("missing.receipt"), "--elf", f_->elf}), 3, "missing.receipt");
  // The right receipt for another program.
  const auto wrong = zkrv({"verify", f_->receipt, "--elf", guest("echo")});
  expect_one_line_error(wrong, 6, "not the expected image");
  EXPECT_EQ(wrong.out, "");
  std::string other_id = f_->image_id;
  other_id[10] = other_id[10] == '0' ? '1' : '0';
  expect_one_line_error(zkrv({"verify", f_->receipt, "--image-id", other_id}), 6, "not the expected image");
}

TEST_F(CliProve, InspectShowsTheClaimWithoutVerifying) {
  const auto r = zkrv({"inspect", f_->receipt});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  const std::vector<std::string> needles = {
      "NOT verified", f_->image_id, "exit code:      0", "journal:        4 bytes \"m\\x1a\\x00\\x00\"",
      "zkrv-fri-b2-zk-v1", "zero knowledge: yes", "cpu", "instruction_decode", "code [0x", "bits conjectured",
      "bits provable", "hash to the image ID"};
  for (const std::string& needle : needles)
    EXPECT_NE(r.out.find(needle), std::string::npos) << needle << "\n" << r.out;
  // A receipt whose claim was changed still inspects (it is not verified) but says nothing is checked.
  auto bytes = f_->receipt_bytes;
  bytes[48] ^= 1;
  const auto changed = zkrv({"inspect", write("changed.receipt", bytes)});
  EXPECT_EQ(changed.exit_status, 0) << changed.err;
  EXPECT_NE(changed.out.find("4 bytes \"l\\x1a"), std::string::npos) << changed.out;
  expect_one_line_error(zkrv({"inspect", f_->elf}), 3, "magic");
}

TEST_F(CliProve, UsageErrorsExitWith2) {
  EXPECT_EQ(zkrv({"prove"}).exit_status, 2);
  EXPECT_EQ(zkrv({"prove", f_->elf, "--config", "zkrv-fri-b1-v0"}).exit_status, 2);
  EXPECT_EQ(zkrv({"verify"}).exit_status, 2);
  EXPECT_EQ(zkrv({"verify", f_->receipt}).exit_status, 2);  // neither --image-id nor --elf
  EXPECT_EQ(zkrv({"verify", f_->receipt, "--image-id", f_->image_id, "--elf", f_->elf}).exit_status, 2);  // both
  EXPECT_EQ(zkrv({"verify", f_->receipt, "--image-id", "abc"}).exit_status, 2);
  EXPECT_EQ(zkrv({"verify", f_->receipt, "--image-id", std::string(64, 'g')}).exit_status, 2);
  EXPECT_EQ(zkrv({"verify", f_->receipt, "--image-id", f_->image_id + "00"}).exit_status, 2);
  EXPECT_EQ(zkrv({"inspect"}).exit_status, 2);
}

TEST_F(CliProve, FailingRunsGiveTheirExitCodesAndNoReceipt) {
  const std::string out = dir_.file("x.receipt");
  expect_one_line_error(zkrv({"prove", f_->stats, "-o", out}), 3, "bad magic");  // not an ELF
  expect_one_line_error(zkrv({"prove", guest("misaligned_load"), "-o", out}), 4, "misaligned access");
  expect_one_line_error(zkrv({"prove", guest("infinite_loop"), "-o", out, "--max-cycles", "100000"}), 5,
                        "cycle limit of 100000");
  EXPECT_EQ(zkrv({"prove", guest("fibonacci"), "-o", out, "--segment-po2", "9"}).exit_status, 2);
  EXPECT_EQ(zkrv({"prove", guest("fibonacci"), "-o", out, "--segment-po2", "23"}).exit_status, 2);
  EXPECT_FALSE(std::filesystem::exists(out));
}

// A run beyond --max-cycles is refused (exit 5), and --stats still says so.
TEST_F(CliProve, RefusedRunStillWritesStats) {
  const std::string out = dir_.file("long.receipt");
  const std::string stats = dir_.file("long.json");
  EXPECT_EQ(zkrv({"prove", guest("infinite_loop"), "-o", out, "--stats", stats, "--max-cycles", "5000"}).exit_status, 5);
  EXPECT_FALSE(std::filesystem::exists(out));
  const auto j = nlohmann::json::parse(test::read_file_bytes(stats));
  EXPECT_EQ(j.at("refused"), true);
  EXPECT_EQ(j.at("max_cycles"), 5000);
  EXPECT_GT(j.at("peak_rss_bytes").get<uint64_t>(), 0u);
}

// fib(3000) takes ~15,000 cycles: with 2^12-cycle segments, several segments, which verify together,
// and inspect lists them.
TEST_F(CliProve, LongerRunsAreProvedInSegments) {
  const std::string input = write("n3000.bin", {0xb8, 0x0b, 0x00, 0x00});
  const std::string out = dir_.file("seg.receipt");
  const std::string stats = dir_.file("seg.json");
  const auto p = zkrv({"prove", guest("fibonacci"), "--input", input, "-o", out, "--stats", stats, "--segment-po2", "12"});
  ASSERT_EQ(p.exit_status, 0) << p.err;
  const auto j = nlohmann::json::parse(test::read_file_bytes(stats));
  const uint64_t cycles = j.at("cycles");
  EXPECT_EQ(j.at("segments").get<uint64_t>(), (cycles + 4095) / 4096);
  EXPECT_GE(j.at("segments").get<uint64_t>(), 3u);
  EXPECT_EQ(j.at("segment_po2"), 12);
  const auto v = zkrv({"verify", out, "--elf", guest("fibonacci")});
  EXPECT_EQ(v.exit_status, 0) << v.err;
  const auto i = zkrv({"inspect", out});
  ASSERT_EQ(i.exit_status, 0) << i.err;
  EXPECT_NE(i.out.find(std::to_string(j.at("segments").get<uint64_t>()) + " segments"), std::string::npos) << i.out;
  EXPECT_NE(i.out.find("(exit)"), std::string::npos) << i.out;
}

// The three steps of `zkrv prove` in separate processes: checkpoints, the segments proved by two
// processes at once, then assembled (in shuffled order) into a receipt that verifies.
TEST_F(CliProve, SegmentsProvedInParallelProcessesAssembleIntoAReceipt) {
  const std::string input = write("n2000.bin", {0xd0, 0x07, 0x00, 0x00});
  const std::string dir = dir_.file("ckpt");
  const auto c = zkrv({"checkpoint", guest("fibonacci"), "--input", input, "-o", dir, "--segment-po2", "12"});
  ASSERT_EQ(c.exit_status, 0) << c.err;
  std::vector<std::string> checkpoints;
  for (const auto& e : std::filesystem::directory_iterator(dir)) checkpoints.push_back(e.path().string());
  std::sort(checkpoints.begin(), checkpoints.end());
  ASSERT_GE(checkpoints.size(), 2u);
  std::vector<std::string> segments;
  std::vector<test::ProcessResult> results(checkpoints.size());
  // Two at a time: each pair runs concurrently.
  for (size_t k = 0; k < checkpoints.size(); k += 2) {
    std::vector<std::thread> pair;
    for (size_t m = k; m < std::min(k + 2, checkpoints.size()); ++m) {
      segments.push_back(checkpoints[m] + ".seg");
      pair.emplace_back([&, m] {
        results[m] = zkrv({"prove-segment", guest("fibonacci"), checkpoints[m], "--input", input, "-o",
                           checkpoints[m] + ".seg", "-q"});
      });
    }
    for (auto& t : pair) t.join();
  }
  for (const auto& r : results) ASSERT_EQ(r.exit_status, 0) << r.err;
  std::reverse(segments.begin(), segments.end());
  const std::string receipt = dir_.file("assembled.receipt");
  std::vector<std::string> args = {"assemble", "-o", receipt};
  args.insert(args.end(), segments.begin(), segments.end());
  const auto a = zkrv(args);
  ASSERT_EQ(a.exit_status, 0) << a.err;
  const auto v = zkrv({"verify", receipt, "--elf", guest("fibonacci")});
  EXPECT_EQ(v.exit_status, 0) << v.err;
  // A segment missing (the first; segments is in reverse order now), or one given twice, is refused
  // with the reason; without the last one the receipt does not verify (no segment ends with the exit).
  std::vector<std::string> missing = {"assemble", "-o", receipt + "2"};
  missing.insert(missing.end(), segments.begin(), segments.end() - 1);
  expect_one_line_error(zkrv(missing), 3, "segment 0 is missing");
  std::vector<std::string> no_last = {"assemble", "-o", receipt + "3"};
  no_last.insert(no_last.end(), segments.begin() + 1, segments.end());
  expect_one_line_error(zkrv(no_last), 6, "does not end with the exit");
  std::vector<std::string> twice = args;
  twice.push_back(segments.front());
  expect_one_line_error(zkrv(twice), 3, "twice");
  // A checkpoint of another program.
  expect_one_line_error(zkrv({"prove-segment", guest("echo"), checkpoints[0], "-o", dir_.file("x.seg")}), 3,
                        "another program");
}

TEST_F(CliProve, InputFromStandardInputAndTheOtherConfiguration) {
  const std::string receipt = dir_.file("echo.receipt");
  const auto p = zkrv({"prove", guest("echo"), "--input", "-", "-o", receipt, "--config", "zkrv-fri-b4-v2"},
                      {'h', 'e', 'l', 'l', 'o'});
  ASSERT_EQ(p.exit_status, 0) << p.err;
  EXPECT_EQ(p.out.find("hello"), std::string::npos) << p.out;  // proving does not show the guest's console
  const auto v = zkrv({"verify", receipt, "--elf", guest("echo")});
  EXPECT_EQ(v.exit_status, 0) << v.err;
  EXPECT_EQ(v.out, "hello");
  const auto i = zkrv({"inspect", receipt});
  EXPECT_NE(i.out.find("zkrv-fri-b4-v2"), std::string::npos) << i.out;
  EXPECT_NE(i.out.find("zero knowledge: no"), std::string::npos) << i.out;  // an integrity-only configuration
}

}  // namespace
}  // namespace zkrv
