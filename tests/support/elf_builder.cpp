#include "support/elf_builder.h"

#include "base/byte_io.h"

namespace zkrv::test {

std::vector<uint8_t> build_elf(const ElfSpec& spec) {
  constexpr uint32_t kEhdr = 52, kPhdr = 32;
  const uint32_t phnum = static_cast<uint32_t>(spec.segments.size());
  uint32_t offset = kEhdr + kPhdr * phnum;
  ByteWriter w;
  // e_ident: magic, ELFCLASS32, ELFDATA2LSB, EV_CURRENT, then padding.
  const uint8_t ident[16] = {0x7F, 'E', 'L', 'F', 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  w.bytes(ident);
  w.u16(spec.type);
  w.u16(spec.machine);
  w.u32(1);  // e_version
  w.u32(spec.entry);
  w.u32(kEhdr);  // e_phoff
  w.u32(0);      // e_shoff
  w.u32(spec.flags);
  w.u16(kEhdr);
  w.u16(kPhdr);
  w.u16(static_cast<uint16_t>(phnum));
  w.u16(40);  // e_shentsize
  w.u16(0);   // e_shnum
  w.u16(0);   // e_shstrndx
  for (const ElfSegmentSpec& s : spec.segments) {
    const auto filesz = static_cast<uint32_t>(s.data.size());
    w.u32(s.type);
    w.u32(offset);
    w.u32(s.vaddr);
    w.u32(s.vaddr);
    w.u32(filesz);
    w.u32(s.mem_size != 0 ? s.mem_size : filesz);
    w.u32(s.flags);
    w.u32(4096);
    offset += filesz;
  }
  for (const ElfSegmentSpec& s : spec.segments) w.bytes(s.data);
  return w.take();
}

std::vector<uint8_t> words_to_bytes(const std::vector<uint32_t>& words) {
  ByteWriter w;
  for (uint32_t word : words) w.u32(word);
  return w.take();
}

}  // namespace zkrv::test
