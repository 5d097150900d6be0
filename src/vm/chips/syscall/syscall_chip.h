// SyscallChip: one row per ecall (vm/chips/README.md, "Syscalls"; the semantics are the executor's,
// vm/executor/syscalls.cpp, which follows Linux for read, write, exit, exit_group and brk).
//
// WHAT IT PROVES. The CPU sends (clk, a7, a0, result, halts) for every ecall; this chip receives it and
// proves that `result` and `halts` are what the executor computes from a7, a0 and the machine state:
//   exit (93), exit_group (94): halts = 1, result = a0, and (a0_lo, a0_hi) is sent on kHaltBus, which
//     the statement of the halting segment receives exactly once (no other segment's statement receives
//     it, so no other segment can exit): the exit code in the claim is the guest's.
//   read (63): fd = a0 = 0 (the private input): result n = min(a2, L - consumed) for one private input
//     length L (below); the buffer [a1, a1 + n) lies in RAM and its bytes (private, free) are written by
//     the I/O chip (syscall_io_chip.h), which also checks that they are writable. Any other fd: result =
//     -EBADF.
//   THE INPUT'S END. The executor reads the input as a file: read returns min(count, bytes left), so a
//     read that returns less than it asked for has reached the end, and every later read returns 0.
//     The proof allows exactly that, with one more state word (35, "input ended", 0 in the image and
//     carried from segment to segment by the memory roots like every state word): on a read,
//     short = [n < a2] comes from the lt chip; short = 0 forces n = a2, short = 1 gives n < a2;
//     while the word is 1 the read must return 0; afterwards the word holds (word OR short). Then some L
//     fits every proved run: L = the bytes consumed up to the first short read plus that read's n (or the
//     total consumed, if no read was short), and each read returned min(a2, L - consumed). Conversely
//     every run of the executor satisfies these constraints. Neither L nor the bytes enter the claim: the
//     word is a flag, not a count. (The proof itself is not zero-knowledge yet, so the trace openings
//     may still leak information about them; docs/proof-system.md.) (Before this word, any n <= a2 was accepted at
//     every read, so a proof could show more data after a short read: exit code 0x301 of a program
//     whose runs can only exit with 0, 256, 512, 768 or 1024 + k was proved.)
//   write (64): fd 1, 2 (console): result = a2 and the buffer lies in RAM (the bytes are not part of
//     the claim); fd 3 (journal): the same, and the I/O chip sends every byte of [a1, a1 + a2) on the
//     journal bus at indices J, J + 1, ..., J = journal length so far, a machine state word; other
//     fds: result = -EBADF.
//   brk (214): Linux semantics: a request in [initial_brk, ZKRV_HEAP_LIMIT] moves the break, anything
//     else keeps it; result = the break after the call.
//   Any other a7 has no row (the kind flags are one-hot and fix a7), so an unknown syscall has no proof.
// The machine state of syscalls lives in reserved memory words (vm/machine/machine_image.h): 32 the
// current break, 33 the journal length, 34 the initial break, 35 input ended; they are read and written
// through the memory argument at the ecall's timestamp 4 clk + 3, so their values are ordered by time for
// free. A segment starts from their values in its pre-state root (leaf 8 of the memory tree, opened by
// the memory leaf chip) and leaves their final values in its post-state root; the first segment's come
// from the image's initial memory root (part of the image ID), and the receipt's chain of roots carries
// them from segment to segment.
//
// Columns (57): clk, a7_lo, a0_lo, a0_hi, result_lo, result_hi; kind flags exit, exit_group, read_input,
// read_bad, write_console, write_journal, write_bad, brk; fd0..fd3; lt_a, lt_b, brk_valid; gap_lo,
// gap_hi; journal_lo, journal_hi, journal_carry; input_ended (the word's value after a read); access
// gadgets (5 each, memory/access.h) of a1 (x11), a2 (x12), the break word, the initial-break word, the
// journal-length word and the input-ended word.
// Derived: is_real = sum of the seven kinds other than exit_group; rw = the five read/write kinds;
// io = read_input + write_console + write_journal; len = n (read_input) or a2 (writes).
//
// Constraints (degree <= 3):
//   kinds boolean, is_real boolean, exit_group <= exit; a7_lo = 93 exit + exit_group + 63 (read_input +
//   read_bad) + 64 (write_*) + 214 brk (a7_hi = 0 through the receive tuple); padding rows: clk, a7, a0,
//   result = 0.
//   fd: fd_i boolean, sum fd_i = rw lt_a (lt_a = [a0 < 4] from the ALU bus on read/write rows), and
//   (sum fd_i) a0_lo = fd1 + 2 fd2 + 3 fd3, so fd_i = [a0 = i]; read_input = (read_input + read_bad) fd0,
//   write_console = (write_*) (fd1 + fd2), write_journal = (write_*) fd3: a read or write's kind is
//   decided by its fd, not chosen.
//   results: exit: result = a0; bad fd: result = 0xFFFFFFF7 (-EBADF); console/journal writes: result
//   = a2; read_input: lt_b = [n < a2] (short), (1 - lt_b)(n - a2) = 0 per limb, the input-ended word
//   e (boolean, hi limb 0) gives e n = 0 per limb and becomes input_ended = e + lt_b - e lt_b;
//   brk: lt_a = [a0 < initial_brk], lt_b = [HEAP_LIMIT < a0],
//   brk_valid = brk (1 - lt_a)(1 - lt_b), result = brk_valid a0 + (1 - brk_valid) current break, which
//   is also the new value of the break word. lt_a, lt_b, brk_valid, fd pinned to 0 where unused.
//   buffer (io rows): 2^30 - a1 - len = gap_lo + 2^16 gap_hi with u16 checks of a1_hi - 1, 4 a1_hi,
//   16 len_hi, gap_lo, 4 gap_hi: a1 in [2^16, 2^30), len < 2^28 (so a1 + len never wraps mod p), and
//   a1 + len <= 2^30 = ZKRV_MEM_END. gap pinned to 0 elsewhere.
//   journal: journal_lo + 2^16 carry = J_lo + a2_lo, journal_hi = J_hi + a2_hi + carry (u16 checks),
//   carry boolean, all pinned to 0 unless write_journal.
// Interactions: receive kSyscallBus (clk, a7_lo, 0, a0, result, exit) mult is_real; u16 checks of the
// result limbs (mult is_real; this chip produces the word); ALU bus (sltu, lt_a, 0, a0, rw 4 + brk
// initial_brk) mult rw + brk and (sltu, lt_b, 0, brk HEAP_LIMIT + read_input n, brk a0 + read_input a2)
// mult brk + read_input (answered by the lt chip); kHaltBus (a0_lo, a0_hi) mult exit; the buffer's five
// u16 checks mult io; kSyscallIoBus send (clk, write_journal, a1, len, write_journal J) and receive
// (clk, write_journal, a1 + len, 0, write_journal J + len) mult read_input + write_journal (a buffer of
// length 0 cancels itself, moving nothing); the journal word's two u16 checks; six access gadgets at
// 4 clk + 3: a1 and a2 reads (mult rw), break word read-write and initial-break read (mult brk), journal
// word read-write (mult write_journal), input-ended word read-write (mult read_input).
//
// Soundness. The CPU's tuple fixes clk, a7, a0, result, halts (the CPU pins the ecall's registers);
// the receive's multiplicity is_real is boolean, so every CPU ecall is matched by exactly one row.
// Kinds are one-hot on real rows and zero on padding; a7 determines the kind (the constants 63, 64, 93,
// 94, 214 are distinct and a7_lo < 2^16). Values read through the memory argument are canonical
// words; lt_a, lt_b are 0/1 results proved by the lt chip, which also range-checks nothing else: its
// operands here are canonical (a0, a2, initial break from memory; n range-checked by the u16 result
// checks; constants). The input-ended word is boolean with hi limb 0 by induction over its accesses:
// 0 in the image, written only here (no other chip accesses word 35: registers are 0..31, RAM words
// >= 0x4000, the other state words are 32..34; the memory leaf chip only opens and closes it) and only
// with e + lt_b - e lt_b of booleans; the chip
// checks both properties again on every read, so the argument does not lean on that induction (the
// induction runs over segments too: the word's value between segments is the one the roots commit to).
// The journal index J is the value of word 33 at this ecall's timestamp: the memory argument chains the
// writes in time order, so the journal bytes of successive writes in a segment get consecutive indices
// starting at word 33's value at the segment's start, and the segment's statement receives
// (journal_begin + i, byte i) for i < journal_end - journal_begin; these balance only if the segment
// wrote exactly its claimed bytes (the I/O chip sends each byte once) and, if it wrote any,
// journal_begin is word 33's starting value. The receipt's journal ranges run from 0 without gaps and
// word 33 starts at 0 in the image, so by induction over the segments the whole journal is exactly what
// the guest wrote, in order.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "abi/memory_map.h"
#include "abi/syscalls.h"
#include "air/air.h"
#include "air/builder.h"
#include "air/integer_derivation.h"
#include "field/babybear.h"
#include "matrix/row_major_matrix.h"
#include "vm/chips/byte/byte_lookups.h"
#include "vm/chips/common/buses.h"
#include "vm/chips/memory/access.h"
#include "vm/chips/memory/memory_boundary_chip.h"
#include "vm/executor/alu_event.h"
#include "vm/executor/events.h"

namespace zkrv::chips {

// The reserved words holding the syscall state (vm/machine/machine_image.h has the same numbers).
inline constexpr uint32_t kSyscallBrkWord = 32, kSyscallJournalLengthWord = 33, kSyscallInitialBrkWord = 34,
                          kSyscallInputEndedWord = 35;

template <class T>
struct SyscallCols {
  T clk;
  T a7_lo;
  T a0[2];
  T result[2];
  T exit, exit_group, read_input, read_bad, write_console, write_journal, write_bad, brk;
  T fd[4];
  T lt_a, lt_b, brk_valid;
  T gap[2];
  T journal[2];
  T journal_carry;
  T input_ended;  // the input-ended word after a read (0 on other rows)
  MemoryAccessCols<T> a1, a2, brk_word, initial_brk_word, journal_word, input_ended_word;
};

// One row of the I/O chip (syscall_io_chip.h): the part of a buffer that lies in one word.
struct SyscallIoRow {
  uint32_t clk = 0;
  uint32_t is_journal = 0;
  uint32_t ptr = 0;            // byte address of the first byte of this row
  uint32_t remaining = 0;      // bytes of the buffer from ptr on
  uint32_t journal_index = 0;  // journal index of the byte at ptr (running count for reads)
  MemoryAccess access;         // the word's access (read for the journal, write for input)
};

// The values of the state words 32..35 at a segment's start.
struct SyscallStateWords {
  uint32_t brk = 0, journal_length = 0, initial_brk = 0, input_ended = 0;
};

struct SyscallTrace {
  RowMajorMatrix<Fp> main;
  std::vector<AluEvent> alu;         // the sltu operations sent on the ALU bus (for the lt chip)
  std::vector<SyscallIoRow> io;      // the I/O chip's rows
  std::vector<FinalWord> state;      // final (value, timestamp) of the state words 32..35 (increasing)
};

class SyscallChip : public AirDefaults {
 public:
  using Cols = SyscallCols<uint8_t>;
  static constexpr size_t kWidth = sizeof(Cols);
  static_assert(kWidth == 57);
  static constexpr std::array<std::string_view, kWidth> kColumnNames = [] {
    std::array<std::string_view, kWidth> n{};
    constexpr std::array<std::string_view, 27> plain = {
        "clk",       "a7_lo",      "a0_lo",       "a0_hi",         "result_lo",     "result_hi", "exit",
        "exit_group", "read_input", "read_bad",   "write_console", "write_journal", "write_bad", "brk",
        "fd0",       "fd1",        "fd2",         "fd3",           "lt_a",          "lt_b",      "brk_valid",
        "gap_lo",    "gap_hi",     "journal_lo",  "journal_hi",    "journal_carry", "input_ended"};
    static_assert(offsetof(Cols, input_ended) == 26 && offsetof(Cols, a1) == 27);
    for (size_t i = 0; i < plain.size(); ++i) n[i] = plain[i];
    constexpr std::array<std::string_view, 30> gadgets = {
        "a1.prev_lo",         "a1.prev_hi",         "a1.prev_ts",         "a1.diff_lo",         "a1.diff_hi",
        "a2.prev_lo",         "a2.prev_hi",         "a2.prev_ts",         "a2.diff_lo",         "a2.diff_hi",
        "brk_word.prev_lo",   "brk_word.prev_hi",   "brk_word.prev_ts",   "brk_word.diff_lo",   "brk_word.diff_hi",
        "initial_brk_word.prev_lo", "initial_brk_word.prev_hi", "initial_brk_word.prev_ts",
        "initial_brk_word.diff_lo", "initial_brk_word.diff_hi",
        "journal_word.prev_lo", "journal_word.prev_hi", "journal_word.prev_ts", "journal_word.diff_lo",
        "journal_word.diff_hi",
        "input_ended_word.prev_lo", "input_ended_word.prev_hi", "input_ended_word.prev_ts",
        "input_ended_word.diff_lo", "input_ended_word.diff_hi"};
    for (size_t i = 0; i < gadgets.size(); ++i) n[offsetof(Cols, a1) + i] = gadgets[i];
    return n;
  }();

  // Why the columns the integer-pin check (air/integer_pins.h) cannot pin mechanically are integers.
  static constexpr std::array<IntegerDerivation, 1> kIntegerDerivations = {IntegerDerivation{
      "gap_hi",
      "used only as 2^16 gap_hi = 2^14 (4 gap_hi) in '2^30 - a1 - len = gap', and 4 gap_hi is a u16 lookup: gap = "
      "gap_lo + 2^14 T with T < 2^16 is an integer below 2^30 + 2^16 whatever gap_hi is, and a1 + len > 2^30 would "
      "need gap = p - (a1 + len - 2^30) >= p - 2^28; 0 without a buffer (memory/access.h makes the same argument "
      "for diff_hi)"}};
  static IntegerDerivations integer_derivations() {
    using Access = MemoryAccessCols<uint8_t>;
    IntegerDerivations d;
    d.add(kIntegerDerivations);
    d.add_gadget("a1", offsetof(Cols, a1), Access::kColumnNames, Access::kIntegerDerivations);
    d.add_gadget("a2", offsetof(Cols, a2), Access::kColumnNames, Access::kIntegerDerivations);
    d.add_gadget("brk_word", offsetof(Cols, brk_word), Access::kColumnNames, Access::kIntegerDerivations);
    d.add_gadget("initial_brk_word", offsetof(Cols, initial_brk_word), Access::kColumnNames,
                 Access::kIntegerDerivations);
    d.add_gadget("journal_word", offsetof(Cols, journal_word), Access::kColumnNames, Access::kIntegerDerivations);
    d.add_gadget("input_ended_word", offsetof(Cols, input_ended_word), Access::kColumnNames,
                 Access::kIntegerDerivations);
    return d;
  }

  std::string_view name() const noexcept { return "syscall"; }
  size_t width() const noexcept { return kWidth; }

  template <AirBuilder B>
  void eval(B& b) const;

  // One row per syscall event (with the executor's accesses: a1, a2, then the buffer's words), zero
  // padding to a power of two >= 8. `start` holds the state words' values at timestamp 0 (the segment's
  // start; for a whole run: brk = initial_brk = the image's initial break, the others 0). Throws std::invalid_argument for an event no proof can exist for (unknown
  // number, buffer outside RAM, accesses that disagree with the event).
  SyscallTrace generate_trace(std::span<const SyscallEvent> events, std::span<const MemoryAccess> accesses,
                              const SyscallStateWords& start, ByteLookups& bytes, size_t min_height = 8) const;
};

template <AirBuilder B>
void SyscallChip::eval(B& b) const {
  using Expr = typename B::Expr;
  using Var = typename B::Var;
  const auto m = b.main();
  const auto col = [&](size_t offset) -> Expr { return m.current(offset); };
  const auto gadget = [&](size_t offset) {
    const auto a = MemoryAccessCols<Var>::current(m, offset);
    return MemoryAccessCols<Expr>{a.prev_lo, a.prev_hi, a.prev_ts, a.diff_lo, a.diff_hi};
  };
  const Fp one = Fp::one(), two16(1u << 16);
  const Expr zero = Fp::zero();
  const Expr clk = col(offsetof(Cols, clk)), a7_lo = col(offsetof(Cols, a7_lo));
  const Expr a0_lo = col(offsetof(Cols, a0)), a0_hi = col(offsetof(Cols, a0) + 1);
  const Expr res_lo = col(offsetof(Cols, result)), res_hi = col(offsetof(Cols, result) + 1);
  const Expr exit = col(offsetof(Cols, exit)), exit_group = col(offsetof(Cols, exit_group)),
             read_input = col(offsetof(Cols, read_input)), read_bad = col(offsetof(Cols, read_bad)),
             write_console = col(offsetof(Cols, write_console)), write_journal = col(offsetof(Cols, write_journal)),
             write_bad = col(offsetof(Cols, write_bad)), brk = col(offsetof(Cols, brk));
  const Expr fd0 = col(offsetof(Cols, fd)), fd1 = col(offsetof(Cols, fd) + 1), fd2 = col(offsetof(Cols, fd) + 2),
             fd3 = col(offsetof(Cols, fd) + 3);
  const Expr lt_a = col(offsetof(Cols, lt_a)), lt_b = col(offsetof(Cols, lt_b)),
             brk_valid = col(offsetof(Cols, brk_valid));
  const Expr gap_lo = col(offsetof(Cols, gap)), gap_hi = col(offsetof(Cols, gap) + 1);
  const Expr j_lo = col(offsetof(Cols, journal)), j_hi = col(offsetof(Cols, journal) + 1),
             j_carry = col(offsetof(Cols, journal_carry));
  const auto a1 = gadget(offsetof(Cols, a1)), a2 = gadget(offsetof(Cols, a2)),
             brk_word = gadget(offsetof(Cols, brk_word)), ib_word = gadget(offsetof(Cols, initial_brk_word)),
             journal_word = gadget(offsetof(Cols, journal_word)),
             ended_word = gadget(offsetof(Cols, input_ended_word));
  const Expr input_ended = col(offsetof(Cols, input_ended));

  // Kinds.
  for (const Expr& k : {exit, exit_group, read_input, read_bad, write_console, write_journal, write_bad, brk})
    b.assert_bool(k, "syscall: kind flags are boolean");
  const Expr read = read_input + read_bad, write = write_console + write_journal + write_bad;
  const Expr rw = read + write, is_real = exit + rw + brk, io = read_input + write_console + write_journal;
  b.assert_bool(is_real, "syscall: at most one kind per row");
  b.assert_zero(exit_group * (one - exit), "syscall: exit_group only with exit");
  b.assert_eq(a7_lo,
              exit * Fp(uint32_t{ZKRV_SYS_EXIT}) + exit_group + read * Fp(uint32_t{ZKRV_SYS_READ}) +
                  write * Fp(uint32_t{ZKRV_SYS_WRITE}) + brk * Fp(uint32_t{ZKRV_SYS_BRK}),
              "syscall: a7 is the number of the row's kind");
  const Expr idle = one - is_real;
  b.when(idle).assert_zero(clk, "syscall: padding clk = 0");
  b.when(idle).assert_zero(a0_lo, "syscall: padding a0_lo = 0");
  b.when(idle).assert_zero(a0_hi, "syscall: padding a0_hi = 0");
  b.when(idle).assert_zero(res_lo, "syscall: padding result_lo = 0");
  b.when(idle).assert_zero(res_hi, "syscall: padding result_hi = 0");

  // File descriptors: fd_i = [a0 = i] on read/write rows.
  for (const Expr& f : {fd0, fd1, fd2, fd3}) b.assert_bool(f, "syscall: fd flags are boolean");
  const Expr fd_sum = fd0 + fd1 + fd2 + fd3;
  b.assert_eq(fd_sum, rw * lt_a, "syscall: one fd flag iff a read/write has a0 < 4");
  b.assert_eq(fd_sum * a0_lo, fd1 + fd2 * Fp(2u) + fd3 * Fp(3u), "syscall: the fd flag is a0's value");
  b.assert_eq(read_input, read * fd0, "syscall: read is from the input iff fd = 0");
  b.assert_eq(write_console, write * (fd1 + fd2), "syscall: write is to the console iff fd = 1 or 2");
  b.assert_eq(write_journal, write * fd3, "syscall: write is to the journal iff fd = 3");

  // Results.
  const Expr a1_lo = a1.prev_lo, a1_hi = a1.prev_hi, a2_lo = a2.prev_lo, a2_hi = a2.prev_hi;
  b.when(exit).assert_eq(res_lo, a0_lo, "syscall: exit leaves a0 (lo)");
  b.when(exit).assert_eq(res_hi, a0_hi, "syscall: exit leaves a0 (hi)");
  const uint32_t ebadf = static_cast<uint32_t>(-ZKRV_EBADF);
  b.when(read_bad + write_bad).assert_eq(res_lo, Fp(ebadf & 0xffffu), "syscall: bad fd gives -EBADF (lo)");
  b.when(read_bad + write_bad).assert_eq(res_hi, Fp(ebadf >> 16), "syscall: bad fd gives -EBADF (hi)");
  b.when(write_console + write_journal).assert_eq(res_lo, a2_lo, "syscall: write returns a2 (lo)");
  b.when(write_console + write_journal).assert_eq(res_hi, a2_hi, "syscall: write returns a2 (hi)");
  // The input's end (header, "THE INPUT'S END"): lt_b = [n < a2] on reads; not short means n = a2.
  b.assert_zero(read_input * (one - lt_b) * (res_lo - a2_lo), "syscall: a read that is not short returns a2 (lo)");
  b.assert_zero(read_input * (one - lt_b) * (res_hi - a2_hi), "syscall: a read that is not short returns a2 (hi)");
  const Expr ended = ended_word.prev_lo;
  b.assert_zero(read_input * ended * (ended - one), "syscall: the input-ended word is boolean");
  b.assert_zero(read_input * ended_word.prev_hi, "syscall: the input-ended word's hi limb is 0");
  b.assert_zero(read_input * ended * res_lo, "syscall: after the input's end a read returns 0 (lo)");
  b.assert_zero(read_input * ended * res_hi, "syscall: after the input's end a read returns 0 (hi)");
  b.assert_zero(read_input * (input_ended - (ended + lt_b - ended * lt_b)),
                "syscall: the input has ended after a short read");
  b.assert_zero((one - read_input) * input_ended, "syscall: input_ended = 0 unless reading the input");
  b.assert_zero((one - rw - brk) * lt_a, "syscall: lt_a = 0 unless read/write/brk");
  b.assert_zero((one - brk - read_input) * lt_b, "syscall: lt_b = 0 unless brk/read input");
  b.assert_eq(brk_valid, brk * (one - lt_a) * (one - lt_b), "syscall: brk_valid = initial_brk <= a0 <= limit");
  const Expr new_brk_lo = brk_valid * a0_lo + (brk - brk_valid) * brk_word.prev_lo;
  const Expr new_brk_hi = brk_valid * a0_hi + (brk - brk_valid) * brk_word.prev_hi;
  b.when(brk).assert_eq(res_lo, new_brk_lo, "syscall: brk returns the new break (lo)");
  b.when(brk).assert_eq(res_hi, new_brk_hi, "syscall: brk returns the new break (hi)");

  // The buffer of a read from the input or a console/journal write lies in RAM.
  const Expr len_lo = read_input * res_lo + (write_console + write_journal) * a2_lo;
  const Expr len_hi = read_input * res_hi + (write_console + write_journal) * a2_hi;
  const Expr a1_word = a1_lo + a1_hi * two16, len = len_lo + len_hi * two16;
  b.when(io).assert_eq(Fp(uint32_t{ZKRV_MEM_END}) - a1_word - len, gap_lo + gap_hi * two16,
                       "syscall: 2^30 - a1 - len = gap");
  b.when(one - io).assert_zero(gap_lo, "syscall: gap_lo = 0 without a buffer");
  b.when(one - io).assert_zero(gap_hi, "syscall: gap_hi = 0 without a buffer");

  // The journal length word: J + a2 on journal writes.
  const Expr jw = write_journal;
  b.assert_bool(j_carry, "syscall: journal carry is boolean");
  b.when(jw).assert_eq(j_lo + j_carry * two16, journal_word.prev_lo + a2_lo, "syscall: journal length lo");
  b.when(jw).assert_eq(j_hi, journal_word.prev_hi + a2_hi + j_carry, "syscall: journal length hi");
  b.when(one - jw).assert_zero(j_lo, "syscall: journal_lo = 0 without a journal write");
  b.when(one - jw).assert_zero(j_hi, "syscall: journal_hi = 0 without a journal write");
  b.when(one - jw).assert_zero(j_carry, "syscall: journal carry = 0 without a journal write");

  // Memory: a1, a2 reads; the state words.
  const Expr ts = clk * Fp(4u) + Fp(static_cast<uint32_t>(AccessSlot::memory));
  a1.eval(b, Expr(Fp(11u)), a1.prev_lo, a1.prev_hi, ts, rw, zero);
  a2.eval(b, Expr(Fp(12u)), a2.prev_lo, a2.prev_hi, ts, rw, zero);
  brk_word.eval(b, Expr(Fp(kSyscallBrkWord)), res_lo, res_hi, ts, brk, zero);
  ib_word.eval(b, Expr(Fp(kSyscallInitialBrkWord)), ib_word.prev_lo, ib_word.prev_hi, ts, brk, zero);
  journal_word.eval(b, Expr(Fp(kSyscallJournalLengthWord)), j_lo, j_hi, ts, jw, zero);
  ended_word.eval(b, Expr(Fp(kSyscallInputEndedWord)), input_ended, zero, ts, read_input, zero);

  // Buses.
  const Expr u16 = Fp(static_cast<uint32_t>(ByteOp::u16));
  const Expr sltu = Fp(static_cast<uint32_t>(AluOp::sltu));
  b.receive(kSyscallBus, {clk, a7_lo, zero, a0_lo, a0_hi, res_lo, res_hi, exit}, is_real);
  b.send(kByteBus, {u16, res_lo, zero, zero}, is_real);
  b.send(kByteBus, {u16, res_hi, zero, zero}, is_real);
  b.send(kAluBus, {sltu, lt_a, zero, a0_lo, a0_hi, rw * Fp(4u) + brk * ib_word.prev_lo, brk * ib_word.prev_hi},
         rw + brk);
  const uint32_t heap_limit = ZKRV_HEAP_LIMIT;
  b.send(kAluBus,
         {sltu, lt_b, zero, brk * Fp(heap_limit & 0xffffu) + read_input * res_lo,
          brk * Fp(heap_limit >> 16) + read_input * res_hi, brk * a0_lo + read_input * a2_lo,
          brk * a0_hi + read_input * a2_hi},
         brk + read_input);
  b.send(kHaltBus, {a0_lo, a0_hi}, exit);
  b.send(kByteBus, {u16, a1_hi - one, zero, zero}, io);
  b.send(kByteBus, {u16, a1_hi * Fp(4u), zero, zero}, io);
  b.send(kByteBus, {u16, len_hi * Fp(16u), zero, zero}, io);
  b.send(kByteBus, {u16, gap_lo, zero, zero}, io);
  b.send(kByteBus, {u16, gap_hi * Fp(4u), zero, zero}, io);
  const Expr buffered = read_input + write_journal;
  const Expr j_start = jw * (journal_word.prev_lo + journal_word.prev_hi * two16);
  b.send(kSyscallIoBus, {clk, jw, a1_word, len, j_start}, buffered);
  b.receive(kSyscallIoBus, {clk, jw, a1_word + len, zero, j_start + len}, buffered);
  b.send(kByteBus, {u16, j_lo, zero, zero}, jw);
  b.send(kByteBus, {u16, j_hi, zero, zero}, jw);
}

static_assert(Air<SyscallChip>);

}  // namespace zkrv::chips
