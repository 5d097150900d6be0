// The example and edge-case guests, built by the normal build with the guest SDK, run on the zkrv
// executor: results checked against independent host computations (OpenSSL's SHA-256, a host
// Fibonacci), against qemu-riscv32 running the very same ELF, against the same sources built as host
// programs (the SDK's native mode), and the fault guests against the fault the executor must report.
#include <gtest/gtest.h>
#include <openssl/sha.h>

#include <random>

#include "support/qemu_runner.h"
#include "support/subprocess.h"
#include "support/temp_files.h"
#include "vm/executor/executor.h"
#include "vm/isa/program_image.h"

namespace zkrv {
namespace {

std::string elf_path(const std::string& name) { return std::string(ZKRV_GUEST_BIN_DIR) + "/" + name + ".elf"; }

struct GuestRun {
  ExecutionResult result;
  std::string out, err;
};

GuestRun run_guest(const std::string& name, std::vector<uint8_t> input = {}, uint64_t max_cycles = uint64_t{1} << 32) {
  GuestRun run;
  ExecutorEnv env;
  env.input = std::move(input);
  env.max_cycles = max_cycles;
  env.console = [&](int fd, std::span<const uint8_t> bytes) {
    (fd == 1 ? run.out : run.err).append(bytes.begin(), bytes.end());
  };
  run.result = execute(load_elf_file(elf_path(name)), env);
  return run;
}

// The guest's source built natively (ZkrvGuest.cmake without the toolchain file), run as a user would:
// `./<name> <input 3>journal`.
struct NativeRun {
  test::ProcessResult process;
  std::vector<uint8_t> journal;
};

NativeRun run_native(const std::string& name, const std::vector<uint8_t>& input) {
  const test::TempDir dir("zkrv-native-guest");
  test::ProcessOptions options;
  options.stdin_bytes = input;
  options.fd3_path = (dir.path() / "journal").string();
  NativeRun run;
  run.process = test::run_process({std::string(ZKRV_NATIVE_GUEST_BIN_DIR) + "/" + name}, options);
  run.journal = test::read_file_bytes(options.fd3_path);
  return run;
}

std::vector<uint8_t> u32_bytes(uint32_t v) {
  return {static_cast<uint8_t>(v), static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v >> 16),
          static_cast<uint8_t>(v >> 24)};
}

std::vector<uint8_t> bytes_of(std::string_view s) { return {s.begin(), s.end()}; }

std::vector<uint8_t> random_bytes(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<uint8_t> bytes(n);
  for (auto& b : bytes) b = static_cast<uint8_t>(rng());
  return bytes;
}

TEST(Examples, FibonacciMatchesHost) {
  for (uint32_t n : {0u, 1u, 2u, 10u, 47u, 48u, 100u, 5000u}) {
    uint32_t a = 0, b = 1;
    for (uint32_t i = 0; i < n; ++i) {
      const uint32_t next = a + b;
      a = b;
      b = next;
    }
    const auto run = run_guest("fibonacci", u32_bytes(n));
    EXPECT_EQ(run.result.exit_code, 0u);
    EXPECT_EQ(run.result.journal, u32_bytes(a)) << "n = " << n;
  }
  EXPECT_EQ(run_guest("fibonacci").result.journal, u32_bytes(55));  // empty input: n = 10
}

TEST(Examples, Sha256MatchesOpenSsl) {
  for (size_t n : {size_t{0}, size_t{1}, size_t{55}, size_t{56}, size_t{63}, size_t{64}, size_t{65}, size_t{1000},
                   size_t{65537}, size_t{300000}}) {
    const auto input = random_bytes(n, n);
    std::vector<uint8_t> expected(SHA256_DIGEST_LENGTH);
    SHA256(input.data(), input.size(), expected.data());
    const auto run = run_guest("sha256", input);
    EXPECT_EQ(run.result.exit_code, 0u);
    EXPECT_EQ(run.result.journal, expected) << "input of " << n << " bytes";
  }
}

TEST(Examples, CppGuestRunsConstructorsVirtualsAndDestructors) {
  const auto run = run_guest("cpp_templates");
  EXPECT_EQ(run.result.exit_code, 0u);
  EXPECT_NE(run.out.find("static constructor: registry ready"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("static destructor:"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("fib(47) = 2971215073"), std::string::npos) << run.out;
  EXPECT_FALSE(run.result.journal.empty());
}

TEST(Examples, LibcGuestFormatsAndSorts) {
  const auto run = run_guest("libc_demo", {'s', 'e', 'e', 'd'});
  EXPECT_EQ(run.result.exit_code, 0u);
  ASSERT_GE(run.result.journal.size(), 16u);
  EXPECT_EQ(run.result.journal[0], 64);  // count
  const std::string line(run.result.journal.begin() + 16, run.result.journal.end());
  EXPECT_EQ(run.out, line + "\n");  // printf("%s\n") of the committed line
}

TEST(Examples, EdgeGuests) {
  EXPECT_EQ(run_guest("exit_code", u32_bytes(0x8000012A)).result.exit_code, 0x8000012Au);
  const auto input = random_bytes(10000, 7);
  const auto echo = run_guest("echo", input);
  EXPECT_EQ(echo.result.journal, input);
  EXPECT_EQ(echo.out, std::string(input.begin(), input.end()));
  const auto brk = run_guest("brk_test");
  EXPECT_EQ(brk.result.exit_code, 0u);
  ASSERT_EQ(brk.result.journal.size() % 4, 0u);
  ASSERT_GE(brk.result.journal.size(), 13u * 4);
  for (size_t i = 0; i < brk.result.journal.size(); i += 4) EXPECT_EQ(brk.result.journal[i], 1) << "observation " << i / 4;
  const auto bad_fd = run_guest("bad_fd");
  EXPECT_EQ(bad_fd.result.exit_code, 0u);
  EXPECT_EQ(bad_fd.result.journal, u32_bytes(static_cast<uint32_t>(-9)));
}

void expect_guest_fault(const std::string& name, const std::string& needle) {
  try {
    run_guest(name);
    ADD_FAILURE() << name << " ran without a fault";
  } catch (const GuestFault& e) {
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << name << ": " << e.what();
    EXPECT_NE(std::string(e.what()).find("pc 0x"), std::string::npos) << e.what();
  }
}

TEST(Examples, FaultGuests) {
  expect_guest_fault("misaligned_load", "misaligned access");
  expect_guest_fault("misaligned_store", "misaligned access");
  expect_guest_fault("store_to_code", "store to read-only address");
  expect_guest_fault("null_deref", "unmapped address 0x00000000");
  expect_guest_fault("illegal_instruction", "illegal instruction");
  expect_guest_fault("unknown_syscall", "unknown syscall number 12345");
  EXPECT_THROW(run_guest("infinite_loop", {}, 1'000'000), CycleLimitReached);
}

const char* const kLedger =
    R"({"balances": {"alice": 100, "bob": 5, "carol": 0},
        "transfers": [{"from": "alice", "to": "bob", "amount": 30}, {"from": "bob", "to": "carol", "amount": 50},
                      {"from": "bob", "to": "carol", "amount": 35}, {"from": "dave", "to": "bob", "amount": 1}]})";
const char* const kLedgerMalformed = "{\"balances\": {\"alice\": 100,\n \"transfers\": [";
const char* const kLedgerWrongShape = R"({"balances": {"alice": "lots"}, "transfers": []})";

// The same ELFs under qemu-riscv32: exit code (& 0xff), console output and journal must agree.
TEST(Examples, AgreeWithQemu) {
  test::QemuRunner qemu;
  struct Case {
    std::string name;
    std::vector<uint8_t> input;
  };
  const std::vector<Case> cases = {
      {"fibonacci", u32_bytes(40)},      {"fibonacci", {}},        {"sha256", random_bytes(100000, 1)},
      {"sha256", {}},                    {"cpp_templates", {}},    {"libc_demo", {1, 2, 3}},
      {"libc_demo", {}},                 {"exit_code", u32_bytes(0x8000012A)}, {"echo", random_bytes(5000, 2)},
      {"brk_test", {}},                  {"bad_fd", {}},
      {"cpp_stl", {}},                   {"cpp_stl", bytes_of("square 3\nrect 1 x\n")},
      {"cpp_failures", {'u'}},           {"cpp_failures", {'t'}},  {"cpp_failures", {'a'}},
      {"cpp_failures", {'b'}},           {"cpp_failures", {'o'}},
      {"json_ledger", bytes_of(kLedger)}, {"json_ledger", bytes_of(kLedgerMalformed)},
      {"json_ledger", bytes_of(kLedgerWrongShape)}, {"cpp_wide", {}}, {"fmt_header_only", {}},
      {"wchar_sdk", {}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const auto ours = run_guest(c.name, c.input);
    const auto theirs = qemu.run_file(elf_path(c.name), c.input);
    ASSERT_TRUE(theirs.exited) << theirs.describe();
    EXPECT_EQ(static_cast<int>(ours.result.exit_code & 0xFF), theirs.exit_status);
    EXPECT_EQ(ours.result.journal, theirs.journal);
    EXPECT_EQ(ours.out, std::string(theirs.stdout_bytes.begin(), theirs.stdout_bytes.end()));
    EXPECT_EQ(ours.err, std::string(theirs.stderr_bytes.begin(), theirs.stderr_bytes.end()));
  }
}

// The examples' sources built as host programs agree with the guest under zkrv: exit code, journal,
// stdout and stderr. textstats is left out on purpose: it prints what the guest's environment answers
// (files, clocks), which the SDK fixes for reproducible proofs and a host does not.
TEST(Examples, AgreeWithTheirNativeBuild) {
  struct Case {
    std::string name;
    std::vector<uint8_t> input;
  };
  const std::vector<Case> cases = {
      {"fibonacci", u32_bytes(40)},        {"fibonacci", {}},          {"sha256", random_bytes(100000, 3)},
      {"sha256", {}},                      {"cpp_templates", {}},      {"libc_demo", {1, 2, 3}},
      {"libc_demo", {}},                   {"cpp_stl", {}},            {"cpp_stl", bytes_of("square 3\nrect 1 x\n")},
      {"cpp_stl", bytes_of("circle 2\nhexagon 3\n")},                  {"json_ledger", bytes_of(kLedger)},
      {"json_ledger", bytes_of(kLedgerMalformed)}, {"json_ledger", bytes_of(kLedgerWrongShape)},
      {"cpp_wide", {}},                    {"fmt_header_only", {}},    {"matmul", {}},
      {"matmul", {7, 0, 0, 0, 0x2a, 0, 0, 0}}, {"matmul", {0, 0, 0, 0}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const auto ours = run_guest(c.name, c.input);
    const NativeRun native = run_native(c.name, c.input);
    EXPECT_EQ(static_cast<int>(ours.result.exit_code), native.process.exit_status);
    EXPECT_EQ(ours.result.journal, native.journal);
    EXPECT_EQ(ours.out, native.process.out);
    EXPECT_EQ(ours.err, native.process.err);
  }
}

// nlohmann-json from Debian in a guest: the ledger applies the valid transfers; malformed JSON ends with
// the parser's message and exit code 2, a document of the wrong shape with the library's and 3.
TEST(Examples, JsonGuestAppliesTransfersAndReportsBadInput) {
  const auto ok = run_guest("json_ledger", bytes_of(kLedger));
  EXPECT_EQ(ok.result.exit_code, 0u);
  const std::string expected = R"({"applied":2,"balances":{"alice":70,"bob":0,"carol":35},"rejected":2})"
                               "\n";
  EXPECT_EQ(std::string(ok.result.journal.begin(), ok.result.journal.end()), expected);
  EXPECT_EQ(ok.out, expected);
  const auto malformed = run_guest("json_ledger", bytes_of(kLedgerMalformed));
  EXPECT_EQ(malformed.result.exit_code, 2u);
  EXPECT_TRUE(malformed.result.journal.empty());
  EXPECT_EQ(malformed.err,
            "json_ledger: invalid JSON: [json.exception.parse_error.101] parse error at line 2, column 16: syntax "
            "error while parsing value - unexpected end of input; expected '[', '{', or a literal\n");
  const auto wrong = run_guest("json_ledger", bytes_of(kLedgerWrongShape));
  EXPECT_EQ(wrong.result.exit_code, 3u);
  EXPECT_EQ(wrong.err, "json_ledger: unexpected document: [json.exception.type_error.302] type must be number, but "
                       "is string\n");
}

// Wide characters (the SDK's swprintf and wcstold under to_wstring and stold) and fmt in header-only
// mode, with the results a desktop gives (the native build prints the same, AgreeWithTheirNativeBuild).
TEST(Examples, WideCharactersAndFmtWork) {
  const auto wide = run_guest("cpp_wide");
  EXPECT_EQ(wide.result.exit_code, 0u);
  EXPECT_EQ(std::string(wide.result.journal.begin(), wide.result.journal.end()),
            "to_wstring zkrv-42/-7/2.500000/0.333333 size 28\nstold 1250 used 8\nstod -0.5 stoi 255\n"
            "wostringstream pi=3.1416 hex ff\nwistringstream sum 102\nclassify 111 upper Q\nswprintf 7 1234|ab\n"
            "swprintf too long -1\nswprintf non-ascii -1\n");
  const auto fmt = run_guest("fmt_header_only");
  EXPECT_EQ(fmt.result.exit_code, 0u);
  EXPECT_EQ(std::string(fmt.result.journal.begin(), fmt.result.journal.end()),
            "[    3.142] [left  ] [  mid  ] [0xff] [00000101] [+42]\nvector [1, 2, 3] map {\"a\": 1, \"b\": 2}\n"
            "1.235e+05 0.0001 0.3333333333333333\nwide wide-beef\nformat_error: invalid type specifier\n");
  // The SDK's swprintf/wcstold on the cases a desktop answers differently or that are easy to get wrong.
  const auto sdk = run_guest("wchar_sdk");
  EXPECT_EQ(sdk.result.exit_code, 0u);
  EXPECT_EQ(std::string(sdk.result.journal.begin(), sdk.result.journal.end()),
            "ls -1 1\nlc -1 1\nLf -1 1\nnon-ascii format -1 1\npercent 9 1 1\nno room -1 empty 1\nexact fit 5 1\n"
            "wcstold -250 used 7\nwcstold stops at 12\nwcstold none 0 1\n");
}

// C++ guests get the whole standard library (libc++ with exceptions and RTTI): the shapes example's
// report, a parse error thrown in its library and caught in main, and each way a C++ guest fails with its
// reason on stderr and exit code 134 (SIGABRT's status), or recovers from a caught bad_alloc/out_of_range.
TEST(Examples, CppGuestsUseTheStandardLibraryAndSayWhyTheyFail) {
  const auto report = run_guest("cpp_stl");
  EXPECT_EQ(report.result.exit_code, 0u);
  const std::string expected =
      "shapes 5, kinds 3, squares 1\ncircle x2 area 15.708\nrect x2 area 28.000\nsquare x1 area 25.000\n"
      "largest 25, first is circle, smallest 3\ntotal 68.7 over 5 shapes\n";
  EXPECT_EQ(std::string(report.result.journal.begin(), report.result.journal.end()), expected);
  EXPECT_EQ(report.out, expected);
  const auto bad = run_guest("cpp_stl", bytes_of("circle 2\nhexagon 3\n"));
  EXPECT_EQ(std::string(bad.result.journal.begin(), bad.result.journal.end()),
            "parse error at line 2: line 2: unknown shape 'hexagon'\n");
  struct Failure {
    char what;
    uint32_t exit_code;
    std::string err, out;
  };
  const std::vector<Failure> failures = {
      {'u', 134,
       "libc++abi: terminating due to uncaught exception of type std::runtime_error: the input asked for an "
       "uncaught exception\nguest: abort\n",
       ""},
      {'t', 134, "libc++abi: terminating\nguest: abort\n", ""},
      {'a', 134, "", ""},
      {'b', 0, "", "caught std::bad_alloc\n"},
      {'o', 0, "", "caught std::out_of_range\n"},
  };
  for (const Failure& f : failures) {
    SCOPED_TRACE(f.what);
    const auto run = run_guest("cpp_failures", {static_cast<uint8_t>(f.what)});
    EXPECT_EQ(run.result.exit_code, f.exit_code);
    EXPECT_EQ(run.out, f.out);
    if (f.what == 'a') {
      EXPECT_NE(run.err.find("assertion \"one == 2\" failed: file"), std::string::npos) << run.err;
      EXPECT_NE(run.err.find("cpp_failures.cpp\", line 29"), std::string::npos) << run.err;
    } else {
      EXPECT_EQ(run.err, f.err);
    }
  }
}

}  // namespace
}  // namespace zkrv
