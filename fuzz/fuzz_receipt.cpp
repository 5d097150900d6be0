// The receipt decoder and everything that reads a decoded receipt before (or instead of) verifying its
// proofs, on hostile bytes:
//   - deserialize_receipt either throws MalformedInput or decodes to a receipt that serializes back to
//     exactly the same bytes (the format has one encoding per receipt), whose segment statements each
//     re-read to themselves;
//   - inspect_receipt (`zkrv inspect`) on it returns a description of exactly its segments or throws
//     MalformedInput;
//   - verify_receipt with every proof left out (cheap: no STARK verification runs) follows the chain
//     rules of host/verify.h: ProofRejected if the image commitments do not hash to the claimed ID or
//     the statements do not chain (checked here independently, see chain_holds), and otherwise the
//     MalformedInput of segment 0's missing proof. A different outcome is a bug in one of the two.
// Anything else (a crash, a sanitizer report, another exception type, a trap below) is a finding.
//
// SEED. Random bytes rarely frame a receipt, and a real receipt is mostly proof bytes, so the target
// (1) proves a small multi-segment receipt in LLVMFuzzerInitialize and writes it into the first corpus
//     directory given on the command line (as kSeedName; kept, and only re-proved when it no longer
//     decodes or verifies, e.g. after a format change): a hand-assembled program of ~1,540 cycles
//     (seed_program), proved in segments of 2^10 cycles, so 2 segments that both write journal bytes;
// (2) defines a structure-aware LLVMFuzzerCustomMutator: for an input that decodes, half of the
//     mutations edit the parts that are not proof bytes (the header, the claim, the image commitments,
//     a statement, a proof's header), or the receipt as a structure (segments swapped, dropped or
//     duplicated, a statement re-chained to its neighbour, a journal boundary moved, the claimed image
//     ID recomputed after an image edit), which byte-level mutations of a ~1.7 MB file almost never reach.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "abi/syscalls.h"
#include "base/byte_io.h"
#include "base/error.h"
#include "fri/config.h"
#include "host/image_id.h"
#include "host/prove.h"
#include "host/receipt.h"
#include "host/verify.h"
#include "vm/isa/program_image.h"

extern "C" size_t LLVMFuzzerMutate(uint8_t* data, size_t size, size_t max_size);

namespace {

using namespace zkrv;

constexpr const char* kSeedName = "seed-receipt-v2-2-segments";
constexpr unsigned kSeedSegmentPo2 = 10;

// ---- the seed: a tiny program, hand-assembled, proved in 2 segments ---------------------------------

constexpr unsigned kT0 = 5, kT1 = 6, kT2 = 7, kS0 = 8, kA0 = 10, kA1 = 11, kA2 = 12, kA7 = 17;
constexpr uint32_t kCode = 0x10000, kData = 0x20000;

uint32_t i_type(uint32_t opcode, unsigned funct3, unsigned rd, unsigned rs1, int32_t imm) {
  return (static_cast<uint32_t>(imm) & 0xFFF) << 20 | rs1 << 15 | funct3 << 12 | rd << 7 | opcode;
}
uint32_t addi(unsigned rd, unsigned rs1, int32_t imm) { return i_type(0x13, 0, rd, rs1, imm); }
uint32_t lw(unsigned rd, unsigned rs1, int32_t imm) { return i_type(0x03, 2, rd, rs1, imm); }
uint32_t add(unsigned rd, unsigned rs1, unsigned rs2) { return rs2 << 20 | rs1 << 15 | rd << 7 | 0x33; }
uint32_t lui(unsigned rd, uint32_t imm20) { return imm20 << 12 | rd << 7 | 0x37; }
uint32_t sw(unsigned rs2, unsigned rs1, int32_t imm) {
  const auto i = static_cast<uint32_t>(imm);
  return ((i >> 5) & 0x7F) << 25 | rs2 << 20 | rs1 << 15 | 2u << 12 | (i & 0x1F) << 7 | 0x23;
}
uint32_t bne(unsigned rs1, unsigned rs2, int32_t offset) {
  const auto i = static_cast<uint32_t>(offset);
  return ((i >> 12) & 1) << 31 | ((i >> 5) & 0x3F) << 25 | rs2 << 20 | rs1 << 15 | 1u << 12 | ((i >> 1) & 0xF) << 8 |
         ((i >> 11) & 1) << 7 | 0x63;
}
constexpr uint32_t kEcall = 0x00000073;

// Three rounds of: a 250-iteration countdown (500 cycles), then data[0] += round, and the word committed
// to the journal (write(3, data, 4)). ~1,540 cycles: round 1 commits in segment 0, rounds 2 and 3 in
// segment 1 (round 2 also loads the word round 1 stored in segment 0), then exit(0).
ProgramImage seed_program() {
  const std::vector<uint32_t> code = {
      lui(kS0, kData >> 12),    // s0 = data
      addi(kT1, 0, 3),          // t1 = rounds
      addi(kT0, 0, 250),        // outer: t0 = 250
      addi(kT0, kT0, -1),       // inner: t0 -= 1
      bne(kT0, 0, -4),          //   until 0
      lw(kT2, kS0, 0),          // data[0] += t1
      add(kT2, kT2, kT1),
      sw(kT2, kS0, 0),
      addi(kA0, 0, ZKRV_FD_JOURNAL),  // write(3, data, 4)
      addi(kA1, kS0, 0),
      addi(kA2, 0, 4),
      addi(kA7, 0, ZKRV_SYS_WRITE),
      kEcall,
      addi(kT1, kT1, -1),       // t1 -= 1
      bne(kT1, 0, -48),         // back to outer
      addi(kA0, 0, 0),          // exit(0)
      addi(kA7, 0, ZKRV_SYS_EXIT),
      kEcall,
  };
  ProgramImage image;
  image.entry = kCode;
  Segment text;
  text.vaddr = kCode;
  text.executable = true;
  for (uint32_t w : code)
    for (int i = 0; i < 4; ++i) text.data.push_back(static_cast<uint8_t>(w >> (8 * i)));
  text.mem_size = static_cast<uint32_t>(text.data.size());
  Segment rw;
  rw.vaddr = kData;
  rw.writable = true;
  rw.mem_size = 0x1000;
  image.segments = {text, rw};
  image.code_begin = image.readonly_begin = kCode;
  image.code_end = image.readonly_end = text.end();
  image.initial_brk = kData + 0x1000;
  return image;
}

// A usable seed: decodes, has at least 2 segments, is a receipt of seed_program() and (if `verify`)
// verifies. A seed found in the corpus is not verified again (~2 s under ASan, and libFuzzer's
// -max_total_time counts from the process start): it was verified when it was written.
bool good_seed(std::span<const uint8_t> bytes, bool verify) {
  try {
    const Receipt r = deserialize_receipt(bytes);
    const Digest id = image_id_of(seed_program());
    return r.segments.size() >= 2 && r.claim.image_id == id && (!verify || verify_receipt(r, id) == r.claim);
  } catch (const Error&) {
    return false;
  }
}

std::vector<uint8_t> read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Proves the seed receipt into `corpus`/kSeedName unless a good one is there already.
void ensure_seed(const std::filesystem::path& corpus) {
  const std::filesystem::path path = corpus / kSeedName;
  std::error_code ec;
  if (std::filesystem::exists(path, ec) && good_seed(read_file(path), false)) return;
  std::fprintf(stderr, "fuzz_receipt: proving the seed receipt %s\n", path.c_str());
  ProveOptions options;
  options.segment_po2 = kSeedSegmentPo2;
  const Receipt receipt = prove_receipt(seed_program(), {}, named_fri_configs()[0], options);
  const std::vector<uint8_t> bytes = serialize_receipt(receipt);
  if (receipt.segments.size() < 2 || !good_seed(bytes, true)) {
    std::fprintf(stderr, "fuzz_receipt: the seed receipt is not a verifying receipt of >= 2 segments\n");
    std::abort();
  }
  const std::filesystem::path tmp = corpus / (std::string(kSeedName) + ".tmp");
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  }
  std::filesystem::rename(tmp, path);
}

// ---- the checks ------------------------------------------------------------------------------------

// host/verify.h step 3, restated: the statements chain from the image's initial state to one exit,
// their journal ranges tiling the claimed journal.
bool chain_holds(const Receipt& r) {
  const auto& segs = r.segments;
  if (segs.empty()) return false;
  for (size_t k = 0; k < segs.size(); ++k) {
    const SegmentStatement& s = segs[k].statement;
    const bool first = k == 0;
    if (s.pre_pc != (first ? r.image.shape.entry : segs[k - 1].statement.post_pc)) return false;
    if (s.pre_root != (first ? r.image.initial_memory_root : segs[k - 1].statement.post_root)) return false;
    if (s.journal_begin != (first ? 0u : segs[k - 1].statement.journal_end)) return false;
    if (s.journal_end < s.journal_begin || s.journal_end > r.claim.journal.size()) return false;
    if (s.halted != (k + 1 == segs.size())) return false;
  }
  return segs.back().statement.journal_end == r.claim.journal.size();
}

void check_receipt(const Receipt& r) {
  for (const SegmentReceipt& seg : r.segments) {
    ByteWriter w;
    write_segment_statement(w, seg.statement);
    ByteReader in(w.data());
    if (read_segment_statement(in) != seg.statement) __builtin_trap();
  }
  const bool id_matches = image_id(r.image) == r.claim.image_id;

  try {
    const ReceiptInspection info = inspect_receipt(r);
    if (info.image_id_matches != id_matches || info.segments.size() != r.segments.size()) __builtin_trap();
    for (size_t k = 0; k < r.segments.size(); ++k)
      if (info.segments[k].statement != r.segments[k].statement) __builtin_trap();
  } catch (const MalformedInput&) {
  }

  // Verification with the proofs left out: only the checks before the first proof run.
  Receipt stub;
  stub.claim = r.claim;
  stub.image = r.image;
  for (const SegmentReceipt& seg : r.segments) stub.segments.push_back({seg.statement, {}});
  const bool reaches_proofs = id_matches && chain_holds(r);
  try {
    verify_receipt(stub, r.claim.image_id);
    __builtin_trap();  // a receipt without proofs verified
  } catch (const ProofRejected&) {
    if (reaches_proofs) __builtin_trap();
  } catch (const MalformedInput& e) {
    if (!reaches_proofs || std::strstr(e.what(), "receipt segment 0 proof") == nullptr) __builtin_trap();
  }
}

// ---- the structure-aware mutator -----------------------------------------------------------------------

// Byte offsets of a decoded receipt's parts in its serialized form.
struct Layout {
  size_t segments_begin = 0;          // the segment count
  std::vector<size_t> statements;     // each segment's statement, then the u32 proof length
};
// 81 bytes today (host/receipt.h: 4 + 32 + 4 + 32 + 4 + 4 + 1), measured rather than assumed.
const size_t kStatementBytes = [] {
  ByteWriter w;
  write_segment_statement(w, SegmentStatement{});
  return w.data().size();
}();

Layout layout_of(const Receipt& r) {
  ByteWriter image;
  r.image.write(image);
  Layout l;
  l.segments_begin = 8 + 32 + 4 + 4 + r.claim.journal.size() + image.data().size();
  size_t at = l.segments_begin + 4;
  for (const SegmentReceipt& seg : r.segments) {
    l.statements.push_back(at);
    at += kStatementBytes + 4 + seg.proof.size();
  }
  return l;
}

// LLVMFuzzerMutate on bytes [begin, begin + len) of `bytes`, which may grow by up to 16 bytes or
// shrink; the result is spliced back in.
std::vector<uint8_t> mutate_region(const std::vector<uint8_t>& bytes, size_t begin, size_t len) {
  std::vector<uint8_t> region(bytes.begin() + static_cast<std::ptrdiff_t>(begin),
                              bytes.begin() + static_cast<std::ptrdiff_t>(begin + len));
  region.resize(len + 16);
  region.resize(LLVMFuzzerMutate(region.data(), len, len + 16));
  std::vector<uint8_t> out(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(begin));
  out.insert(out.end(), region.begin(), region.end());
  out.insert(out.end(), bytes.begin() + static_cast<std::ptrdiff_t>(begin + len), bytes.end());
  return out;
}

// A structural or consistent edit of the decoded receipt (then serialized).
void edit_structure(Receipt& r, std::minstd_rand& rng) {
  auto pick = [&](size_t bound) { return bound == 0 ? size_t{0} : static_cast<size_t>(rng() % bound); };
  auto& segs = r.segments;
  const size_t n = segs.size();
  const size_t k = pick(n);
  SegmentStatement& s = segs[k].statement;
  switch (rng() % 14) {
    case 0:
      std::swap(segs[k], segs[pick(n)]);
      break;
    case 1:
      if (n > 1) segs.erase(segs.begin() + static_cast<std::ptrdiff_t>(k));
      break;
    case 2:
      segs.insert(segs.begin() + static_cast<std::ptrdiff_t>(pick(n + 1)), segs[k]);
      break;
    case 3:  // re-chain segment k to its predecessor (or to the image's initial state)
      s.pre_pc = k == 0 ? r.image.shape.entry : segs[k - 1].statement.post_pc;
      s.pre_root = k == 0 ? r.image.initial_memory_root : segs[k - 1].statement.post_root;
      s.journal_begin = k == 0 ? 0 : segs[k - 1].statement.journal_end;
      s.journal_end = std::max(s.journal_end, s.journal_begin);
      break;
    case 4:  // re-chain the whole receipt: statements follow each other, the last halts, the journal fits
      for (size_t j = 0; j < n; ++j) {
        SegmentStatement& t = segs[j].statement;
        t.pre_pc = j == 0 ? r.image.shape.entry : segs[j - 1].statement.post_pc;
        t.pre_root = j == 0 ? r.image.initial_memory_root : segs[j - 1].statement.post_root;
        t.journal_begin = j == 0 ? 0 : segs[j - 1].statement.journal_end;
        t.journal_end = std::min<uint64_t>(std::max(t.journal_end, t.journal_begin), r.claim.journal.size());
        t.journal_end = std::max(t.journal_end, t.journal_begin);
        t.halted = j + 1 == n;
      }
      if (segs.back().statement.journal_end < r.claim.journal.size())
        segs.back().statement.journal_end = static_cast<uint32_t>(r.claim.journal.size());
      break;
    case 5:  // move the journal boundary between segments k and k + 1 by one byte, either way
      if (k + 1 < n) {
        const int32_t d = rng() % 2 ? 1 : -1;
        s.journal_end += static_cast<uint32_t>(d);
        segs[k + 1].statement.journal_begin += static_cast<uint32_t>(d);
      }
      break;
    case 6:
      s.halted = !s.halted;
      break;
    case 7:  // a journal byte appended or removed, the last range following it
      if (rng() % 2 && r.claim.journal.size() < Receipt::kMaxJournalBytes) {
        r.claim.journal.push_back(static_cast<uint8_t>(rng()));
        segs.back().statement.journal_end += 1;
      } else if (!r.claim.journal.empty()) {
        r.claim.journal.pop_back();
        segs.back().statement.journal_end -= 1;
      }
      break;
    case 8:
      r.claim.exit_code = static_cast<uint32_t>(rng());
      break;
    case 9:  // the claimed ID made to match the (possibly edited) image commitments
      r.claim.image_id = image_id(r.image);
      break;
    case 10:  // a field of one statement copied from another's
      switch (rng() % 4) {
        case 0: s.pre_root = segs[pick(n)].statement.post_root; break;
        case 1: s.post_root = segs[pick(n)].statement.pre_root; break;
        case 2: s.post_pc = segs[pick(n)].statement.pre_pc; break;
        default: s.pre_pc = segs[pick(n)].statement.post_pc; break;
      }
      break;
    case 11: {  // an extreme journal range
      const uint32_t extremes[] = {0u, 1u, 0x7FFFFFFFu, 0x80000000u, 0xFFFFFFFEu, 0xFFFFFFFFu,
                                   static_cast<uint32_t>(r.claim.journal.size()), Receipt::kMaxJournalBytes};
      s.journal_end = extremes[pick(std::size(extremes))];
      s.journal_begin = std::min(s.journal_begin, s.journal_end);
      break;
    }
    case 12:  // a proof moved to another segment
      std::swap(segs[k].proof, segs[pick(n)].proof);
      break;
    default:  // the image's shape edited and the ID recomputed
      switch (rng() % 4) {
        case 0: r.image.shape.entry += 4 * static_cast<uint32_t>(pick(3)) - 4; break;
        case 1: r.image.shape.first_writable_word ^= 1u << pick(32); break;
        case 2: r.image.shape.code_begin_word ^= 1u << pick(32); break;
        default: r.image.shape.code_end_word += static_cast<uint32_t>(pick(5)) - 2; break;
      }
      r.claim.image_id = image_id(r.image);
      break;
  }
}

size_t structured_mutation(uint8_t* data, size_t size, size_t max_size, std::minstd_rand& rng) {
  Receipt r;
  try {
    r = deserialize_receipt(std::span<const uint8_t>(data, size));
  } catch (const MalformedInput&) {
    return 0;
  }
  std::vector<uint8_t> out;
  const std::vector<uint8_t> bytes(data, data + size);
  const Layout l = layout_of(r);
  const size_t k = rng() % r.segments.size();
  switch (rng() % 4) {
    case 0:  // header, claim, image commitments and the segment count
      out = mutate_region(bytes, 0, l.segments_begin + 4);
      break;
    case 1:  // one statement and its proof length
      out = mutate_region(bytes, l.statements[k], kStatementBytes + 4);
      break;
    case 2:  // the start of one proof (magic, version, configuration name, heights)
      out = mutate_region(bytes, l.statements[k] + kStatementBytes + 4,
                          std::min<size_t>(64, r.segments[k].proof.size()));
      break;
    default:
      try {
        edit_structure(r, rng);
        out = serialize_receipt(r);
      } catch (const std::invalid_argument&) {
        return 0;
      }
      break;
  }
  if (out.empty() || out.size() > max_size) return 0;
  std::memcpy(data, out.data(), out.size());
  return out.size();
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  // The first corpus directory on the command line (an argument that is a directory) gets the seed.
  bool max_len_given = false;
  for (int i = 1; i < *argc; ++i) {
    const char* arg = (*argv)[i];
    if (std::strncmp(arg, "-max_len=", 9) == 0) max_len_given = true;
  }
  for (int i = 1; i < *argc; ++i) {
    const char* arg = (*argv)[i];
    if (arg[0] == '-') continue;
    std::error_code ec;
    if (std::filesystem::is_directory(arg, ec)) {
      ensure_seed(arg);
      break;
    }
  }
  // Without -max_len, libFuzzer caps inputs at 1 MiB, which cuts the seed (two ~850 KB proofs): allow
  // 4 MiB unless the command line says otherwise (libFuzzer reads the flags after this function).
  if (!max_len_given) {
    static std::vector<char*> args;
    static char max_len[] = "-max_len=4194304";
    args.assign(*argv, *argv + *argc);
    args.insert(args.begin() + 1, max_len);
    args.push_back(nullptr);
    *argc += 1;
    *argv = args.data();
  }
  return 0;
}

extern "C" size_t LLVMFuzzerCustomMutator(uint8_t* data, size_t size, size_t max_size, unsigned int seed) {
  std::minstd_rand rng(seed);
  if (rng() % 2 == 0) {
    const size_t mutated = structured_mutation(data, size, max_size, rng);
    if (mutated != 0) return mutated;
  }
  return LLVMFuzzerMutate(data, size, max_size);
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::span<const uint8_t> bytes(data, size);
  Receipt receipt;
  try {
    receipt = deserialize_receipt(bytes);
  } catch (const MalformedInput&) {
    return 0;
  }
  const auto again = serialize_receipt(receipt);
  if (again.size() != size || !std::equal(again.begin(), again.end(), bytes.begin())) __builtin_trap();
  check_receipt(receipt);
  return 0;
}
