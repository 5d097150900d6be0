#include "support/elf_builder.h"

#include "base/byte_io.h"

namespace zkrv::test {

namespace {

constexpr uint32_t kPage = 4096;

// File offset of each segment's data: congruent to its vaddr modulo the page size, as Linux and
// qemu-user need in order to map it.
std::vector<uint32_t> data_offsets(const ElfSpec& spec, uint32_t headers_end) {
  std::vector<uint32_t> offsets;
  uint32_t offset = headers_end;
  for (const ElfSegmentSpec& s : spec.segments) {
    const uint32_t want = s.vaddr % kPage;
    offset += (want - offset % kPage + kPage) % kPage;
    offsets.push_back(offset);
    offset += static_cast<uint32_t>(s.data.size());
  }
  return offsets;
}

}  // namespace

std::vector<uint8_t> build_elf(const ElfSpec& spec) {
  constexpr uint32_t kEhdr = 52, kPhdr = 32;
  const uint32_t phnum = static_cast<uint32_t>(spec.segments.size());
  const std::vector<uint32_t> offsets = data_offsets(spec, kEhdr + kPhdr * phnum);
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
  for (size_t i = 0; i < spec.segments.size(); ++i) {
    const ElfSegmentSpec& s = spec.segments[i];
    const auto filesz = static_cast<uint32_t>(s.data.size());
    w.u32(s.type);
    w.u32(offsets[i]);
    w.u32(s.vaddr);
    w.u32(s.vaddr);
    w.u32(filesz);
    w.u32(s.mem_size != 0 ? s.mem_size : filesz);
    w.u32(s.flags);
    w.u32(kPage);
  }
  std::vector<uint8_t> bytes = w.take();
  for (size_t i = 0; i < spec.segments.size(); ++i) {
    bytes.resize(offsets[i], 0);
    bytes.insert(bytes.end(), spec.segments[i].data.begin(), spec.segments[i].data.end());
  }
  return bytes;
}

std::vector<uint8_t> words_to_bytes(const std::vector<uint32_t>& words) {
  ByteWriter w;
  for (uint32_t word : words) w.u32(word);
  return w.take();
}

}  // namespace zkrv::test
