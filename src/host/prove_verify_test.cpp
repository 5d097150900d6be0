// The host API end to end on a real guest: prove_receipt, verify_receipt, the receipt format around a
// real proof, and every part of the claim or the opened image commitments changed after proving. The
// fibonacci example is proved once (a shared fixture; proving is the expensive part) and every test
// attacks a copy of that receipt.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/error.h"
#include "host/image_id.h"
#include "host/prove.h"
#include "host/receipt.h"
#include "host/verify.h"
#include "vm/executor/executor.h"
#include "vm/isa/program_image.h"

namespace zkrv {
namespace {

std::string elf_path(const std::string& name) { return std::string(ZKRV_GUEST_BIN_DIR) + "/" + name + ".elf"; }

std::vector<uint8_t> u32_bytes(uint32_t v) {
  return {static_cast<uint8_t>(v), static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v >> 16),
          static_cast<uint8_t>(v >> 24)};
}

struct Proved {
  ProgramImage program;
  Digest id;
  Receipt receipt;
  ProveReport report;
  std::vector<std::pair<std::string, bool>> progress;  // every (phase, done) call in order
};

class ProveVerify : public ::testing::Test {
 protected:
  // fib(20) = 6765: a few hundred cycles, so the whole suite stays well inside its time budget.
  static void SetUpTestSuite() {
    proved_ = std::make_unique<Proved>();
    proved_->program = load_elf_file(elf_path("fibonacci"));
    proved_->id = image_id_of(proved_->program);
    const auto input = u32_bytes(20);
    auto* log = &proved_->progress;
    ProveOptions options;
    options.progress = [log](std::string_view phase, bool done) { log->emplace_back(phase, done); };
    proved_->receipt = prove_receipt(proved_->program, input, named_fri_configs()[0], options, &proved_->report);
  }
  static void TearDownTestSuite() { proved_.reset(); }

  static const Receipt& receipt() { return proved_->receipt; }
  static const Digest& id() { return proved_->id; }

  // verify_receipt must throw exactly E, whose message contains `needle`.
  template <class E>
  static void expect_rejected(const Receipt& r, const Digest& expected, const std::string& needle,
                              const std::string& what) {
    try {
      verify_receipt(r, expected);
      ADD_FAILURE() << what << ": accepted";
    } catch (const E& e) {
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << what << ": " << e.what();
    } catch (const std::exception& e) {
      ADD_FAILURE() << what << ": wrong exception type: " << e.what();
    }
  }

  static inline std::unique_ptr<Proved> proved_;
};

TEST_F(ProveVerify, RoundTripGivesTheClaimOfTheRun) {
  const ReceiptClaim claim = verify_receipt(receipt(), id());
  EXPECT_EQ(claim, receipt().claim);
  EXPECT_EQ(claim.image_id, id());
  EXPECT_EQ(claim.exit_code, 0u);
  EXPECT_EQ(claim.journal, u32_bytes(6765));
  // The claim is what the executor's fast path computes.
  ExecutorEnv env;
  env.input = u32_bytes(20);
  const ExecutionResult run = execute(proved_->program, env);
  EXPECT_EQ(claim.journal, run.journal);
  EXPECT_EQ(proved_->report.cycles, run.cycles);
  EXPECT_EQ(receipt().image, commit_image(MachineImage{proved_->program}));
  ASSERT_EQ(receipt().segments.size(), 1u);  // a short run is one segment
  EXPECT_EQ(receipt().segments[0].statement.pre_pc, proved_->program.entry);
  EXPECT_EQ(receipt().segments[0].statement.pre_root, receipt().image.initial_memory_root);
  EXPECT_TRUE(receipt().segments[0].statement.halted);
}

TEST_F(ProveVerify, ReportsPhasesAndChips) {
  const auto& log = proved_->progress;
  ASSERT_FALSE(log.empty());
  // Every phase that starts also ends, and the image commitments come last.
  for (size_t i = 0; i < log.size(); ++i) {
    if (log[i].second) continue;
    EXPECT_TRUE(std::find(log.begin() + static_cast<std::ptrdiff_t>(i), log.end(), std::make_pair(log[i].first, true)) !=
                log.end())
        << log[i].first;
  }
  EXPECT_EQ(log.back(), std::make_pair(std::string("image"), true));
  const ProveReport& report = proved_->report;
  EXPECT_GT(report.cycles, 0u);
  EXPECT_GT(report.total_seconds, 0.0);
  EXPECT_GT(report.committed_cells, 0u);
  const auto chips = machine_chips(receipt().image.shape);
  ASSERT_EQ(report.chips.size(), chips.size());
  for (size_t c = 0; c < chips.size(); ++c) EXPECT_EQ(report.chips[c].name, chips[c].name());
}

TEST_F(ProveVerify, InspectionDescribesTheProof) {
  const ReceiptInspection info = inspect_receipt(receipt());
  EXPECT_TRUE(info.image_id_matches);
  EXPECT_EQ(info.config_name, named_fri_configs()[0].name);
  EXPECT_EQ(info.proof_bytes, receipt().segments[0].proof.size());
  ASSERT_EQ(info.segments.size(), 1u);
  EXPECT_EQ(info.segments[0].statement, receipt().segments[0].statement);
  EXPECT_NEAR(info.security_bits_conjectured_all_segments, info.security.conjectured.total_bits(), 1e-9);
  ASSERT_EQ(info.chips.size(), proved_->report.chips.size());
  for (size_t c = 0; c < info.chips.size(); ++c) {
    EXPECT_EQ(info.chips[c].name, proved_->report.chips[c].name);
    EXPECT_EQ(info.chips[c].log_height, proved_->report.chips[c].log_height);
  }
  EXPECT_GE(info.security.conjectured.total_bits(), 100.0);
  EXPECT_GT(info.security.provable.total_bits(), 0.0);
  EXPECT_LE(info.security.provable.total_bits(), info.security.conjectured.total_bits());
}

TEST_F(ProveVerify, WrongExpectedImageIdIsRejected) {
  Digest other = id();
  other[0] += Fp::one();
  expect_rejected<ProofRejected>(receipt(), other, "not the expected image", "other expected ID");
  const ProgramImage other_program = load_elf_file(elf_path("echo"));
  expect_rejected<ProofRejected>(receipt(), image_id_of(other_program), "not the expected image", "echo's ID");
}

TEST_F(ProveVerify, ChangedClaimIsRejected) {
  std::vector<std::pair<std::string, Receipt>> variants;
  auto variant = [&](std::string what, auto change) {
    Receipt r = receipt();
    change(r);
    variants.emplace_back(std::move(what), std::move(r));
  };
  variant("journal byte", [](Receipt& r) { r.claim.journal[0] ^= 1; });
  variant("last journal byte", [](Receipt& r) { r.claim.journal.back() ^= 0x80; });
  variant("journal byte appended", [](Receipt& r) { r.claim.journal.push_back(0); });
  variant("journal byte removed", [](Receipt& r) { r.claim.journal.pop_back(); });
  variant("empty journal", [](Receipt& r) { r.claim.journal.clear(); });
  variant("exit code", [](Receipt& r) { r.claim.exit_code = 1; });
  variant("exit code high bit", [](Receipt& r) { r.claim.exit_code ^= 0x80000000u; });
  for (const auto& [what, r] : variants) expect_rejected<ProofRejected>(r, id(), "", what);
}

TEST_F(ProveVerify, ChangedImageIdInTheClaimIsRejected) {
  Receipt r = receipt();
  r.claim.image_id[3] += Fp::one();
  // Against the program's ID: the claim names another image.
  expect_rejected<ProofRejected>(r, id(), "not the expected image", "against the real ID");
  // Against the changed ID itself: the opened commitments do not hash to it.
  expect_rejected<ProofRejected>(r, r.claim.image_id, "do not hash to its image ID", "against the claimed ID");
}

// Opened commitments changed and the claim's ID recomputed to match them, so only the proof can catch
// the change: the verifier must check the proof against the shape and root it is given.
TEST_F(ProveVerify, ChangedOpenedCommitmentsAreRejected) {
    std::vector<std::pair<std::string, Receipt>> variants;
  auto variant = [&](std::string what, auto change) {
    Receipt r = receipt();
    change(r.image);
    r.claim.image_id = image_id(r.image);
    variants.emplace_back(std::move(what), std::move(r));
  };
  variant("entry", [](ImageCommitments& c) { c.shape.entry += 4; });
  variant("first writable word", [](ImageCommitments& c) { c.shape.first_writable_word -= 1; });
  variant("first writable word up", [](ImageCommitments& c) { c.shape.first_writable_word += 1; });
  variant("code begin up", [](ImageCommitments& c) { c.shape.code_begin_word += 1; });
  variant("code begin down", [](ImageCommitments& c) { c.shape.code_begin_word -= 1; });
  variant("code end up", [](ImageCommitments& c) { c.shape.code_end_word += 1; });
  variant("code end down", [](ImageCommitments& c) { c.shape.code_end_word -= 1; });
  variant("initial memory root", [](ImageCommitments& c) { c.initial_memory_root[2] += Fp::one(); });
  for (const auto& [what, r] : variants) {
    // Against the program's ID the claim is for another image; against its own ID the proof fails.
    expect_rejected<ProofRejected>(r, id(), "not the expected image", what + " (program ID)");
    expect_rejected<ProofRejected>(r, r.claim.image_id, "", what + " (recomputed ID)");
  }
  // Opened commitments changed without recomputing the ID.
  Receipt r = receipt();
  r.image.shape.entry += 4;
  expect_rejected<ProofRejected>(r, id(), "do not hash to its image ID", "entry, ID kept");
}

TEST_F(ProveVerify, SegmentCountAndUndecodableProofs) {
  Receipt r = receipt();
  r.segments.push_back(r.segments[0]);
  expect_rejected<ProofRejected>(r, id(), "ends with the exit but is not the last", "the segment twice");
  r.segments.clear();
  expect_rejected<ProofRejected>(r, id(), "no segment", "no segment");
  r = receipt();
  r.segments[0].proof.pop_back();
  expect_rejected<MalformedInput>(r, id(), "segment 0 proof", "truncated proof");
  // The proof names its configuration right after the "ZKST" magic and version: an unknown name is refused.
  r = receipt();
  r.segments[0].proof[7] ^= 0x20;
  expect_rejected<MalformedInput>(r, id(), "segment 0 proof", "unknown configuration");
}

TEST_F(ProveVerify, SerializedReceiptRoundTripsAndVerifies) {
  const auto bytes = serialize_receipt(receipt());
  const Receipt decoded = deserialize_receipt(bytes);
  EXPECT_EQ(decoded, receipt());
  EXPECT_EQ(verify_receipt(decoded, id()), receipt().claim);
}

// Hostile files: every byte of the header, the claim and the image commitments, and a spread of proof
// bytes, each flipped in the serialized receipt, must be refused (malformed or rejected), never accepted
// and never anything else.
TEST_F(ProveVerify, FlippedReceiptBytesAreNeverAccepted) {
  const auto bytes = serialize_receipt(receipt());
  ByteWriter front;
  receipt().image.write(front);
  // header 8, image ID 32, exit code 4, journal length 4, journal, image commitments, segment count 4,
  // the segment's statement 81, proof length 4: all of it, then 200 positions spread over the proof.
  const size_t prefix = 8 + 32 + 4 + 4 + receipt().claim.journal.size() + front.data().size() + 4 + 81 + 4;
  ASSERT_LT(prefix, bytes.size());
  std::vector<size_t> positions;
  for (size_t i = 0; i < prefix; ++i) positions.push_back(i);
  const size_t proof_bytes = bytes.size() - prefix;
  for (size_t k = 0; k < 200; ++k) positions.push_back(prefix + k * proof_bytes / 200 + (k * 7919) % 13 % proof_bytes);
  positions.push_back(bytes.size() - 1);
  size_t malformed = 0, rejected = 0;
  for (size_t i : positions) {
    if (i >= bytes.size()) continue;
    auto flipped = bytes;
    flipped[i] ^= static_cast<uint8_t>(1u << (i % 8));
    try {
      verify_receipt(deserialize_receipt(flipped), id());
      ADD_FAILURE() << "byte " << i << " flipped: accepted";
    } catch (const MalformedInput&) {
      ++malformed;
    } catch (const ProofRejected&) {
      ++rejected;
    } catch (const std::exception& e) {
      ADD_FAILURE() << "byte " << i << " flipped: unexpected exception: " << e.what();
    }
  }
  EXPECT_GT(malformed, 0u);
  EXPECT_GT(rejected, 0u);
  EXPECT_EQ(malformed + rejected, positions.size());
}

TEST(ProveReceipt, RefusesUnnamedConfigurationsAndFaultingGuests) {
  const ProgramImage fib = load_elf_file(elf_path("fibonacci"));
  FriConfig weak = named_fri_configs()[0];
  weak.num_queries = 1;
  EXPECT_THROW(prove_receipt(fib, {}, weak), std::invalid_argument);
  weak = named_fri_configs()[0];
  weak.name = "my-config";
  EXPECT_THROW(prove_receipt(fib, {}, weak), std::invalid_argument);
  EXPECT_THROW(prove_receipt(load_elf_file(elf_path("misaligned_load")), {}, named_fri_configs()[0]), GuestFault);
}

}  // namespace
}  // namespace zkrv
