// End-to-end tests of the zkrv command: exit codes (docs/architecture.md section 1), one-line error messages,
// guest console routing, journal and --stats output.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>

#include "support/elf_builder.h"
#include "support/subprocess.h"

namespace zkrv {
namespace {

using test::ElfSpec;

// Instruction words (fields written out in the comments; see vm/isa/decoder_test.cpp for encodings
// cross-checked against llvm-mc).
constexpr uint32_t kLuiA1_0x20 = 0x000205b7;    // lui a1, 0x20          (a1 = 0x20000, the data page)
constexpr uint32_t kLiA0_0 = 0x00000513;        // addi a0, zero, 0
constexpr uint32_t kLiA0_1 = 0x00100513;        // addi a0, zero, 1
constexpr uint32_t kLiA0_3 = 0x00300513;        // addi a0, zero, 3
constexpr uint32_t kLiA0_7 = 0x00700513;        // addi a0, zero, 7
constexpr uint32_t kLiA2_64 = 0x04000613;       // addi a2, zero, 64
constexpr uint32_t kMvA2A0 = 0x00050613;        // addi a2, a0, 0
constexpr uint32_t kMvS0A0 = 0x00050413;        // addi s0, a0, 0
constexpr uint32_t kMvA2S0 = 0x00040613;        // addi a2, s0, 0
constexpr uint32_t kLiA7Read = 0x03f00893;      // addi a7, zero, 63
constexpr uint32_t kLiA7Write = 0x04000893;     // addi a7, zero, 64
constexpr uint32_t kLiA7Exit = 0x05d00893;      // addi a7, zero, 93
constexpr uint32_t kEcall = 0x00000073;
constexpr uint32_t kLwMisaligned = 0x0015a503;  // lw a0, 1(a1)
constexpr uint32_t kLoopForever = 0x0000006f;   // jal zero, 0

std::vector<uint8_t> program(const std::vector<uint32_t>& words) {
  ElfSpec spec;
  spec.entry = 0x10000;
  spec.segments.push_back({0x10000, test::words_to_bytes(words), 0, test::kPfR | test::kPfX});
  spec.segments.push_back({0x20000, {0}, 0x1000, test::kPfR | test::kPfW});
  return test::build_elf(spec);
}

// Reads up to 64 bytes of input, writes them to stdout and to the journal, exits with 7.
std::vector<uint8_t> echo_program() {
  return program({kLuiA1_0x20, kLiA0_0, kLiA2_64, kLiA7Read, kEcall,   // n = read(0, buf, 64)
                  kMvS0A0, kLiA0_1, kMvA2S0, kLiA7Write, kEcall,       // write(1, buf, n)
                  kLiA0_3, kMvA2S0, kLiA7Write, kEcall,                // write(3, buf, n)
                  kLiA0_7, kLiA7Exit, kEcall});
}

class Cli : public ::testing::Test {
 protected:
  test::ProcessResult zkrv(std::vector<std::string> args, std::vector<uint8_t> stdin_bytes = {}) {
    args.insert(args.begin(), ZKRV_CLI_PATH);
    test::ProcessOptions options;
    options.stdin_bytes = std::move(stdin_bytes);
    return test::run_process(args, options);
  }
  std::string write(const std::string& name, const std::vector<uint8_t>& bytes) {
    const std::string path = dir_.file(name);
    test::write_file_bytes(path, bytes);
    return path;
  }
  // An error is reported as exactly one line on stderr, starting with "zkrv: ".
  static void expect_one_line_error(const test::ProcessResult& r, int code, const std::string& needle) {
    EXPECT_EQ(r.exit_status, code) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_EQ(r.err.rfind("zkrv: ", 0), 0u) << r.err;
    EXPECT_NE(r.err.find(needle), std::string::npos) << r.err;
  }
  test::TempDir dir_;
};

TEST_F(Cli, UsageErrorsExitWith2) {
  EXPECT_EQ(zkrv({}).exit_status, 2);
  EXPECT_EQ(zkrv({"frobnicate"}).exit_status, 2);
  EXPECT_EQ(zkrv({"run"}).exit_status, 2);
  const std::string elf = write("echo.elf", echo_program());
  EXPECT_EQ(zkrv({"run", elf, "--max-cycles", "lots"}).exit_status, 2);
  EXPECT_EQ(zkrv({"run", elf, "--no-such-flag"}).exit_status, 2);
  EXPECT_EQ(zkrv({"--help"}).exit_status, 0);
}

TEST_F(Cli, MalformedElfExitsWith3) {
  expect_one_line_error(zkrv({"run", dir_.file("missing.elf")}), 3, "missing.elf");
  expect_one_line_error(zkrv({"run", write("garbage.elf", {'n', 'o', 'p', 'e', 0, 1, 2})}), 3, "bad magic");
  std::vector<uint8_t> elf = echo_program();
  expect_one_line_error(zkrv({"run", write("truncated.elf", {elf.begin(), elf.begin() + 40})}), 3, "truncated");
  auto elf64 = elf;
  elf64[4] = 2;
  expect_one_line_error(zkrv({"run", write("elf64.elf", elf64)}), 3, "64-bit");
  auto x86 = elf;
  x86[18] = 62;  // e_machine = EM_X86_64
  expect_one_line_error(zkrv({"run", write("x86.elf", x86)}), 3, "not RISC-V");
  expect_one_line_error(zkrv({"run", dir_.path()}), 3, "not a readable file");
}

TEST_F(Cli, MissingInputFileExitsWith3) {
  const std::string elf = write("echo.elf", echo_program());
  expect_one_line_error(zkrv({"run", elf, "--input", dir_.file("nope.bin")}), 3, "nope.bin");
}

TEST_F(Cli, GuestFaultsExitWith4) {
  const std::string illegal = write("illegal.elf", program({kLiA0_0, 0x00000000}));
  const auto r = zkrv({"run", illegal});
  expect_one_line_error(r, 4, "illegal instruction");
  EXPECT_NE(r.err.find("pc 0x00010004"), std::string::npos) << r.err;
  const std::string misaligned = write("misaligned.elf", program({kLuiA1_0x20, kLwMisaligned}));
  const auto m = zkrv({"run", misaligned});
  expect_one_line_error(m, 4, "misaligned access to address 0x00020001");
  EXPECT_NE(m.err.find("lw a0, 1(a1)"), std::string::npos) << m.err;
}

// A valid receipt of a run that exited with a nonzero code (the echo program exits with 7) is refused
// by default with exit status 7, and nothing goes to stdout; --exit-code N accepts exactly N,
// --any-exit-code every code; the two together are a usage error. inspect says the run failed.
TEST_F(Cli, VerifyRefusesAFailedRunUnlessAsked) {
  const std::string echo = write("echo.elf", echo_program());
  const std::string input = write("input.bin", {'h', 'i', '\n'});
  const std::string receipt = dir_.file("echo.receipt");
  const auto p = zkrv({"prove", echo, "--input", input, "-o", receipt, "--quiet"});
  ASSERT_EQ(p.exit_status, 0) << p.err;
  // The prover warns at once, even with --quiet.
  EXPECT_NE(p.err.find("warning: the guest exited with code 7: the receipt proves a failed run, which `zkrv "
                       "verify` refuses unless given --exit-code 7 or --any-exit-code"),
            std::string::npos)
      << p.err;
  const auto refused = zkrv({"verify", receipt, "--elf", echo});
  expect_one_line_error(refused, 7, "exit code rejected: the receipt is valid, but the run exited with code 7, not "
                                    "the required 0 (success) (accept it with --exit-code 7 or --any-exit-code)");
  EXPECT_EQ(refused.out, "");
  for (const std::vector<std::string>& accept : {std::vector<std::string>{"--exit-code", "7"},
                                                 std::vector<std::string>{"--any-exit-code"}}) {
    std::vector<std::string> args = {"verify", receipt, "--elf", echo};
    args.insert(args.end(), accept.begin(), accept.end());
    const auto ok = zkrv(args);
    EXPECT_EQ(ok.exit_status, 0) << accept[0] << ok.err;
    EXPECT_EQ(ok.out, "hi\n") << accept[0];
    EXPECT_NE(ok.err.find("exit code 7"), std::string::npos) << ok.err;
  }
  expect_one_line_error(zkrv({"verify", receipt, "--elf", echo, "--exit-code", "3"}), 7,
                        "exited with code 7, not the required 3");
  EXPECT_EQ(zkrv({"verify", receipt, "--elf", echo, "--exit-code", "7", "--any-exit-code"}).exit_status, 2);
  EXPECT_EQ(zkrv({"verify", receipt, "--elf", echo, "--exit-code", "4294967296"}).exit_status, 2);
  const auto inspected = zkrv({"inspect", receipt});
  EXPECT_EQ(inspected.exit_status, 0) << inspected.err;
  EXPECT_NE(inspected.out.find("exit code:      7 (0x00000007): a failed run"), std::string::npos) << inspected.out;
}

TEST_F(Cli, CycleLimitExitsWith5) {
  const std::string loop = write("loop.elf", program({kLoopForever}));
  expect_one_line_error(zkrv({"run", loop, "--max-cycles", "1000"}), 5, "cycle limit of 1000");
  // The limit counts instructions: the echo program executes exactly 17, so 17 suffices and 16 does not.
  const std::string echo = write("echo.elf", echo_program());
  EXPECT_EQ(zkrv({"run", echo, "--max-cycles", "17"}).exit_status, 0);
  EXPECT_EQ(zkrv({"run", echo, "--max-cycles", "16"}).exit_status, 5);
}

TEST_F(Cli, RunRoutesConsoleJournalAndStats) {
  const std::string elf = write("echo.elf", echo_program());
  const std::string journal = dir_.file("journal.bin");
  const std::string stats = dir_.file("stats.json");
  const std::string input = write("input.bin", {'h', 'i', '\n'});
  const auto r = zkrv({"run", elf, "--input", input, "--journal", journal, "--stats", stats});
  EXPECT_EQ(r.exit_status, 0) << r.err;  // the guest's exit code 7 is reported, not returned
  EXPECT_EQ(r.out, "hi\n");              // stdout carries only guest output
  EXPECT_NE(r.err.find("exited with code 7"), std::string::npos) << r.err;
  EXPECT_EQ(test::read_file_bytes(journal), (std::vector<uint8_t>{'h', 'i', '\n'}));
  const auto json = nlohmann::json::parse(test::read_file_bytes(stats));
  EXPECT_EQ(json.at("exit_code").get<uint32_t>(), 7u);
  EXPECT_EQ(json.at("cycles").get<uint64_t>(), 17u);
  EXPECT_EQ(json.at("journal_bytes").get<uint64_t>(), 3u);
  EXPECT_GE(json.at("execute_seconds").get<double>(), 0.0);
}

TEST_F(Cli, InputFromStandardInput) {
  const std::string elf = write("echo.elf", echo_program());
  const auto r = zkrv({"run", elf, "--input", "-"}, {'a', 'b', 'c'});
  EXPECT_EQ(r.exit_status, 0) << r.err;
  EXPECT_EQ(r.out, "abc");
}

// On a CPU without the extensions the build was compiled for (qemu's "qemu64" model: plain x86-64, no
// SSSE3 or AVX), zkrv stops at start-up with a one-line message (base/cpu_guard.c) instead of an illegal
// instruction. Every preset compiles for at least x86-64-v2; a baseline build would simply run.
TEST_F(Cli, OlderCpuGetsAMessageNotAnIllegalInstruction) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "ASan's shadow memory does not fit under qemu-user; the release suite runs this test";
#endif
  const auto r = test::run_process({"qemu-x86_64", "-cpu", "qemu64", ZKRV_CLI_PATH, "--version"}, {});
#if defined(__SSSE3__) || defined(__AVX2__)
  EXPECT_EQ(r.exit_status, 1) << r.out << r.err;
  EXPECT_EQ(r.err.rfind("zkrv: internal error: this zkrv was built for x86-64 CPUs with ", 0), 0u) << r.err;
  EXPECT_NE(r.err.find("which this CPU lacks"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_EQ(r.out, "");
#else
  EXPECT_EQ(r.exit_status, 0) << r.err;
  EXPECT_NE(r.out.find("zkrv 0.1.0"), std::string::npos) << r.out;
#endif
}

}  // namespace
}  // namespace zkrv

namespace zkrv {
namespace {

class CliImageId : public ::testing::Test {
 protected:
  test::ProcessResult zkrv(std::vector<std::string> args) {
    args.insert(args.begin(), ZKRV_CLI_PATH);
    return test::run_process(args, {});
  }
  std::string write(const std::string& name, const std::vector<uint8_t>& bytes) {
    const std::string path = dir_.file(name);
    test::write_file_bytes(path, bytes);
    return path;
  }
  test::TempDir dir_;
};

TEST_F(CliImageId, PrintsOneHexIdEqualForEqualElfsDifferentForChanges) {
  const auto a = zkrv({"image-id", write("a.elf", echo_program())});
  ASSERT_EQ(a.exit_status, 0) << a.err;
  ASSERT_EQ(a.out.size(), 65u) << a.out;  // 64 hex digits and a newline
  EXPECT_EQ(a.out.find_first_not_of("0123456789abcdef"), 64u);
  EXPECT_EQ(zkrv({"image-id", write("b.elf", echo_program())}).out, a.out);
  auto changed = echo_program();
  changed.back() ^= 1;  // the last byte of the file: the data segment's one byte
  const auto c = zkrv({"image-id", write("c.elf", changed)});
  ASSERT_EQ(c.exit_status, 0) << c.err;
  EXPECT_NE(c.out, a.out);
}

TEST_F(CliImageId, MalformedElfExitsWith3AndMissingArgumentWith2) {
  const auto r = zkrv({"image-id", write("bad.elf", {'n', 'o', 'p', 'e'})});
  EXPECT_EQ(r.exit_status, 3);
  EXPECT_EQ(zkrv({"image-id"}).exit_status, 2);
}

// `zkrv new` writes the starter project with its name filled in; building and running it end to end
// against an installed zkrv is scripts/test-install.sh's job.
TEST_F(Cli, NewWritesTheStarterProjectAndRefusesANonEmptyDirectory) {
  const std::string project = dir_.file("my-app");
  const auto r = zkrv({"new", project});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  for (const char* f : {"CMakeLists.txt", "README.md", ".gitignore", "guest/main.c", "host/main.cpp"})
    EXPECT_TRUE(std::filesystem::is_regular_file(std::filesystem::path(project) / f)) << f;
  const auto cmake = test::read_file_bytes(std::filesystem::path(project) / "CMakeLists.txt");
  const std::string text(cmake.begin(), cmake.end());
  EXPECT_NE(text.find("project(my_app C CXX)"), std::string::npos) << text;
  EXPECT_NE(text.find("find_package(zkrv"), std::string::npos);
  EXPECT_EQ(text.find("{{name}}"), std::string::npos);

  // A directory with something in it is left alone: usage error, nothing overwritten.
  const auto again = zkrv({"new", project});
  EXPECT_EQ(again.exit_status, 2) << again.err;
  EXPECT_NE(again.err.find("not an empty directory"), std::string::npos) << again.err;
  EXPECT_EQ(test::read_file_bytes(std::filesystem::path(project) / "CMakeLists.txt"), cmake);
  // An empty existing directory is fine, and --name overrides the directory's name.
  const std::string empty = dir_.file("empty");
  std::filesystem::create_directory(empty);
  ASSERT_EQ(zkrv({"new", empty, "--name", "7up"}).exit_status, 0);
  const auto named = test::read_file_bytes(std::filesystem::path(empty) / "CMakeLists.txt");
  EXPECT_NE(std::string(named.begin(), named.end()).find("project(_7up C CXX)"), std::string::npos);

  // A trailing slash names the same directory; a name CMake reserves for its own targets is refused;
  // a path that is a file is refused.
  const std::string slashed = dir_.file("slashed");
  ASSERT_EQ(zkrv({"new", slashed + "/"}).exit_status, 0);
  EXPECT_TRUE(std::filesystem::is_regular_file(std::filesystem::path(slashed) / "host/main.cpp"));
  const auto reserved = zkrv({"new", dir_.file("x"), "--name", "test"});
  EXPECT_EQ(reserved.exit_status, 2) << reserved.err;
  EXPECT_FALSE(std::filesystem::exists(dir_.file("x")));
  EXPECT_EQ(zkrv({"new", project + "/CMakeLists.txt"}).exit_status, 2);
}

}  // namespace
}  // namespace zkrv
