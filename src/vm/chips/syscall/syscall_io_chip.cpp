#include "vm/chips/syscall/syscall_io_chip.h"

#include <algorithm>
#include <bit>
#include <stdexcept>

namespace zkrv::chips {

RowMajorMatrix<Fp> SyscallIoChip::generate_trace(std::span<const SyscallIoRow> rows, uint32_t first_writable_word,
                                                 ByteLookups& bytes, size_t min_height) const {
  using C = Cols;
  RowMajorMatrix<Fp> t(std::max<size_t>(min_height, std::bit_ceil(rows.size())), kWidth);
  for (size_t r = 0; r < rows.size(); ++r) {
    const SyscallIoRow& io = rows[r];
    if (io.remaining == 0 || io.remaining >= (1u << 28)) throw std::invalid_argument("SyscallIoChip: bad remaining count");
    const uint32_t w = io.ptr >> 2, o = io.ptr & 3, k = std::min<uint32_t>(io.remaining, 4 - o), e = o + k - 1;
    if (io.access.addr != w) throw std::invalid_argument("SyscallIoChip: access is not the buffer's word");
    auto row = t.row(r);
    row[offsetof(C, clk)] = Fp(io.clk);
    row[offsetof(C, is_journal)] = Fp(io.is_journal);
    row[offsetof(C, w)] = Fp(w & 0xffffu);
    row[offsetof(C, w) + 1] = Fp(w >> 16);
    row[offsetof(C, rem)] = Fp(io.remaining);
    row[offsetof(C, jidx)] = Fp(io.journal_index);
    row[offsetof(C, o) + o] = Fp::one();
    row[offsetof(C, e) + e] = Fp::one();
    const uint32_t rn = io.remaining - k;
    row[offsetof(C, rn)] = Fp(rn & 0xffffu);
    row[offsetof(C, rn) + 1] = Fp(rn >> 16);
    bytes.add_u16(w & 0xffffu);
    bytes.add_u16(16 * (w >> 16));
    bytes.add_u16(rn & 0xffffu);
    bytes.add_u16(16 * (rn >> 16));
    const uint32_t old_word = io.access.prev_value, new_word = io.access.value;
    for (uint32_t j = 0; j < 4; ++j) {
      row[offsetof(C, old_bytes) + j] = Fp((old_word >> (8 * j)) & 0xffu);
      row[offsetof(C, new_bytes) + j] = Fp((new_word >> (8 * j)) & 0xffu);
      const bool inside = j >= o && j <= e;
      if (!inside && ((old_word ^ new_word) >> (8 * j) & 0xffu) != 0)
        throw std::invalid_argument("SyscallIoChip: a byte outside the buffer changes");
    }
    bytes.add_u8_pair(old_word & 0xffu, (old_word >> 8) & 0xffu);
    bytes.add_u8_pair((old_word >> 16) & 0xffu, old_word >> 24);
    if (io.is_journal == 0) {
      if (w < first_writable_word) throw std::invalid_argument("SyscallIoChip: input written below the first writable word");
      const uint32_t g = w - first_writable_word;
      row[offsetof(C, g)] = Fp(g & 0xffffu);
      row[offsetof(C, g) + 1] = Fp(g >> 16);
      bytes.add_u8_pair(new_word & 0xffu, (new_word >> 8) & 0xffu);
      bytes.add_u8_pair((new_word >> 16) & 0xffu, new_word >> 24);
      bytes.add_u16(g & 0xffffu);
      bytes.add_u16(16 * (g >> 16));
    } else if (old_word != new_word) {
      throw std::invalid_argument("SyscallIoChip: a journal row changes memory");
    }
    MemoryAccessCols<Fp>::populate(io.access, bytes).write(row, offsetof(C, access));
  }
  return t;
}

}  // namespace zkrv::chips
