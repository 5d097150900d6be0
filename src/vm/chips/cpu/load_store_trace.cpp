// LoadStoreChip trace generation: one LoadStoreEvent (handed over by the CPU's trace generation) -> one
// row: the old word's bytes, the data, the new word, the sign and the store gap.
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <bit>
#include <stdexcept>
#include <string>

#include "vm/chips/cpu/load_store_chip.h"

namespace zkrv::chips {
namespace {

using L = LoadStoreChip;

[[noreturn]] void reject(const LoadStoreEvent& e, const std::string& why) {
  throw std::invalid_argument("LoadStoreChip::generate_trace: cycle " + std::to_string(e.clk) + ": " + why);
}

void fill_row(const LoadStoreEvent& e, uint32_t first_writable_word, std::span<Fp> row, ByteLookups& bytes) {
  const bool byte = e.mem_byte, half = e.mem_half, is_load = !e.is_store;
  if (byte && half) reject(e, "an access is not both byte and half");
  if (e.mem_signed && (e.is_store || !(byte || half))) reject(e, "only lb and lh are signed");
  const uint32_t addr = e.address(), hi = addr >> 16, offset = addr & 3u;
  if (hi < 1 || hi > 0x3FFF) reject(e, "address outside [ZKRV_MEM_START, ZKRV_MEM_END)");
  if ((half && (offset & 1u)) || (!byte && !half && offset != 0)) reject(e, "misaligned access");
  const uint32_t word_address = addr >> 2;
  if (e.access.addr != word_address) reject(e, "the access is not to the addressed word");
  if (e.access.timestamp != 4 * e.clk + 3) reject(e, "the access is not at 4 clk + 3");
  row[L::kClk] = Fp(e.clk);
  row[L::kIsReal] = Fp::one();
  row[L::kIsStore] = Fp(e.is_store ? 1u : 0u);
  row[L::kMemByte] = Fp(byte ? 1u : 0u);
  row[L::kMemHalf] = Fp(half ? 1u : 0u);
  row[L::kMemSigned] = Fp(e.mem_signed ? 1u : 0u);
  const uint32_t lo_sum = (e.base & 0xffffu) + (e.offset & 0xffffu), carry_lo = lo_sum >> 16;
  const uint32_t carry_hi = ((e.base >> 16) + (e.offset >> 16) + carry_lo) >> 16;
  row[L::kWord] = Fp((addr & 0xffffu) >> 2);
  row[L::kAddrHi] = Fp(hi);
  row[L::kCarryLo] = Fp(carry_lo);
  row[L::kCarryHi] = Fp(carry_hi);
  bytes.add_u16(addr & 0xffffu);
  bytes.add_u16((addr & 0xffffu) >> 2);
  bytes.add_u16(0x3FFF - hi);
  bytes.add_u16(hi - 1);
  row[L::kBit0] = Fp(addr & 1u);
  row[L::kBit1] = Fp((addr >> 1) & 1u);
  row[L::kBit01] = Fp(addr & (addr >> 1) & 1u);
  if (e.is_store) {
    if (word_address < first_writable_word) reject(e, "store below the first writable word");
    const uint32_t gap = word_address - first_writable_word;
    row[L::kStoreGap] = Fp(gap & 0xffffu);
    bytes.add_u16(gap & 0xffffu);
    bytes.add_u16(16 * (gap >> 16));
  }
  const uint32_t prev = e.access.prev_value;
  MemoryAccessCols<Fp>::populate(e.access, bytes).write(row, L::kMem);
  if (byte) {
    for (uint32_t i = 0; i < 4; ++i) row[L::kMb + i] = Fp((prev >> (8 * i)) & 0xffu);
    bytes.add_u8_pair(prev & 0xffu, (prev >> 8) & 0xffu);
    bytes.add_u8_pair((prev >> 16) & 0xffu, prev >> 24);
  }
  uint32_t d = e.data;
  if (is_load) d = byte ? (prev >> (8 * offset)) & 0xffu : half ? (prev >> (8 * offset)) & 0xffffu : prev;
  row[L::kDLo] = Fp(d & 0xffffu);
  row[L::kDHi] = Fp(d >> 16);
  if (byte || half) {
    row[L::kD0] = Fp(d & 0xffu);
    row[L::kD1] = Fp((d >> 8) & 0xffu);
    bytes.add_u8_pair(d & 0xffu, (d >> 8) & 0xffu);
  }
  uint32_t merged = d;
  if (byte) merged = (prev & ~(0xffu << (8 * offset))) | ((d & 0xffu) << (8 * offset));
  if (half) merged = (prev & ~(0xffffu << (8 * offset))) | ((d & 0xffffu) << (8 * offset));
  if (merged != e.access.value) reject(e, "the accessed word after the access disagrees with the data");
  row[L::kValLo] = Fp(merged & 0xffffu);
  row[L::kValHi] = Fp(merged >> 16);
  if (!is_load) return;
  uint32_t value = d;
  if (e.mem_signed) {
    const uint32_t top = byte ? d & 0xffu : (d >> 8) & 0xffu;
    const uint32_t sign = top >> 7;
    row[L::kSign] = Fp(sign);
    row[L::kByteSign] = Fp(byte ? sign : 0u);
    bytes.add_msb(top);
    if (sign) value |= byte ? 0xffffff00u : 0xffff0000u;
  }
  if (value != e.data) reject(e, "the loaded value disagrees with the word read");
}

}  // namespace

RowMajorMatrix<Fp> LoadStoreChip::generate_trace(std::span<const LoadStoreEvent> events, uint32_t first_writable,
                                                  ByteLookups& bytes, size_t min_height) const {
  RowMajorMatrix<Fp> t(std::max<size_t>(min_height, std::bit_ceil(events.size())), kWidth);
  tbb::parallel_for(tbb::blocked_range<size_t>(0, events.size(), 1024), [&](const tbb::blocked_range<size_t>& range) {
    for (size_t r = range.begin(); r < range.end(); ++r) fill_row(events[r], first_writable, t.row(r), bytes);
  });
  return t;
}

}  // namespace zkrv::chips
