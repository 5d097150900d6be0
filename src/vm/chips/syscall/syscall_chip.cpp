#include "vm/chips/syscall/syscall_chip.h"

#include <algorithm>
#include <bit>
#include <stdexcept>
#include <string>

namespace zkrv::chips {
namespace {

using Cols = SyscallChip::Cols;

[[noreturn]] void reject(const SyscallEvent& e, const std::string& what) {
  throw std::invalid_argument("SyscallChip: ecall at cycle " + std::to_string(e.clk) + ": " + what);
}

void put_word(std::span<Fp> row, size_t offset, uint32_t word) {
  row[offset] = Fp(word & 0xffffu);
  row[offset + 1] = Fp(word >> 16);
}

// The running state of a reserved word: its value and the timestamp of its last access.
struct StateWord {
  uint32_t addr, value, timestamp = 0;
  // The access at `ts` that leaves `new_value`, as the gadget's record.
  MemoryAccessRecord access(uint32_t ts, uint32_t new_value) {
    const MemoryAccessRecord r{addr, new_value, value, ts, timestamp};
    value = new_value;
    timestamp = ts;
    return r;
  }
};

}  // namespace

SyscallTrace SyscallChip::generate_trace(std::span<const SyscallEvent> events, std::span<const MemoryAccess> accesses,
                                         const SyscallStateWords& start, ByteLookups& bytes, size_t min_height) const {
  SyscallTrace out;
  out.main = RowMajorMatrix<Fp>(std::max<size_t>(min_height, std::bit_ceil(events.size())), kWidth);
  StateWord brk_word{kSyscallBrkWord, start.brk}, journal_word{kSyscallJournalLengthWord, start.journal_length},
      ib_word{kSyscallInitialBrkWord, start.initial_brk}, ended_word{kSyscallInputEndedWord, start.input_ended};
  const uint32_t ebadf = static_cast<uint32_t>(-ZKRV_EBADF);

  for (size_t r = 0; r < events.size(); ++r) {
    const SyscallEvent& e = events[r];
    auto row = out.main.row(r);
    const uint32_t ts = timestamp_of(e.clk, AccessSlot::memory);
    if (uint64_t{e.access_begin} + e.access_count > accesses.size()) reject(e, "accesses out of range");
    const std::span<const MemoryAccess> acc = accesses.subspan(e.access_begin, e.access_count);
    row[offsetof(Cols, clk)] = Fp(e.clk);
    row[offsetof(Cols, a7_lo)] = Fp(e.number & 0xffffu);
    put_word(row, offsetof(Cols, a0), e.arg0);
    put_word(row, offsetof(Cols, result), e.result);
    bytes.add_u16_limbs(e.result);

    const bool is_read = e.number == ZKRV_SYS_READ, is_write = e.number == ZKRV_SYS_WRITE;
    const bool is_exit = e.number == ZKRV_SYS_EXIT || e.number == ZKRV_SYS_EXIT_GROUP;
    if (!is_read && !is_write && !is_exit && e.number != ZKRV_SYS_BRK) reject(e, "unknown syscall number");
    size_t kind = 0;
    uint32_t len = 0;
    const auto alu = [&](uint32_t b, uint32_t c) {
      out.alu.push_back({AluOp::sltu, b < c ? 1u : 0u, b, c});
      return b < c ? 1u : 0u;
    };
    if (is_exit) {
      kind = offsetof(Cols, exit);
      if (e.number == ZKRV_SYS_EXIT_GROUP) row[offsetof(Cols, exit_group)] = Fp::one();
      if (e.result != e.arg0) reject(e, "exit changes a0");
      if (acc.size() != 0) reject(e, "exit accesses memory");
    } else if (e.number == ZKRV_SYS_BRK) {
      kind = offsetof(Cols, brk);
      const uint32_t lt_a = alu(e.arg0, ib_word.value), lt_b = alu(ZKRV_HEAP_LIMIT, e.arg0);
      const bool valid = lt_a == 0 && lt_b == 0;
      const uint32_t new_brk = valid ? e.arg0 : brk_word.value;
      if (e.result != new_brk) reject(e, "brk result disagrees with Linux semantics");
      row[offsetof(Cols, lt_a)] = Fp(lt_a);
      row[offsetof(Cols, lt_b)] = Fp(lt_b);
      row[offsetof(Cols, brk_valid)] = Fp(valid ? 1u : 0u);
      MemoryAccessCols<Fp>::populate(brk_word.access(ts, new_brk), bytes).write(row, offsetof(Cols, brk_word));
      MemoryAccessCols<Fp>::populate(ib_word.access(ts, ib_word.value), bytes)
          .write(row, offsetof(Cols, initial_brk_word));
      if (acc.size() != 0) reject(e, "brk accesses memory");
    } else {
      // read or write: accesses a1, a2 first (events.h), then the buffer's words.
      if (acc.size() < 2 || acc[0].addr != 11 || acc[1].addr != 12 || acc[0].timestamp != ts || acc[1].timestamp != ts)
        reject(e, "read/write without its a1, a2 reads");
      MemoryAccessCols<Fp>::populate(acc[0], bytes).write(row, offsetof(Cols, a1));
      MemoryAccessCols<Fp>::populate(acc[1], bytes).write(row, offsetof(Cols, a2));
      const uint32_t a1 = acc[0].value, a2 = acc[1].value;
      if (a1 != e.arg1 || a2 != e.arg2) reject(e, "a1/a2 reads disagree with the event");
      const uint32_t small = alu(e.arg0, 4);
      row[offsetof(Cols, lt_a)] = Fp(small);
      if (small) row[offsetof(Cols, fd) + e.arg0] = Fp::one();
      bool buffered = false, journal = false;
      if (is_read && e.arg0 == ZKRV_FD_INPUT) {
        kind = offsetof(Cols, read_input);
        len = e.result;
        if (len > a2) reject(e, "read returns more than requested");
        // The input's end (syscall_chip.h): a short read ends the input, and then reads return 0. The
        // executor never returns data after a short read; forged events that do get a faithful row here
        // (the word says "ended"), which the constraint "after the input's end a read returns 0" refuses.
        const uint32_t short_read = alu(len, a2);
        row[offsetof(Cols, lt_b)] = Fp(short_read);
        const uint32_t ended = ended_word.value | short_read;
        row[offsetof(Cols, input_ended)] = Fp(ended);
        MemoryAccessCols<Fp>::populate(ended_word.access(ts, ended), bytes).write(row, offsetof(Cols, input_ended_word));
        buffered = true;
      } else if (is_write && (e.arg0 == ZKRV_FD_STDOUT || e.arg0 == ZKRV_FD_STDERR)) {
        kind = offsetof(Cols, write_console);
        len = a2;
      } else if (is_write && e.arg0 == ZKRV_FD_JOURNAL) {
        kind = offsetof(Cols, write_journal);
        len = a2;
        buffered = journal = true;
      } else {
        kind = is_read ? offsetof(Cols, read_bad) : offsetof(Cols, write_bad);
        if (e.result != ebadf) reject(e, "a bad fd must give -EBADF");
      }
      if (kind == offsetof(Cols, write_console) || kind == offsetof(Cols, write_journal)) {
        if (e.result != a2) reject(e, "write returns a2");
      }
      if (kind != offsetof(Cols, read_bad) && kind != offsetof(Cols, write_bad)) {
        // The buffer lies in [2^16, 2^30) with len < 2^28 (the chip's range checks).
        if (a1 < ZKRV_MEM_START || a1 >= ZKRV_MEM_END || len >= (1u << 28) || len > ZKRV_MEM_END - a1)
          reject(e, "buffer outside guest memory (or longer than 2^28 bytes)");
        const uint32_t gap = ZKRV_MEM_END - a1 - len;
        put_word(row, offsetof(Cols, gap), gap);
        bytes.add_u16((a1 >> 16) - 1);
        bytes.add_u16(4 * (a1 >> 16));
        bytes.add_u16(16 * (len >> 16));
        bytes.add_u16(gap & 0xffffu);
        bytes.add_u16(4 * (gap >> 16));
      }
      const uint32_t j_start = journal ? journal_word.value : 0;
      if (journal) {
        const uint32_t j = journal_word.value, j_new = j + a2;
        if (j_new < j) reject(e, "journal longer than 2^32 bytes");
        const uint32_t lo = (j & 0xffffu) + (a2 & 0xffffu);
        put_word(row, offsetof(Cols, journal), j_new);
        row[offsetof(Cols, journal_carry)] = Fp(lo >> 16);
        bytes.add_u16_limbs(j_new);
        MemoryAccessCols<Fp>::populate(journal_word.access(ts, j_new), bytes)
            .write(row, offsetof(Cols, journal_word));
      }
      // The buffer's words, one I/O row each, in increasing address order.
      const std::span<const MemoryAccess> words = acc.subspan(2);
      if (!buffered && !words.empty()) reject(e, "console or bad-fd call accesses RAM");
      uint32_t ptr = a1, remaining = len, index = j_start;
      for (const MemoryAccess& w : words) {
        if (remaining == 0 || w.addr != ptr >> 2 || w.timestamp != ts) reject(e, "buffer words out of order");
        if (journal && w.value != w.prev_value) reject(e, "a journal write changes memory");
        const uint32_t k = std::min<uint32_t>(remaining, 4 - (ptr & 3));
        out.io.push_back({e.clk, journal ? 1u : 0u, ptr, remaining, index, w});
        ptr += k;
        remaining -= k;
        index += k;
      }
      if (buffered && remaining != 0) reject(e, "buffer words missing");
    }
    row[kind] = Fp::one();
  }
  out.state = {{brk_word.addr, brk_word.value, brk_word.timestamp},
               {journal_word.addr, journal_word.value, journal_word.timestamp},
               {ib_word.addr, ib_word.value, ib_word.timestamp},
               {ended_word.addr, ended_word.value, ended_word.timestamp}};
  return out;
}

}  // namespace zkrv::chips
