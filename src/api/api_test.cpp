// The public API as an application sees it: only <zkrv/zkrv.h> and libzkrv.so. Round trips (execute,
// prove, receipt bytes, verify), the error kinds of each failure, and receipts that must be rejected.
// The fibonacci example is proved once and shared; every attack works on a copy.
#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "zkrv/zkrv.h"

namespace {

using zkrv::host::Error;
using zkrv::host::ErrorKind;

std::string elf_path(const std::string& name) { return std::string(ZKRV_GUEST_BIN_DIR) + "/" + name + ".elf"; }

std::vector<uint8_t> u32_bytes(uint32_t v) {
  return {static_cast<uint8_t>(v), static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v >> 16),
          static_cast<uint8_t>(v >> 24)};
}

uint32_t u32_of(const std::vector<uint8_t>& b) {
  return b.size() == 4 ? uint32_t{b[0]} | uint32_t{b[1]} << 8 | uint32_t{b[2]} << 16 | uint32_t{b[3]} << 24 : 0xdeadbeef;
}

template <class F>
ErrorKind kind_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.kind();
  }
  ADD_FAILURE() << "no zkrv::host::Error thrown";
  return ErrorKind::internal;
}

struct Proved {
  zkrv::host::Program program = zkrv::host::Program::from_elf_file(elf_path("fibonacci"));
  std::vector<std::string> phases;
  zkrv::host::ProveStats stats;
  std::unique_ptr<zkrv::host::Receipt> receipt;
};

class Api : public ::testing::Test {
 protected:
  // fib(20) = 6765 mod 2^32, a few hundred cycles.
  static void SetUpTestSuite() {
    proved_ = std::make_unique<Proved>();
    zkrv::host::ProveOptions options;
    options.input = u32_bytes(20);
    options.progress = [](std::string_view phase, bool done) {
      if (!done) proved_->phases.emplace_back(phase);
    };
    proved_->receipt = std::make_unique<zkrv::host::Receipt>(zkrv::host::prove(proved_->program, options, &proved_->stats));
  }
  static void TearDownTestSuite() { proved_.reset(); }
  static std::unique_ptr<Proved> proved_;
};
std::unique_ptr<Proved> Api::proved_;

TEST(ApiBasics, VersionIsTheProjectVersion) { EXPECT_STREQ(zkrv::host::version(), "0.1.0"); }

TEST(ApiBasics, ImageIdHexRoundTripsAndRejectsNonsense) {
  const auto program = zkrv::host::Program::from_elf_file(elf_path("fibonacci"));
  const zkrv::host::ImageId id = program.image_id();
  EXPECT_EQ(id.hex().size(), 64u);
  EXPECT_EQ(zkrv::host::ImageId::from_hex(id.hex()), id);
  EXPECT_EQ(kind_of([] { zkrv::host::ImageId::from_hex("abc"); }), ErrorKind::usage);
  EXPECT_EQ(kind_of([] { zkrv::host::ImageId::from_hex(std::string(64, 'g')); }), ErrorKind::usage);
  // Not a canonical digest (each 4-byte element must be below p = 0x78000001).
  EXPECT_EQ(kind_of([] { zkrv::host::ImageId::from_hex(std::string(64, 'f')); }), ErrorKind::usage);
  // Another program has another ID.
  EXPECT_NE(zkrv::host::Program::from_elf_file(elf_path("sha256")).image_id(), id);
}

TEST(ApiBasics, MalformedElfIsMalformedInput) {
  const std::vector<uint8_t> junk = {0x7f, 'E', 'L', 'F', 1, 1, 1, 0};
  EXPECT_EQ(kind_of([&] { zkrv::host::Program::from_elf(junk); }), ErrorKind::malformed_input);
  EXPECT_EQ(kind_of([] { zkrv::host::Program::from_elf_file("/nonexistent/guest.elf"); }), ErrorKind::malformed_input);
}

TEST(ApiBasics, ExecuteReturnsJournalAndCallsTheConsole) {
  const auto program = zkrv::host::Program::from_elf_file(elf_path("libc_demo"));
  std::string out;
  zkrv::host::ExecuteOptions options;
  options.console = [&out](int fd, std::span<const uint8_t> bytes) {
    if (fd == 1) out.append(bytes.begin(), bytes.end());
  };
  const zkrv::host::ExecuteResult result = zkrv::host::execute(program, options);
  EXPECT_EQ(result.exit_code, 0u);
  EXPECT_GT(result.cycles, 0u);
  EXPECT_FALSE(out.empty());

  const auto fib = zkrv::host::Program::from_elf_file(elf_path("fibonacci"));
  zkrv::host::ExecuteOptions fib_options;
  fib_options.input = u32_bytes(20);
  EXPECT_EQ(u32_of(zkrv::host::execute(fib, fib_options).journal), 6765u);
}

TEST(ApiBasics, FaultsAndLimitsHaveTheirKinds) {
  const auto faulting = zkrv::host::Program::from_elf_file(elf_path("illegal_instruction"));
  EXPECT_EQ(kind_of([&] { zkrv::host::execute(faulting); }), ErrorKind::guest_fault);
  EXPECT_EQ(kind_of([&] { zkrv::host::prove(faulting); }), ErrorKind::guest_fault);
  const auto looping = zkrv::host::Program::from_elf_file(elf_path("infinite_loop"));
  zkrv::host::ExecuteOptions options;
  options.max_cycles = 1000;
  EXPECT_EQ(kind_of([&] { zkrv::host::execute(looping, options); }), ErrorKind::cycle_limit);
  zkrv::host::ProveOptions prove_options;
  prove_options.config = "no-such-configuration";
  EXPECT_EQ(kind_of([&] { zkrv::host::prove(looping, prove_options); }), ErrorKind::usage);
}

TEST_F(Api, ProveReportsPhasesAndStats) {
  const std::vector<std::string> expected = {"setup", "execute", "trace", "prove", "image"};
  EXPECT_EQ(proved_->phases, expected);
  EXPECT_GT(proved_->stats.cycles, 100u);
  EXPECT_FALSE(proved_->stats.chips.empty());
  for (const auto& chip : proved_->stats.chips) EXPECT_LE(chip.rows, uint64_t{1} << chip.log_height) << chip.name;
  EXPECT_EQ(zkrv::host::proof_configurations().front(), zkrv::host::inspect(*proved_->receipt).config);
  // The default is zero-knowledge; every table is at least the configuration's minimum height.
  EXPECT_TRUE(zkrv::host::inspect(*proved_->receipt).zero_knowledge);
  for (const auto& chip : proved_->stats.chips) EXPECT_GE(chip.log_height, 15u) << chip.name;
}

TEST_F(Api, ReceiptVerifiesAfterABytesRoundTrip) {
  const auto bytes = proved_->receipt->to_bytes();
  const auto decoded = zkrv::host::Receipt::from_bytes(bytes);
  EXPECT_EQ(decoded.to_bytes(), bytes);
  const zkrv::host::VerifiedClaim claim = zkrv::host::verify(decoded, proved_->program.image_id());
  EXPECT_EQ(claim.image_id, proved_->program.image_id());
  EXPECT_EQ(claim.exit_code, 0u);
  EXPECT_EQ(u32_of(claim.journal), 6765u);
  EXPECT_EQ(decoded.claimed_journal(), claim.journal);
}

TEST_F(Api, ReceiptFileRoundTrip) {
  const std::string path = ::testing::TempDir() + "/api_test.receipt";
  proved_->receipt->to_file(path);
  const auto loaded = zkrv::host::Receipt::from_file(path);
  EXPECT_EQ(u32_of(zkrv::host::verify(loaded, proved_->program.image_id()).journal), 6765u);
}

// exit_code exits with the u32 it reads: a valid receipt of a run exiting with 134 (what abort() gives)
// is refused by default, accepted when asked for exactly 134 or for any code, refused for another code.
TEST(ApiVerify, ExitCodeMustBeAcceptedByThePolicy) {
  const auto program = zkrv::host::Program::from_elf_file(elf_path("exit_code"));
  zkrv::host::ProveOptions options;
  options.input = u32_bytes(134);
  const zkrv::host::Receipt receipt = zkrv::host::prove(program, options);
  EXPECT_EQ(receipt.claimed_exit_code(), 134u);
  try {
    zkrv::host::verify(receipt, program.image_id());
    ADD_FAILURE() << "a failed run verified by default";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::exit_code_rejected);
    EXPECT_EQ(e.exit_code(), 7);
    EXPECT_NE(std::string(e.what()).find("exited with code 134, not the required 0"), std::string::npos) << e.what();
  }
  EXPECT_EQ(zkrv::host::verify(receipt, program.image_id(), zkrv::host::ExitCodePolicy::exactly(134)).exit_code, 134u);
  EXPECT_EQ(zkrv::host::verify(receipt, program.image_id(), zkrv::host::ExitCodePolicy::any_code()).exit_code, 134u);
  EXPECT_EQ(kind_of([&] { zkrv::host::verify(receipt, program.image_id(), zkrv::host::ExitCodePolicy::exactly(1)); }),
            ErrorKind::exit_code_rejected);
  // A forged claim is a proof rejection before the policy is consulted, whatever the policy.
  auto bytes = receipt.to_bytes();
  bytes[8 + 32] ^= 1;  // the claimed exit code's low byte: 134 -> 135
  EXPECT_EQ(kind_of([&] {
              zkrv::host::verify(zkrv::host::Receipt::from_bytes(bytes), program.image_id(),
                                 zkrv::host::ExitCodePolicy::any_code());
            }),
            ErrorKind::proof_rejected);
}

TEST_F(Api, WrongImageIdIsRejected) {
  const auto other = zkrv::host::Program::from_elf_file(elf_path("sha256"));
  EXPECT_EQ(kind_of([&] { zkrv::host::verify(*proved_->receipt, other.image_id()); }), ErrorKind::proof_rejected);
}

TEST_F(Api, ChangedJournalIsRejected) {
  // The claimed journal is serialized right after the image ID, exit code and journal length.
  auto bytes = proved_->receipt->to_bytes();
  const std::vector<uint8_t> journal = proved_->receipt->claimed_journal();
  ASSERT_EQ(journal.size(), 4u);
  const size_t journal_at = 4 + 2 + 2 + 32 + 4 + 4;
  ASSERT_EQ(std::vector<uint8_t>(bytes.begin() + journal_at, bytes.begin() + journal_at + 4), journal);
  bytes[journal_at] ^= 1;
  const auto forged = zkrv::host::Receipt::from_bytes(bytes);
  EXPECT_EQ(u32_of(forged.claimed_journal()), 6765u ^ 1u);
  EXPECT_EQ(kind_of([&] { zkrv::host::verify(forged, proved_->program.image_id()); }), ErrorKind::proof_rejected);
}

TEST_F(Api, TruncatedOrFlippedProofBytesNeverVerify) {
  const auto bytes = proved_->receipt->to_bytes();
  for (const size_t cut : {size_t{0}, size_t{3}, bytes.size() / 2, bytes.size() - 1}) {
    const std::vector<uint8_t> truncated(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(cut));
    EXPECT_EQ(kind_of([&] { zkrv::host::Receipt::from_bytes(truncated); }), ErrorKind::malformed_input) << cut;
  }
  // A flipped byte deep in the proof: either it no longer decodes or it no longer verifies.
  for (const size_t at : {bytes.size() / 3, bytes.size() * 2 / 3, bytes.size() - 8}) {
    auto flipped = bytes;
    flipped[at] ^= 0x40;
    const ErrorKind kind = kind_of([&] {
      zkrv::host::verify(zkrv::host::Receipt::from_bytes(flipped), proved_->program.image_id());
    });
    EXPECT_TRUE(kind == ErrorKind::proof_rejected || kind == ErrorKind::malformed_input) << at;
  }
}

TEST_F(Api, ANonCanonicalTrustedIdIsAUsageError) {
  zkrv::host::ImageId not_an_id;
  not_an_id.bytes.fill(0xff);  // every 4-byte element >= p: no digest serializes to this
  EXPECT_EQ(kind_of([&] { zkrv::host::verify(*proved_->receipt, not_an_id); }), ErrorKind::usage);
}

// A caller's callback may throw to stop the work; what it throws comes back unchanged, not as an Error.
struct Cancelled {
  int at = 0;
};

TEST(ApiCallbacks, ExceptionsFromCallbacksReachTheCallerUnchanged) {
  const auto fib = zkrv::host::Program::from_elf_file(elf_path("fibonacci"));
  zkrv::host::ProveOptions options;
  options.input = u32_bytes(20);
  int calls = 0;
  options.progress = [&calls](std::string_view phase, bool done) {
    ++calls;
    if (phase == "trace" && !done) throw Cancelled{calls};
  };
  try {
    zkrv::host::prove(fib, options);
    ADD_FAILURE() << "prove finished despite the cancelled progress callback";
  } catch (const Cancelled& c) {
    EXPECT_EQ(c.at, 5);  // setup start, setup end, execute start, execute end, trace start
  }

  const auto demo = zkrv::host::Program::from_elf_file(elf_path("libc_demo"));
  zkrv::host::ExecuteOptions run;
  run.console = [](int, std::span<const uint8_t>) { throw std::runtime_error("console closed"); };
  try {
    zkrv::host::execute(demo, run);
    ADD_FAILURE() << "execute finished despite the throwing console";
  } catch (const Error& e) {
    ADD_FAILURE() << "wrapped as zkrv::host::Error: " << e.what();
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "console closed");
  }
}

TEST_F(Api, InspectDescribesTheProof) {
  const zkrv::host::ReceiptInfo info = zkrv::host::inspect(*proved_->receipt);
  EXPECT_TRUE(info.commitments_match_image_id);
  EXPECT_GT(info.proof_bytes, 1000u);
  EXPECT_EQ(info.chips.size(), proved_->stats.chips.size());
  EXPECT_GE(info.conjectured_security_bits, 100.0);
  EXPECT_GT(info.provable_security_bits, 0.0);
  EXPECT_NE(info.security_report.find("bits"), std::string::npos);
}

}  // namespace
