// Continuations end to end, forged receipts: segments reordered, dropped, duplicated, taken from another
// run or program, statements that do not chain, the halted flag, journals split or joined differently,
// exit codes and configurations (the fixture is in segments_test_support.h).
#include "host/segments_test_support.h"

namespace zkrv::segments_test {
namespace {

// ---- forged receipts ---------------------------------------------------------------------------------

// Reordering cannot be made consistent: the statements name their pre- and post-states, so a reordered
// chain breaks. Swapping only the proofs (statements kept in order) leaves the chain intact, and the
// proof of the first swapped position rejects.
TEST_F(Segments, ReorderedSegmentsAreRejected) {
  const Receipt& honest = sha().receipt;
  const size_t n = honest.segments.size();
  Receipt r = honest;
  std::swap(r.segments[3], r.segments[4]);
  expect_chain_rejected(r, sha().id, not_after(3), "segments 3 and 4 swapped");
  r = honest;
  std::reverse(r.segments.begin(), r.segments.end());
  expect_chain_rejected(r, sha().id, "segment 0 does not start at the image's initial state", "all reversed");
  r = honest;
  std::rotate(r.segments.begin() + 1, r.segments.begin() + 2, r.segments.end() - 1);  // 0, 2, 3, ..., 1, last
  expect_chain_rejected(r, sha().id, not_after(1), "segment 1 moved before the last");
  // Consistent: the statements in order, the proofs of 3 and 4 swapped.
  r = honest;
  std::swap(r.segments[3].proof, r.segments[4].proof);
  expect_proof_rejected(r, sha().id, 3, "proofs of 3 and 4 swapped");
  // Consistent: the last two proofs swapped; the journal and exit code stay with the statements.
  r = honest;
  std::swap(r.segments[n - 2].proof, r.segments[n - 1].proof);
  expect_proof_rejected(r, sha().id, n - 2, "proofs of the last two swapped");
}

TEST_F(Segments, DroppedSegmentsAreRejected) {
  const Receipt& honest = sha().receipt;
  const Digest& id = sha().id;
  const size_t n = honest.segments.size();
  // First dropped: the chain no longer starts at the image's initial state ...
  Receipt r = honest;
  r.segments.erase(r.segments.begin());
  expect_chain_rejected(r, id, "segment 0 does not start at the image's initial state", "first dropped");
  // ... and with the new first segment's statement moved to the initial state, its proof rejects.
  r.segments[0].statement.pre_pc = honest.image.shape.entry;
  r.segments[0].statement.pre_root = honest.image.initial_memory_root;
  expect_proof_rejected(r, id, 0, "first dropped, chain fixed");
  // Middle dropped.
  const size_t mid = n / 2;
  r = honest;
  r.segments.erase(r.segments.begin() + static_cast<std::ptrdiff_t>(mid));
  expect_chain_rejected(r, id, not_after(mid), "middle dropped");
  r.segments[mid].statement.pre_pc = r.segments[mid - 1].statement.post_pc;
  r.segments[mid].statement.pre_root = r.segments[mid - 1].statement.post_root;
  expect_proof_rejected(r, id, mid, "middle dropped, chain fixed");
  // Several dropped in the middle (segments mid..mid+2), chain fixed.
  r = honest;
  r.segments.erase(r.segments.begin() + static_cast<std::ptrdiff_t>(mid),
                   r.segments.begin() + static_cast<std::ptrdiff_t>(mid + 3));
  r.segments[mid].statement.pre_pc = r.segments[mid - 1].statement.post_pc;
  r.segments[mid].statement.pre_root = r.segments[mid - 1].statement.post_root;
  expect_proof_rejected(r, id, mid, "three dropped, chain fixed");
  // Last dropped: the new last segment does not halt.
  r = honest;
  r.segments.pop_back();
  expect_chain_rejected(r, id, fmt::format("the last segment ({}) does not end with the exit", n - 2), "last dropped");
  // Consistent: the new last one claims to halt, and the claimed journal is cut to what the segments
  // before the real last one wrote (the sha256 digest is written in one of the last segments). Only the
  // proof knows the segment does not exit.
  r.segments.back().statement.halted = true;
  r.segments.back().statement.post_pc = 0;
  r.claim.journal.resize(r.segments.back().statement.journal_end);
  expect_proof_rejected(r, id, n - 2, "last dropped, the one before claims the exit");
  // All but the first, chain fixed as far as it can be (the first claims the exit).
  r = honest;
  r.segments.resize(1);
  r.segments[0].statement.halted = true;
  r.segments[0].statement.post_pc = 0;
  r.claim.journal.resize(r.segments[0].statement.journal_end);
  expect_proof_rejected(r, id, 0, "only the first segment, claiming the exit");
}

TEST_F(Segments, DuplicatedSegmentsAreRejected) {
  const Receipt& honest = sha().receipt;
  const Digest& id = sha().id;
  const size_t n = honest.segments.size();
  Receipt r = honest;
  r.segments.insert(r.segments.begin() + 5, r.segments[5]);  // 0..4, 5, 5, 6, ...
  expect_chain_rejected(r, id, not_after(6), "segment 5 twice");
  // Consistent: the copy's statement starts where the original ended (and its journal range continues).
  SegmentStatement& copy = r.segments[6].statement;
  copy.pre_pc = r.segments[5].statement.post_pc;
  copy.pre_root = r.segments[5].statement.post_root;
  copy.post_pc = r.segments[7].statement.pre_pc;
  copy.post_root = r.segments[7].statement.pre_root;
  copy.journal_begin = copy.journal_end = r.segments[5].statement.journal_end;
  expect_proof_rejected(r, id, 6, "segment 5 twice, the copy chained");
  // The first segment twice.
  r = honest;
  r.segments.insert(r.segments.begin(), r.segments[0]);
  expect_chain_rejected(r, id, not_after(1), "segment 0 twice");
  // The last segment twice: with the chain fixed, the first copy halts but is not last.
  // (The chain check sees the first copy halting before it sees the second one's pre-state.)
  r = honest;
  r.segments.push_back(r.segments.back());
  expect_chain_rejected(r, id, fmt::format("segment {} ends with the exit but is not the last", n - 1), "last twice");
  r.segments[n].statement.pre_pc = r.segments[n - 1].statement.post_pc;
  r.segments[n].statement.pre_root = r.segments[n - 1].statement.post_root;
  r.segments[n].statement.journal_begin = r.segments[n - 1].statement.journal_end;
  r.segments[n].statement.journal_end = r.segments[n - 1].statement.journal_end;
  expect_chain_rejected(r, id, fmt::format("segment {} ends with the exit but is not the last", n - 1),
                        "last twice, chained");
  // ... and with the first copy not halting: its proof shows the exit.
  r.segments[n - 1].statement.halted = false;
  expect_proof_rejected(r, id, n - 1, "last twice, chained, the first copy not halting");
}

// A segment of another run of the same program (fibonacci(501) instead of fibonacci(500)): the image ID
// and the configuration are the same, only the states differ.
TEST_F(Segments, SegmentFromAnotherRunOfTheSameProgramIsRejected) {
  const Receipt& honest = fib().receipt;
  const Receipt& other = fib_other().receipt;
  const Digest& id = fib().id;
  ASSERT_EQ(fib_other().id, id);
  // Both runs start at the same state: the other run's segment 0 fits the start but not segment 1.
  ASSERT_EQ(other.segments[0].statement.pre_root, honest.segments[0].statement.pre_root);
  ASSERT_NE(other.segments[0].statement.post_root, honest.segments[0].statement.post_root);
  for (size_t k = 0; k < honest.segments.size(); ++k) {
    SCOPED_TRACE(k);
    Receipt r = honest;
    r.segments[k] = other.segments[k];
    if (k + 1 == honest.segments.size()) {
      // The last one: it writes the other run's result, so claim that journal too.
      r.claim.journal = other.claim.journal;
      r.claim.exit_code = other.claim.exit_code;
    }
    expect_chain_rejected(r, id, k == 0 ? not_after(1) : not_after(k), "other run's segment");
    // Consistent: the foreign statement rewritten to the honest chain; only its proof disagrees.
    r.segments[k].statement = honest.segments[k].statement;
    r.claim = k + 1 == honest.segments.size() ? honest.claim : r.claim;
    expect_proof_rejected(r, id, k, "other run's proof under this run's statement");
  }
  // Consistent the other way: the other run's segments 0..1 and this run's last one, with the claim
  // of this run; the chain breaks between segments 1 and 2 and nothing can fix it without a proof.
  Receipt r = honest;
  r.segments[0] = other.segments[0];
  r.segments[1] = other.segments[1];
  expect_chain_rejected(r, id, not_after(2), "other run's first two segments");
  r.segments[2].statement.pre_pc = other.segments[1].statement.post_pc;
  r.segments[2].statement.pre_root = other.segments[1].statement.post_root;
  expect_proof_rejected(r, id, 2, "other run's first two segments, the last rewritten to follow them");
  // And the whole other receipt with this run's claim: its last proof writes another journal.
  r = other;
  r.claim = honest.claim;
  expect_proof_rejected(r, id, other.segments.size() - 1, "other run's segments, this run's claim");
}

// A segment of another program (sha256) in the fibonacci receipt: the chain breaks; with the statement
// rewritten, the proof is checked against fibonacci's shape and preprocessed root and rejects.
TEST_F(Segments, SegmentFromAnotherProgramIsRejected) {
  const Receipt& honest = fib().receipt;
  const Digest& id = fib().id;
  const Receipt& foreign = sha().receipt;
  for (size_t k = 0; k < honest.segments.size(); ++k) {
    SCOPED_TRACE(k);
    const size_t from = k + 1 == honest.segments.size() ? foreign.segments.size() - 1 : k + 1;
    Receipt r = honest;
    r.segments[k] = foreign.segments[from];
    expect_chain_rejected(r, id, k == 0 ? "segment 0 does not start at the image's initial state" : not_after(k),
                          "sha256 segment in fibonacci");
    r.segments[k].statement = honest.segments[k].statement;
    expect_proof_rejected(r, id, k, "sha256 proof under fibonacci's statement");
  }
  // The whole sha256 receipt presented for fibonacci's image: the image ID differs; with fibonacci's
  // claim and image, the first segment is not at fibonacci's initial state; with that rewritten, the
  // proof rejects.
  Receipt r = foreign;
  expect_rejected<ProofRejected>(r, id, "not the expected image", "sha256 receipt for fibonacci's ID");
  r.claim = honest.claim;
  r.image = honest.image;
  expect_chain_rejected(r, id, "segment 0 does not start at the image's initial state", "sha256 segments, fib image");
  r.segments[0].statement.pre_pc = honest.image.shape.entry;
  r.segments[0].statement.pre_root = honest.image.initial_memory_root;
  for (SegmentReceipt& seg : r.segments) seg.statement.journal_begin = seg.statement.journal_end = 0;
  r.segments.back().statement.journal_end = static_cast<uint32_t>(r.claim.journal.size());
  expect_proof_rejected(r, id, 0, "sha256 segments under fibonacci's image, chained");
}

// A statement's pre-state that differs from the previous post-state. Changed alone, the chain check
// catches it; changed together with the previous segment's post-state (the chain kept), the previous
// segment's proof rejects (it is checked first), and verify_segment shows the segment's own proof
// rejects its changed pre-state too.
TEST_F(Segments, PreStateDifferentFromThePreviousPostStateIsRejected) {
  const Receipt& honest = sha().receipt;
  const Digest& id = sha().id;
  const size_t k = 7;
  const std::string config = fri_config_by_name("zkrv-fri-b2-v2").name;
  const Digest root = preprocessed_root(fri_config_by_name(config));
  auto segment_verifies = [&](const Receipt& r, size_t j) {
    const SegmentStatement& s = r.segments[j].statement;
    const SegmentClaim claim{s.halted ? r.claim.exit_code : 0u,
                             std::vector<uint8_t>(r.claim.journal.begin() + s.journal_begin,
                                                  r.claim.journal.begin() + s.journal_end)};
    const StarkProof proof = deserialize_stark_proof(r.segments[j].proof);
    try {
      verify_segment(r.image.shape, root, s, claim, proof);
      return true;
    } catch (const ProofRejected&) {
      return false;
    }
  };
  EXPECT_TRUE(segment_verifies(honest, k));
  EXPECT_TRUE(segment_verifies(honest, k - 1));

  std::vector<std::pair<std::string, std::function<void(SegmentStatement&, SegmentStatement&)>>> changes = {
      {"pre root", [](SegmentStatement& prev, SegmentStatement& s) {
         s.pre_root[5] += Fp::one();
         prev.post_root = s.pre_root;
       }},
      {"pre pc + 4", [](SegmentStatement& prev, SegmentStatement& s) {
         s.pre_pc += 4;
         prev.post_pc = s.pre_pc;
       }},
      {"pre pc - 4", [](SegmentStatement& prev, SegmentStatement& s) {
         s.pre_pc -= 4;
         prev.post_pc = s.pre_pc;
       }},
      {"pre state of segment k + 1", [&](SegmentStatement& prev, SegmentStatement& s) {
         s.pre_pc = honest.segments[k + 1].statement.pre_pc;
         s.pre_root = honest.segments[k + 1].statement.pre_root;
         prev.post_pc = s.pre_pc;
         prev.post_root = s.pre_root;
       }},
  };
  for (const auto& [what, change] : changes) {
    SCOPED_TRACE(what);
    // Only the chain: segment k's pre-state changed, segment k - 1 still ends at the old state.
    Receipt chain_only = honest;
    SegmentStatement scratch = chain_only.segments[k - 1].statement;
    change(scratch, chain_only.segments[k].statement);
    expect_chain_rejected(chain_only, id, not_after(k), what + ", chain only");
    // The statements: both changed, the chain holds; segment k - 1's proof rejects its new post-state.
    Receipt both = honest;
    change(both.segments[k - 1].statement, both.segments[k].statement);
    expect_proof_rejected(both, id, k - 1, what + ", both statements");
    // Segment k's own proof rejects its new pre-state.
    EXPECT_FALSE(segment_verifies(both, k));
    EXPECT_FALSE(segment_verifies(both, k - 1));
  }
}

TEST_F(Segments, HaltedFlagOnTheWrongSegmentIsRejected) {
  const Receipt& honest = sha().receipt;
  const Digest& id = sha().id;
  const size_t n = honest.segments.size();
  // A middle segment marked halted: only the chain check can see it (the segments after it still follow).
  for (size_t k : {size_t{0}, size_t{4}, n - 2}) {
    Receipt r = honest;
    r.segments[k].statement.halted = true;
    expect_chain_rejected(r, id, fmt::format("segment {} ends with the exit but is not the last", k),
                          fmt::format("segment {} halted", k));
    // Consistent: the receipt cut after it, its post pc 0 and the journal cut to its range; its proof
    // shows it does not exit.
    r.segments.resize(k + 1);
    r.segments[k].statement.post_pc = 0;
    r.claim.journal.resize(r.segments[k].statement.journal_end);
    r.claim.exit_code = 0;
    expect_proof_rejected(r, id, k, fmt::format("cut after segment {}, which claims the exit", k));
  }
  // The last one not halted: a receipt must end with the exit; there is nothing to adjust around it.
  Receipt r = honest;
  r.segments.back().statement.halted = false;
  expect_chain_rejected(r, id, fmt::format("the last segment ({}) does not end with the exit", n - 1),
                        "last not halted");
  // ... with a non-zero post pc, as a paused run would have.
  r.segments.back().statement.post_pc = r.segments.back().statement.pre_pc;
  expect_chain_rejected(r, id, fmt::format("the last segment ({}) does not end with the exit", n - 1),
                        "last not halted, post pc set");
}

// The journal split differently between two neighbouring segments that both write: the boundary moved
// by one byte either way, both ranges adjusted so that they still tile the journal. Only the proofs know
// which segment wrote which byte.
TEST_F(Segments, JournalSplitDifferentlyIsRejected) {
  const Receipt& honest = read_patterns().receipt;
  const Digest& id = read_patterns().id;
  size_t moved = 0;
  for (size_t k = 0; k + 1 < honest.segments.size(); ++k) {
    const SegmentStatement& a = honest.segments[k].statement;
    const SegmentStatement& b = honest.segments[k + 1].statement;
    if (a.journal_end == a.journal_begin || b.journal_end == b.journal_begin) continue;
    SCOPED_TRACE(k);
    // One byte moved from segment k to segment k + 1.
    Receipt r = honest;
    r.segments[k].statement.journal_end -= 1;
    r.segments[k + 1].statement.journal_begin -= 1;
    expect_proof_rejected(r, id, k, "a byte moved to the next segment");
    // One byte moved from segment k + 1 to segment k.
    r = honest;
    r.segments[k].statement.journal_end += 1;
    r.segments[k + 1].statement.journal_begin += 1;
    expect_proof_rejected(r, id, k, "a byte moved to the previous segment");
    // Only one side moved: the ranges no longer tile the journal.
    r = honest;
    r.segments[k].statement.journal_end -= 1;
    expect_chain_rejected(r, id, fmt::format("segment {}'s journal range", k + 1), "gap between the ranges");
    r = honest;
    r.segments[k + 1].statement.journal_begin -= 1;
    expect_chain_rejected(r, id, fmt::format("segment {}'s journal range", k + 1), "overlapping ranges");
    if (++moved == 3) break;
  }
  EXPECT_EQ(moved, 3u);
  // The whole journal given to the first segment that writes, the others' ranges empty.
  Receipt r = honest;
  size_t first_writer = honest.segments.size();
  for (size_t k = 0; k < r.segments.size(); ++k) {
    SegmentStatement& s = r.segments[k].statement;
    if (first_writer == honest.segments.size() && s.journal_end > s.journal_begin) {
      first_writer = k;
      s.journal_end = static_cast<uint32_t>(r.claim.journal.size());
    } else if (first_writer < k) {
      s.journal_begin = s.journal_end = static_cast<uint32_t>(r.claim.journal.size());
    }
  }
  ASSERT_LT(first_writer, honest.segments.size());
  expect_proof_rejected(r, id, first_writer, "the whole journal in one segment");
}

// Two receipts' journals joined: fibonacci(500) then fibonacci(501), as if one run had written both.
TEST_F(Segments, JournalsOfTwoReceiptsJoinedAreRejected) {
  const Receipt& a = fib().receipt;
  const Receipt& b = fib_other().receipt;
  const Digest& id = fib().id;
  const auto shift = static_cast<uint32_t>(a.claim.journal.size());
  Receipt r = a;
  r.claim.journal.insert(r.claim.journal.end(), b.claim.journal.begin(), b.claim.journal.end());
  r.claim.exit_code = b.claim.exit_code;
  // The joined journal claimed over a's segments alone.
  expect_chain_rejected(r, id, "the segments wrote fewer journal bytes than the receipt claims", "joined journal");
  // a's segments, then b's with their journal ranges shifted behind a's journal.
  for (SegmentReceipt seg : b.segments) {
    seg.statement.journal_begin += shift;
    seg.statement.journal_end += shift;
    r.segments.push_back(std::move(seg));
  }
  const size_t a_last = a.segments.size() - 1;
  expect_chain_rejected(r, id, fmt::format("segment {} ends with the exit but is not the last", a_last),
                        "joined segments");
  // a's last segment not halting, b's first starting where it ends: consistent for the chain; a's last
  // proof shows the exit.
  r.segments[a_last].statement.halted = false;
  r.segments[a_last + 1].statement.pre_pc = r.segments[a_last].statement.post_pc;
  r.segments[a_last + 1].statement.pre_root = r.segments[a_last].statement.post_root;
  expect_proof_rejected(r, id, a_last, "joined segments, chained");
  // a's last segment rewritten to end where b's run starts (the image's initial state): its proof rejects.
  r.segments[a_last].statement.post_pc = b.segments[0].statement.pre_pc;
  r.segments[a_last].statement.post_root = b.segments[0].statement.pre_root;
  r.segments[a_last + 1].statement = b.segments[0].statement;
  r.segments[a_last + 1].statement.journal_begin += shift;
  r.segments[a_last + 1].statement.journal_end += shift;
  expect_proof_rejected(r, id, a_last, "joined segments, a's last leading into b's start");
}

TEST_F(Segments, ExtraJournalByteIsRejected) {
  const Receipt& honest = read_patterns().receipt;
  const Digest& id = read_patterns().id;
  const size_t n = honest.segments.size();
  Receipt r = honest;
  r.claim.journal.push_back(0xEE);
  expect_chain_rejected(r, id, "the segments wrote fewer journal bytes than the receipt claims", "extra byte");
  // Consistent: the last segment's range covers it; its proof did not write it.
  r.segments.back().statement.journal_end += 1;
  expect_proof_rejected(r, id, n - 1, "extra byte in the last segment's range");
  // A byte removed from the end: the last segment that writes, w, now ends beyond the journal; with its
  // range (and the empty ranges after it) shortened, its proof wrote one byte more.
  r = honest;
  size_t w = n - 1;
  while (r.segments[w].statement.journal_end == r.segments[w].statement.journal_begin) --w;
  r.claim.journal.pop_back();
  expect_chain_rejected(r, id, fmt::format("segment {}'s journal range", w), "byte removed");
  r.segments[w].statement.journal_end -= 1;
  for (size_t j = w + 1; j < n; ++j) {
    r.segments[j].statement.journal_begin -= 1;
    r.segments[j].statement.journal_end -= 1;
  }
  expect_proof_rejected(r, id, w, "byte removed, ranges shortened");
  // A byte inserted in the middle of a writing segment's range, the ranges after it shifted.
  r = honest;
  const size_t k = n / 2;
  ASSERT_GT(r.segments[k].statement.journal_end, r.segments[k].statement.journal_begin);
  r.claim.journal.insert(r.claim.journal.begin() + r.segments[k].statement.journal_begin, 0x00);
  r.segments[k].statement.journal_end += 1;
  for (size_t j = k + 1; j < n; ++j) {
    r.segments[j].statement.journal_begin += 1;
    r.segments[j].statement.journal_end += 1;
  }
  expect_proof_rejected(r, id, k, "byte inserted in a middle segment");
}

TEST_F(Segments, ChangedExitCodeIsRejectedByTheLastSegment) {
  for (const ProvedRun* run : {&read_patterns(), &sha()}) {
    const size_t last = run->receipt.segments.size() - 1;
    for (uint32_t flip : {1u, 0x80000000u}) {
      Receipt r = run->receipt;
      r.claim.exit_code ^= flip;
      expect_proof_rejected(r, run->id, last, fmt::format("exit code ^ {:#x}", flip));
    }
  }
  EXPECT_NE(read_patterns().receipt.claim.exit_code, 0u);
}

// Segments proved under zkrv-fri-b2-v2 and zkrv-fri-b4-v2 in one receipt. The statements are the same
// (one run), so the chain holds; each proof alone would verify under its own configuration's root, but
// a receipt uses one configuration.
TEST_F(Segments, SegmentsOfMixedConfigurationsAreRejected) {
  const Receipt& b2 = fib().receipt;
  const Receipt& b4 = fib_b4().receipt;
  const Digest& id = fib().id;
  EXPECT_NO_THROW(verify_receipt(b4, id));
  for (size_t k = 1; k < b2.segments.size(); ++k) {
    Receipt r = b2;
    r.segments[k].proof = b4.segments[k].proof;
    expect_rejected<ProofRejected>(
        r, id, fmt::format("segment {} uses configuration 'zkrv-fri-b4-v2', segment 0 'zkrv-fri-b2-v2'", k),
        fmt::format("b4 segment {} in a b2 receipt", k));
  }
  Receipt r = b4;
  r.segments[0] = b2.segments[0];
  expect_rejected<ProofRejected>(r, id, "segment 1 uses configuration 'zkrv-fri-b4-v2', segment 0 'zkrv-fri-b2-v2'",
                                 "b2 segment 0 in a b4 receipt");
}

// Undecodable proofs are malformed input, named by segment (before any proof is verified).
TEST_F(Segments, UndecodableProofOfOneSegmentIsMalformed) {
  const Receipt& honest = sha().receipt;
  const size_t k = honest.segments.size() / 2;
  Receipt r = honest;
  r.segments[k].proof.pop_back();
  expect_rejected<MalformedInput>(r, sha().id, fmt::format("receipt segment {} proof", k), "truncated proof");
  r = honest;
  r.segments[k].proof.clear();
  expect_rejected<MalformedInput>(r, sha().id, fmt::format("receipt segment {} proof", k), "empty proof");
  r = honest;
  r.segments.back().proof[7] ^= 0x20;  // the configuration name, after the "ZKST" magic and version
  expect_rejected<MalformedInput>(r, sha().id, fmt::format("receipt segment {} proof", honest.segments.size() - 1),
                                  "unknown configuration");
}

}  // namespace
}  // namespace zkrv::segments_test
