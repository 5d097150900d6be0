#include "elf_writer.h"

#include <algorithm>
#include <stdexcept>

namespace zkrv::test {
namespace {

constexpr uint32_t kPage = 0x1000;
constexpr uint32_t kEhdrSize = 52, kPhdrSize = 32;
constexpr uint16_t kEtExec = 2, kEmRiscv = 243;
constexpr uint32_t kPtLoad = 1, kPfX = 1, kPfW = 2, kPfR = 4;

void put16(std::vector<uint8_t>& out, size_t at, uint16_t v) {
  out[at] = uint8_t(v);
  out[at + 1] = uint8_t(v >> 8);
}
void put32(std::vector<uint8_t>& out, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) out[at + i] = uint8_t(v >> (8 * i));
}
uint32_t align_up(uint32_t v, uint32_t a) { return (v + a - 1) / a * a; }

}  // namespace

std::vector<uint8_t> write_elf32(uint32_t entry, const std::vector<ElfSegment>& segments) {
  for (size_t i = 0; i < segments.size(); ++i) {
    const ElfSegment& s = segments[i];
    if (s.vaddr % kPage != 0) throw std::invalid_argument("write_elf32: segment vaddr not page aligned");
    if (s.mem_size != 0 && s.mem_size < s.data.size()) throw std::invalid_argument("write_elf32: mem_size < data");
    for (size_t j = 0; j < i; ++j) {
      const ElfSegment& t = segments[j];
      const uint64_t s_end = uint64_t{s.vaddr} + std::max<size_t>(s.mem_size, s.data.size());
      const uint64_t t_end = uint64_t{t.vaddr} + std::max<size_t>(t.mem_size, t.data.size());
      if (s.vaddr < t_end && t.vaddr < s_end) throw std::invalid_argument("write_elf32: segments overlap");
    }
  }
  const uint32_t phnum = static_cast<uint32_t>(segments.size());
  // Headers first, then each segment's bytes at the next page-aligned file offset, so that
  // p_offset == p_vaddr (mod page) as loaders require.
  std::vector<uint32_t> offsets;
  uint32_t offset = align_up(kEhdrSize + phnum * kPhdrSize, kPage);
  for (const ElfSegment& s : segments) {
    offsets.push_back(offset);
    offset = align_up(offset + static_cast<uint32_t>(s.data.size()), kPage);
  }
  std::vector<uint8_t> out(offset, 0);

  const uint8_t ident[16] = {0x7f, 'E', 'L', 'F', 1 /*ELFCLASS32*/, 1 /*LSB*/, 1 /*EV_CURRENT*/};
  std::copy(std::begin(ident), std::end(ident), out.begin());
  put16(out, 16, kEtExec);
  put16(out, 18, kEmRiscv);
  put32(out, 20, 1);           // e_version
  put32(out, 24, entry);       // e_entry
  put32(out, 28, kEhdrSize);   // e_phoff
  put32(out, 32, 0);           // e_shoff
  put32(out, 36, 0);           // e_flags: no RVC, soft-float ABI
  put16(out, 40, kEhdrSize);   // e_ehsize
  put16(out, 42, kPhdrSize);   // e_phentsize
  put16(out, 44, uint16_t(phnum));
  put16(out, 46, 40);          // e_shentsize (no sections, but the size of one)
  put16(out, 48, 0);           // e_shnum
  put16(out, 50, 0);           // e_shstrndx

  for (uint32_t i = 0; i < phnum; ++i) {
    const ElfSegment& s = segments[i];
    const size_t ph = kEhdrSize + i * kPhdrSize;
    const uint32_t filesz = static_cast<uint32_t>(s.data.size());
    put32(out, ph + 0, kPtLoad);
    put32(out, ph + 4, offsets[i]);
    put32(out, ph + 8, s.vaddr);   // p_vaddr
    put32(out, ph + 12, s.vaddr);  // p_paddr
    put32(out, ph + 16, filesz);
    put32(out, ph + 20, std::max(s.mem_size, filesz));
    put32(out, ph + 24, kPfR | (s.writable ? kPfW : 0) | (s.executable ? kPfX : 0));
    put32(out, ph + 28, kPage);
    std::copy(s.data.begin(), s.data.end(), out.begin() + offsets[i]);
  }
  return out;
}

}  // namespace zkrv::test
