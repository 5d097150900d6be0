#include "program_generator.h"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include "support/elf_builder.h"

namespace zkrv::test {
namespace {

using rv::Insn;
using rv::Op;

constexpr unsigned kA0 = 10, kA1 = 11, kA2 = 12, kA7 = 17;
constexpr uint32_t kSysRead = 63, kSysWrite = 64, kSysExit = 93, kSysExitGroup = 94;

constexpr Op kRegRegOps[] = {Op::add, Op::sub, Op::sll, Op::slt, Op::sltu, Op::xor_, Op::srl, Op::sra, Op::or_,
                             Op::and_, Op::mul, Op::mulh, Op::mulhsu, Op::mulhu, Op::div, Op::divu, Op::rem,
                             Op::remu};
constexpr Op kMulDivOps[] = {Op::mul, Op::mulh, Op::mulhsu, Op::mulhu, Op::div, Op::divu, Op::rem, Op::remu};
constexpr Op kRegImmOps[] = {Op::addi, Op::slti, Op::sltiu, Op::xori, Op::ori, Op::andi};
constexpr Op kShiftImmOps[] = {Op::slli, Op::srli, Op::srai};
constexpr Op kLoadOps[] = {Op::lb, Op::lh, Op::lw, Op::lbu, Op::lhu};
constexpr Op kStoreOps[] = {Op::sb, Op::sh, Op::sw};
constexpr Op kBranchOps[] = {Op::beq, Op::bne, Op::blt, Op::bge, Op::bltu, Op::bgeu};

constexpr uint32_t kEdgeValues[] = {0,          1,          2,          0xFFFFFFFF, 0xFFFFFFFE, 0x80000000,
                                    0x7FFFFFFF, 0x80000001, 0x7FFFFFFE, 31,         32,         33,
                                    63,         0x7FF,      0x800,      0xFFFFF800, 0xFFFF,     0x10000,
                                    0xFFFF8000, 0x8000,     0xAAAAAAAA, 0x55555555, 0xFF,       0xFFFFFF80};
constexpr int32_t kEdgeImms[] = {0, 1, -1, 2047, -2048, 31, 32, 0x7FF, -0x800, 0x555, -0x556, 255};

uint32_t access_width(Op op) {
  switch (op) {
    case Op::lb: case Op::lbu: case Op::sb: return 1;
    case Op::lh: case Op::lhu: case Op::sh: return 2;
    default: return 4;
  }
}

// splitmix64: fixed output for a seed on every platform (unlike std:: distributions).
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  uint32_t below(uint32_t n) { return static_cast<uint32_t>(next() % n); }
  int32_t range(int32_t lo, int32_t hi) { return lo + static_cast<int32_t>(below(static_cast<uint32_t>(hi - lo + 1))); }
  bool chance(uint32_t percent) { return below(100) < percent; }
  template <typename T, size_t N>
  T pick(const T (&items)[N]) { return items[below(N)]; }

 private:
  uint64_t state_;
};

class Generator {
 public:
  Generator(uint64_t seed, const GeneratorOptions& options) : rng_(seed), options_(options) { out_.seed = seed; }

  GeneratedProgram run() {
    // Everything the epilogue and the data depend on is drawn first, so a truncated body
    // (block_limit) leaves the rest of the program unchanged.
    out_.base_reg = reg_outside({});
    out_.counter_reg = reg_outside({out_.base_reg});
    base_ = out_.base_reg;
    counter_ = out_.counter_reg;
    std::vector<uint8_t> scratch(kGenScratchSize);
    for (uint8_t& b : scratch) b = static_cast<uint8_t>(rng_.next());
    out_.input.resize(rng_.below(80));
    for (uint8_t& b : out_.input) b = static_cast<uint8_t>(rng_.next());
    out_.exit_code = value();
    out_.stderr_bytes = rng_.chance(50) ? rng_.below(17) : 0;
    const bool exit_group = rng_.chance(30);
    const uint32_t padding = rng_.chance(40) ? rng_.below(3000) : 0;  // words between epilogue and islands
    out_.total_blocks = options_.min_blocks + rng_.below(options_.max_blocks - options_.min_blocks + 1);

    prologue();
    out_.body_begin = out_.code.size();
    for (uint32_t b = 0; b < out_.total_blocks && b < options_.block_limit; ++b) {
      const size_t begin = out_.code.size();
      const char* kind = block();
      out_.blocks.push_back({begin, out_.code.size(), kind});
    }
    out_.body_end = out_.code.size();
    epilogue(exit_group);
    islands(padding);

    std::vector<uint32_t> words;
    for (size_t i = 0; i < out_.code.size(); ++i) {
      words.push_back(rv::encode(out_.code[i]));
      if (i < out_.padding_begin || i >= out_.padding_end) ++out_.op_counts[static_cast<size_t>(out_.code[i].op)];
    }
    if (words.size() * 4 > kGenDataBase - kGenTextBase) throw std::logic_error("generated text too large");
    ElfSpec spec;
    spec.entry = kGenTextBase;
    spec.segments.push_back({kGenTextBase, words_to_bytes(words), 0, kPfR | kPfX});
    // Scratch is file-backed (random initial bytes); the dump area is zero-filled (mem_size > file size).
    spec.segments.push_back({kGenDataBase, scratch, kGenDataMemSize, kPfR | kPfW});
    out_.elf = build_elf(spec);
    return std::move(out_);
  }

 private:
  // ---- values and registers ----------------------------------------------------------------------
  uint32_t value() {
    switch (rng_.below(8)) {
      case 0: case 1: case 2: return rng_.pick(kEdgeValues);
      case 3: return static_cast<uint32_t>(rng_.range(-16, 16));
      case 4: return (1u << rng_.below(32)) + static_cast<uint32_t>(rng_.range(-1, 1));
      default: return static_cast<uint32_t>(rng_.next());
    }
  }
  int32_t imm12() { return rng_.chance(30) ? rng_.pick(kEdgeImms) : rng_.range(-2048, 2047); }
  uint32_t imm20() {
    constexpr uint32_t edges[] = {0, 1, 0xFFFFF, 0x80000, 0x7FFFF};
    return rng_.chance(25) ? rng_.pick(edges) : rng_.below(1u << 20);
  }
  unsigned reg_outside(std::initializer_list<unsigned> also) {
    for (;;) {
      const unsigned r = 1 + rng_.below(31);
      if (r == kA0 || r == kA1 || r == kA2 || r == kA7) continue;  // the syscall registers
      if (std::find(also.begin(), also.end(), r) == also.end()) return r;
    }
  }
  // A destination: never the base or counter register; x0 now and then (the write is discarded).
  unsigned dest() {
    if (rng_.chance(4)) return 0;
    for (;;) {
      const unsigned r = 1 + rng_.below(31);
      if (r != base_ && r != counter_) return r;
    }
  }
  unsigned nonzero_dest() {
    for (;;) {
      if (const unsigned r = dest(); r != 0) return r;
    }
  }
  unsigned src() { return rng_.chance(5) ? 0 : 1 + rng_.below(31); }

  // ---- emission ----------------------------------------------------------------------------------
  size_t emit(Op op, unsigned rd, unsigned rs1, unsigned rs2, int32_t imm) {
    out_.code.push_back({op, static_cast<uint8_t>(rd), static_cast<uint8_t>(rs1), static_cast<uint8_t>(rs2), imm});
    return out_.code.size() - 1;
  }
  void patch_offset(size_t at, size_t target) {
    out_.code[at].imm = 4 * (static_cast<int32_t>(target) - static_cast<int32_t>(at));
  }
  // lui + addi, always both (the prologue promises lui+addi for every register).
  void li(unsigned rd, uint32_t v) {
    const int32_t lo = static_cast<int32_t>(v << 20) >> 20;
    const uint32_t hi = (v - static_cast<uint32_t>(lo)) >> 12;
    emit(Op::lui, rd, 0, 0, static_cast<int32_t>(hi));
    emit(Op::addi, rd, rd, 0, lo);
  }
  // An aligned byte offset into the scratch buffer for an access of `width` bytes.
  int32_t scratch_offset(uint32_t width) { return static_cast<int32_t>(rng_.below(kGenScratchSize / width) * width); }

  // One instruction with no control flow that never writes the base or counter register and only
  // touches memory through base + aligned offset: safe anywhere, including skipped code and loops.
  void simple() {
    const uint32_t kind = rng_.below(100);
    if (kind < 30) {
      emit(rng_.pick(kRegRegOps), dest(), src(), src(), 0);
    } else if (kind < 50) {
      emit(rng_.pick(kRegImmOps), dest(), src(), 0, imm12());
    } else if (kind < 58) {
      constexpr int32_t kEdgeShifts[] = {0, 1, 31};
      const int32_t shamt = rng_.chance(30) ? rng_.pick(kEdgeShifts) : rng_.range(0, 31);
      emit(rng_.pick(kShiftImmOps), dest(), src(), 0, shamt);
    } else if (kind < 62) {
      emit(Op::lui, dest(), 0, 0, static_cast<int32_t>(imm20()));
    } else if (kind < 65) {
      emit(Op::auipc, dest(), 0, 0, static_cast<int32_t>(imm20()));
    } else if (kind < 78) {
      const Op op = rng_.pick(kLoadOps);
      emit(op, dest(), base_, 0, scratch_offset(access_width(op)));
    } else if (kind < 97) {
      const Op op = rng_.pick(kStoreOps);
      emit(op, 0, base_, src(), scratch_offset(access_width(op)));
    } else {
      emit(Op::fence, 0, 0, 0, static_cast<int32_t>((1 + rng_.below(15)) << 4 | (1 + rng_.below(15))));
    }
  }
  void simples(uint32_t n) {
    for (uint32_t i = 0; i < n; ++i) simple();
  }

  // ---- blocks ------------------------------------------------------------------------------------
  const char* block() {
    const uint32_t kind = rng_.below(100);
    if (kind < 20) return straight(6);
    if (kind < 31) return muldiv_edge();
    if (kind < 38) return memory_via_other_base();
    if (kind < 42) return store_then_load();
    if (kind < 44) return load_code();
    if (kind < 56) return forward_branch(0, 6);
    if (kind < 61) return jal_forward();
    if (kind < 67) return jalr_computed();
    if (kind < 71) return jump_dance();
    if (kind < 83) return loop(1, 6, 6);
    if (kind < 86) return write_output();
    if (kind < 89 && reads_ < 3) return read_input();
    if (kind < 92) return far_jal();
    // Rare: offsets beyond +-2 KiB reach the high immediate bits of B-type instructions.
    if (kind < 93) return forward_branch(512, 1000);
    if (kind < 94) return loop(520, 1000, 2);
    if (kind < 98) return checkpoint();
    return straight(3);
  }

  const char* straight(uint32_t max) {
    simples(1 + rng_.below(max));
    return "straight";
  }

  // M-extension (and shift/compare) ops on edge operands: x/0, INT_MIN/-1, shifts >= 32, ...
  const char* muldiv_edge() {
    const unsigned a = nonzero_dest();
    unsigned b = nonzero_dest();
    constexpr uint32_t kMin = 0x80000000, kMinus1 = 0xFFFFFFFF;
    const uint32_t pairs[][2] = {{kMin, 1}, {kMin, kMin}, {kMinus1, kMinus1}, {0x7FFFFFFF, kMinus1},
                                 {0x7FFFFFFF, 0x7FFFFFFF}, {kMin, 2}, {kMin, 0x7FFFFFFF}, {kMinus1, kMin}};
    uint32_t va = value(), vb = value();
    const uint32_t shape = rng_.below(100);
    if (shape < 25) {
      va = kMin;  // the one signed overflow: INT_MIN / -1
      vb = kMinus1;
    } else if (shape < 45) {
      vb = 0;  // division by zero
    } else if (shape < 65) {
      const auto& p = pairs[rng_.below(std::size(pairs))];
      va = p[0];
      vb = p[1];
    }
    li(a, va);
    if (rng_.chance(15)) {
      b = 0;  // divide by x0 itself
    } else if (a == b) {
      vb = va;
    } else {
      li(b, vb);
    }
    const Op op = rng_.chance(75) ? rng_.pick(kMulDivOps) : rng_.pick(kRegRegOps);
    const unsigned rd = rng_.chance(30) ? a : dest();  // rd == rs1 now and then
    emit(op, rd, a, rng_.chance(10) ? a : b, 0);
    return "muldiv-edge";
  }

  // addi t, base, off1; then loads and stores at off2(t), off2 = target - off1 for aligned targets
  // anywhere in the data page (the zero-filled part past the file bytes included), so both offsets
  // take negative and large values.
  const char* memory_via_other_base() {
    const unsigned t = nonzero_dest();
    const int32_t off1 = rng_.range(-1700, 2047);
    emit(Op::addi, t, base_, 0, off1);
    const uint32_t accesses = 1 + rng_.below(3);
    for (uint32_t i = 0; i < accesses; ++i) {
      const bool load = rng_.chance(50);
      const Op op = load ? rng_.pick(kLoadOps) : rng_.pick(kStoreOps);
      const uint32_t w = access_width(op);
      const int32_t lo = std::max(0, off1 - 2048);
      const int32_t hi = std::min(static_cast<int32_t>(kGenDataMemSize - w), off1 + 2047);
      const int32_t target = rng_.range((lo + static_cast<int32_t>(w) - 1) / static_cast<int32_t>(w),
                                        hi / static_cast<int32_t>(w)) * static_cast<int32_t>(w);
      if (load) {
        unsigned rd = dest();
        if (rd == t && i + 1 < accesses) rd = 0;  // keep t a pointer for the next access
        emit(op, rd, t, 0, target - off1);
      } else {
        emit(op, 0, t, src(), target - off1);
      }
    }
    return "memory-other-base";
  }

  // auipc t, 0; loads from the code already emitted (read-only, executable memory is readable).
  const char* load_code() {
    const unsigned t = nonzero_dest();
    const int32_t here = static_cast<int32_t>(emit(Op::auipc, t, 0, 0, 0)) * 4;  // bytes from the text start
    const uint32_t loads = 1 + rng_.below(3);
    for (uint32_t i = 0; i < loads; ++i) {
      const Op op = rng_.pick(kLoadOps);
      const int32_t w = static_cast<int32_t>(access_width(op));
      const int32_t back = rng_.range(0, std::min(here, 2048) / w) * w;
      unsigned rd = dest();
      if (rd == t && i + 1 < loads) rd = 0;
      emit(op, rd, t, 0, -back);
    }
    return "load-code";
  }

  // A store followed by loads of other widths inside the stored bytes (sign/zero extension, byte lanes).
  const char* store_then_load() {
    const Op st = rng_.pick(kStoreOps);
    const uint32_t w = access_width(st);
    const int32_t at = scratch_offset(w);
    emit(st, 0, base_, src(), at);
    const uint32_t loads = 1 + rng_.below(3);
    for (uint32_t i = 0; i < loads; ++i) {
      Op ld = rng_.pick(kLoadOps);
      while (access_width(ld) > w) ld = rng_.pick(kLoadOps);
      const uint32_t lw = access_width(ld);
      emit(ld, dest(), base_, 0, at + static_cast<int32_t>(rng_.below(w / lw) * lw));
    }
    return "store-load";
  }

  // A conditional branch over min..max instructions.
  const char* forward_branch(uint32_t min, uint32_t max) {
    unsigned a = src(), b = src();
    if (rng_.chance(20)) b = a;        // always/never taken
    else if (rng_.chance(15)) b = 0;   // compare against zero
    const size_t at = emit(rng_.pick(kBranchOps), 0, a, b, 0);
    simples(min + rng_.below(max - min + 1));
    patch_offset(at, out_.code.size());
    return min > 0 ? "far-forward-branch" : "forward-branch";
  }

  const char* jal_forward() {
    const unsigned rd = rng_.chance(25) ? 0 : dest();
    const size_t at = emit(Op::jal, rd, 0, 0, 0);
    simples(rng_.below(7));
    patch_offset(at, out_.code.size());
    return "jal-forward";
  }

  // auipc t, 0; [addi t, t, a]; jalr rd, b(t) landing after k skipped instructions; odd targets too
  // (jalr clears bit 0).
  const char* jalr_computed() {
    const unsigned t = nonzero_dest();
    const unsigned rd = rng_.chance(20) ? t : (rng_.chance(20) ? 0 : dest());
    const bool with_addi = rng_.chance(60);
    const uint32_t skip = rng_.below(6);
    const int32_t distance = 4 * static_cast<int32_t>((with_addi ? 3 : 2) + skip);  // from the auipc
    const int32_t odd = rng_.chance(25) ? 1 : 0;
    emit(Op::auipc, t, 0, 0, 0);
    if (with_addi) {
      const int32_t b = rng_.range(-300, 300);
      emit(Op::addi, t, t, 0, distance - b);
      emit(Op::jalr, rd, t, 0, b + odd);
    } else {
      emit(Op::jalr, rd, t, 0, distance + odd);
    }
    simples(skip);
    return "jalr-computed";
  }

  //   jal rA, L2 ; L1: ... ; jal rB, L3 ; L2: ... ; jal rC, L1 (backward) ; L3:
  const char* jump_dance() {
    const size_t j0 = emit(Op::jal, dest(), 0, 0, 0);
    const size_t l1 = out_.code.size();
    simples(rng_.below(4));
    const size_t j1 = emit(Op::jal, dest(), 0, 0, 0);
    const size_t l2 = out_.code.size();
    simples(rng_.below(4));
    const size_t j2 = emit(Op::jal, dest(), 0, 0, 0);
    const size_t l3 = out_.code.size();
    patch_offset(j0, l2);
    patch_offset(j1, l3);
    patch_offset(j2, l1);
    return "jump-dance";
  }

  // A bounded loop (1..max_iterations) on the counter register over a body of min..max simple
  // instructions, which never write the counter.
  const char* loop(uint32_t min, uint32_t max, uint32_t max_iterations) {
    const unsigned c = counter_;
    const int32_t n = 1 + static_cast<int32_t>(rng_.below(max_iterations));
    const uint32_t form = rng_.below(5);
    emit(Op::addi, c, 0, 0, form == 3 ? n - 1 : n);
    const size_t body = out_.code.size();
    simples(min + rng_.below(max - min + 1));
    emit(Op::addi, c, c, 0, -1);
    switch (form) {
      case 0: patch_offset(emit(Op::bne, 0, c, 0, 0), body); break;   // while c != 0
      case 1: patch_offset(emit(Op::blt, 0, 0, c, 0), body); break;   // while 0 < c
      case 2: patch_offset(emit(Op::bltu, 0, 0, c, 0), body); break;  // while 0 <u c
      case 3: patch_offset(emit(Op::bge, 0, c, 0, 0), body); break;   // while c >= 0 (from n-1)
      default: {                                                      // beq exits, jal loops back
        const size_t exit_branch = emit(Op::beq, 0, c, 0, 0);
        patch_offset(emit(Op::jal, 0, 0, 0, 0), body);
        patch_offset(exit_branch, out_.code.size());
      }
    }
    return max > 100 ? "far-loop" : "loop";
  }

  // jal to an island placed after the epilogue (and padding), which runs a few instructions and
  // jumps back with a large negative offset.
  const char* far_jal() {
    Island island;
    island.jump = emit(Op::jal, 0, 0, 0, 0);
    out_.code[island.jump].rd = static_cast<uint8_t>(rng_.chance(30) ? 0 : dest());
    const size_t before = out_.code.size();
    simples(rng_.below(5));
    island.code.assign(out_.code.begin() + static_cast<std::ptrdiff_t>(before), out_.code.end());
    out_.code.resize(before);
    island.back_link = rng_.chance(70) ? 0 : dest();
    islands_.push_back(std::move(island));
    return "far-jal";
  }

  void islands(uint32_t padding) {
    out_.padding_begin = out_.code.size();
    for (uint32_t i = 0; i < padding; ++i) emit(Op::addi, 0, 0, 0, 0);  // never executed
    out_.padding_end = out_.code.size();
    for (const Island& island : islands_) {
      patch_offset(island.jump, out_.code.size());
      out_.code.insert(out_.code.end(), island.code.begin(), island.code.end());
      patch_offset(emit(Op::jal, island.back_link, 0, 0, 0), island.jump + 1);
    }
  }

  // read(0, base + off, count); the byte count returned stays in a0. Now and then from fd 1..3,
  // which are not readable (-EBADF under both machines).
  const char* read_input() {
    ++reads_;
    const int32_t count = static_cast<int32_t>(rng_.below(49));
    const int32_t off = static_cast<int32_t>(rng_.below(kGenScratchSize - static_cast<uint32_t>(count) + 1));
    emit(Op::addi, kA0, 0, 0, rng_.chance(85) ? 0 : rng_.range(1, 3));
    emit(Op::addi, kA1, base_, 0, off);
    emit(Op::addi, kA2, 0, 0, count);
    emit(Op::addi, kA7, 0, 0, kSysRead);
    emit(Op::ecall, 0, 0, 0, 0);
    return "read-input";
  }

  // write(fd, base + off, count) in mid-program; a0 keeps the result (count, or -EBADF for fd 0).
  const char* write_output() {
    const uint32_t count = rng_.below(33);
    const int32_t off = static_cast<int32_t>(rng_.below(kGenScratchSize - count + 1));
    write(rng_.chance(80) ? 1 + rng_.below(3) : 0, off, count);
    return "write-output";
  }

  // Appends all registers to the journal mid-program, so values later overwritten are still compared.
  const char* checkpoint() {
    dump_registers();
    write(3, kGenDumpOffset, kGenDumpSize);
    return "checkpoint";
  }

  void dump_registers() {
    for (unsigned r = 1; r < 32; ++r) emit(Op::sw, 0, base_, r, static_cast<int32_t>(kGenDumpOffset + 4 * (r - 1)));
  }

  void write(uint32_t fd, int32_t offset, uint32_t count) {
    emit(Op::addi, kA0, 0, 0, static_cast<int32_t>(fd));
    emit(Op::addi, kA1, base_, 0, offset);
    emit(Op::addi, kA2, 0, 0, static_cast<int32_t>(count));
    emit(Op::addi, kA7, 0, 0, kSysWrite);
    emit(Op::ecall, 0, 0, 0, 0);
    count_output(fd, count);
  }

  void count_output(uint32_t fd, uint32_t count) {
    if (fd == 1) out_.expected_stdout += count;
    if (fd == 2) out_.expected_stderr += count;
    if (fd == 3) out_.expected_journal += count;
  }

  // ---- prologue and epilogue ---------------------------------------------------------------------
  void prologue() {
    std::vector<unsigned> order;
    for (unsigned r = 1; r < 32; ++r) order.push_back(r);
    for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng_.below(static_cast<uint32_t>(i))]);
    for (unsigned r : order) li(r, r == base_ ? kGenDataBase : value());
  }

  void epilogue(bool exit_group) {
    dump_registers();
    write(3, kGenDumpOffset, kGenDumpSize);
    write(1, 0, kGenScratchSize);
    if (out_.stderr_bytes > 0) write(2, kGenDumpOffset, out_.stderr_bytes);
    li(kA0, out_.exit_code);
    emit(Op::addi, kA7, 0, 0, exit_group ? kSysExitGroup : kSysExit);
    emit(Op::ecall, 0, 0, 0, 0);
  }

  Rng rng_;
  GeneratorOptions options_;
  GeneratedProgram out_;
  unsigned base_ = 0, counter_ = 0;
  uint32_t reads_ = 0;
  struct Island {
    size_t jump = 0;             // the far jal in the body
    std::vector<Insn> code;      // what the island runs before jumping back to jump + 1
    unsigned back_link = 0;
  };
  std::vector<Island> islands_;
};

}  // namespace

GeneratedProgram generate_program(uint64_t seed, const GeneratorOptions& options) {
  if (options.min_blocks > options.max_blocks) throw std::invalid_argument("generate_program: min_blocks > max_blocks");
  return Generator(seed, options).run();
}

std::optional<size_t> GeneratedProgram::index_of(uint32_t pc) const {
  if (pc < kGenTextBase || pc % 4 != 0 || (pc - kGenTextBase) / 4 >= code.size()) return std::nullopt;
  return (pc - kGenTextBase) / 4;
}

std::string GeneratedProgram::listing(size_t begin, size_t end) const {
  std::string out;
  char head[40];
  for (size_t i = begin; i < end && i < code.size(); ++i) {
    std::snprintf(head, sizeof head, "  0x%08x [%zu] ", pc_of(i), i);
    out += head + rv::disassemble(code[i]) + "\n";
  }
  return out;
}

std::string GeneratedProgram::where(size_t index) const {
  if (index < body_begin) return "prologue";
  if (index >= padding_begin && index < padding_end) return "padding (never executed)";
  if (index >= padding_end) return "island (far-jal target)";
  for (size_t b = 0; b < blocks.size(); ++b) {
    if (index >= blocks[b].begin && index < blocks[b].end) {
      return "block #" + std::to_string(b) + " (" + blocks[b].kind + ")";
    }
  }
  return "epilogue";
}

std::vector<uint32_t> parse_register_dump(const std::vector<uint8_t>& journal) {
  std::vector<uint32_t> regs;
  if (journal.size() < kGenDumpSize) return regs;
  const uint8_t* p = journal.data() + journal.size() - kGenDumpSize;
  for (size_t i = 0; i < 31; ++i, p += 4) {
    regs.push_back(uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 | uint32_t{p[3]} << 24);
  }
  return regs;
}

}  // namespace zkrv::test
